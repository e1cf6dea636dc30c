/** An automation's runs: each customer, the status, and each step's outcome (a table that scrolls inside itself on a phone). */
import { useEffect, useRef } from 'react';
import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { useFormat } from '../../lib/format';
import type { automationRunView } from '../../../../common/automations.schemas';

type Run = Answer<typeof automationRunView>;
export const RUN_COLOR: Record<string, string> = { pending: 'blue', waiting: 'yellow', done: 'green', skipped: 'gray', failed: 'red' };

/** `highlight`: a run opened from the customer's timeline, marked and scrolled to. */
export function RunLog({ automationId, highlight }: { automationId: string; highlight?: string | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const runs = useQuery({ queryKey: ['automations', automationId, 'runs'], queryFn: () => api.get<{ items: Run[] }>(`/automations/${automationId}/runs`), refetchInterval: 3000 });
  // Scrolled to once, when the highlighted run first appears (not on every refetch).
  const scrolled = useRef<string | null>(null);
  useEffect(() => {
    if (!highlight || scrolled.current === highlight || !runs.data?.items.some((r) => r.id === highlight)) return;
    scrolled.current = highlight;
    document.querySelector('[data-testid="automation-run"][data-highlight="true"]')?.scrollIntoView({ block: 'center' });
  }, [highlight, runs.data]);
  const step = (l: Run['log'][number]) => {
    const action = l.action === 'condition' || l.action === '-' ? t(`automations.logAction.${l.action}`) : t(`automations.action.${l.action}`, l.action);
    return `${action}: ${t(`automations.outcome.${l.outcome}`, l.outcome)}`;
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="automation-runs">
      <Title order={3} size="h5" mb="xs">{t('automations.runs')}</Title>
      {runs.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('automations.noRuns')}</Text>}
      {Boolean(runs.data?.items.length) && (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6}>
            <Table.Thead><Table.Tr><Table.Th>{t('automations.customer')}</Table.Th><Table.Th>{t('automations.status')}</Table.Th><Table.Th>{t('automations.steps')}</Table.Th><Table.Th>{t('automations.startedAt')}</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {runs.data!.items.map((r) => (
                <Table.Tr key={r.id} data-testid="automation-run" data-highlight={r.id === highlight || undefined}
                  bg={r.id === highlight ? 'var(--mantine-color-yellow-light)' : undefined}>
                  <Table.Td><Link to={`/customers/${r.customerId}`}><bdi>{r.customerName}</bdi></Link></Table.Td>
                  <Table.Td><Badge variant="light" color={RUN_COLOR[r.status]} data-testid="automation-run-status">{t(`automations.runStatus.${r.status}`)}</Badge></Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      {r.log.map((l, i) => <Text key={i} size="xs" data-testid="automation-run-step">{l.action === 'condition' ? '' : `${f.number(l.step + 1)}. `}{step(l)}{l.detail && l.action !== 'task' ? <> — <bdi dir="auto">{l.detail}</bdi></> : null}</Text>)}
                    </Stack>
                  </Table.Td>
                  <Table.Td><Text size="xs">{f.dateTime(r.createdAt)}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
