/** The settings page's Support tab: business calendar, SLA policies, ticket categories, assignment and alerts — each card saved on its own. */
import { Stack } from '@mantine/core';
import { AssignmentCard } from './AssignmentCard';
import { BusinessCalendarCard } from './BusinessCalendarCard';
import { SlaPoliciesCard } from './SlaPoliciesCard';
import { TicketCategoriesCard } from './TicketCategoriesCard';

export function SupportSettingsSection() {
  return (
    <Stack gap="md" data-testid="support-settings">
      <BusinessCalendarCard />
      <SlaPoliciesCard />
      <TicketCategoriesCard />
      <AssignmentCard />
    </Stack>
  );
}
