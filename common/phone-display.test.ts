/** The one display form of a phone (lists, 360, tickets, calls, documents, search, pop-up) and its tel: link. */
import { describe, it, expect } from 'vitest';
import { displayPhone, telHref } from './phone.ts';

describe('displayPhone / telHref', () => {
  it('shows an Iranian mobile as dialled at home, in the language’s digits, from any written form', () => {
    for (const input of ['+989123456789', '09123456789', '0912 345 6789', '۰۹۱۲۳۴۵۶۷۸۹', '+98 912 345 6789']) {
      expect(displayPhone(input, 'fa')).toBe('۰۹۱۲ ۳۴۵ ۶۷۸۹');
      expect(displayPhone(input, 'en')).toBe('0912 345 6789');
      expect(telHref(input)).toBe('tel:+989123456789');
    }
  });

  it('a Tehran landline and a foreign number; text that is no number comes back as it was', () => {
    expect(displayPhone('+982188776655', 'en')).toBe('021 8877 6655');
    expect(telHref('021 8877 6655')).toBe('tel:+982188776655');
    expect(displayPhone('+442079460958', 'en')).toBe('+44 20 7946 0958');
    expect(displayPhone('+442079460958', 'fa')).toBe('+۴۴ ۲۰ ۷۹۴۶ ۰۹۵۸');
    expect(telHref('+442079460958')).toBe('tel:+442079460958');
    expect(displayPhone('داخلی ۱۲', 'en')).toBe('داخلی 12');
    expect(telHref('ext 12')).toBe('tel:12');
  });
});
