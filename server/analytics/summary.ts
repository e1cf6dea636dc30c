/**
 * From a raw transaction log (customer, date, amount) to the per-customer summary the models read: x (repeat
 * purchases), t_x (time of the last purchase after the first), T (time from the first purchase to the calibration
 * end), the mean repeat spend and the holdout purchase counts. Purchases in the same period (a day; or a calendar
 * week with `periods: 'calendar-week'`) are one purchase, their amounts summed. Pure, no I/O.
 */

export interface Transaction {
  customerId: string;
  /** 'YYYY-MM-DD', 'YYYYMMDD', an ISO timestamp (its UTC day counts), or a Date. */
  date: string | Date;
  amount?: number;
}

export interface CustomerSummary {
  id: string;
  /** Repeat purchases in the calibration period (distinct purchase periods − 1). */
  x: number;
  /** Time of the last calibration purchase after the first. */
  tx: number;
  /** Time from the first purchase to the calibration end. */
  T: number;
  /** Mean spend of the repeat purchases (each period's amounts summed); 0 when x = 0. */
  monetary: number;
  /** Purchases (distinct periods) after the calibration end, up to the holdout end; 0 without a holdout. */
  holdout: number;
  /** Spend in the holdout period. */
  holdoutSpend: number;
}

export interface SummaryOptions {
  calibrationEnd: string | Date;
  holdoutEnd?: string | Date;
  /** Time unit of t_x, T and the holdout length. Default 'week' (days / 7, as in the BTYD literature). */
  unit?: 'day' | 'week';
  /**
   * 'day' (default): same-day purchases merge; times are exact days (divided by 7 for weeks).
   * 'calendar-week': purchases in one Monday–Sunday week merge and times count weeks between them (pandas
   * `to_period('W')`, the lifetimes/pymc-marketing convention for freq='W'). Needs unit 'week'.
   */
  periods?: 'day' | 'calendar-week';
}

export interface CalibrationSummary {
  customers: CustomerSummary[];
  /** Length of the holdout period in the chosen unit (0 without one). */
  holdoutLength: number;
  unit: 'day' | 'week';
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a date: 'YYYY-MM-DD', 'YYYYMMDD', an ISO timestamp, or a Date. */
export function dayNumber(date: string | Date): number {
  if (date instanceof Date) return Math.floor(date.getTime() / DAY_MS);
  const s = date.trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY_MS;
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new RangeError(`Not a date: "${date}"`);
  return Math.floor(t / DAY_MS);
}

/** Monday-based week index of a day number (1970-01-01 was a Thursday). */
export const calendarWeek = (day: number) => Math.floor((day + 3) / 7);

export interface PeriodTotals {
  /** Period index → summed amount, in ascending period order. */
  periods: number[];
  amounts: number[];
}

/** Each customer's purchases merged per period (day or calendar week), sorted, in first-seen customer order. */
export function periodTotals(
  txs: Iterable<Transaction>, period: (day: number) => number,
): Map<string, PeriodTotals> {
  const raw = new Map<string, Map<number, number>>();
  for (const t of txs) {
    const p = period(dayNumber(t.date));
    let m = raw.get(t.customerId);
    if (!m) raw.set(t.customerId, (m = new Map()));
    m.set(p, (m.get(p) ?? 0) + (t.amount ?? 0));
  }
  const out = new Map<string, PeriodTotals>();
  for (const [id, m] of raw) {
    const periods = [...m.keys()].sort((a, b) => a - b);
    out.set(id, { periods, amounts: periods.map((p) => m.get(p)!) });
  }
  return out;
}

/** The calibration summary (and holdout counts) of every customer whose first purchase is on or before the end. */
export function calibrationSummary(txs: Iterable<Transaction>, opts: SummaryOptions): CalibrationSummary {
  const unit = opts.unit ?? 'week';
  const calendar = (opts.periods ?? 'day') === 'calendar-week';
  if (calendar && unit !== 'week') throw new RangeError("periods 'calendar-week' needs unit 'week'");
  const period = calendar ? calendarWeek : (d: number) => d;
  const scale = !calendar && unit === 'week' ? 1 / 7 : 1;
  const endDay = dayNumber(opts.calibrationEnd);
  const holdoutEndDay = opts.holdoutEnd === undefined ? endDay : dayNumber(opts.holdoutEnd);
  if (holdoutEndDay < endDay) throw new RangeError('The holdout end is before the calibration end');
  const end = period(endDay), holdoutEnd = period(holdoutEndDay);
  const customers: CustomerSummary[] = [];
  for (const [id, { periods, amounts }] of periodTotals(txs, period)) {
    const first = periods[0];
    if (first > end) continue;
    let last = first, x = 0, repeatSpend = 0, holdout = 0, holdoutSpend = 0;
    for (let i = 1; i < periods.length; i++) {
      const p = periods[i];
      if (p <= end) { x++; last = p; repeatSpend += amounts[i]; }
      else if (p <= holdoutEnd) { holdout++; holdoutSpend += amounts[i]; }
    }
    customers.push({
      id, x, tx: (last - first) * scale, T: (end - first) * scale,
      monetary: x > 0 ? repeatSpend / x : 0, holdout, holdoutSpend,
    });
  }
  return { customers, holdoutLength: (holdoutEnd - end) * scale, unit };
}
