/**
 * Wall-clock time in a named zone ⇄ UTC instants. Due dates are picked as "Tehran 10:00" even when the browser
 * runs in another zone, so the picker cannot rely on the browser's own offset.
 */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number };

export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23',
    year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallTimeIn(new Date(instantMs), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instantMs / 60_000) * 60_000;
}

export function instantFromWallTime(w: WallTime, timeZone: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = guess - offsetMs(guess, timeZone);
  // A second pass settles the answer when the first guess fell on the other side of a DST change.
  return new Date(guess - offsetMs(first, timeZone));
}
