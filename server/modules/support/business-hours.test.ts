import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  addBusinessMinutes, businessCalendarSchema, businessMinutesBetween, DEFAULT_WEEKLY_HOURS, iranHolidays, jalaliHoliday,
  slaState, type BusinessCalendar, type BusinessCalendarInput,
} from './business-hours.ts';

// Tehran has been a fixed UTC+03:30 since DST ended in 2022; the literal offset here is the test's independent
// statement of the expected instant, not something the code under test uses.
const tehran = (wall: string) => new Date(`${wall}+03:30`);
const iso = (d: Date) => d.toISOString();

const plain = businessCalendarSchema.parse({});
const withHolidays = businessCalendarSchema.parse({ holidays: [...iranHolidays(1404), ...iranHolidays(1405)] });

describe('addBusinessMinutes — exact examples (default Tehran week)', () => {
  it('Wednesday 16:00 + 4 h is Thursday 11:00 (1 h Wednesday, 3 h Thursday)', () => {
    const due = addBusinessMinutes(plain, tehran('2026-11-25T16:00:00'), 240);
    expect(iso(due)).toBe('2026-11-26T07:30:00.000Z');
  });

  it('Thursday 12:00 + 2 h is Saturday 09:00 (Thursday closes 13:00, Friday closed)', () => {
    const due = addBusinessMinutes(plain, tehran('2026-11-26T12:00:00'), 120);
    expect(iso(due)).toBe('2026-11-28T05:30:00.000Z');
  });

  it('skips Nowruz: Thursday 12:00 + 2 h before Nowruz 1405 is the Wednesday after it', () => {
    const start = tehran('2026-03-19T12:00:00');
    // Without holidays the deadline would be Saturday 1 Farvardin 09:00 …
    expect(iso(addBusinessMinutes(plain, start, 120))).toBe('2026-03-21T05:30:00.000Z');
    // … but 1–4 Farvardin (Saturday–Tuesday) are closed, so it is Wednesday 5 Farvardin 09:00.
    expect(iso(addBusinessMinutes(withHolidays, start, 120))).toBe('2026-03-25T05:30:00.000Z');
  });

  it('counts from the next opening when started on a closed day or before opening', () => {
    expect(iso(addBusinessMinutes(plain, tehran('2026-11-27T10:00:00'), 30))).toBe('2026-11-28T05:00:00.000Z'); // Fri → Sat 08:30
    expect(iso(addBusinessMinutes(plain, tehran('2026-11-28T06:15:00'), 30))).toBe('2026-11-28T05:00:00.000Z'); // Sat 06:15 → 08:30
    expect(iso(addBusinessMinutes(plain, tehran('2026-11-25T19:00:00'), 30))).toBe('2026-11-26T05:00:00.000Z'); // Wed evening → Thu 08:30
  });

  it('a deadline that uses up a day ends at closing time, not at the next opening', () => {
    expect(iso(addBusinessMinutes(plain, tehran('2026-11-25T16:00:00'), 60))).toBe('2026-11-25T13:30:00.000Z');
  });

  it('0 minutes is the start itself, even outside hours', () => {
    const friday = tehran('2026-11-27T10:00:00');
    expect(iso(addBusinessMinutes(plain, friday, 0))).toBe(iso(friday));
  });

  it('40 business hours from Saturday 08:00 is Wednesday 12:00 (4 × 9 h + 4 h)', () => {
    // Sat, Sun, Mon, Tue = 36 h; 4 more hours on Wednesday → Wednesday 12:00.
    expect(iso(addBusinessMinutes(plain, tehran('2026-11-28T08:00:00'), 40 * 60))).toBe('2026-12-02T08:30:00.000Z');
  });

  it('uses the offset in force at the time: Tehran summer 2021 was UTC+04:30', () => {
    // Wednesday 16 June 2021 16:00 Tehran = 11:30Z; + 4 h → Thursday 11:00 = 06:30Z (not 07:30Z as with +03:30).
    expect(iso(addBusinessMinutes(plain, new Date('2021-06-16T11:30:00Z'), 240))).toBe('2021-06-17T06:30:00.000Z');
  });

  it('works in another zone across its DST change (Berlin, spring 2026)', () => {
    const berlin = businessCalendarSchema.parse({
      timeZone: 'Europe/Berlin',
      weeklyHours: [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []],
    });
    // Friday 27 March 16:00 CET (15:00Z) + 2 h → Monday 30 March 10:00 CEST (08:00Z).
    expect(iso(addBusinessMinutes(berlin, new Date('2026-03-27T15:00:00Z'), 120))).toBe('2026-03-30T08:00:00.000Z');
  });

  it('rejects negative or non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(plain, new Date(), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(plain, new Date(), Number.NaN)).toThrow(/minutes must be a finite number/);
    expect(() => addBusinessMinutes(plain, new Date('nope'), 10)).toThrow(/start must be a valid Date/);
  });

  it('refuses an unchecked calendar with no working time instead of looping', () => {
    const empty = { timeZone: 'Asia/Tehran', weeklyHours: [[], [], [], [], [], [], []], holidays: [] } as BusinessCalendar;
    expect(() => addBusinessMinutes(empty, new Date(), 10)).toThrow(/no working time/);
  });
});

