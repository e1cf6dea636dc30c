/**
 * SLA deadline speed: 100k addBusinessMinutes calls (40 business hours each, from random instants over two years) on
 * the default Tehran calendar with two years of holidays. Run: npx tsx bench/business-hours.ts
 *
 * Each call is timed on its own (process.hrtime.bigint, ~tens of ns of overhead) and the median, p95 and p99 are
 * printed in µs. "warm" reuses one calendar object, as a server holding its parsed calendar does; "cold" parses a new
 * calendar object per call (schema parse + Intl offset lookups for every day touched), the worst case of a caller
 * that rebuilds the calendar on each request.
 */
import {
  addBusinessMinutes, businessCalendarSchema, businessMinutesBetween, iranHolidays, slaState,
} from '../server/modules/support/business-hours.ts';

const N = 100_000;
const COLD_N = 5_000;
const input = { holidays: [...iranHolidays(1404), ...iranHolidays(1405)] };
const calendar = businessCalendarSchema.parse(input);

// A fixed-seed generator, so runs are comparable.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const from = Date.parse('2025-03-21T00:00:00Z');
const starts = Array.from({ length: N }, () => new Date(from + Math.floor(random() * 2 * 365 * 86_400_000)));

function measure(label: string, count: number, call: (i: number) => unknown) {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    call(i);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  times.sort();
  const q = (p: number) => times[Math.min(count - 1, Math.floor(p * count))].toFixed(2);
  console.log(`${label.padEnd(56)} n=${String(count).padStart(6)}  median ${q(0.5)} µs  p95 ${q(0.95)} µs  p99 ${q(0.99)} µs`);
}

// Warm-up so the JIT and the day cache settle before timing (the cache holds at most a few hundred days here).
for (let i = 0; i < 10_000; i++) addBusinessMinutes(calendar, starts[i], 2400);

console.log(`node ${process.version}, ${N} deadline computations`);
measure('addBusinessMinutes 40 h (warm calendar)', N, (i) => addBusinessMinutes(calendar, starts[i], 40 * 60));
measure('addBusinessMinutes 4 h (warm calendar)', N, (i) => addBusinessMinutes(calendar, starts[i], 4 * 60));
measure('businessMinutesBetween 1 week (warm)', N, (i) =>
  businessMinutesBetween(calendar, starts[i], new Date(starts[i].getTime() + 7 * 86_400_000)));
measure('slaState 40 h target, one pause (warm)', N, (i) => slaState({
  calendar, startedAt: starts[i], targetMinutes: 2400, now: new Date(starts[i].getTime() + 3 * 86_400_000),
  pauses: [{ from: new Date(starts[i].getTime() + 3_600_000), to: new Date(starts[i].getTime() + 7_200_000) }],
}));
measure('addBusinessMinutes 40 h (cold: new calendar per call)', COLD_N, (i) =>
  addBusinessMinutes({ ...calendar }, starts[i], 40 * 60));
