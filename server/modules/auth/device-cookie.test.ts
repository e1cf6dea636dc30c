/**
 * The throttle's device cookie on its own: an entry is "<id>.<HMAC-SHA256(secret, email|id) in base64url>", entries
 * joined by "~"; only an entry made for this account with this secret makes the browser a known device.
 */
import { describe, it, expect } from 'vitest';
import { createHmac } from 'node:crypto';
import { deviceCookieAfterLogin, knownDevice } from './device-cookie.ts';

const SECRET = 'device-secret-for-tests-0123456789';
const mac = (email: string, id: string, secret = SECRET) => createHmac('sha256', secret).update(`${email}|${id}`).digest('base64url');
const entry = (email: string, id: string, secret = SECRET) => `${id}.${mac(email, id, secret)}`;

describe('knownDevice', () => {
  it('finds the account’s entry among others, the email in any case and spacing', () => {
    const cookie = [entry('other@x.example', 'o1'), entry('sara@x.example', 'd1'), entry('third@x.example', 't1')].join('~');
    expect(knownDevice(SECRET, 'sara@x.example', cookie)).toBe('d1');
    expect(knownDevice(SECRET, ' Sara@X.example ', cookie)).toBe('d1');
    expect(knownDevice(SECRET, 'other@x.example', cookie)).toBe('o1');
  });

  it('refuses entries made for another account, with another secret, altered, or malformed', () => {
    expect(knownDevice(SECRET, 'sara@x.example', undefined)).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', '')).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', entry('other@x.example', 'd1'))).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', entry('sara@x.example', 'd1', 'another-secret-0123456789'))).toBeNull();
    // Moved to another id: the MAC no longer matches.
    expect(knownDevice(SECRET, 'sara@x.example', `d2.${mac('sara@x.example', 'd1')}`)).toBeNull();
    // Cut short, or one character changed.
    const good = mac('sara@x.example', 'd1');
    expect(knownDevice(SECRET, 'sara@x.example', `d1.${good.slice(0, -1)}`)).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', `d1.${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    // No id, no MAC, or a third part.
    expect(knownDevice(SECRET, 'sara@x.example', `.${good}`)).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', 'd1.')).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', 'd1')).toBeNull();
    expect(knownDevice(SECRET, 'sara@x.example', `${entry('sara@x.example', 'd1')}.extra`)).toBeNull();
  });

  it('skips a malformed entry and still finds the good one after it', () => {
    expect(knownDevice(SECRET, 'sara@x.example', `junk~d1.~${entry('sara@x.example', 'd9')}`)).toBe('d9');
  });
});

describe('deviceCookieAfterLogin', () => {
  it('keeps the account’s existing entry (same id) and the other accounts’ entries', () => {
    const others = [entry('a@x.example', 'a1'), entry('b@x.example', 'b1')];
    const mine = entry('sara@x.example', 'd1');
    const next = deviceCookieAfterLogin(SECRET, 'sara@x.example', [others[0], mine, others[1]].join('~'));
    expect(next).toBe([...others, mine].join('~'));
  });

  it('makes a new signed entry for a browser without one, with a random id', () => {
    const first = deviceCookieAfterLogin(SECRET, 'sara@x.example', undefined);
    expect(first.split('~')).toHaveLength(1);
    const id = knownDevice(SECRET, 'sara@x.example', first)!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(first).toBe(entry('sara@x.example', id));
    const second = deviceCookieAfterLogin(SECRET, 'sara@x.example', '');
    expect(knownDevice(SECRET, 'sara@x.example', second)).not.toBe(id);
  });

  it('keeps at most four other accounts’ entries, the newest', () => {
    const others = ['a', 'b', 'c', 'd', 'e'].map((k) => entry(`${k}@x.example`, `${k}1`));
    const next = deviceCookieAfterLogin(SECRET, 'sara@x.example', others.join('~')).split('~');
    expect(next).toHaveLength(5);
    expect(next.slice(0, 4)).toEqual(others.slice(1));
    expect(knownDevice(SECRET, 'sara@x.example', next[4])).not.toBeNull();
  });

  it('drops empty entries', () => {
    const a = entry('a@x.example', 'a1');
    const next = deviceCookieAfterLogin(SECRET, 'sara@x.example', `~${a}~~`).split('~');
    expect(next[0]).toBe(a);
    expect(next).toHaveLength(2);
  });
});
