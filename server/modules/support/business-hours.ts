/**
 * Business-hours calendar and SLA clock for support tickets. Pure functions, no I/O.
 *
 * Every computation works on real instants (UTC milliseconds). A calendar's opening intervals are wall-clock times in
 * its time zone; each local day is turned into a list of [open, close) instants once (through Intl, so any IANA zone
 * and its DST history work — Tehran itself kept DST until September 2022) and cached. Deadlines then step interval by
 * interval and day by day, never minute by minute.
 */
import { z } from 'zod';
import { IRAN_SOLAR_HOLIDAYS } from '../../../common/iran-holidays.ts';
import { parseDateInput } from '../../../common/jalali.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** JS weekday numbering (Date#getDay): index 0 is Sunday … 6 is Saturday. Iranian weeks start on Saturday (index 6). */
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export type OpeningInterval = { start: string; end: string };
export type Holiday = { date: string; name?: string };

/**
 * Default week: Saturday–Wednesday 08:00–17:00, Thursday 08:00–13:00, Friday closed. No lunch break: offices differ on
 * when (and whether) they stop, and a one-hour gap silently moves every deadline; a calendar that wants one lists two
 * intervals for the day (08:00–12:00 and 13:00–17:00).
 */
export const DEFAULT_WEEKLY_HOURS: OpeningInterval[][] = [
  [{ start: '08:00', end: '17:00' }], // 0 Sunday
  [{ start: '08:00', end: '17:00' }], // 1 Monday
  [{ start: '08:00', end: '17:00' }], // 2 Tuesday
  [{ start: '08:00', end: '17:00' }], // 3 Wednesday
  [{ start: '08:00', end: '13:00' }], // 4 Thursday
  [], // 5 Friday
  [{ start: '08:00', end: '17:00' }], // 6 Saturday
];

const TIME_RE = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight for "HH:MM", or null when the text is not a time of day. "24:00" only when `asEnd`. */
function parseTime(text: string, asEnd: boolean): number | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (asEnd && h === 24 && min === 0) return 24 * 60;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

// Building a DateTimeFormat costs tens of µs; a zone once accepted stays accepted for the life of the process.
const knownZones = new Set<string>();
function isKnownTimeZone(timeZone: string): boolean {
  if (knownZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    knownZones.add(timeZone);
    return true;
  } catch {
    return false;
  }
}

const intervalSchema = z.object({ start: z.string(), end: z.string() });
const holidaySchema = z.object({ date: z.string(), name: z.string().trim().max(200).optional() });

/**
 * Validates an admin's calendar. Shapes are checked first; the meaning (valid times, start before end, no overlaps,
 * some working time, a real time zone, real dates) is checked in one pass so each message can name the weekday and
 * interval in words, beside the issue path (e.g. `weeklyHours.6.0.end`).
 * Holidays accept Gregorian "2026-03-21" or Jalali "1405/01/01" (Persian digits too) and come out as Gregorian
 * YYYY-MM-DD, sorted, one entry per date (a repeated date keeps the first name given).
 */
