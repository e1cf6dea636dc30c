import { describe, it, expect } from 'vitest';
import { RateLimiter } from './rate-limit.ts';
import { AppError } from '../errors.ts';

describe('RateLimiter', () => {
  it('allows the limit per window, then refuses with a retry time, then allows again', () => {
    const rl = new RateLimiter(3, 1000);
    for (let i = 0; i < 3; i++) rl.hit('a', 0);
    let err: unknown;
    try { rl.hit('a', 100); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('RATE_LIMITED');
    expect((err as AppError).details).toEqual({ retryAfterSec: 1 });
    rl.hit('b', 100);
    expect(() => rl.hit('a', 1000)).not.toThrow();
  });
});
