/**
 * The login throttle's rules on their own (docs/decisions.md, "Login throttling"): the table of keys, the doubling
 * wait, the hourly budget (ASVS 5.0 6.3.1: at most 100 failures an hour on an account), and which refusal is told.
 * Expected values are worked out by hand from that table.
 */
import { describe, it, expect } from 'vitest';
import {
  THROTTLE, budgetRowOffset, clearedOnSuccess, longestWait, retryAfterSec, retryMsFor, throttleKeys, waitAfter,
} from './throttle-rules.ts';

const { account, address, pair, device } = THROTTLE.rules;
const NOW = new Date('2026-03-21T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe('the rules table', () => {
  it('is the table of docs/decisions.md: a rolling hour; 100 failures an hour per account, address and pair, 20 per device', () => {
    expect(THROTTLE.windowMs).toBe(60 * 60 * 1000);
    expect(account).toEqual({ free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 });
    expect(address).toEqual({ free: 10, firstWaitMs: 1000, maxWaitMs: 30_000, perHour: 100 });
    expect(pair).toEqual({ free: 5, firstWaitMs: 2000, maxWaitMs: 5 * 60_000, perHour: 100 });
    expect(device).toEqual({ free: 5, firstWaitMs: 1000, maxWaitMs: 60_000, perHour: 20 });
  });
});

describe('throttleKeys', () => {
  it('an unknown device counts against the account, the address and the pair; the email in one spelling', () => {
    expect(throttleKeys({ email: '  Sara@Example.COM ', ip: '203.0.113.9', deviceId: null })).toEqual([
      { key: 'acct:sara@example.com', reason: 'account' },
      { key: 'ip:203.0.113.9', reason: 'address' },
      { key: 'pair:sara@example.com|203.0.113.9', reason: 'pair' },
    ]);
  });
  it('a known device counts only against itself, wherever it connects from', () => {
    const a = throttleKeys({ email: 'Sara@Example.com', ip: '203.0.113.9', deviceId: 'dev1' });
    expect(a).toEqual([{ key: 'dev:sara@example.com|dev1', reason: 'device' }]);
    expect(throttleKeys({ email: 'sara@example.com', ip: '198.51.100.1', deviceId: 'dev1' })).toEqual(a);
  });
  it('an empty device id is an unknown device', () => {
    expect(throttleKeys({ email: 'a@b.c', ip: '::1', deviceId: '' }).map((k) => k.reason)).toEqual(['account', 'address', 'pair']);
  });
});

