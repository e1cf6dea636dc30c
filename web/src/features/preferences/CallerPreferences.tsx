/** The screen-pop's preferences: channel, hours, language, favourites, tastes, dates — what to remember while talking. */
import { Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useSession } from '../session/session';
import { PreferenceLines, isEmpty, type Preferences } from './preferences.view';

export function CallerPreferences({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['preferences', customerId], enabled: can('customers', 'read'), retry: false,
    queryFn: () => api.get<Preferences>(`/customers/${customerId}/preferences`),
  });
  if (!q.data || isEmpty(q.data)) return null;
  return (
    <Stack gap={4} data-testid="call-preferences">
      <Text size="xs" fw={600} c="dimmed">{t('preferences.card')}</Text>
      <PreferenceLines p={q.data} compact />
    </Stack>
  );
}
