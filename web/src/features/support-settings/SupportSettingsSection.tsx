/** The settings page's Support tab: business calendar, SLA policies, assignment and alerts — each card saved on its own. */
import { Stack } from '@mantine/core';
import { AssignmentCard } from './AssignmentCard';
import { BusinessCalendarCard } from './BusinessCalendarCard';
import { SlaPoliciesCard } from './SlaPoliciesCard';

export function SupportSettingsSection() {
  return (
    <Stack gap="md" data-testid="support-settings">
      <BusinessCalendarCard />
      <SlaPoliciesCard />
      <AssignmentCard />
    </Stack>
  );
}
