import { describe, it, expect } from 'vitest';
import { dayBounds } from './tasks.service.ts';

describe('dayBounds', () => {
  it('gives the Tehran day (UTC+3:30) around midnight', () => {
    // 21:00 UTC is 00:30 the next day in Tehran.
    const { start, end } = dayBounds(new Date('2026-11-23T21:00:00Z'), 'Asia/Tehran');
    expect(start.toISOString()).toBe('2026-11-23T20:30:00.000Z');
    expect(end.toISOString()).toBe('2026-11-24T20:30:00.000Z');
  });

  it('gives the UTC day for UTC', () => {
    const { start } = dayBounds(new Date('2026-11-23T21:00:00Z'), 'UTC');
    expect(start.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });
});
