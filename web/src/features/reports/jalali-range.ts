/** Ready-made report ranges in the Jalali calendar (this year, last 12 months, this season …), as ISO dates. */
import jalaali from 'jalaali-js';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const gFromJ = (jy: number, jm: number, jd = 1) => { const g = jalaali.toGregorian(jy, jm, jd); return iso(g.gy, g.gm, g.gd); };
const shift = (jy: number, jm: number, n: number) => { const k = jy * 12 + jm - 1 + n; return { jy: Math.floor(k / 12), jm: (k % 12) + 1 }; };
const dayBefore = (isoDate: string) => new Date(Date.parse(isoDate + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);

export const PRESETS = ['thisYear', 'last12', 'lastYear', 'thisSeason', 'lastSeason', 'thisMonth', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

/** Today in a time zone, as an ISO date. */
export const todayIn = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const [y, m, d] = today.split('-').map(Number);
  const { jy, jm } = jalaali.toJalaali(y, m, d);
  const seasonFirst = Math.floor((jm - 1) / 3) * 3 + 1;
  switch (preset) {
    case 'thisYear': return { from: gFromJ(jy, 1), to: today };
    case 'last12': { const s = shift(jy, jm, -11); return { from: gFromJ(s.jy, s.jm), to: today }; }
    case 'lastYear': return { from: gFromJ(jy - 1, 1), to: dayBefore(gFromJ(jy, 1)) };
    case 'thisSeason': return { from: gFromJ(jy, seasonFirst), to: today };
    case 'lastSeason': { const s = shift(jy, seasonFirst, -3); return { from: gFromJ(s.jy, s.jm), to: dayBefore(gFromJ(jy, seasonFirst)) }; }
    case 'thisMonth': return { from: gFromJ(jy, jm), to: today };
  }
}
