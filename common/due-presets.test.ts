/** Due presets in the user's zone (values worked out by hand: Tehran is UTC+03:30 all year; Berlin +1 / +2 in summer). */
import { describe, expect, it } from 'vitest';
import { defaultDue, duePresets, snoozeHour } from './due-presets.ts';

describe('due presets', () => {
  it('in Tehran at 14:20: later today 17:00, tomorrow 10:00, next week and in two weeks at 14:20', () => {
    expect(duePresets(new Date('2026-12-05T10:50:00Z'), 'Asia/Tehran')).toEqual({
      laterToday: '2026-12-05T13:30:00.000Z', tomorrow: '2026-12-06T06:30:00.000Z',
      nextWeek: '2026-12-12T10:50:00.000Z', twoWeeks: '2026-12-19T10:50:00.000Z',
    });
  });
  it('does not offer later today past the working day, and crosses a year end on the user’s calendar', () => {
    const p = duePresets(new Date('2026-12-31T18:30:00Z'), 'Asia/Tehran'); // 22:00 in Tehran
    expect(p.laterToday).toBeNull();
    expect(p.tomorrow).toBe('2027-01-01T06:30:00.000Z');
    expect(duePresets(new Date('2026-12-05T15:00:00Z'), 'Asia/Tehran').laterToday).toBeNull(); // 18:30 → 21:00 is past 20:00
    expect(duePresets(new Date('2026-12-05T14:30:00Z'), 'Asia/Tehran').laterToday).toBe('2026-12-05T16:30:00.000Z'); // 18:00 → 20:00
  });
  it('follows the user’s zone, not the machine’s, across a daylight-saving change', () => {
    // 10:00 summer time in Berlin; a week later the clocks went back: 10:00 is then 09:00 UTC.
    expect(duePresets(new Date('2026-10-20T08:00:00Z'), 'Europe/Berlin').nextWeek).toBe('2026-10-27T09:00:00.000Z');
    expect(defaultDue(new Date('2026-12-05T10:50:00Z'), 'Europe/Berlin')).toBe('2026-12-06T09:00:00.000Z');
    expect(defaultDue(new Date('2026-12-05T10:50:00Z'), 'Asia/Tehran')).toBe('2026-12-06T06:30:00.000Z');
  });
  it('snoozes by an hour from now, or from a due time still ahead', () => {
    const now = new Date('2026-12-05T10:00:00Z');
    expect(snoozeHour(now, '2026-12-05T08:00:00Z')).toBe('2026-12-05T11:00:00.000Z');
    expect(snoozeHour(now, '2026-12-05T12:00:00Z')).toBe('2026-12-05T13:00:00.000Z');
    expect(snoozeHour(now, null)).toBe('2026-12-05T11:00:00.000Z');
  });
});