export const businessCalendarSchema = z
  .object({
    timeZone: z.string().trim().default('Asia/Tehran'),
    weeklyHours: z
      .array(z.array(intervalSchema), { error: 'weeklyHours must be a list of 7 days, Sunday (0) first.' })
      .length(7, 'weeklyHours must list exactly 7 days: index 0 is Sunday, 1 Monday … 5 Friday, 6 Saturday.')
      .default(DEFAULT_WEEKLY_HOURS),
    holidays: z.array(holidaySchema).default([]),
  })
  .superRefine((cal, ctx) => {
    if (!isKnownTimeZone(cal.timeZone)) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeZone'],
        message: `timeZone "${cal.timeZone}" is not a time zone this server knows; use an IANA name such as "Asia/Tehran".`,
      });
    }
    let weekMinutes = 0;
    let badInterval = false;
    cal.weeklyHours.forEach((day, d) => {
      const parsed: { start: number; end: number; i: number }[] = [];
      day.forEach((iv, i) => {
        const label = `${WEEKDAY_NAMES[d]} (weeklyHours[${d}]) interval ${i + 1}`;
        const start = parseTime(iv.start, false);
        const end = parseTime(iv.end, true);
        if (start === null) {
          ctx.addIssue({
            code: 'custom',
            path: ['weeklyHours', d, i, 'start'],
            message: `${label}: start "${iv.start}" is not a valid time; use HH:MM with hours 00–23 and minutes 00–59.`,
          });
        }
        if (end === null) {
          ctx.addIssue({
            code: 'custom',
            path: ['weeklyHours', d, i, 'end'],
            message: `${label}: end "${iv.end}" is not a valid time; use HH:MM with hours 00–23 and minutes 00–59, or 24:00 for midnight.`,
          });
        }
        if (start === null || end === null) {
          badInterval = true;
          return;
        }
        if (start >= end) {
          badInterval = true;
          ctx.addIssue({
            code: 'custom',
            path: ['weeklyHours', d, i],
            message: `${label}: start ${iv.start} must be earlier than end ${iv.end}. A shift past midnight is two intervals, one ending 24:00 and one starting 00:00 the next day.`,
          });
          return;
        }
        parsed.push({ start, end, i });
      });
      parsed.sort((a, b) => a.start - b.start);
      for (let k = 1; k < parsed.length; k++) {
        const [prev, cur] = [parsed[k - 1], parsed[k]];
        if (cur.start < prev.end) {
          ctx.addIssue({
            code: 'custom',
            path: ['weeklyHours', d, cur.i],
            message: `${WEEKDAY_NAMES[d]} (weeklyHours[${d}]) intervals ${prev.i + 1} and ${cur.i + 1} overlap; each minute of a day may be in one interval only.`,
          });
        }
      }
      for (const p of parsed) weekMinutes += p.end - p.start;
    });
    // Checked only when the days themselves are valid, so one bad time does not also claim an empty week.
    if (weekMinutes === 0 && !badInterval) {
      ctx.addIssue({
        code: 'custom',
        path: ['weeklyHours'],
        message: 'weeklyHours has no working time: at least one day needs an opening interval, or no deadline could ever be reached.',
      });
    }
    cal.holidays.forEach((h, i) => {
      if (parseDateInput(h.date) === null) {
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i, 'date'],
          message: `holidays[${i}].date "${h.date}" is not a real date; use YYYY-MM-DD (Gregorian) or 1405/01/01 (Jalali).`,
        });
      }
    });
  })
  .transform((cal) => {
    const byDate = new Map<string, Holiday>();
    for (const h of cal.holidays) {
      const date = parseDateInput(h.date)!;
      const name = h.name || undefined; // a blank name is no name
      const seen = byDate.get(date);
      if (!seen) byDate.set(date, name === undefined ? { date } : { date, name });
      else if (seen.name === undefined && name !== undefined) seen.name = name;
    }
    const holidays = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    return { timeZone: cal.timeZone, weeklyHours: cal.weeklyHours, holidays };
  });

export type BusinessCalendar = z.output<typeof businessCalendarSchema>;
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;

/** One holiday entry from a Jalali date ("1405/01/01", Persian digits accepted). Throws RangeError on a bad date. */
export function jalaliHoliday(jalaliDate: string, name?: string): Holiday {
  const date = parseDateInput(jalaliDate);
  if (date === null) throw new RangeError(`"${jalaliDate}" is not a valid Jalali date (expected e.g. 1405/01/01).`);
  return name === undefined ? { date } : { date, name };
}

/**
 * Iran's fixed solar-calendar public holidays of one Jalali year, as Gregorian dates. The lunar (Hijri) holidays —
 * Tasua, Ashura, Eid al-Fitr and the rest — move about 11 days a year and depend on the moon sighting announced each
 * year, so they are not computed here: admins add them to the calendar's editable holiday list.
 */
export function iranHolidays(jalaliYear: number): Holiday[] {
  // parseDateInput reads years above 1700 as Gregorian, so the range also keeps a Gregorian year out.
  if (!Number.isInteger(jalaliYear) || jalaliYear < 1300 || jalaliYear > 1700) {
    throw new RangeError(`jalaliYear must be a whole Jalali year between 1300 and 1700, got ${jalaliYear}.`);
  }
  return IRAN_SOLAR_HOLIDAYS.map((h) => jalaliHoliday(`${jalaliYear}/${h.month}/${h.day}`, h.fa));
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled calendar: local day number → opening instants. Cached per calendar object, so treat a calendar as an
// immutable value (parse a new one when an admin edits it); a mutated object would keep its old compiled form.

type Compiled = {
  /** Flat [open0, close0, open1, close1, …] instants of local day `n` (days since 1970-01-01 in wall-clock terms). */
  day(n: number): number[];
};

const compiledCache = new WeakMap<object, Compiled>();
const MAX_CACHED_DAYS = 50_000; // ~137 years; past that the cache starts over rather than grow without bound.

function offsetAt(fmt: Intl.DateTimeFormat, instant: number): number {
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(instant)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * First instant in (lo, hi] whose offset is no longer `before`, to the second (zones change on whole seconds).
 * Runs about 18 Intl calls, only for the rare day beside a DST change, and the day is cached afterwards.
 */
function findChange(fmt: Intl.DateTimeFormat, lo: number, hi: number, before: number): number {
  let [a, b] = [Math.floor(lo / 1000), Math.ceil(hi / 1000)]; // offset(a) = before, offset(b) ≠ before
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2);
    if (offsetAt(fmt, mid * 1000) === before) a = mid;
    else b = mid;
  }
  return b * 1000;
}

