/**
 * The password policy (docs/decisions.md, "Passwords"): 12–256 characters; not a common or breached password (also
 * when typed in Persian or with Persian digits); not built from the user's name or email, the product's name or a
 * mobile number.
 */
import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

const sara = { email: 'sara.rezaei@acme-trading.ir', name: 'سارا رضایی' };

describe('password policy', () => {
  it('asks for 12 to 256 characters (counted as characters, not bytes)', () => {
    expect(passwordProblem('kT9#vQ2!mZx')).toBe('tooShort');
    expect(passwordProblem('kT9#vQ2!mZxw')).toBeNull();
    // Twelve Persian letters are twelve characters, though 24 bytes.
    expect(passwordProblem('گلبرگ‌ِ‌نیلوفر')).not.toBe('tooShort');
    const long = 'Grain Of Sand Near The Caspian Shore '.repeat(7).slice(0, 256);
    expect(passwordProblem(long)).toBeNull();
    expect(passwordProblem(long + 'x')).toBe('tooLong');
  });

  it('refuses common and breached passwords, padded or not', () => {
    for (const p of ['password1234', '123456789012', 'qwertyuiop12', 'iloveyou1234', 'Password123!', '1q2w3e4r5t6y']) {
      expect([p, passwordProblem(p)]).toEqual([p, 'common']);
    }
    for (const p of ['aaaaaaaaaaaa', 'abcdefghijkl', '111111111111']) expect(passwordProblem(p), p).not.toBeNull();
  });

  it('refuses Persian-context weak choices: teams, places, names, religious phrases, Jalali dates', () => {
    for (const p of ['Persepolis1402', 'esteghlal1234', 'yahossein1234', 'Tehran1400!!', 'سلام۱۲۳۴۵۶۷۸', 'ایران۱۲۳۴۵۶۷۸']) {
      expect([p, passwordProblem(p)]).toEqual([p, 'common']);
    }
    // سلام typed with the keyboard left in English.
    expect(passwordProblem('sghl12345678')).toBe('common');
    // The Persian keyboard's top row is "qwerty…".
    expect(passwordProblem('ضصثقفغعهخحجچ')).not.toBeNull();
    // A Jalali birth date with a little padding.
    expect(passwordProblem('13750612abcd')).not.toBeNull();
  });

  it('refuses mobile numbers, with or without a little padding, in every spelling', () => {
    for (const p of ['+989121234567', '989351829374', 'Ab!09351829374', '۰۹۳۵۱۸۲۹۳۷۴ab']) {
      expect([p, passwordProblem(p)]).toEqual([p, 'phone']);
    }
    // A strong password that happens to contain a number is fine.
    expect(passwordProblem('Xk9#v-09351829374-qPz!')).toBeNull();
  });

  it('refuses passwords built from the user’s name or email', () => {
    for (const p of ['sara.rezaei1403', 'sara-pass-123', 'Rezaei@2024!!', 'acme-trading-1', 'rezaei-rezaei-1', 'سارا۱۲۳۴۵۶۷۸', 'shvh12345678']) {
      expect([p, passwordProblem(p, sara)]).toEqual([p, 'personal']);
    }
    // The same passwords are not personal for someone else.
    expect(passwordProblem('sara-pass-123', { email: 'ali@example.com', name: 'علی' })).toBeNull();
  });

  it('refuses passwords built from the product’s name, in Latin, Persian or Persian typed in English', () => {
    for (const p of ['mehvar-1404-crm', 'Mehvar123456!', 'محور۱۴۰۳۱۲۳۴', 'lp,v12345678']) {
      expect([p, passwordProblem(p, sara)]).toEqual([p, 'product']);
    }
  });

  it('accepts strong passwords and passphrases, Persian ones too', () => {
    for (const p of ['correct horse battery staple', 'kT9#vQ2!mZxw', 'کوه‌های سبز در غروب پاییز', 'Vazir-Mehr-Baran-58', 'Tabl-e-Sorkh 4 Golpar']) {
      expect([p, passwordProblem(p, sara)]).toEqual([p, null]);
    }
  });

  it('answers quickly enough to run on the request thread', () => {
    passwordProblem('warm-up the dictionaries');
    const t = performance.now();
    for (const p of ['password1234', 'Xk9#v-09351829374-qPz!', 'کوه‌های سبز در غروب پاییز', 'sara-pass-123']) passwordProblem(p, sara);
    expect((performance.now() - t) / 4).toBeLessThan(150);
  });
});
