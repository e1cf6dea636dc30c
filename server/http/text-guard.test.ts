import { describe, it, expect } from 'vitest';
import { PassThrough } from 'node:stream';
import { findNul } from './text-guard.ts';

describe('findNul', () => {
  it('finds a NUL in parsed values by its path', () => {
    expect(findNul({ a: ['x', 'y\u0000'] })).toBe('a.1');
    expect(findNul('\u0000')).toBe('');
    expect(findNul({ a: 'fine' })).toBeUndefined();
  });

  it('does not walk into a streamed body (an import upload): its object graph is not text, and has cycles', () => {
    const body = new PassThrough();
    Object.assign(body, { loop: { back: body, note: 'a\u0000b' } });
    expect(findNul(body)).toBeUndefined();
  });
});
