import { describe, it, expect } from 'vitest';
import { issueChallenge, leadingZeroBits, solvePow, verifyPow, POW_TTL_MS } from './pow.ts';

const now = new Date('2026-11-23T08:00:00Z');
describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0x00, 0x00, 0xff]))).toBe(16);
    expect(leadingZeroBits(Buffer.from([0x0f, 0x00]))).toBe(4);
    expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Buffer.from([0x00, 0x01]))).toBe(15);
  });
  it('accepts a solved challenge of this form and refuses a forged, foreign, expired or unsolved one', () => {
    const c = issueChallenge('s3cret', 'form-a', 6, now);
    const n = solvePow(c, 6);
    expect(verifyPow('s3cret', 'form-a', 6, c, n, now)).toMatchObject({ ok: true });
    expect(verifyPow('other', 'form-a', 6, c, n, now)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyPow('s3cret', 'form-b', 6, c, n, now)).toEqual({ ok: false, reason: 'form' });
    expect(verifyPow('s3cret', 'form-a', 6, c, n, new Date(now.getTime() + POW_TTL_MS))).toEqual({ ok: false, reason: 'expired' });
    // A lower difficulty written into the challenge breaks its signature.
    expect(verifyPow('s3cret', 'form-a', 6, c.replace('.6.', '.1.'), n, now)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyPow('s3cret', 'form-a', 6, c, 'abc', now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
