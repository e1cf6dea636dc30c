import { describe, it, expect } from 'vitest';
import { buildSearchDoc, displayNameOf, withPrimaryPhone, likeEscape } from './customer-fields.ts';
import { encodeCursor, decodeCursor } from './timeline.ts';
import { nameKeyOf } from './duplicates.query.ts';
import { faNorm } from '../../../common/fa-normalize.ts';

describe('derived customer fields', () => {
  it('names a person by first and last name and an organization by its name', () => {
    expect(displayNameOf({ kind: 'person', firstName: 'سارا', lastName: 'رحیمی' })).toBe('سارا رحیمی');
    expect(displayNameOf({ kind: 'person', lastName: 'رحیمی', latinName: 'Sara' })).toBe('رحیمی');
    expect(displayNameOf({ kind: 'person', latinName: 'Sara Rahimi' })).toBe('Sara Rahimi');
    expect(displayNameOf({ kind: 'organization', orgName: 'فروشگاه نور', firstName: 'x' })).toBe('فروشگاه نور');
  });

  it('puts normalized and compact names, phone forms, emails, IDs and custom text in the search document', () => {
    const doc = buildSearchDoc({
      kind: 'person', firstName: 'محمد‌رضا', lastName: 'كريمي', latinName: 'Mohammad Reza',
      phones: [{ number: '+989123456789', label: 'mobile' }], emails: [{ address: 'm.karimi@example.com' }],
      nationalId: '0499370899', custom: { color: 'آبی', since: '2024-01-02', n: 5 },
    });
    expect(doc).toContain(faNorm('محمد رضا کریمی'));
    expect(doc).toContain('محمدرضاکریمی');
    expect(doc).toContain('mohammad reza');
    for (const t of ['989123456789', '9123456789', '09123456789', 'm.karimi@example.com', '0499370899', 'ابی']) expect(doc).toContain(t);
    expect(doc).not.toContain('2024-01-02');
  });

  it('starts the search document with the normalized name, the key the duplicate finder compares', () => {
    const key = (c: Parameters<typeof buildSearchDoc>[0]) => nameKeyOf({ displayName: displayNameOf(c), searchDoc: buildSearchDoc(c) });
    const none = { phones: [{ number: '+989123456789', label: 'mobile' as const }], emails: [{ address: 'a@example.com' }] };
    expect(key({ kind: 'person', firstName: 'علي', lastName: 'كريمي', ...none })).toBe('علی کریمی');
    expect(key({ kind: 'person', firstName: 'علی', lastName: 'کریمی', latinName: 'Ali', ...none })).toBe('علی کریمی');
    expect(key({ kind: 'organization', orgName: 'فروشگاه  نور', ...none })).toBe(faNorm('فروشگاه نور'));
    expect(key({ kind: 'person', latinName: 'Ali Karimi', ...none })).toBe('ali karimi');
    // No name at all: no key (not the first phone or email of the document).
    expect(key({ kind: 'person', ...none })).toBe('');
  });

  it('keeps one primary phone and drops repeated numbers', () => {
    expect(withPrimaryPhone([
      { number: '+989121111111', label: 'mobile' },
      { number: '+982122222222', label: 'work', primary: true },
      { number: '+989121111111', label: 'home' },
    ])).toEqual([
      { number: '+989121111111', label: 'mobile', primary: false },
      { number: '+982122222222', label: 'work', primary: true },
    ]);
    expect(withPrimaryPhone([{ number: '+989121111111', label: 'mobile' }])[0].primary).toBe(true);
  });

  it('escapes LIKE wildcards', () => {
    expect(likeEscape('50%_off\\')).toBe('50\\%\\_off\\\\');
  });

  it('round-trips timeline cursors and rejects forged ones', () => {
    const c = { at: '2026-11-20T10:00:00.000Z', kind: 'interaction', id: 'abc' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor('not-a-cursor')).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from(JSON.stringify(['yesterday', 'x', 'y'])).toString('base64url'))).toThrow(/cursor/);
  });
});
