/**
 * Sales reports: one date range (presets in the reader's calendar, or any two days) for best sellers by Jalali period, revenue and win
 * rate by owner and quote conversion; the pipeline as it stands today. The range lives in the address, so a report
 * can be shared as a link.
 */
import { useMemo } from 'react';
import { Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DateField } from '../../components/DateFields';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { PRESETS, presetRange, todayIn, type Preset } from './jalali-range';
import { BestSellersCard } from './BestSellersCard';
import { RevenueByOwnerCard, WinRateCard } from './TeamCards';
import { ConversionCard, PipelineCard } from './FunnelCards';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function ReportsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const [params, setParams] = useSearchParams();
  const today = todayIn(prefs.timeZone);
  const preset = (PRESETS as readonly string[]).includes(params.get('range') ?? '') ? (params.get('range') as Preset) : 'last12';
  const range = useMemo(() => {
    if (preset !== 'custom') return presetRange(preset, today, prefs.calendar);
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    const fallback = presetRange('last12', today, prefs.calendar);
    const f = ISO.test(from) ? from : fallback.from;
    const tt = ISO.test(to) ? to : today;
    return f <= tt ? { from: f, to: tt } : { from: tt, to: f };
  }, [preset, params, today, prefs.calendar]);

  const update = (patch: Record<string, string | null>) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) if (v === null) next.delete(k); else next.set(k, v);
    return next;
  }, { replace: true });
  const pickDay = (key: 'from' | 'to', v: string | null) => update({ range: 'custom', from: range.from, to: range.to, [key]: v ?? (key === 'to' ? today : range.from) });

  return (
    <Stack gap="md" data-testid="reports-page">
      <Title order={1} size="h3">{t('reports.title')}</Title>
      <Paper withBorder radius="md" p="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label={t('reports.range')} w={190} value={preset} allowDeselect={false} data-testid="reports-preset"
            onChange={(v) => update(v === 'custom' ? { range: 'custom', from: range.from, to: range.to } : { range: v, from: null, to: null })}
            data={PRESETS.map((p) => ({ value: p, label: prefs.calendar === 'gregorian' && (p === 'thisSeason' || p === 'lastSeason') ? t(p === 'thisSeason' ? 'reports.thisQuarter' : 'reports.lastQuarter') : t(`reports.preset.${p}`) }))}
          />
          <div style={{ width: 170 }}><DateField label={t('reports.from')} value={range.from} onChange={(v) => pickDay('from', v)} testId="reports-from" /></div>
          <div style={{ width: 170 }}><DateField label={t('reports.to')} value={range.to} onChange={(v) => pickDay('to', v)} testId="reports-to" /></div>
          <Text size="sm" c="dimmed" pb={8}>{t('reports.rangeShown', { from: fmt.date(range.from), to: fmt.date(range.to) })}</Text>
        </Group>
      </Paper>
      <BestSellersCard range={range} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <RevenueByOwnerCard range={range} />
        <WinRateCard range={range} />
        <PipelineCard />
        <ConversionCard range={range} />
      </SimpleGrid>
    </Stack>
  );
}
