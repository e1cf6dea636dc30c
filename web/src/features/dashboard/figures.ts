/** How each dashboard figure is shown: its kind (money, percent, score …) and which way is good. */
import type { TFunction } from 'i18next';
import type { Formatter } from '../../lib/format';
import type { ReportMoney } from '../reports/money';
import type { NumberMetric, MoneyMetric } from '../../../../common/dashboard.schemas';

export type FigureKey = NumberMetric | MoneyMetric;
export type FigureKind = 'money' | 'percent' | 'nps' | 'ces' | 'count' | 'minutes';
export const FIGURES: { key: FigureKey; kind: FigureKind; good: 'up' | 'down' }[] = [
  { key: 'revenue', kind: 'money', good: 'up' },
  { key: 'orders', kind: 'count', good: 'up' },
  { key: 'averageOrderValue', kind: 'money', good: 'up' },
  { key: 'buyers', kind: 'count', good: 'up' },
  { key: 'repeatRate', kind: 'percent', good: 'up' },
  { key: 'retention', kind: 'percent', good: 'up' },
  { key: 'churnRate', kind: 'percent', good: 'down' },
  { key: 'nps', kind: 'nps', good: 'up' },
  { key: 'csat', kind: 'percent', good: 'up' },
  { key: 'ces', kind: 'ces', good: 'up' },
  { key: 'openTickets', kind: 'count', good: 'down' },
  { key: 'slaAttainment', kind: 'percent', good: 'up' },
  { key: 'medianFirstResponseMinutes', kind: 'minutes', good: 'down' },
  { key: 'medianResolutionMinutes', kind: 'minutes', good: 'down' },
];

export function makeFigureFormat(fmt: Formatter, money: ReportMoney, t: TFunction) {
  const dec = (n: number, d: number) => fmt.number(Math.round(n * 10 ** d) / 10 ** d);
  const pct = fmt.locale === 'fa' ? '٪' : '%';
  const minutes = (m: number) => (m < 60 ? t('dashboard.minutes', { n: dec(m, 0) }) : m < 1440 ? t('dashboard.hours', { n: dec(m / 60, 1) }) : t('dashboard.days', { n: dec(m / 1440, 1) }));
  const value = (kind: FigureKind, v: number | string | null): string => {
    if (v === null) return '—';
    switch (kind) {
      case 'money': return money.short(String(v));
      case 'percent': return `${dec(Number(v), 1)}${pct}`;
      case 'nps': return `${Number(v) > 0 ? '+' : ''}${dec(Number(v), 1)}`;
      case 'ces': return dec(Number(v), 2);
      case 'count': return fmt.number(Number(v));
      case 'minutes': return minutes(Number(v));
    }
  };
  /** The change: points for rates and scores, percent for amounts, counts and times. */
  const change = (kind: FigureKind, delta: number | string | null, changePct: number | null): string | null => {
    if (delta === null) return null;
    const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '\u2212' : '');
    if (kind === 'percent' || kind === 'nps' || kind === 'ces') {
      const d = Number(delta);
      const digits = kind === 'ces' ? 2 : 1;
      // count: the number as shown (rounded, unsigned), so English says "1 pt" only when it reads 1.
      return t('dashboard.points', { n: `${sign(d)}${dec(Math.abs(d), digits)}`, count: Math.round(Math.abs(d) * 10 ** digits) / 10 ** digits });
    }
    if (changePct === null) return null;
    return `${sign(changePct)}${dec(Math.abs(changePct), 1)}${pct}`;
  };
  return { value, change, minutes };
}
