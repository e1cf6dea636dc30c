/**
 * «نقشهٔ سفر مشتری»: for a journey and a period (Tehran days, picked in the reader's calendar), the customers in each
 * stage with their median days and conversion, the flows between stages (sankey, right to left in Persian), the pain
 * points ranked (click one for its customers, the manager's review and the action's before/after) and the moments of
 * truth. Everything chosen lives in the address, so a map can be shared as a link; it exports as PNG or PDF.
 */
import { lazy, Suspense, useMemo, useRef } from 'react';
import { Alert, Button, Grid, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconFileTypePdf, IconPencil, IconPhoto, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { useSession } from '../session/session';
import { PRESETS, presetRange, todayIn, type Preset } from '../reports/jalali-range';
import { useJourneyMap, useJourneys } from './journeys.api';
import { sankeyData } from './sankey-data';
import { makeLabels } from './labels';
import type { SankeyHandle } from './JourneySankey';
import { StageCards } from './StageCards';
import { TouchpointTable } from './TouchpointTable';
import { PainPoints } from './PainPoints';
import { PainPointDetail } from './PainPointDetail';
import { MomentsOfTruth } from './MomentsOfTruth';

// ECharts is loaded with the map only, not with every page of the app.
const JourneySankey = lazy(() => import('./JourneySankey').then((m) => ({ default: m.JourneySankey })));
const ISO = /^\d{4}-\d{2}-\d{2}$/;
/** «PDF for a meeting» is the browser's print-to-PDF of this page: without the app's frame and buttons, A4 landscape. */
const PRINT_CSS = `@media print {
  @page { size: A4 landscape; margin: 10mm; }
  .mantine-AppShell-header, .mantine-AppShell-navbar, .no-print, .mantine-Notifications-root { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; min-height: 0 !important; }
  .journey-map canvas { max-width: 100% !important; height: auto !important; }
  .journey-map .print-keep, .journey-map [data-testid=journey-pain-point], .journey-map [data-testid=journey-moment] { break-inside: avoid; }
}`;

export function JourneyMapPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const [params, setParams] = useSearchParams();
  const sankey = useRef<SankeyHandle>(null);
  const { can } = useSession();
  const today = todayIn(prefs.timeZone);
  const journeys = useJourneys();
  const journeyId = params.get('journey') ?? journeys.data?.items[0]?.id ?? null;
  const journey = journeys.data?.items.find((j) => j.id === journeyId);
  const preset = (PRESETS as readonly string[]).includes(params.get('range') ?? '') ? (params.get('range') as Preset) : 'last12';
  const range = useMemo(() => {
    if (preset !== 'custom') return presetRange(preset, today, prefs.calendar);
    const fallback = presetRange('last12', today, prefs.calendar);
    const f = ISO.test(params.get('from') ?? '') ? params.get('from')! : fallback.from;
    const tt = ISO.test(params.get('to') ?? '') ? params.get('to')! : today;
    return f <= tt ? { from: f, to: tt } : { from: tt, to: f };
  }, [preset, params, today, prefs.calendar]);
  const segmentId = params.get('segment');
  const segments = useQuery({ queryKey: ['segments'], queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/segments'), retry: false });
  const query = useMemo(() => ({ ...range, segmentId }), [range, segmentId]);
  const map = useJourneyMap(journeyId, query);
  const openPain = params.get('pain');
  const labels = makeLabels(t, journey, i18n.language);

  const update = (patch: Record<string, string | null>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) if (v === null) next.delete(k); else next.set(k, v);
    return next;
  }, { replace: true });
  const pickDay = (key: 'from' | 'to', v: string | null) => update({ range: 'custom', from: range.from, to: range.to, [key]: v ?? (key === 'to' ? today : range.from), pain: null });

  const order = journey?.stages.map((s) => s.key) ?? map.data?.stages.map((s) => s.key) ?? [];
  const { nodes, flows, back } = useMemo(
    () => (map.data ? sankeyData(map.data, order, labels.stage, (stage) => t('journeys.droppedAfter', { stage })) : { nodes: [], flows: [], back: 0 }),
    [map.data, order.join(), i18n.language, journey],
  );

  const exportPng = () => {
    const url = sankey.current?.png(`${labels.journey(journey)} — ${t('journeys.rangeShown', { from: fmt.date(range.from), to: fmt.date(range.to) })}`);
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `journey-${range.from}-${range.to}.png`;
    a.click();
  };

  if (journeys.isPending) return <LoadingState />;
  if (journeys.isError) return <ErrorState error={journeys.error} onRetry={() => void journeys.refetch()} />;
  if (!journeys.data.items.length) return <EmptyState title={t('journeys.noneTitle')} hint={t('journeys.noneHint')} />;
  const painPoint = map.data?.painPoints.find((p) => p.id === openPain) ?? null;

  return (
    <Stack gap="md" data-testid="journey-map-page" className="journey-map">
      <style>{PRINT_CSS}</style>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h3">{t('journeys.title')}</Title>
          <Text size="sm" c="dimmed">{t('journeys.intro')}</Text>
          <Text size="sm" fw={600} mt={4}><bdi>{labels.journey(journey)}</bdi> · {t('journeys.rangeShown', { from: fmt.date(range.from), to: fmt.date(range.to) })}</Text>
        </div>
        <Group gap="xs" className="no-print">
          {can('settings', 'update') && journeyId && (
            <>
              <Button component={Link} to={`/journeys/${journeyId}/edit`} variant="default" leftSection={<IconPencil size={16} />} data-testid="journey-edit">{t('journeys.edit.open')}</Button>
              <Button component={Link} to={`/journeys/new?from=${journeyId}`} variant="default" leftSection={<IconPlus size={16} />} data-testid="journey-new">{t('journeys.edit.new')}</Button>
            </>
          )}
          <Button variant="default" leftSection={<IconPhoto size={16} />} onClick={exportPng} disabled={!map.data} data-testid="journey-export-png">{t('journeys.exportPng')}</Button>
          <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => window.print()} disabled={!map.data} data-testid="journey-export-pdf">{t('journeys.exportPdf')}</Button>
        </Group>
      </Group>
      <Paper withBorder radius="md" p="sm" className="no-print">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select label={t('journeys.journey')} w={220} value={journeyId} allowDeselect={false} data-testid="journey-select"
            data={journeys.data.items.map((j) => ({ value: j.id, label: labels.journey(j) }))} onChange={(v) => update({ journey: v, pain: null })} />
          <Select label={t('journeys.range')} w={190} value={preset} allowDeselect={false} data-testid="journey-preset"
            onChange={(v) => update(v === 'custom' ? { range: 'custom', from: range.from, to: range.to, pain: null } : { range: v, from: null, to: null, pain: null })}
            data={PRESETS.map((p) => ({ value: p, label: prefs.calendar === 'gregorian' && (p === 'thisSeason' || p === 'lastSeason') ? t(p === 'thisSeason' ? 'reports.thisQuarter' : 'reports.lastQuarter') : t(`reports.preset.${p}`) }))} />
          {segments.data && (
            <Select label={t('journeys.segment')} w={200} value={segmentId} clearable placeholder={t('journeys.allCustomers')} data-testid="journey-segment"
              data={segments.data.items.map((s) => ({ value: s.id, label: s.name }))} onChange={(v) => update({ segment: v, pain: null })} />
          )}
          <div style={{ width: 170 }}><DateField label={t('reports.from')} value={range.from} onChange={(v) => pickDay('from', v)} testId="journey-from" /></div>
          <div style={{ width: 170 }}><DateField label={t('reports.to')} value={range.to} onChange={(v) => pickDay('to', v)} testId="journey-to" /></div>
          <Text size="sm" c="dimmed" pb={8} data-testid="journey-range">{t('journeys.rangeShown', { from: fmt.date(range.from), to: fmt.date(range.to) })}</Text>
        </Group>
      </Paper>
      {map.isError && <ErrorState error={map.error} onRetry={() => void map.refetch()} />}
      {map.isPending && <LoadingState />}
      {map.data && (
        <>
          <StageCards stages={map.data.stages} order={order} labels={labels} />
          <Paper withBorder radius="md" p="md" className="print-keep">
            <Text fw={600} mb="xs">{t('journeys.flows')}</Text>
            {flows.length === 0
              ? <Text size="sm" c="dimmed">{t('journeys.noFlows')}</Text>
              : <Suspense fallback={<LoadingState />}><JourneySankey ref={sankey} nodes={nodes} flows={flows} rtl={i18n.language === 'fa'} font="Vazirmatn, system-ui, sans-serif" formatNumber={fmt.number} /></Suspense>}
            {back > 0 && <Text size="xs" c="dimmed" mt={4} data-testid="journey-flows-back">{t('journeys.wentBack', { n: fmt.number(back), count: back })}</Text>}
          </Paper>
          <TouchpointTable touchpoints={map.data.touchpoints} order={order} labels={labels} />
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <PainPoints items={map.data.painPoints} labels={labels} selected={openPain} onSelect={(id) => update({ pain: id === openPain ? null : id })} />
              {painPoint && <PainPointDetail journeyId={journeyId!} painPoint={painPoint} query={query} labels={labels} onClose={() => update({ pain: null })} />}
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <MomentsOfTruth items={map.data.momentsOfTruth} labels={labels} />
            </Grid.Col>
          </Grid>
          {map.isFetching && <Alert variant="light" className="no-print">{t('journeys.updating')}</Alert>}
        </>
      )}
    </Stack>
  );
}
