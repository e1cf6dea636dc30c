import { useRef, useState } from 'react';
import { Anchor, Button, Grid, Group, Paper, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTargetArrow, IconTrash } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Task } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { BackIcon } from '../../components/DirectionalIcon';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { EditTaskModal } from '../tasks/EditTaskModal';
import { AuditTab } from './AuditTab';
import { EditCustomerDrawer } from './EditCustomerDrawer';
import { InteractionForm } from './InteractionForm';
import { PhoneFold } from './PhoneFold';
import { OpenWorkCard } from './OpenWorkCard';
import { DealsCard } from '../deals/DealsCard';
import { ConvertLeadModal } from '../deals/ConvertLeadModal';
import type { DealsSection } from '../deals/deals.api';
import { PurchasesCard } from './PurchasesCard';
import { TicketsCard } from '../support/TicketsCard';
import { ProfileActions } from './ProfileActions';
import { InsightsCard, type InsightsSection } from './InsightsCard';
import { LoyaltyCard, type MemberSection } from '../loyalty/LoyaltyCard';
import { PreferencesCard } from '../preferences/PreferencesCard';
import type { Preferences } from '../preferences/preferences.view';
import type { TicketsSection } from '../support/tickets.api';
import { ContractsCard } from '../contracts/ContractsCard';
import type { ContractsSection } from '../contracts/contracts.api';
import type { Purchases } from '../documents/documents.types';
import { ProfileCounters } from './ProfileCounters';
import { ProfileHeader } from './ProfileHeader';
import { TaskForm } from './TaskForm';
import { DataRightsMenu } from './DataRightsMenu';
import { Timeline } from './Timeline';
import { useProfile, useRefreshProfile } from './profile.api';
import { JourneyStrip } from '../journeys/JourneyStrip';

