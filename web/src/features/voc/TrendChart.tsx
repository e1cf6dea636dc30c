/**
 * The metric over time as bars drawn with plain boxes (no chart library): one column per Saturday week or month of
 * the reader's calendar, a whisker for the 95% interval, and an empty slot (a gap with a dashed mark) where nobody answered. Columns
 * follow the reading direction: in Persian time runs right to left (oldest on the right), in English left to right.
 */
import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { usePrefs } from '../../lib/prefs';
import { intlLocale } from '../../lib/format';
import { metricValue } from './format';
import jalaali from 'jalaali-js';
import { addDays, jalaliMonthStart, monthStartOf, type Metric, type TrendBucket } from './voc.api';

const DOMAIN: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };
const HEIGHT = 180;

/** Every Saturday week or month (Jalali or Gregorian) of the period, the server's buckets in place and empty ones between them. */
export function fillPeriod(by: 'week' | 'month', from: string, to: string, given: TrendBucket[], calendar: 'jalali' | 'gregorian' = 'jalali'): TrendBucket[] {
  const have = new Map(given.map((b) => [b.key, b]));
  const none = { value: null, low: null, high: null, marginOfError: null };
  const empty = (key: string, start: string): TrendBucket => ({ key, start, end: start, kind: given[0]?.kind ?? 'nps', n: 0, ...none, counts: {}, raw: none });
  const out: TrendBucket[] = [];
  if (by === 'week') {
    const first = addDays(from, -((new Date(`${from}T12:00:00Z`).getUTCDay() + 1) % 7));
    for (let k = first; k <= to && out.length < 60; k = addDays(k, 7)) out.push(have.get(k) ?? empty(k, k));
  } else if (calendar === 'gregorian') {
    const [fy, fm] = from.split('-').map(Number);
    const [ty, tm] = to.split('-').map(Number);
    for (let y = fy, m = fm; (y < ty || (y === ty && m <= tm)) && out.length < 30; m === 12 ? (y++, m = 1) : m++) {
      const k = `${y}-${String(m).padStart(2, '0')}`;
      out.push(have.get(k) ?? empty(k, `${k}-01`));
    }
  } else {
    const [fy, fm, fd] = from.split('-').map(Number);
    const [ty, tm, td] = to.split('-').map(Number);
    const a = jalaali.toJalaali(fy, fm, fd), b = jalaali.toJalaali(ty, tm, td);
    for (let y = a.jy, m = a.jm; (y < b.jy || (y === b.jy && m <= b.jm)) && out.length < 30; m === 12 ? (y++, m = 1) : m++) {
      const k = `${y}-${String(m).padStart(2, '0')}`;
      out.push(have.get(k) ?? empty(k, jalaliMonthStart(k)));
    }
  }
  // Anything the server returned outside the computed range (it should not happen) is still shown.
  for (const g of given) if (!out.some((o) => o.key === g.key)) out.push(g);
  return out.sort((x, y) => (x.key < y.key ? -1 : 1));
}

export function TrendChart({ metric, by, buckets, calendar = 'jalali' }: { metric: Metric; by: 'week' | 'month'; buckets: TrendBucket[]; calendar?: 'jalali' | 'gregorian' }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs } = usePrefs();
  const [lo, hi] = DOMAIN[metric];
  const y = (v: number) => ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * HEIGHT;
  const base = metric === 'nps' ? y(0) : 0;
  const monthFmt = new Intl.DateTimeFormat(intlLocale(prefs), { month: 'short', year: '2-digit', timeZone: 'UTC' });
  const dayFmt = new Intl.DateTimeFormat(intlLocale(prefs), { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const label = (b: TrendBucket) => (by === 'month' ? monthFmt.format(new Date(`${monthStartOf(b.key, calendar)}T12:00:00Z`)) : dayFmt.format(new Date(`${b.key}T12:00:00Z`)));
  // Label every column when there is room, else every k-th, so the labels never overlap.
  const every = Math.max(1, Math.ceil(buckets.length / 14));

  return (
    <Box data-testid="voc-trend-chart" role="img" aria-label={t('voc.figures.trendAria')}>
      <Group gap={6} wrap="nowrap" align="stretch">
        <Box style={{ position: 'relative', width: 44, height: HEIGHT, flex: 'none' }} aria-hidden>
          {[hi, metric === 'nps' ? 0 : (lo + hi) / 2, lo].map((v) => (
            <Text key={v} size="xs" c="dimmed" style={{ position: 'absolute', insetInlineEnd: 0, bottom: y(v) - 8, lineHeight: '16px' }}>
              {metricValue(t, fmt, metric, v)}
            </Text>
          ))}
        </Box>
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Box style={{ position: 'relative', height: HEIGHT, borderBottom: '1px solid var(--mantine-color-gray-4)', display: 'flex', gap: 4 }}>
            {metric === 'nps' && <Box aria-hidden style={{ position: 'absolute', insetInline: 0, bottom: base, borderTop: '1px dashed var(--mantine-color-gray-5)' }} />}
            {buckets.map((b) => {
              const empty = b.n === 0 || b.value === null;
              const top = empty ? base : y(b.value!);
              const tip = empty
                ? t('voc.figures.noAnswersIn', { when: label(b) })
                : t('voc.figures.bucketTip', { when: label(b), value: metricValue(t, fmt, metric, b.value), n: fmt.number(b.n) });
              return (
                <Tooltip key={b.key} label={tip} withinPortal>
                  <Box data-testid="voc-trend-bar" data-empty={empty ? '1' : '0'} style={{ position: 'relative', flex: 1, minWidth: 3, height: '100%' }} aria-label={tip}>
                    {empty ? (
                      <Box style={{ position: 'absolute', insetInline: 0, marginInline: 'auto', width: 'min(28px, 60%)', bottom: base, height: 2, borderTop: '2px dashed var(--mantine-color-gray-3)' }} />
                    ) : (
                      <>
                        <Box style={{
                          position: 'absolute', insetInline: 0, marginInline: 'auto', width: 'min(40px, 76%)', bottom: Math.min(base, top), height: Math.max(2, Math.abs(top - base)),
                          background: metric === 'nps' && b.value! < 0 ? 'var(--mantine-color-red-5)' : 'var(--mantine-color-cyan-6)', borderRadius: 2,
                        }} />
                        {b.low !== null && b.high !== null && (
                          <Box aria-hidden style={{ position: 'absolute', insetInlineStart: 'calc(50% - 1px)', width: 2, bottom: y(b.low), height: Math.max(1, y(b.high) - y(b.low)), background: 'var(--mantine-color-dark-3)', opacity: 0.6 }} />
                        )}
                      </>
                    )}
                  </Box>
                </Tooltip>
              );
            })}
          </Box>
          <Box style={{ display: 'flex', gap: 4, marginTop: 4 }}>
            {buckets.map((b, i) => (
              <Text key={b.key} size="xs" c="dimmed" ta="center" style={{ flex: 1, minWidth: 3, whiteSpace: 'nowrap', overflow: 'visible' }}>
                {i % every === 0 ? label(b) : ''}
              </Text>
            ))}
          </Box>
        </Box>
      </Group>
    </Box>
  );
}
