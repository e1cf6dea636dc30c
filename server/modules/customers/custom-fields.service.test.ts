/** A text field's length limits in English agree with their number: "at most 1 character", "at least 3 characters". */
import { describe, expect, it } from 'vitest';
import { checkCustomValue, type CustomFieldDef } from './custom-fields.service.ts';

const text = (min: number | null, max: number | null) => ({ type: 'text', min, max } as unknown as CustomFieldDef);

describe('text field limits', () => {
  it('words 1 as a character and 3 as characters', () => {
    expect(checkCustomValue(text(null, 1), 'ab')).toEqual({ ok: false, message: 'at most 1 character' });
    expect(checkCustomValue(text(null, 3), 'abcd')).toEqual({ ok: false, message: 'at most 3 characters' });
    expect(checkCustomValue(text(3, null), 'ab')).toEqual({ ok: false, message: 'at least 3 characters' });
    expect(checkCustomValue(text(1, 5), 'a')).toEqual({ ok: true, value: 'a' });
  });
});
