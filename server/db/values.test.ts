import { describe, it, expect } from 'vitest';
import { toIso } from './values.ts';

describe('toIso', () => {
  it('reads Dates, ISO strings and Postgres timestamptz text alike', () => {
    const want = '2026-11-23T09:29:13.158Z';
    expect(toIso(new Date(want))).toBe(want);
    expect(toIso(want)).toBe(want);
    expect(toIso('2026-11-23 09:29:13.158+00')).toBe(want);
    expect(toIso('2026-11-23 12:59:13.158+03:30')).toBe(want);
    expect(toIso('2026-11-23 09:29:13.158')).toBe(want);
  });
});
