import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { jsonDeeperThan } from './json-depth.ts';

/** Depth by the definition: the parsed value's nesting of arrays and objects (scalars 0). */
function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v !== null && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe('jsonDeeperThan', () => {
  it('counts nesting, not brackets inside strings or after escapes', () => {
    expect(jsonDeeperThan('1', 0)).toBe(false);
    expect(jsonDeeperThan('[]', 0)).toBe(true);
    expect(jsonDeeperThan('[]', 1)).toBe(false);
    expect(jsonDeeperThan('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(jsonDeeperThan('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(jsonDeeperThan('[[],[],[]]', 2)).toBe(false);
    expect(jsonDeeperThan('["[[[[", "\\"[[[["]', 1)).toBe(false);
    expect(jsonDeeperThan('["\\\\", [[]]]', 2)).toBe(true);
  });

  it('agrees with the depth of the parsed value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (v, max) => {
      expect(jsonDeeperThan(JSON.stringify(v), max)).toBe(depthOf(v) > max);
    }));
  });
});
