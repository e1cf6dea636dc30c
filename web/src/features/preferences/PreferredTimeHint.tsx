/** Under a due-time field: when the chosen time is outside the customer's preferred hours, the nearest time inside them, one click away. */
import { Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { minutesOf, nextInsideHours } from '../../../../common/preferences.schemas';
import type { Preferences } from './preferences.view';

export function PreferredTimeHint({ customerId, value, onPick }: { customerId: string; value: string | null; onPick: (iso: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['preferences', customerId], enabled: can('customers', 'read'), retry: false,
    queryFn: () => api.get<Preferences>(`/customers/${customerId}/preferences`),
  });
  const p = q.data;
  if (!p?.contactFrom || !p.contactTo || !value) return null;
  // The hours are Tehran time (as the senders read them), whatever zone the user works in.
  const at = new Date(value);
  const suggested = nextInsideHours(at, minutesOf(p.contactFrom), minutesOf(p.contactTo));
  if (suggested.getTime() === at.getTime()) return null;
  return (
    <Group gap="xs" data-testid="task-preferred-time">
      <Text size="xs" c="dimmed">{t('preferences.suggestTime', { time: fmt.dateTime(suggested.toISOString()) })}</Text>
      <Button size="compact-xs" variant="light" onClick={() => onPick(suggested.toISOString())} data-testid="task-use-preferred-time">{t('preferences.useSuggestion')}</Button>
    </Group>
  );
}
