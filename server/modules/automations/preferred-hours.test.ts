/** The hours rule, with instants worked out by hand (Tehran is UTC+03:30 all year since 2022). */
import { describe, it, expect } from 'vitest';
import { insideHours, nextInsideHours, minutesOf, hmOf } from '../../../common/preferences.schemas.ts';
import { deliveryTime } from './automations.actions.ts';

const at = (iso: string) => new Date(iso);
const hours = (from: string, to: string) => ({ contactFrom: minutesOf(from), contactTo: minutesOf(to) });

describe('preferred hours', () => {
  it('stores HH:MM as minutes and back', () => {
    expect(minutesOf('17:30')).toBe(1050);
    expect(hmOf(1050)).toBe('17:30');
    expect(hmOf(0)).toBe('00:00');
  });

  it('a window is half open, and one ending before it starts spans midnight', () => {
    expect(insideHours(minutesOf('17:00'), 1020, 1140)).toBe(true);
    expect(insideHours(minutesOf('19:00'), 1020, 1140)).toBe(false);
    expect(insideHours(minutesOf('23:30'), 1320, 120)).toBe(true);
    expect(insideHours(minutesOf('01:59'), 1320, 120)).toBe(true);
    expect(insideHours(minutesOf('02:00'), 1320, 120)).toBe(false);
  });

  it('the next moment inside the hours', () => {
    // 07:00Z = 10:30 Tehran: inside 09:00–12:00 → now.
    expect(nextInsideHours(at('2026-12-06T07:00:00Z'), 540, 720).toISOString()).toBe('2026-12-06T07:00:00.000Z');
    // 10:30 Tehran, hours 17:00–19:00 → 17:00 Tehran = 13:30Z.
    expect(nextInsideHours(at('2026-12-06T07:00:00Z'), 1020, 1140).toISOString()).toBe('2026-12-06T13:30:00.000Z');
    // 16:00Z = 19:30 Tehran, past the window → tomorrow 17:00 Tehran = 2026-12-07T13:30Z.
    expect(nextInsideHours(at('2026-12-06T16:00:00Z'), 1020, 1140).toISOString()).toBe('2026-12-07T13:30:00.000Z');
    // 20:45Z = 00:15 Tehran on Dec 7, inside 22:00–02:00 → now.
    expect(nextInsideHours(at('2026-12-06T20:45:00Z'), 1320, 120).toISOString()).toBe('2026-12-06T20:45:00.000Z');
    // Last day of a month: 2026-12-31 16:00Z = 19:30 Tehran → 2027-01-01 17:00 Tehran = 13:30Z.
    expect(nextInsideHours(at('2026-12-31T16:00:00Z'), 1020, 1140).toISOString()).toBe('2027-01-01T13:30:00.000Z');
    expect(nextInsideHours(at('2026-12-06T07:00:00Z'), null, null).toISOString()).toBe('2026-12-06T07:00:00.000Z');
  });

  it('advertising also waits for 09:00–21:00; hours that never meet those give way to them', () => {
    // 10:30 Tehran, hours 08:00–10:00: tomorrow 08:00 is quiet, 09:00 Tehran (05:30Z) is in both.
    expect(deliveryTime(at('2026-12-06T07:00:00Z'), hours('08:00', '10:00'), true).toISOString()).toBe('2026-12-07T05:30:00.000Z');
    // The same for a service text: tomorrow 08:00 Tehran = 04:30Z.
    expect(deliveryTime(at('2026-12-06T07:00:00Z'), hours('08:00', '10:00'), false).toISOString()).toBe('2026-12-07T04:30:00.000Z');
    // 22:00–02:00 never meets 09:00–21:00: an advert goes at the next legal moment (now, 10:30 Tehran).
    expect(deliveryTime(at('2026-12-06T07:00:00Z'), hours('22:00', '02:00'), true).toISOString()).toBe('2026-12-06T07:00:00.000Z');
    // No hours, 22:00 Tehran (18:30Z): an advert waits for 09:00 Tehran the next day (05:30Z).
    expect(deliveryTime(at('2026-12-06T18:30:00Z'), { contactFrom: null, contactTo: null }, true).toISOString()).toBe('2026-12-07T05:30:00.000Z');
  });
});
