/**
 * The password policy's finer rules (docs/decisions.md, "Passwords"), each with the answer it must give: the common
 * and Persian dictionaries, score 3 (≥ 10^8 guesses) is enough, which parts of a name or email count as the user's own
 * words (three letters or more; not the endings every address has), mobile numbers without a prefix, and the 400 the
 * API answers with. The first test builds the strength checker, so it checks the dictionaries it is built with.
 */
import { describe, expect, it } from 'vitest';
import { assertAcceptablePassword, passwordProblem } from './password-policy.ts';
import { AppError } from '../../errors.ts';

describe('the strength checker', () => {
  it('knows the common passwords and the Persian weak words (first use builds it)', () => {
    expect(passwordProblem('Persepolis1402')).toBe('common');
    expect(passwordProblem('password1234')).toBe('common');
    expect(passwordProblem('سلام۱۲۳۴۵۶۷۸')).toBe('common');
  });

  it('score 3 (≥ 10^8 guesses) is enough: such a password is accepted', () => {
    expect(passwordProblem('winter7garden')).toBeNull();
  });

  it('weak without a dictionary word is "weak"; with common words among others, "common"', () => {
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('weak');
    expect(passwordProblem('abcdefghijkl')).toBe('weak');
    expect(passwordProblem('111111111111')).toBe('weak');
    expect(passwordProblem('passwordzebra1')).toBe('common');
    // A repeated ordinary word is weak, not a common password.
    expect(passwordProblem('zebrazebra12')).toBe('weak');
  });
});

describe('the user’s own words', () => {
  it('a three-letter name or email part counts', () => {
    expect(passwordProblem('zoqzoqzoq1234', { email: 'zoq@x.example' })).toBe('personal');
    expect(passwordProblem('zoqzoqzoq1234', { name: 'Zoq Brill' })).toBe('personal');
    expect(passwordProblem('brill-zoq-quartz', { name: 'Zoq Brill' })).toBe('personal');
    expect(passwordProblem('brillzoqzoq12', { name: 'Zoq\u200cBrill' })).toBe('personal');
  });

  it('a name or email part in l33t spelling is still the user’s (zxcvbn’s own matching)', () => {
    const who = { name: 'Zoqbert Brillant', email: 'zoqbert@x.example' };
    expect(passwordProblem('z0qb3rt12345', who)).toBe('personal');
    expect(passwordProblem('br1ll4nt1234', who)).toBe('personal');
    // For someone else the same passwords are strong enough.
    expect(passwordProblem('z0qb3rt12345', {})).toBeNull();
  });

  it('the email is read without surrounding spaces and in any case', () => {
    expect(passwordProblem('sarasara1234', { email: ' sara@x.example' })).toBe('personal');
    expect(passwordProblem('sarasara1234', { email: 'SARA@X.example' })).toBe('personal');
  });

  it('the organization’s part of the domain counts; the endings every address has do not', () => {
    expect(passwordProblem('acmeacme1234', { email: 'x@acme.co.ir' })).toBe('personal');
    expect(passwordProblem('acmeacme1234', { email: 'x@mail.acme.co.ir' })).toBe('personal');
    for (const [password, email] of [['govgovgov1234', 'x@mail.gov.ir'], ['netnetnet1234', 'x@mail.net.ir'], ['comcomcom1234', 'x@shop.com.ir'],
      ['orgorgorg1234', 'x@a.org.ir']]) {
      expect([password, passwordProblem(password, { email })]).toEqual([password, 'common']);
    }
    // The top-level domain is never the user's: "iriragain123" for an .ir address is fine.
    expect(passwordProblem('iriragain123', { email: 'x@acme.co.ir' })).toBeNull();
  });

  it('the longest known word is the one named: a user word that starts with the product name is personal', () => {
    expect(passwordProblem('mehvarian12345', { email: 'mehvarian@x.example' })).toBe('personal');
  });
});

describe('mobile numbers', () => {
  it('are found without a prefix too (9xx xxx xxxx)', () => {
    expect(passwordProblem('9351829374ab!')).toBe('phone');
    expect(passwordProblem('Ab!9351829374')).toBe('phone');
  });
});

describe('assertAcceptablePassword', () => {
  it('throws a 400 naming the field and the problem; passes a good password', () => {
    expect(() => assertAcceptablePassword('kT9#vQ2!mZxw', {})).not.toThrow();
    const refusal = (field?: string) => {
      try { assertAcceptablePassword('password1234', {}, field); } catch (e) { return e as AppError; }
      throw new Error('accepted');
    };
    const e = refusal();
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toBe('Password refused: a common password');
    expect(e.details).toEqual({ password: 'a common password' });
    expect(refusal('newPassword').details).toEqual({ newPassword: 'a common password' });
  });
});
