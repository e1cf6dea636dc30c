/** The date range of a report in the organization's time zone, and SQL for "this instant falls on those days". */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { getOrgSettings } from '../settings/index.ts';
import { AppError } from '../../errors.ts';
import { addDays, defaultRange, type PeriodKind, type ReportCalendar } from './periods.ts';

export type ReportRange = { from: string; to: string; timeZone: string };

export { todayIn } from '../../../common/jalali.ts';
import { todayIn } from '../../../common/jalali.ts';

/** The asked range, or the default one for the period kind ending today (in the organization's zone). */
export async function resolveRange(db: Db, clock: Clock, q: { from?: string; to?: string }, kind: PeriodKind = 'month', cal: ReportCalendar = 'jalali'): Promise<ReportRange> {
  const { timeZone } = await getOrgSettings(db);
  const today = todayIn(clock.now(), timeZone);
  const def = defaultRange(kind, q.to ?? today, cal);
  const range = { from: q.from ?? def.from, to: q.to ?? (q.from && q.from > today ? q.from : today), timeZone };
  // The ten-year limit holds when one end is given and the other is today (the schema sees only what was sent).
  if (Date.parse(range.to) - Date.parse(range.from) > 10 * 366 * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', 'A report covers at most ten years', { from: 'more than ten years before to' });
  }
  return range;
}

/** `column` (a timestamptz) is on one of the range's days, in the organization's time zone (index-friendly bounds). */
export function instantInRange(column: SQL, r: ReportRange): SQL {
  return sql`${column} >= (${r.from}::date)::timestamp AT TIME ZONE ${r.timeZone}
    AND ${column} < (${addDays(r.to, 1)}::date)::timestamp AT TIME ZONE ${r.timeZone}`;
}

/** A percentage with one decimal, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null);

/** Quantities from numeric columns: "3.000" → "3", "1.500" → "1.5". */
export const canonicalQuantity = (q: string) => (q.includes('.') ? q.replace(/0+$/, '').replace(/\.$/, '') : q);
