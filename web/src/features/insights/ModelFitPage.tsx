/**
 * The customer model as fitted: which model, on how much data, its parameters, how long the fit took and how well it
 * forecast the 90-day holdout, with its warnings. Whoever may change settings can refit now: the refit is queued as a
 * job, and the page follows it (queued → running → done) and shows the new fit when it is stored.
 */
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat, type Formatter } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import type { latestRefitRunAnswer, modelFitAnswer, refitRunAnswer } from '../../../../common/insights.schemas';
import { Figure } from '../profile/InsightsCard';

type Fit = NonNullable<Answer<typeof modelFitAnswer>['fit']>;
type Run = Answer<typeof refitRunAnswer>['job'];
const FIT_KEY = ['insights', 'fit'];
const statusColor = { queued: 'gray', running: 'blue', done: 'teal', failed: 'red' } as const;


/** The server's warnings are English for logs; the ones a business meets are worded here, the rest shown as they are. */
function warningText(t: TFunction, fmt: Formatter, w: string): { text: string; raw: boolean } {
  let m = /^too-few-repeat-buyers for the spend model: (\d+) < (\d+)/.exec(w);
  if (m) return { text: t('modelFit.warn.spendTooFew', { n: fmt.number(Number(m[1])), min: fmt.number(Number(m[2])) }), raw: false };
  m = /^too-few-repeat-buyers: (\d+) < (\d+)/.exec(w);
  if (m) return { text: t('modelFit.warn.tooFew', { n: fmt.number(Number(m[1])), min: fmt.number(Number(m[2])) }), raw: false };
  m = /^(bgnbd|pareto): the fit (?:on all data )?did not converge/.exec(w);
  if (m) return { text: t('modelFit.warn.notConverged', { model: t(`insights.modelName.${m[1]}`) }), raw: false };
  m = /^fitted on a sample of (\d+) of (\d+) customers/.exec(w);
  if (m) return { text: t('modelFit.warn.sample', { n: fmt.number(Number(m[1])), of: fmt.number(Number(m[2])) }), raw: false };
  if (w === 'no purchases') return { text: t('modelFit.warn.noPurchases'), raw: false };
  m = /^(bgnbd|pareto): the fit (?:on all data )?failed/.exec(w);
  if (m) return { text: t('modelFit.warn.failed', { model: t(`insights.modelName.${m[1]}`) }), raw: false };
  if (/^no model (?:converged|could be fitted|fitted all data); rule-based fallback$/.test(w)) return { text: t('modelFit.warn.noModel'), raw: false };
  m = /^the fitted model gave no finite figure for (\d+) of (\d+) customers/.exec(w);
  if (m) return { text: t('modelFit.warn.nonFinite', { failed: fmt.number(Number(m[1])), n: fmt.number(Number(m[2])), count: Number(m[2]) }), raw: false };
  return { text: w, raw: true };
}

const num = (fmt: Formatter, v: number | null | undefined, digits = 4) => (v == null ? '—' : fmt.number(Number(v.toPrecision(digits))));

function Params({ title, params, testId }: { title: string; params: Record<string, number | null>; testId: string }) {
  const fmt = useFormat();
  return (
    <div data-testid={testId}>
      <Text size="sm" fw={600} mb={4}>{title}</Text>
      <Group gap="xs" wrap="wrap">
        {Object.entries(params).map(([k, v]) => (
          <Badge key={k} variant="light" color="gray" size="lg" style={{ textTransform: 'none', fontWeight: 500 }}>
            <Ltr>{k} = {num(fmt, v, 5)}</Ltr>
          </Badge>
        ))}
      </Group>
    </div>
  );
}