export function CustomerProfilePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = useSession();
  const profile = useProfile(id);
  const refresh = useRefreshProfile(id);
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const [editingTask, setEditingTask] = useState<Task | null>(null);
  const [composer, setComposer] = useState<'interaction' | 'task'>('interaction');
  const [composerKey, setComposerKey] = useState(0);
  const composerRef = useRef<HTMLDivElement>(null);

  const back = (
    <Anchor component={Link} to="/customers" size="sm" data-testid="back-to-customers">
      <Group gap={4}><BackIcon size={16} />{t('profile.back')}</Group>
    </Anchor>
  );
  if (profile.isPending) return <Stack>{back}<LoadingState /></Stack>;
  if (profile.isError) return <Stack>{back}<ErrorState error={profile.error} onRetry={() => void profile.refetch()} /></Stack>;
  const p = profile.data;

  const confirmDelete = () => modals.openConfirmModal({
    title: t('profile.deleteTitle'),
    children: <Text size="sm">{t('profile.deleteBody', { name: p.customer.displayName })}</Text>,
    labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
    confirmProps: { color: 'red', 'data-testid': 'confirm-delete' },
    onConfirm: async () => {
      try {
        await api.delete(`/customers/${id}`);
        notifications.show({ color: 'teal', message: t('profile.deleted') });
        await refresh();
        navigate('/customers');
      } catch (err) {
        notifications.show({ color: 'red', message: errorMessage(t, err) });
      }
    },
  });

  const logInteraction = () => {
    setComposer('interaction');
    composerRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    // After the switch renders: the summary field takes the typing.
    setTimeout(() => composerRef.current?.querySelector<HTMLElement>('textarea, input:not([type=hidden])')?.focus({ preventScroll: true }), 50);
  };
  const actions = (
    <>
      <ProfileActions profile={p} onLogInteraction={logInteraction} onSent={() => void refresh()} />
      {['visitor', 'lead'].includes(p.customer.lifecycleStage) && can('customers', 'update') && can('deals', 'create') && (
        <Button leftSection={<IconTargetArrow size={16} />} onClick={() => setConverting(true)} data-testid="convert-lead">{t('sales.convert.button')}</Button>
      )}
      {can('customers', 'update') && (
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="edit-customer">{t('common.edit')}</Button>
      )}
      {can('customers', 'delete') && (
        <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete} data-testid="delete-customer">{t('common.delete')}</Button>
      )}
      <DataRightsMenu customerId={id} name={p.customer.displayName} />
    </>
  );
  const composed = () => {
    setComposerKey((k) => k + 1);
    void refresh();
  };

  return (
    <Stack gap="md" data-testid="customer-profile">
      {back}
      <ProfileHeader profile={p} actions={actions} />
      <ProfileCounters profile={p} />
      <JourneyStrip customerId={id} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="timeline" data-testid="tab-timeline">{t('profile.timeline')}</Tabs.Tab>
              {can('audit', 'read') && <Tabs.Tab value="audit" data-testid="tab-audit">{t('profile.audit')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="timeline">
              <Stack gap="md">
                {(can('interactions', 'create') || can('tasks', 'create')) && (
                  <Paper withBorder p="md" radius="md" ref={composerRef} data-testid="composer">
                    <SegmentedControl
                      mb="sm"
                      value={composer}
                      onChange={(v) => setComposer(v as 'interaction' | 'task')}
                      data={[
                        ...(can('interactions', 'create') ? [{ value: 'interaction', label: t('profile.logInteraction') }] : []),
                        ...(can('tasks', 'create') ? [{ value: 'task', label: t('profile.addTask') }] : []),
                      ]}
                      data-testid="composer-switch"
                    />
                    {composer === 'interaction'
                      ? <InteractionForm key={composerKey} customerId={id} onDone={composed} />
                      : <TaskForm key={composerKey} customerId={id} onDone={composed} />}
                  </Paper>
                )}
                <Timeline customerId={id} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="audit"><AuditTab customerId={id} /></Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <PhoneFold id="preferences" title={t('preferences.card')}><PreferencesCard customerId={id} section={(p as { preferences?: Preferences }).preferences} onChanged={() => void refresh()} /></PhoneFold>
          <PhoneFold id="open-work" title={t('counters.openWork')}><OpenWorkCard promises={p.openPromises} tasks={p.openTasks} onEdit={setEditingTask} /></PhoneFold>
          {(p as { deals?: DealsSection }).deals && <PhoneFold id="deals" title={t('sales.card.title')}><DealsCard section={(p as { deals?: DealsSection }).deals!} customerId={id} customerName={p.customer.displayName} /></PhoneFold>}
          <PhoneFold id="tickets" title={t('support.card.title')}><TicketsCard section={(p as { tickets?: TicketsSection }).tickets} /></PhoneFold>
          <PhoneFold id="contracts" title={t('contracts.card.title')}><ContractsCard section={(p as { contracts?: ContractsSection }).contracts} customerId={id} customerName={p.customer.displayName} /></PhoneFold>
          <PhoneFold id="purchases" title={t('purchases.title')}><PurchasesCard customerId={id} purchases={(p as { purchases?: Purchases }).purchases} /></PhoneFold>
          <PhoneFold id="insights" title={t('insights.title')}><InsightsCard section={(p as { insights?: InsightsSection }).insights} /></PhoneFold>
          <PhoneFold id="loyalty" title={t('loyalty.card')}><LoyaltyCard customerId={id} section={(p as { loyalty?: MemberSection }).loyalty} onChanged={() => void refresh()} /></PhoneFold>
        </Grid.Col>
      </Grid>
      <EditCustomerDrawer customer={p.customer} opened={editing} onClose={() => setEditing(false)} onSaved={() => void refresh()} />
      <EditTaskModal task={editingTask} onClose={() => setEditingTask(null)} />
      <ConvertLeadModal opened={converting} onClose={() => setConverting(false)} customerId={id} customerName={p.customer.displayName} onConverted={() => void refresh()} />
    </Stack>
  );
}
