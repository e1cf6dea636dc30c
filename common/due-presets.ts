/**
 * Due-date presets for tasks and promises, computed in the user's time zone (Asia/Tehran unless the user chose
 * another), never the browser's: "tomorrow 10:00" is 10:00 where the user works, whatever machine they are on.
 * Working hours for "later today": 08:00–20:00; later today is two full hours ahead (14:20 → 17:00), and is not
 * offered when that would pass the end of the working day.
 */
import { instantFromWallTime, wallTimeIn, type WallTime } from './zoned-time.ts';

export const DUE_PRESETS = ['laterToday', 'tomorrow', 'nextWeek', 'twoWeeks'] as const;
export type DuePreset = (typeof DUE_PRESETS)[number];
export const WORKDAY_END_HOUR = 20;
export const DEFAULT_DUE_HOUR = 10;

/** The wall time `days` later (calendar days in that zone), at `hour:minute` or the same time of day. */
function shift(w: WallTime, days: number, at?: { hour: number; minute: number }): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: at?.hour ?? w.hour, minute: at?.minute ?? w.minute };
}

/** Each preset's instant (ISO), or null when it does not apply now (later today, late in the day). */
export function duePresets(now: Date, timeZone: string): Record<DuePreset, string | null> {
  const w = wallTimeIn(now, timeZone);
  const laterHour = w.hour + 2 + (w.minute > 0 ? 1 : 0);
  const at = (x: WallTime) => instantFromWallTime(x, timeZone).toISOString();
  return {
    laterToday: laterHour <= WORKDAY_END_HOUR ? at({ ...w, hour: Math.max(laterHour, 8), minute: 0 }) : null,
    tomorrow: at(shift(w, 1, { hour: DEFAULT_DUE_HOUR, minute: 0 })),
    nextWeek: at(shift(w, 7)),
    twoWeeks: at(shift(w, 14)),
  };
}

/** A new task's or promise's due time when the user has not picked one: tomorrow at 10:00 in their zone. */
export function defaultDue(now: Date, timeZone: string): string {
  return duePresets(now, timeZone).tomorrow!;
}

/** Snoozing an open task: by an hour from now (or from its due time if that is later), or to a preset. */
export function snoozeHour(now: Date, dueAt: string | null): string {
  const from = Math.max(now.getTime(), dueAt ? Date.parse(dueAt) : 0);
  return new Date(from + 3600_000).toISOString();
}