function FitCard({ fit }: { fit: Fit }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const holdout = fit.quality?.holdout;
  const pct = (v: number) => `${fmt.number(Math.round(v * 1000) / 10)}${fmt.locale === 'fa' ? '٪' : '%'}`;
  const ms = (v: number) => t('modelFit.ms', { n: fmt.number(v) });
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md" data-testid="fit-summary" data-fit-id={fit.id}>
        <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
          <Title order={2} size="h5" data-testid="fit-kind">{t(`insights.modelName.${fit.kind}`)}</Title>
          <Text size="sm" c="dimmed" data-testid="fit-at">{t('modelFit.fittedAt', { at: fmt.dateTime(fit.fittedAt) })}</Text>
        </Group>
        {fit.kind === 'rules' && <Text size="sm" c="dimmed" mb="sm">{t('modelFit.rulesHint')}</Text>}
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
          <Figure label={t('modelFit.customers')} value={fmt.number(fit.customers)} testId="fit-customers" />
          <Figure label={t('modelFit.repeatBuyers')} value={fmt.number(fit.repeatBuyers)} testId="fit-repeat" />
          <Figure label={t('modelFit.transactions')} value={fmt.number(fit.transactions)} testId="fit-transactions" />
          <Figure label={t('modelFit.fitMs')} value={ms(fit.fitMs)} testId="fit-ms" />
          <Figure label={t('modelFit.totalMs')} value={ms(fit.totalMs)} testId="fit-total-ms" />
          <Figure label={t('modelFit.logLikelihood')} value={num(fmt, fit.logLikelihood, 7)} testId="fit-ll" />
        </SimpleGrid>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Params title={t('modelFit.params')} params={fit.params} testId="fit-params" />
          {fit.spendParams ? <Params title={t('modelFit.spendParams')} params={fit.spendParams} testId="fit-spend-params" /> : <Text size="sm" c="dimmed">{t('modelFit.noSpend')}</Text>}
        </Stack>
      </Paper>
      {fit.warnings.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t('modelFit.warnings')} data-testid="fit-warnings">
          <Stack gap={2}>
            {fit.warnings.map((w) => { const x = warningText(t, fmt, w); return <Text key={w} size="sm" dir={x.raw ? 'ltr' : undefined}>• {x.text}</Text>; })}
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md" radius="md" data-testid="fit-holdout">
        <Title order={2} size="h5" mb={4}>{t('modelFit.holdout')}</Title>
        {!holdout ? <Text size="sm" c="dimmed">{t('modelFit.noHoldout')}</Text> : (
          <>
            <Text size="sm" mb="sm" data-testid="fit-holdout-total">
              {t('modelFit.holdoutTotal', { n: fmt.number(holdout.total.actual), count: holdout.total.actual, expected: fmt.number(Math.round(holdout.total.expected * 10) / 10), error: holdout.aggregateError == null ? '—' : `\u2066${pct(holdout.aggregateError)}\u2069` })}
            </Text>
            <ScrollArea>
              <Table striped withTableBorder fz="sm" miw={320}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('modelFit.bin')}</Table.Th><Table.Th>{t('modelFit.n')}</Table.Th>
                    <Table.Th>{t('modelFit.actual')}</Table.Th><Table.Th>{t('modelFit.expected')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {holdout.byFrequency.map((b) => (
                    <Table.Tr key={b.bin}>
                      <Table.Td>{fmt.digits(b.bin)}</Table.Td><Table.Td>{fmt.number(b.n)}</Table.Td>
                      <Table.Td>{num(fmt, b.actual, 3)}</Table.Td><Table.Td>{num(fmt, b.expected, 3)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
            <Text size="xs" c="dimmed" mt={4}>{t('modelFit.holdoutHint', { error: num(fmt, holdout.binError, 3) })}</Text>
          </>
        )}
        {fit.quality && fit.quality.candidates.length > 0 && (
          <Stack gap={2} mt="sm" data-testid="fit-candidates">
            <Text size="sm" fw={600}>{t('modelFit.candidates')}</Text>
            {fit.quality.candidates.map((c) => (
              <Text key={c.kind} size="sm">
                • {t(`insights.modelName.${c.kind}`, { defaultValue: c.kind })}: {t('modelFit.candidate', { ll: num(fmt, c.logLikelihood, 7), error: num(fmt, c.binError ?? null, 3) })}
                {!c.converged && <Text span c="red" inherit> — {t('modelFit.notConverged')}</Text>}
              </Text>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}

function RefitControl() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const latest = useQuery({ queryKey: ['insights', 'refit-jobs', 'latest'], queryFn: () => api.get<Answer<typeof latestRefitRunAnswer>>('/insights/refit-jobs/latest') });
  const [runId, setRunId] = useState<string | null>(null);
  // A run still under way when the page opens is followed too.
  useEffect(() => {
    const j = latest.data?.job;
    if (!runId && j && (j.status === 'queued' || j.status === 'running')) setRunId(j.id);
  }, [latest.data, runId]);
  const run = useQuery({
    queryKey: ['insights', 'refit-jobs', runId],
    queryFn: () => api.get<{ job: Run }>(`/insights/refit-jobs/${runId}`),
    enabled: runId !== null,
    refetchInterval: (q) => (q.state.data && (q.state.data.job.status === 'done' || q.state.data.job.status === 'failed') ? false : 1000),
  });
  const status = run.data?.job.status;
  useEffect(() => {
    if (status === 'done') void qc.invalidateQueries({ queryKey: FIT_KEY });
  }, [status, qc]);
  const start = useMutation({
    mutationFn: () => api.post<{ job: Run }>('/insights/refit-jobs'),
    onSuccess: (d) => { qc.setQueryData(['insights', 'refit-jobs', d.job.id], d); setRunId(d.job.id); },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const busy = status === 'queued' || status === 'running';
  const shown = run.data?.job ?? latest.data?.job ?? null;
  return (
    <Group gap="sm" wrap="wrap">
      <Button leftSection={<IconRefresh size={16} />} onClick={() => start.mutate()} loading={start.isPending || busy} data-testid="refit-now">{t('modelFit.refitNow')}</Button>
      {shown && (
        <Group gap={6} wrap="nowrap">
          <Badge color={statusColor[shown.status]} variant="light" data-testid="refit-status" data-status={shown.status}>{t(`modelFit.status.${shown.status}`)}</Badge>
          <Text size="xs" c="dimmed">{fmt.dateTime(shown.finishedAt ?? shown.startedAt ?? shown.requestedAt)}</Text>
        </Group>
      )}
      {shown?.status === 'failed' && shown.error && <Text size="xs" c="red" dir="ltr">{shown.error}</Text>}
    </Group>
  );
}

export function ModelFitPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const fit = useQuery({ queryKey: FIT_KEY, queryFn: () => api.get<Answer<typeof modelFitAnswer>>('/insights/fit') });
  return (
    <Stack gap="md" data-testid="model-fit-page">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ maxWidth: 720 }}>
          <Title order={1} size="h3">{t('modelFit.title')}</Title>
          <Text size="sm" c="dimmed">{t('modelFit.intro')}</Text>
        </div>
        {can('settings', 'update') && <RefitControl />}
      </Group>
      {can('settings', 'update') && <Anchor component={Link} to="/settings?tab=insights" size="sm">{t('modelFit.weightsLink')}</Anchor>}
      {fit.isPending ? <LoadingState /> : fit.isError ? <ErrorState error={fit.error} onRetry={() => void fit.refetch()} />
        : !fit.data.fit ? <EmptyState title={t('modelFit.none')} hint={t('modelFit.noneHint')} /> : <FitCard fit={fit.data.fit} />}
    </Stack>
  );
}
