/** How a VoC figure reads: NPS in signed points, CSAT in percent, CES as a mean of 7; same rounding as the server. */
import type { TFunction } from 'i18next';
import type { Formatter } from '../../lib/format';
import type { Metric } from './voc.api';

const DECIMALS: Record<Metric, number> = { nps: 1, csat: 1, ces: 2 };

export function num(fmt: Formatter, v: number, decimals = 1): string {
  const rounded = Number(v.toFixed(decimals));
  return fmt.number(rounded);
}

/** The value in its unit: "+۲۵", "۸۰٪", "۵٫۲۵". */
export function metricValue(t: TFunction, fmt: Formatter, metric: Metric, v: number | null): string {
  if (v === null) return '—';
  const n = num(fmt, Math.abs(v), DECIMALS[metric]);
  // Isolated left-to-right so the sign stays in front of the number inside Persian text.
  if (metric === 'nps') return `\u2066${v > 0 ? `+${n}` : v < 0 ? `−${n}` : n}\u2069`;
  if (metric === 'csat') return t('voc.percent', { v: num(fmt, v, DECIMALS[metric]) });
  return num(fmt, v, DECIMALS[metric]);
}

/** A change in the metric's unit, always signed. */
export function signed(t: TFunction, fmt: Formatter, metric: Metric, v: number): string {
  const n = num(fmt, Math.abs(v), DECIMALS[metric]);
  const s = `\u2066${v > 0 ? `+${n}` : v < 0 ? `−${n}` : n}\u2069`;
  return metric === 'csat' ? t('voc.points', { v: s }) : s;
}

/** "low – high" of an interval in the metric's unit, or null. */
export function range(t: TFunction, fmt: Formatter, metric: Metric, low: number | null, high: number | null): string | null {
  if (low === null || high === null) return null;
  return `${metricValue(t, fmt, metric, low)} – ${metricValue(t, fmt, metric, high)}`;
}

/** The half-width of an interval: "± ۱۲٫۳", "± ۱۲٫۳٪", "± ۰٫۴۵". */
export function margin(t: TFunction, fmt: Formatter, metric: Metric, v: number): string {
  const n = num(fmt, v, DECIMALS[metric]);
  return `±\u00a0${metric === 'csat' ? t('voc.percent', { v: n }) : n}`;
}
