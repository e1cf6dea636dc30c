import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Center, Container } from '@mantine/core';
import { useSession } from './features/session/session';
import { LoginPage } from './features/auth/LoginPage';
import { AppLayout } from './features/shell/AppLayout';
import { CustomersPage } from './features/customers/CustomersPage';
import { ImportPage } from './features/imports/ImportPage';
import { CustomerProfilePage } from './features/profile/CustomerProfilePage';
import { DuplicatesPage } from './features/duplicates/DuplicatesPage';
import { MergePage } from './features/duplicates/MergePage';
import { TasksPage } from './features/tasks/TasksPage';
import { ProductsPage } from './features/products/ProductsPage';
import { DealsPage } from './features/deals/DealsPage';
import { UsersRolesPage } from './features/admin/UsersRolesPage';
import { CustomFieldsPage } from './features/custom-fields/CustomFieldsPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { ReportsPage } from './features/reports/ReportsPage';
import { DocumentsPage } from './features/documents/DocumentsPage';
import { EditDocumentPage, NewDocumentPage } from './features/documents/editor/DocumentEditorPage';
import { DocumentViewPage } from './features/documents/view/DocumentViewPage';
import { TicketsPage } from './features/support/TicketsPage';
import { TicketPage } from './features/support/TicketPage';
import { ProblemsPage } from './features/support/ProblemsPage';
import { ContractsPage } from './features/contracts/ContractsPage';
import { VocPage } from './features/voc/VocPage';
import { CallsPage } from './features/telephony/CallsPage';
import { NotFoundPage } from './features/shell/NotFoundPage';
import { ApiDocsPage } from './features/api-docs/ApiDocsPage';
import { SearchPage } from './features/search/SearchPage';
import { SurveysPage } from './features/surveys/SurveysPage'; import { SurveyBuilderPage } from './features/surveys/SurveyBuilderPage';
import { SegmentsPage } from './features/segments/SegmentsPage';
import { CampaignsPage } from './features/campaigns/CampaignsPage';
import { ScorecardPage } from './features/scorecard/ScorecardPage';
import { AutomationsPage } from './features/automations/AutomationsPage';
import { LoyaltyPage } from './features/loyalty/LoyaltyPage';
import { SlippingPage } from './features/insights/SlippingPage';
import { ModelFitPage } from './features/insights/ModelFitPage';
import { JourneyMapPage } from './features/journeys/JourneyMapPage';
import { JourneyEditorPage } from './features/journeys/JourneyEditorPage';
import { ErrorState, LoadingState } from './components/States';

// The dashboard brings ECharts: loaded when first opened, not with every page.
const DashboardPage = lazy(() => import('./features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));

export function AppRoutes() {
  const { me, loading, error, refresh } = useSession();
  if (loading) return <Center h="100vh"><LoadingState /></Center>;
  if (error) return <Container size="xs" py="xl"><ErrorState error={error} onRetry={() => void refresh()} /></Container>;
  // Signed out: every address shows the login form, so after signing in the user lands where they meant to go.
  if (!me) return <LoginPage />;
  return (
    <AppLayout>
      <Routes>
        <Route path="/" element={<Navigate to="/customers" replace />} />
        <Route path="/login" element={<Navigate to="/customers" replace />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/customers/duplicates" element={<DuplicatesPage />} />
        <Route path="/customers/duplicates/:a/:b" element={<MergePage />} />
        <Route path="/customers/import" element={<ImportPage />} />
        <Route path="/segments" element={<SegmentsPage />} />
        <Route path="/campaigns" element={<CampaignsPage />} />
        <Route path="/scorecard" element={<ScorecardPage />} />
        <Route path="/automations" element={<AutomationsPage />} />
        <Route path="/loyalty" element={<LoyaltyPage />} />
        <Route path="/slipping" element={<SlippingPage />} />
        <Route path="/insights/model" element={<ModelFitPage />} />
        <Route path="/journeys" element={<JourneyMapPage />} />
        <Route path="/journeys/new" element={<JourneyEditorPage />} />
        <Route path="/journeys/:id/edit" element={<JourneyEditorPage />} />
        <Route path="/customers/:id" element={<CustomerProfilePage />} />
        <Route path="/tasks" element={<TasksPage />} />
        <Route path="/deals" element={<DealsPage />} />
        <Route path="/products" element={<ProductsPage />} />
        <Route path="/admin/users" element={<UsersRolesPage />} />
        <Route path="/admin/custom-fields" element={<CustomFieldsPage />} />
        <Route path="/dashboard" element={<Suspense fallback={<LoadingState />}><DashboardPage /></Suspense>} />
        <Route path="/reports" element={<ReportsPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/documents" element={<DocumentsPage />} />
        <Route path="/documents/new" element={<NewDocumentPage />} />
        <Route path="/documents/:id" element={<DocumentViewPage />} />
        <Route path="/documents/:id/edit" element={<EditDocumentPage />} />
        <Route path="/tickets" element={<TicketsPage />} />
        <Route path="/tickets/problems" element={<ProblemsPage />} />
        <Route path="/tickets/:id" element={<TicketPage />} />
        <Route path="/contracts" element={<ContractsPage />} />
        <Route path="/surveys" element={<SurveysPage />} /><Route path="/surveys/new" element={<SurveyBuilderPage />} /><Route path="/surveys/:id" element={<SurveyBuilderPage />} />
        <Route path="/voc" element={<VocPage />} />
        <Route path="/calls" element={<CallsPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/api-docs" element={<ApiDocsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