describe('businessMinutesBetween', () => {
  it('Wednesday 16:00 → Saturday 09:00 is 1 h + 5 h + 1 h', () => {
    expect(businessMinutesBetween(plain, tehran('2026-11-25T16:00:00'), tehran('2026-11-28T09:00:00'))).toBe(420);
  });

  it('is 0 when to ≤ from', () => {
    const t = tehran('2026-11-25T10:00:00');
    expect(businessMinutesBetween(plain, t, t)).toBe(0);
    expect(businessMinutesBetween(plain, t, tehran('2026-11-25T09:00:00'))).toBe(0);
  });

  it('counts the real length of a 24-hour day across DST changes (23 h in spring, 25 h in autumn)', () => {
    const always = businessCalendarSchema.parse({
      timeZone: 'Europe/Berlin',
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]),
    });
    // Saturday 28 and Sunday 29 March 2026 (local midnights): 24 h + 23 h.
    expect(businessMinutesBetween(always, new Date('2026-03-27T23:00:00Z'), new Date('2026-03-29T22:00:00Z'))).toBe(47 * 60);
    // Saturday 24 and Sunday 25 October 2026: 24 h + 25 h.
    expect(businessMinutesBetween(always, new Date('2026-10-23T22:00:00Z'), new Date('2026-10-25T23:00:00Z'))).toBe(49 * 60);
  });

  it('an interval inside the skipped or repeated hour counts only instants whose wall time is in it', () => {
    const night = businessCalendarSchema.parse({
      timeZone: 'Europe/Berlin',
      weeklyHours: Array.from({ length: 7 }, () => [{ start: '01:30', end: '02:30' }]),
    });
    // 29 March: 02:00–03:00 does not exist, so only 01:30–02:00 CET remains.
    expect(businessMinutesBetween(night, new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'))).toBe(30);
    // 25 October: 01:30–02:30 CEST (60 min) and the repeated 02:00–02:30 CET (30 min).
    expect(businessMinutesBetween(night, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'))).toBe(90);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Independent oracle: reads an instant's wall time through its own Intl formatter and checks the calendar directly.

const oracleFormats = new Map<string, Intl.DateTimeFormat>();
function wallOf(timeZone: string, t: number) {
  let fmt = oracleFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    oracleFormats.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(t);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  const msOfDay = ((+p.hour * 60 + +p.minute) * 60 + +p.second) * 1000 + (((t % 1000) + 1000) % 1000);
  return { date, weekday: new Date(`${date}T00:00:00Z`).getUTCDay(), msOfDay };
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function isBusinessInstant(cal: BusinessCalendar, t: number): boolean {
  const w = wallOf(cal.timeZone, t);
  if (cal.holidays.some((h) => h.date === w.date)) return false;
  return cal.weeklyHours[w.weekday].some((iv) => toMin(iv.start) * 60_000 <= w.msOfDay && w.msOfDay < toMin(iv.end) * 60_000);
}

const MIN_DATE = new Date('2015-01-01T00:00:00Z');
const MAX_DATE = new Date('2035-12-31T00:00:00Z');
const anyStart = fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true });
const wholeMinuteStart = fc.integer({ min: MIN_DATE.getTime() / 60_000, max: MAX_DATE.getTime() / 60_000 }).map((m) => new Date(m * 60_000));

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** 0–3 non-overlapping intervals a day, on any minute, ending at 24:00 sometimes. */
const dayHours = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const out: { start: string; end: string }[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
  return out;
});
const customCalendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom('Asia/Tehran', 'Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Santiago'),
    weeklyHours: fc.array(dayHours, { minLength: 7, maxLength: 7 }).filter((w) => w.some((d) => d.length > 0)),
    holidays: fc.array(fc.date({ min: MIN_DATE, max: MAX_DATE, noInvalidDate: true }).map((d) => ({ date: d.toISOString().slice(0, 10) })), { maxLength: 40 }),
  })
  .map((input: BusinessCalendarInput) => businessCalendarSchema.parse(input));

/** Approximate DST change instants (UTC) per zone; starts are drawn from days around them. */
const DST_CHANGES: Record<string, string[]> = {
  'Asia/Tehran': ['2022-03-21T20:30:00Z', '2022-09-21T19:30:00Z'], // the last Iranian DST
  'Europe/Berlin': ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'],
  'America/New_York': ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'],
  'America/Santiago': ['2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z'], // changes at local midnight
  'Australia/Lord_Howe': ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'], // a 30-minute shift
};

const tehranWithHolidays = businessCalendarSchema.parse({
  holidays: Array.from({ length: 24 }, (_, i) => iranHolidays(1393 + i)).flat(),
});

describe('addBusinessMinutes / businessMinutesBetween — properties', () => {
  it('between(start, add(start, m)) = m', () => {
    fc.assert(fc.property(anyStart, fc.integer({ min: 0, max: 20_000 }), (start, m) => {
      expect(businessMinutesBetween(tehranWithHolidays, start, addBusinessMinutes(tehranWithHolidays, start, m))).toBe(m);
    }));
  });

  it('is strictly increasing in m and never earlier than the start', () => {
    fc.assert(fc.property(anyStart, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 1, max: 5_000 }), (start, m, extra) => {
      const a = addBusinessMinutes(tehranWithHolidays, start, m);
      const b = addBusinessMinutes(tehranWithHolidays, start, m + extra);
      expect(a.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(b.getTime()).toBeGreaterThan(a.getTime());
    }));
  });

  it('lands in working time (or exactly at an interval end) when m > 0', () => {
    fc.assert(fc.property(anyStart, fc.integer({ min: 1, max: 20_000 }), (start, m) => {
      const due = addBusinessMinutes(tehranWithHolidays, start, m).getTime();
      // The last millisecond counted is business time; `due` itself may be the closing instant.
      expect(isBusinessInstant(tehranWithHolidays, due - 1)).toBe(true);
    }));
  });

  it('a random valid custom calendar (zone, hours, holidays) keeps all of the above', () => {
    fc.assert(fc.property(customCalendar, anyStart, fc.integer({ min: 0, max: 20_000 }), (cal, start, m) => {
      const due = addBusinessMinutes(cal, start, m);
      expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());
      expect(businessMinutesBetween(cal, start, due)).toBe(m);
      if (m > 0) expect(isBusinessInstant(cal, due.getTime() - 1)).toBe(true);
    }), { numRuns: 200 });
  });

  it('matches a minute-by-minute count of business instants over a few days, DST changes included', () => {
    // Whole-minute instants, so every minute is wholly in or out (all these zones' offsets are whole minutes now).
    // Half the starts sit within days of one of the zone's DST changes, which random dates would rarely hit.
    const withStart = customCalendar.chain((cal) => {
      const near = (DST_CHANGES[cal.timeZone] ?? []).map((iso) =>
        fc.integer({ min: -4 * 1440, max: 1440 }).map((m) => new Date(Date.parse(iso) + m * 60_000)));
      return fc.tuple(fc.constant(cal), near.length ? fc.oneof(wholeMinuteStart, ...near) : wholeMinuteStart);
    });
    fc.assert(fc.property(withStart, fc.integer({ min: 0, max: 3 * 1440 }), ([cal, from], span) => {
      let expected = 0;
      for (let t = from.getTime(); t < from.getTime() + span * 60_000; t += 60_000) if (isBusinessInstant(cal, t)) expected++;
      expect(businessMinutesBetween(cal, from, new Date(from.getTime() + span * 60_000))).toBe(expected);
    }), { numRuns: 100 });
  });
});

