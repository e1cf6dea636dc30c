/** A small in-memory fixed-window rate limiter per key (per instance), for public and login endpoints. */
import { AppError } from '../errors.ts';

export class RateLimiter {
  private hits = new Map<string, { n: number; resetAt: number }>();
  constructor(private limit: number, private windowMs: number) {}

  /** Counts a hit; throws RATE_LIMITED when the key is over its limit. */
  hit(key: string, now = Date.now()): void {
    let h = this.hits.get(key);
    if (!h || h.resetAt <= now) {
      h = { n: 0, resetAt: now + this.windowMs };
      this.hits.set(key, h);
      if (this.hits.size > 50_000) this.sweep(now);
    }
    h.n++;
    if (h.n > this.limit) {
      throw new AppError('RATE_LIMITED', 'Too many requests; try again shortly', { retryAfterSec: Math.ceil((h.resetAt - now) / 1000) });
    }
  }

  private sweep(now: number) {
    for (const [k, v] of this.hits) if (v.resetAt <= now) this.hits.delete(k);
  }
}