describe('waitAfter', () => {
  it('is 0 during the free failures, then doubles from the first wait up to the cap', () => {
    // account: 10 free, then 1 s, 2 s, 4 s, 8 s, 16 s, 30 s (32 s capped).
    expect([0, 9, 10, 11, 12, 13, 14, 15, 16].map((n) => waitAfter(account, n))).toEqual([0, 0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    // pair: 5 free, then 2 s … 256 s, then 5 min.
    expect([4, 5, 6, 12, 13].map((n) => waitAfter(pair, n))).toEqual([0, 2000, 4000, 256_000, 300_000]);
    // device: 5 free, then 1 s … 32 s, then 60 s.
    expect([4, 5, 10, 11].map((n) => waitAfter(device, n))).toEqual([0, 1000, 32_000, 60_000]);
  });
  it('stays at the cap however many failures (no overflow to Infinity or NaN)', () => {
    for (const n of [40, 41, 100, 1000, 1e6]) expect(waitAfter(account, n)).toBe(30_000);
    expect(waitAfter({ free: 0, firstWaitMs: 1, maxWaitMs: Number.MAX_SAFE_INTEGER, perHour: 1 }, 31)).toBe(2 ** 30);
    expect(waitAfter({ free: 0, firstWaitMs: 1, maxWaitMs: Number.MAX_SAFE_INTEGER, perHour: 1 }, 1000)).toBe(2 ** 30);
  });
});

describe('the hourly budget', () => {
  it('under budget no row is looked up; at n failures the (n − budget)-th oldest decides', () => {
    expect(budgetRowOffset(account, 0)).toBeNull();
    expect(budgetRowOffset(account, 99)).toBeNull();
    expect(budgetRowOffset(account, 100)).toBe(0);
    expect(budgetRowOffset(account, 103)).toBe(3);
    expect(budgetRowOffset(device, 19)).toBeNull();
    expect(budgetRowOffset(device, 20)).toBe(0);
  });

  it('100 failures in the hour: the 101st waits until the oldest leaves the hour', () => {
    // The oldest of the 100 was 50 minutes ago, the last 40 s ago (the 30 s wait is over): 10 minutes to wait.
    const ms = retryMsFor(account, { n: 100, last: ago(40_000) }, ago(50 * 60_000), NOW);
    expect(ms).toBe(10 * 60_000);
  });

  it('the budget row may come as the driver’s text', () => {
    expect(retryMsFor(account, { n: 100, last: null }, ago(50 * 60_000).toISOString(), NOW)).toBe(10 * 60_000);
  });

  it('a budget row that has just left the hour means no wait from the budget', () => {
    expect(retryMsFor(account, { n: 100, last: null }, ago(60 * 60_000), NOW)).toBe(0);
  });

  it('the growing wait runs from the last failure, and the longer of the two applies', () => {
    // 12 failures (account): 4 s after the last, which was 1 s ago → 3 s.
    expect(retryMsFor(account, { n: 12, last: ago(1000) }, null, NOW)).toBe(3000);
    // The wait is over: nothing (negative is "no wait").
    expect(retryMsFor(account, { n: 12, last: ago(5000) }, null, NOW)).toBeLessThanOrEqual(0);
    // Free failures: no wait even right after the last one.
    expect(retryMsFor(account, { n: 9, last: NOW }, null, NOW)).toBe(0);
    // Over budget, with the budget row leaving in 2 s but the 30 s wait after a failure 1 s ago: 29 s.
    expect(retryMsFor(account, { n: 100, last: ago(1000) }, ago(3600_000 - 2000), NOW)).toBe(29_000);
    // Over budget, the budget row leaving in 10 min, the 30 s wait nearly over: 10 min.
    expect(retryMsFor(account, { n: 100, last: ago(29_000) }, ago(50 * 60_000), NOW)).toBe(10 * 60_000);
    // The last failure's time may come as the driver's text.
    expect(retryMsFor(account, { n: 12, last: ago(1000).toISOString() }, null, NOW)).toBe(3000);
  });

  it('without a last time only the budget counts; a budget row under budget is ignored', () => {
    expect(retryMsFor(account, { n: 12, last: null }, null, NOW)).toBe(0);
    expect(retryMsFor(account, { n: 50, last: null }, ago(1000), NOW)).toBe(0);
  });
});

describe('the refusal told', () => {
  it('is the longest positive wait, with its reason; none when nobody waits', () => {
    expect(longestWait([])).toBeUndefined();
    expect(longestWait([{ retryMs: 0, reason: 'account' }, { retryMs: -5, reason: 'pair' }])).toBeUndefined();
    expect(longestWait([{ retryMs: 2000, reason: 'account' }, { retryMs: 0, reason: 'address' }, { retryMs: 8000, reason: 'pair' }]))
      .toEqual({ retryMs: 8000, reason: 'pair' });
    expect(longestWait([{ retryMs: 9000, reason: 'account' }, { retryMs: 8000, reason: 'pair' }])).toEqual({ retryMs: 9000, reason: 'account' });
    expect(longestWait([{ retryMs: 1, reason: 'address' }])).toEqual({ retryMs: 1, reason: 'address' });
    // A tie keeps the first key's reason.
    expect(longestWait([{ retryMs: 3000, reason: 'account' }, { retryMs: 3000, reason: 'pair' }])).toEqual({ retryMs: 3000, reason: 'account' });
  });

  it('Retry-After is whole seconds rounded up, at least 1', () => {
    expect(retryAfterSec(1)).toBe(1);
    expect(retryAfterSec(999)).toBe(1);
    expect(retryAfterSec(1000)).toBe(1);
    expect(retryAfterSec(1001)).toBe(2);
    expect(retryAfterSec(600_000)).toBe(600);
    expect(retryAfterSec(0)).toBe(1);
  });
});

describe('clearedOnSuccess', () => {
  it('a good password clears the device’s or the pair’s failures, never the account’s or the address’s', () => {
    expect(clearedOnSuccess(throttleKeys({ email: 'a@b.c', ip: '192.0.2.1', deviceId: null }))).toEqual(['pair:a@b.c|192.0.2.1']);
    expect(clearedOnSuccess(throttleKeys({ email: 'a@b.c', ip: '192.0.2.1', deviceId: 'd' }))).toEqual(['dev:a@b.c|d']);
    expect(clearedOnSuccess([{ key: 'acct:x', reason: 'account' }, { key: 'ip:y', reason: 'address' }])).toEqual([]);
  });
});