// ---------------------------------------------------------------------------------------------------------------

function issuesOf(input: unknown) {
  const r = businessCalendarSchema.safeParse(input);
  if (r.success) throw new Error('expected the calendar to be rejected');
  return r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const week = (day: { start: string; end: string }[], index = 6) =>
  DEFAULT_WEEKLY_HOURS.map((d, i) => (i === index ? day : d));

describe('businessCalendarSchema', () => {
  it('fills the default Tehran week with no holidays', () => {
    expect(businessCalendarSchema.parse({})).toEqual({ timeZone: 'Asia/Tehran', weeklyHours: DEFAULT_WEEKLY_HOURS, holidays: [] });
  });

  it('accepts 24:00 as an end, touching intervals and another zone', () => {
    const r = businessCalendarSchema.safeParse({
      timeZone: 'Europe/Berlin',
      weeklyHours: week([{ start: '08:00', end: '12:00' }, { start: '12:00', end: '24:00' }]),
    });
    expect(r.success).toBe(true);
  });

  it('converts Jalali holidays, drops duplicates (keeping a name) and sorts', () => {
    const cal = businessCalendarSchema.parse({
      holidays: [{ date: '2026-03-22' }, { date: '1405/01/01' }, { date: '2026-03-21', name: 'نوروز' }, { date: '۱۴۰۵/۰۱/۰۲', name: 'نوروز' }],
    });
    expect(cal.holidays).toEqual([{ date: '2026-03-21', name: 'نوروز' }, { date: '2026-03-22', name: 'نوروز' }]);
  });

  it.each([
    ['start after end', week([{ start: '17:00', end: '08:00' }]), 'weeklyHours.6.0', /Saturday .*start 17:00 must be earlier than end 08:00/],
    ['start equal to end', week([{ start: '09:00', end: '09:00' }], 0), 'weeklyHours.0.0', /Sunday .*start 09:00 must be earlier than end 09:00/],
    ['hour above 23', week([{ start: '25:00', end: '17:00' }]), 'weeklyHours.6.0.start', /Saturday .*start "25:00" is not a valid time/],
    ['minute above 59', week([{ start: '08:00', end: '12:60' }]), 'weeklyHours.6.0.end', /Saturday .*end "12:60" is not a valid time/],
    ['time not HH:MM', week([{ start: '8:00', end: '17:00' }]), 'weeklyHours.6.0.start', /start "8:00" is not a valid time; use HH:MM/],
    ['24:00 as a start', week([{ start: '24:00', end: '24:00' }]), 'weeklyHours.6.0.start', /start "24:00" is not a valid time/],
    ['24:30 as an end', week([{ start: '20:00', end: '24:30' }]), 'weeklyHours.6.0.end', /end "24:30" is not a valid time/],
    ['overlapping intervals', week([{ start: '08:00', end: '12:00' }, { start: '11:00', end: '13:00' }], 3), 'weeklyHours.3.1', /Wednesday .*intervals 1 and 2 overlap/],
  ])('rejects %s, naming the field', (_name, weeklyHours, path, message) => {
    const issues = issuesOf({ weeklyHours });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(path);
    expect(issues[0].message).toMatch(message);
  });

  it('rejects a week with no working minutes', () => {
    expect(issuesOf({ weeklyHours: [[], [], [], [], [], [], []] })).toEqual([
      { path: 'weeklyHours', message: expect.stringMatching(/^weeklyHours has no working time/) },
    ]);
  });

  it('rejects a week that does not have 7 days', () => {
    expect(issuesOf({ weeklyHours: DEFAULT_WEEKLY_HOURS.slice(1) })).toEqual([
      { path: 'weeklyHours', message: expect.stringMatching(/weeklyHours must list exactly 7 days: index 0 is Sunday/) },
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(issuesOf({ timeZone: 'Asia/Esfahan' })).toEqual([
      { path: 'timeZone', message: expect.stringMatching(/^timeZone "Asia\/Esfahan" is not a time zone this server knows/) },
    ]);
  });

  it('rejects impossible holiday dates, Gregorian or Jalali', () => {
    expect(issuesOf({ holidays: [{ date: '2026-02-30' }, { date: '1405/13/01' }, { date: '1405/01/01' }] })).toEqual([
      { path: 'holidays.0.date', message: expect.stringMatching(/^holidays\[0\]\.date "2026-02-30" is not a real date/) },
      { path: 'holidays.1.date', message: expect.stringMatching(/^holidays\[1\]\.date "1405\/13\/01" is not a real date/) },
    ]);
  });
});

describe('Iranian holidays', () => {
  it('lists the fixed solar holidays of 1405 as Gregorian dates, and nothing lunar', () => {
    expect(iranHolidays(1405).map((h) => h.date)).toEqual([
      '2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', // Nowruz, 1–4 Farvardin
      '2026-04-01', '2026-04-02', // 12, 13 Farvardin
      '2026-06-04', '2026-06-05', // 14, 15 Khordad
      '2027-02-11', // 22 Bahman
      '2027-03-20', // 29 Esfand
    ]);
  });

  it('follows leap years: 1403 has 30 Esfand, so 1404 begins on 21 March 2025', () => {
    expect(iranHolidays(1403).at(-1)?.date).toBe('2025-03-19');
    expect(iranHolidays(1404)[0]).toEqual({ date: '2025-03-21', name: 'نوروز' });
  });

  it('rejects a year that is not a Jalali year', () => {
    expect(() => iranHolidays(2026)).toThrow(RangeError);
    expect(() => iranHolidays(1404.5)).toThrow(RangeError);
  });

  it('jalaliHoliday converts one date and refuses an impossible one', () => {
    expect(jalaliHoliday('1405/01/13', 'روز طبیعت')).toEqual({ date: '2026-04-02', name: 'روز طبیعت' });
    expect(() => jalaliHoliday('1405/12/31')).toThrow(/not a valid Jalali date/);
  });
});

describe('slaState', () => {
  // Opened Wednesday 16:00 with a 4-hour target: due Thursday 11:00 (see above).
  const startedAt = tehran('2026-11-25T16:00:00');
  const base = { calendar: plain, startedAt, targetMinutes: 240 };

  it('is ok before 80 % of the target, warning from 80 %, breached once it is all used', () => {
    // Thursday 09:00: 1 h + 1 h = 120 min elapsed.
    expect(slaState({ ...base, now: tehran('2026-11-26T09:00:00') })).toEqual({
      dueAt: new Date('2026-11-26T07:30:00Z'), remainingMinutes: 120, state: 'ok', paused: false,
    });
    // Thursday 10:11: 191 min elapsed, just under 192 (80 %).
    expect(slaState({ ...base, now: tehran('2026-11-26T10:11:00') }).state).toBe('ok');
    // Thursday 10:12: exactly 80 %.
    expect(slaState({ ...base, now: tehran('2026-11-26T10:12:00') })).toMatchObject({ remainingMinutes: 48, state: 'warning' });
    // Thursday 11:00: the deadline itself.
    expect(slaState({ ...base, now: tehran('2026-11-26T11:00:00') })).toMatchObject({ remainingMinutes: 0, state: 'breached' });
    // Saturday 08:30: 2 h over on Thursday + 30 min on Saturday; Friday adds nothing.
    expect(slaState({ ...base, now: tehran('2026-11-28T08:30:00') })).toMatchObject({
      dueAt: new Date('2026-11-26T07:30:00Z'), remainingMinutes: -150, state: 'breached',
    });
  });

  it('honours a custom warnAtFraction', () => {
    const now = tehran('2026-11-26T09:00:00'); // 50 % elapsed
    expect(slaState({ ...base, now, warnAtFraction: 0.5 }).state).toBe('warning');
    expect(slaState({ ...base, now, warnAtFraction: 0.6 }).state).toBe('ok');
    expect(() => slaState({ ...base, now, warnAtFraction: 0 })).toThrow(/warnAtFraction/);
  });

  it('a closed pause subtracts the business minutes inside it and moves the deadline', () => {
    // Waiting on the customer Thursday 08:30–10:00 (90 business minutes).
    const pauses = [{ from: tehran('2026-11-26T08:30:00'), to: tehran('2026-11-26T10:00:00') }];
    const r = slaState({ ...base, now: tehran('2026-11-26T10:30:00'), pauses });
    // Elapsed: Wed 60 + Thu 08:00–08:30 (30) + 10:00–10:30 (30) = 120.
    expect(r).toMatchObject({ remainingMinutes: 120, state: 'ok', paused: false });
    // 120 left from 10:30: 2.5 h remain Thursday → 12:30 Thursday.
    expect(iso(r.dueAt)).toBe('2026-11-26T09:00:00.000Z');
  });

  it('pause time outside hours subtracts nothing, and overlapping pauses count once', () => {
    const now = tehran('2026-11-26T10:00:00');
    const unpaused = slaState({ ...base, now });
    const overnight = slaState({ ...base, now, pauses: [{ from: tehran('2026-11-25T18:00:00'), to: tehran('2026-11-26T07:00:00') }] });
    expect(overnight.remainingMinutes).toBe(unpaused.remainingMinutes);
    const twice = slaState({
      ...base, now,
      pauses: [
        { from: tehran('2026-11-26T08:00:00'), to: tehran('2026-11-26T09:00:00') },
        { from: tehran('2026-11-26T08:30:00'), to: tehran('2026-11-26T09:30:00') },
      ],
    });
    // 90 minutes paused (08:00–09:30), not 120.
    expect(twice.remainingMinutes).toBe(unpaused.remainingMinutes + 90);
  });

  it('an open pause stops the clock: remaining time does not shrink while waiting', () => {
    const pauses = [{ from: tehran('2026-11-26T09:00:00') }];
    const at10 = slaState({ ...base, now: tehran('2026-11-26T10:00:00'), pauses });
    const at12 = slaState({ ...base, now: tehran('2026-11-26T12:00:00'), pauses });
    expect(at10).toMatchObject({ remainingMinutes: 120, state: 'ok', paused: true });
    expect(at12.remainingMinutes).toBe(120);
    // Projected as if the clock restarted now: Thursday 12:00 + 120 → 13:00 Thursday + 60 on Saturday = Sat 09:00.
    expect(iso(at12.dueAt)).toBe('2026-11-28T05:30:00.000Z');
  });

  it('a pause after the breach does not move dueAt back', () => {
    const r = slaState({
      ...base, now: tehran('2026-11-26T12:30:00'),
      pauses: [{ from: tehran('2026-11-26T12:00:00'), to: tehran('2026-11-26T12:30:00') }],
    });
    expect(r).toMatchObject({ dueAt: new Date('2026-11-26T07:30:00Z'), remainingMinutes: -60, state: 'breached' });
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => slaState({
      ...base, now: tehran('2026-11-26T12:00:00'),
      pauses: [{ from: tehran('2026-11-26T10:00:00'), to: tehran('2026-11-26T09:00:00') }],
    })).toThrow(/pauses\[0\] ends before it starts/);
  });
});
