/**
 * Ready-made report ranges in the reader's calendar (this year, last 12 months, this season or quarter …), as ISO
 * dates: Jalali years, months and seasons, or Gregorian years, months and quarters.
 */
import jalaali from 'jalaali-js';
import type { Calendar } from '../../api/types';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const gFromJ = (jy: number, jm: number, jd = 1) => { const g = jalaali.toGregorian(jy, jm, jd); return iso(g.gy, g.gm, g.gd); };
const shift = (jy: number, jm: number, n: number) => { const k = jy * 12 + jm - 1 + n; return { jy: Math.floor(k / 12), jm: (k % 12) + 1 }; };
const dayBefore = (isoDate: string) => new Date(Date.parse(isoDate + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);

export const PRESETS = ['thisYear', 'last12', 'lastYear', 'thisSeason', 'lastSeason', 'thisMonth', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

/** Today in a time zone, as an ISO date. */
export const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export function presetRange(preset: Exclude<Preset, 'custom'>, today: string, calendar: Calendar = 'jalali'): { from: string; to: string } {
  const [gy, gm, gd] = today.split('-').map(Number);
  const { jy: y, jm: m } = calendar === 'jalali' ? jalaali.toJalaali(gy, gm, gd) : { jy: gy, jm: gm };
  const start = (yy: number, mm: number) => (calendar === 'jalali' ? gFromJ(yy, mm) : iso(yy, mm, 1));
  const seasonFirst = Math.floor((m - 1) / 3) * 3 + 1;
  switch (preset) {
    case 'thisYear': return { from: start(y, 1), to: today };
    case 'last12': { const s = shift(y, m, -11); return { from: start(s.jy, s.jm), to: today }; }
    case 'lastYear': return { from: start(y - 1, 1), to: dayBefore(start(y, 1)) };
    case 'thisSeason': return { from: start(y, seasonFirst), to: today };
    case 'lastSeason': { const s = shift(y, seasonFirst, -3); return { from: start(s.jy, s.jm), to: dayBefore(start(y, seasonFirst)) }; }
    case 'thisMonth': return { from: start(y, m), to: today };
  }
}