type DayOffsets = { before: number; after: number; change: number };
const zones = new Map<string, (n: number) => DayOffsets>();

/**
 * Offsets around local day n of a zone, cached per zone rather than per calendar: the Intl lookups are the costly
 * part of compiling a day, and every calendar in the same zone shares them (a caller that parses a fresh calendar
 * per request then pays only for the parse).
 */
function zoneOffsets(timeZone: string): (n: number) => DayOffsets {
  const known = zones.get(timeZone);
  if (known) return known;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const days = new Map<number, DayOffsets>();
  const lookup = (n: number): DayOffsets => {
    let d = days.get(n);
    if (d) return d;
    // Every instant whose wall time falls on day n lies in [lo, hi), since offsets stay within −12 h…+14 h.
    const lo = n * DAY - 15 * 3_600_000;
    const hi = (n + 1) * DAY + 15 * 3_600_000;
    const before = offsetAt(fmt, lo);
    const after = offsetAt(fmt, hi);
    d = { before, after, change: before === after ? hi : findChange(fmt, lo, hi, before) };
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(n, d);
    return d;
  };
  zones.set(timeZone, lookup);
  return lookup;
}

function compile(input: BusinessCalendar): Compiled {
  const cached = compiledCache.get(input);
  if (cached) return cached;
  // Parsing again is cheap here (once per calendar object) and means an unchecked object — an empty week, "25:00" —
  // fails with the schema's message instead of looping for ever.
  const cal = businessCalendarSchema.parse(input);
  const zone = zoneOffsets(cal.timeZone);
  const week = cal.weeklyHours.map((day) =>
    day.map((iv) => [parseTime(iv.start, false)!, parseTime(iv.end, true)!] as const).sort((a, b) => a[0] - b[0]));
  const holidays = new Set(cal.holidays.map((h) => h.date));
  const days = new Map<number, number[]>();
  const compiled: Compiled = {
    day(n) {
      let out = days.get(n);
      if (out) return out;
      out = [];
      const date = new Date(n * DAY);
      const hours = holidays.has(date.toISOString().slice(0, 10)) ? [] : week[date.getUTCDay()];
      if (hours.length > 0) {
        // Business time is every instant whose wall-clock time lies in an opening interval. On almost every day one
        // offset holds around the whole day and an interval is one range; across a DST change the wall clock is
        // `t + before` until the change instant and `t + after` from it, so an interval is the union of two clipped
        // ranges. That is exact in a gap (02:30 never happens) and in a repeated hour (01:30 happens twice).
        const { before, after, change } = zone(n);
        const ranges: [number, number][] = [];
        for (const [s, e] of hours) {
          const wallStart = n * DAY + s * MINUTE;
          const wallEnd = n * DAY + e * MINUTE;
          const a = [wallStart - before, Math.min(wallEnd - before, change)] as [number, number];
          const b = [Math.max(wallStart - after, change), wallEnd - after] as [number, number];
          if (a[1] > a[0]) ranges.push(a);
          if (b[1] > b[0]) ranges.push(b);
        }
        // In a repeated hour a later interval's first range can come before an earlier one's second; touching
        // ranges (an interval split only by the change instant) become one.
        ranges.sort((x, y) => x[0] - y[0]);
        for (const [a, b] of ranges) {
          if (out.length > 0 && out[out.length - 1] === a) out[out.length - 1] = b;
          else out.push(a, b);
        }
      }
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      days.set(n, out);
      return out;
    },
  };
  compiledCache.set(input, compiled);
  return compiled;
}

/**
 * First local day whose intervals can reach past `t`. Real offsets lie within −12 h…+14 h, so every interval of a day
 * two days before t's UTC day has closed by t; starting there needs no offset lookup per call.
 */
const firstDay = (t: number) => Math.floor(t / DAY) - 2;

function checkDate(name: string, d: Date): number {
  const t = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} must be a valid Date.`);
  return t;
}

function addMs(c: Compiled, t: number, ms: number): number {
  if (ms === 0) return t;
  let cursor = t;
  for (let n = firstDay(t); ; n++) {
    const iv = c.day(n);
    for (let i = 0; i < iv.length; i += 2) {
      if (iv[i + 1] <= cursor) continue;
      const from = Math.max(iv[i], cursor);
      const available = iv[i + 1] - from;
      if (available >= ms) return from + ms;
      ms -= available;
      cursor = iv[i + 1];
    }
  }
}

function betweenMs(c: Compiled, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  // The cursor mirrors addMs: where a wall clock falls back across midnight, days can interleave in real time and a
  // range behind the cursor is skipped by both, so the two functions stay exact inverses.
  let cursor = from;
  const last = Math.floor(to / DAY) + 1;
  for (let n = firstDay(from); n <= last; n++) {
    const iv = c.day(n);
    for (let i = 0; i < iv.length; i += 2) {
      const s = Math.max(iv[i], cursor);
      const e = Math.min(iv[i + 1], to);
      if (e > s) total += e - s;
      if (iv[i + 1] > cursor) cursor = iv[i + 1];
    }
  }
  return total;
}

/**
 * The instant at which `minutes` of business time have passed since `start`. A start outside opening hours counts
 * from the next opening. A deadline that uses up an interval exactly is that interval's close (e.g. Wednesday 17:00),
 * not the next opening; 0 minutes returns `start` itself. Fractions of a minute are kept (ms precision).
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const t = checkDate('start', start);
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, got ${minutes}.`);
  return new Date(addMs(compile(calendar), t, Math.round(minutes * MINUTE)));
}

