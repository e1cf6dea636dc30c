/**
 * The health score's point groups (engagement, purchases, support, satisfaction): whole points that must sum to 100.
 * The sum is shown as it is typed and the card will not save until it is 100; the server refuses any other set too.
 * Used from the next refit on.
 */
import { useEffect, useState } from 'react';
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import { useMe, useSession } from '../session/session';
import { putJson } from '../settings/settings.api';
import { WholeNumberInput } from '../support-settings/inputs';
import { HEALTH_GROUPS, type healthWeightsAnswer } from '../../../../common/insights.schemas';

type Answer = z.infer<typeof healthWeightsAnswer>;
type Group = (typeof HEALTH_GROUPS)[number];
const KEY = ['settings', 'health-weights'];

export function HealthWeightsCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const { can } = useSession();
  const editable = can('settings', 'update');
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<Answer>('/settings/health-weights') });
  const [form, setForm] = useState<Record<Group, string> | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (q.data) setForm(Object.fromEntries(HEALTH_GROUPS.map((g) => [g, String(q.data.weights[g])])) as Record<Group, string>);
  }, [q.data]);
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending || !form) return <LoadingState />;

  const filled = HEALTH_GROUPS.every((g) => form[g] !== '');
  const sum = HEALTH_GROUPS.reduce((s, g) => s + (Number(form[g]) || 0), 0);
  const ok = filled && sum === 100;
  async function save() {
    if (!ok || !form) return;
    setBusy(true);
    try {
      const body = Object.fromEntries(HEALTH_GROUPS.map((g) => [g, Number(form[g])]));
      const data = await putJson<Answer>('/settings/health-weights', body, me.csrfToken);
      queryClient.setQueryData(KEY, data);
      notifications.show({ color: 'teal', message: t('healthWeights.saved') });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  }
  const defaults = () => setForm(Object.fromEntries(HEALTH_GROUPS.map((g) => [g, String(q.data.defaults[g])])) as Record<Group, string>);

  return (
    <Paper withBorder p="md" radius="md" data-testid="health-weights">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('healthWeights.title')}</Title>
        <Badge variant="light" color={q.data.custom ? 'blue' : 'gray'}>{t(q.data.custom ? 'healthWeights.custom' : 'healthWeights.default')}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('healthWeights.intro')}</Text>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            {HEALTH_GROUPS.map((g) => (
              <WholeNumberInput key={g} label={t(`insights.group.${g}`)} value={form[g]} disabled={!editable}
                onChange={(v) => setForm({ ...form, [g]: v })} testId={`health-weight-${g}`} />
            ))}
          </SimpleGrid>
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Text size="sm" fw={600} c={ok ? 'teal' : 'red'} data-testid="health-weights-sum">
              {t('healthWeights.sum', { sum: fmt.number(sum) })}{ok ? '' : ` — ${t('healthWeights.mustBe100')}`}
            </Text>
            {editable && (
              <Group gap="xs">
                <Button variant="default" onClick={defaults} data-testid="health-weights-defaults">{t('healthWeights.useDefaults')}</Button>
                <Button type="submit" loading={busy} disabled={!ok} data-testid="health-weights-save">{t('common.save')}</Button>
              </Group>
            )}
          </Group>
          <Text size="xs" c="dimmed">{t('healthWeights.when')}</Text>
        </Stack>
      </form>
    </Paper>
  );
}
