/** Keyed hashes of erased contacts: the same person in any spelling gives the same hash; another secret does not. */
import { describe, it, expect } from 'vitest';
import { contactHash, normalizedContacts } from './erased-contacts.ts';

describe('erased contacts', () => {
  it('normalizes phones to E.164, emails to lowercase and national IDs to Latin digits', () => {
    for (const phone of ['09125550101', '+989125550101', '0098 912 555 0101', '۰۹۱۲۵۵۵۰۱۰۱', '9125550101']) {
      expect(normalizedContacts({ phones: [phone] }), phone).toEqual([{ kind: 'phone', value: '+989125550101' }]);
    }
    expect(normalizedContacts({ emails: [' Reza.Nouri@Example.COM '] })).toEqual([{ kind: 'email', value: 'reza.nouri@example.com' }]);
    expect(normalizedContacts({ nationalId: '۰۰۱-۲۳۴۵۶۷-۹' })).toEqual([{ kind: 'national_id', value: '0012345679' }]);
    expect(normalizedContacts({ phones: ['not a phone'], emails: [' '], nationalId: '' })).toEqual([]);
    expect(normalizedContacts({ phones: ['09125550101', '+989125550101'] })).toHaveLength(1);
  });

  it('hashes with the secret: HMAC-SHA256 hex, different per secret and per kind', () => {
    const a = contactHash('secret-a', 'phone', '+989125550101');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(contactHash('secret-a', 'phone', '+989125550101')).toBe(a);
    expect(contactHash('secret-b', 'phone', '+989125550101')).not.toBe(a);
    expect(contactHash('secret-a', 'email', '+989125550101')).not.toBe(a);
  });
});
