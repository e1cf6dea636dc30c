/**
 * The manager's dashboard: a period in the reader's calendar (Jalali month, season or fiscal year, or any range;
 * Gregorian for Gregorian readers), filters (segment, owner, product bought, source), tiles with the change against
 * the period before, trend charts, CLV, best sellers, problems and the cohort heatmap. The choice lives in the
 * address, so a view can be shared as a link.
 */
import { useMemo } from 'react';
import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useActiveUserOptions } from '../../api/reference';
import { DateField } from '../../components/DateFields';
import { ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { useSession } from '../session/session';
import { useReportMoney } from '../reports/money';
import { todayIn } from '../reports/jalali-range';
import { SOURCES } from '../../../../common/customer.schemas';
import { DASHBOARD_PERIODS, type DashboardPeriod } from '../../../../common/dashboard.schemas';
import { dashboardExportUrl, useDashboard, useRefreshDashboard, type DashboardParams } from './dashboard.api';
import { MONTHS, SEASONS, periodChoices } from './periods';
import { makeFigureFormat } from './figures';
import { Tiles } from './Tiles';
import { ClvChart, TrendCharts } from './Charts';
import { BestSellers, CohortHeatmap, Problems } from './Cohorts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = ['segmentId', 'ownerId', 'productId', 'channel'] as const;

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const fmt = useFormat();
  const money = useReportMoney();
  const { prefs } = usePrefs();
  const { can } = useSession();
  const cal = prefs.calendar;
  const today = todayIn(prefs.timeZone);
  const [params, setParams] = useSearchParams();
  const kind = (DASHBOARD_PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as DashboardPeriod) : 'month';
  const choices = useMemo(() => (kind === 'custom' ? [] : periodChoices(kind, today, cal)), [kind, today, cal]);
  const at = params.get('at');
  const from = kind === 'custom' ? (ISO.test(params.get('from') ?? '') ? params.get('from')! : undefined) : (at && choices.some((c) => c.start === at) ? at : choices[0]?.start);
  const to = kind === 'custom' && ISO.test(params.get('to') ?? '') ? params.get('to')! : undefined;
  const query: DashboardParams = { period: kind, calendar: cal, from, to, ...Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined])) };
  const dash = useDashboard(query);
  const refresh = useRefreshDashboard(query);
  const format = useMemo(() => makeFigureFormat(fmt, money, t), [fmt, money, t]);

  const update = (patch: Record<string, string | null>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) if (v === null || v === '') next.delete(k); else next.set(k, v);
    return next;
  }, { replace: true });

  const users = useActiveUserOptions();
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/segments'), enabled: can('customers', 'read') });
  const products = useQuery({ queryKey: ['products', 'dashboard'], queryFn: () => api.get<{ items: { id: string; code: string; nameFa: string; nameEn: string | null }[] }>('/products', { pageSize: 200 }), enabled: can('products', 'read') });

  const choiceLabel = (c: { year: number; index: number }) => {
    const y = fmt.digits(String(c.year));
    if (kind === 'month') return `${MONTHS[cal][lang][c.index - 1]} ${y}`;
    if (kind === 'season') return `${SEASONS[cal][lang][c.index - 1]} ${y}`;
    return cal === 'jalali' ? t('dashboard.fiscalYear', { year: y }) : y;
  };
  const d = dash.data;
  const all = { value: '', label: t('dashboard.all') };

  return (
    <Stack gap="md" data-testid="dashboard-page">
      <Group justify="space-between" align="flex-end" gap="xs">
        <Title order={1} size="h3">{t('dashboard.title')}</Title>
        {can('reports', 'export') && (
          <Group gap="xs">
            {(['csv', 'xlsx'] as const).map((f) => (
              <Button key={f} component="a" href={dashboardExportUrl(query, f, lang)} variant="default" size="xs" leftSection={<IconDownload size={14} />} data-testid={`dashboard-export-${f}`}>
                {t(`dashboard.${f}`)}
              </Button>
            ))}
          </Group>
        )}
      </Group>
      <Paper withBorder radius="md" p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select label={t('dashboard.period')} w={150} value={kind} allowDeselect={false} data-testid="dashboard-period"
            data={DASHBOARD_PERIODS.map((p) => ({ value: p, label: t(`dashboard.${cal === 'jalali' ? 'kinds' : 'kindsGregorian'}.${p}`) }))}
            onChange={(v) => update({ period: v, at: null, from: v === 'custom' ? (d?.period.from ?? null) : null, to: v === 'custom' ? (d?.period.to ?? null) : null })} />
          {kind !== 'custom' ? (
            <Select label={t('dashboard.which')} w={190} value={from ?? null} allowDeselect={false} data-testid="dashboard-which"
              data={choices.map((c) => ({ value: c.start, label: choiceLabel(c) }))} onChange={(v) => update({ at: v })} />
          ) : (
            <>
              <div style={{ width: 160 }}><DateField label={t('dashboard.from')} value={from ?? d?.period.from ?? null} onChange={(v) => update({ from: v })} testId="dashboard-from" /></div>
              <div style={{ width: 160 }}><DateField label={t('dashboard.to')} value={to ?? d?.period.to ?? null} onChange={(v) => update({ to: v })} testId="dashboard-to" /></div>
            </>
          )}
          {can('customers', 'read') && (
            <Select label={t('dashboard.segment')} w={170} clearable searchable value={params.get('segmentId')} data-testid="dashboard-segment"
              data={[all, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]} onChange={(v) => update({ segmentId: v })} />
          )}
          <Select label={t('dashboard.owner')} w={160} clearable searchable value={params.get('ownerId')} data-testid="dashboard-owner"
            data={[all, ...users]} onChange={(v) => update({ ownerId: v })} />
          {can('products', 'read') && (
            <Select label={t('dashboard.product')} w={180} clearable searchable value={params.get('productId')} data-testid="dashboard-product"
              data={[all, ...(products.data?.items ?? []).map((p) => ({ value: p.id, label: lang === 'en' && p.nameEn ? p.nameEn : p.nameFa }))]} onChange={(v) => update({ productId: v })} />
          )}
          <Select label={t('dashboard.channel')} w={150} clearable value={params.get('channel')} data-testid="dashboard-channel"
            data={[all, ...SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))]} onChange={(v) => update({ channel: v })} />
        </Group>
        {d && (
          <Group justify="space-between" gap="xs" mt="xs" wrap="wrap">
            <Text size="sm" c="dimmed" data-testid="dashboard-shown">
              {t('dashboard.shown', { from: fmt.date(d.period.from), to: fmt.date(d.period.to), pfrom: fmt.date(d.period.previous.from), pto: fmt.date(d.period.previous.to) })}
            </Text>
            <Group gap={4} wrap="wrap">
              <Text size="xs" c="dimmed" data-testid="dashboard-computed">{t('dashboard.computedAt', { at: fmt.dateTime(d.computedAt) })}</Text>
              <Button variant="subtle" size="compact-xs" leftSection={<IconRefresh size={12} />} loading={refresh.isPending}
                onClick={() => refresh.mutate()} data-testid="dashboard-refresh">{t('dashboard.refresh')}</Button>
            </Group>
          </Group>
        )}
      </Paper>
      {dash.isError && !d ? <ErrorState error={dash.error} onRetry={() => void dash.refetch()} /> : !d ? <LoadingState /> : (
        <>
          <Tiles data={d} format={format} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <TrendCharts data={d} fmt={fmt} money={money} />
            <ClvChart data={d} fmt={fmt} money={money} />
            <BestSellers data={d} money={money} />
            <Problems data={d} fmt={fmt} />
          </SimpleGrid>
          <CohortHeatmap data={d} fmt={fmt} />
        </>
      )}
    </Stack>
  );
}