/** Business minutes between two instants (0 when `to` ≤ `from`); fractional when an instant is not on a whole minute. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return betweenMs(compile(calendar), checkDate('from', from), checkDate('to', to)) / MINUTE;
}

/** A stretch when the SLA clock stopped ("waiting on customer"). No `to` means still paused. */
export type SlaPause = { from: Date; to?: Date };

export type SlaStateInput = {
  calendar: BusinessCalendar;
  startedAt: Date;
  /** Target in business minutes (e.g. 240 for a 4-hour first response). */
  targetMinutes: number;
  now: Date;
  pauses?: SlaPause[];
  /** Share of the target after which the ticket is in 'warning'; 0 < x ≤ 1. */
  warnAtFraction?: number;
};

export type SlaState = {
  /** When the target is (or was) used up. While paused, the projection assumes the clock restarts at `now`. */
  dueAt: Date;
  /** Business minutes left; ≤ 0 once breached (0 while no business time has passed since the deadline). */
  remainingMinutes: number;
  /** 'breached' as soon as the whole target has elapsed (now ≥ dueAt); 'warning' from warnAtFraction of it. */
  state: 'ok' | 'warning' | 'breached';
  paused: boolean;
};

/**
 * SLA clock of one target. Elapsed time is the business time from `startedAt` to `now` minus the business time inside
 * the pauses (merged first, so overlapping pauses count once; clipped to [startedAt, now]). Pause time outside opening
 * hours therefore subtracts nothing — it was not counting anyway.
 */
export function slaState(input: SlaStateInput): SlaState {
  const { calendar, targetMinutes, warnAtFraction = 0.8 } = input;
  const startedAt = checkDate('startedAt', input.startedAt);
  const now = checkDate('now', input.now);
  if (!Number.isFinite(targetMinutes) || targetMinutes < 0) {
    throw new RangeError(`targetMinutes must be a finite number ≥ 0, got ${targetMinutes}.`);
  }
  if (!(warnAtFraction > 0 && warnAtFraction <= 1)) {
    throw new RangeError(`warnAtFraction must be above 0 and at most 1, got ${warnAtFraction}.`);
  }
  const c = compile(calendar);
  const pauses = input.pauses ?? [];
  const spans: [number, number][] = [];
  let paused = false;
  pauses.forEach((p, i) => {
    const from = checkDate(`pauses[${i}].from`, p.from);
    // An open pause runs until now; one that claims to start after now (clock skew) is simply empty.
    const to = p.to === undefined ? Math.max(now, from) : checkDate(`pauses[${i}].to`, p.to);
    if (to < from) throw new RangeError(`pauses[${i}] ends before it starts.`);
    if (p.to === undefined && from <= now) paused = true;
    const s = Math.max(from, startedAt);
    const e = Math.min(to, now);
    if (e > s) spans.push([s, e]);
  });
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s[0] <= top[1]) top[1] = Math.max(top[1], s[1]);
    else merged.push([s[0], s[1]]);
  }

  const targetMs = Math.round(targetMinutes * MINUTE);
  let elapsed = betweenMs(c, startedAt, now);
  for (const [s, e] of merged) elapsed -= betweenMs(c, s, e);

  // dueAt: walk the running stretches (between pauses) until the target is used up; past `now` the clock runs on.
  let need = targetMs;
  let cursor = startedAt;
  let dueAt: number | undefined;
  for (const [s, e] of [...merged, [now, now] as [number, number]]) {
    const run = betweenMs(c, cursor, s);
    if (run >= need) {
      dueAt = addMs(c, cursor, need);
      break;
    }
    need -= run;
    cursor = Math.max(cursor, e);
  }
  dueAt ??= addMs(c, Math.max(cursor, now), need);

  const state = elapsed >= targetMs ? 'breached' : elapsed >= warnAtFraction * targetMs ? 'warning' : 'ok';
  return { dueAt: new Date(dueAt), remainingMinutes: (targetMs - elapsed) / MINUTE, state, paused };
}
