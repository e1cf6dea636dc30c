/** The refit's fit sample: at most FIT_SAMPLE customers, chosen by a hash of the id, the same whatever the order. */
import { describe, expect, it } from 'vitest';
import { fitSample } from './index.ts';

const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, x: i % 7 }));

describe('fitSample', () => {
  it('keeps every row when there are no more than the sample size', () => {
    expect(fitSample(rows, 5000)).toBe(rows);
  });
  it('takes exactly the sample size, each row once, from the rows given', () => {
    const s = fitSample(rows, 1000);
    expect(s).toHaveLength(1000);
    expect(new Set(s.map((r) => r.id)).size).toBe(1000);
    const ids = new Set(rows.map((r) => r.id));
    for (const r of s) expect(ids.has(r.id)).toBe(true);
  });
  it('chooses the same customers whatever the order of the rows (so nightly scores do not jitter)', () => {
    const a = new Set(fitSample(rows, 1000).map((r) => r.id));
    const b = new Set(fitSample([...rows].reverse(), 1000).map((r) => r.id));
    expect(b).toEqual(a);
  });
  it('a customer in a smaller business’s sample stays in it as more customers arrive (a prefix of one hash order)', () => {
    const small = new Set(fitSample(rows.slice(0, 4000), 1000).map((r) => r.id));
    const big = fitSample(rows, 1000).map((r) => r.id);
    const inBoth = big.filter((id) => small.has(id)).length;
    // The 1,000 lowest hashes of 5,000 rows that are in the first 4,000 are among that subset's 1,000 lowest.
    expect(inBoth).toBe(big.filter((id) => Number(id.slice(-12)) < 4000).length);
  });
  it('is not the first rows: ids spread over the whole list', () => {
    const idx = fitSample(rows, 1000).map((r) => Number(r.id.slice(-12)));
    expect(idx.filter((i) => i < 2500).length).toBeGreaterThan(400);
    expect(idx.filter((i) => i >= 2500).length).toBeGreaterThan(400);
  });
});
