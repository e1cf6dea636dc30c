/** Opt-out and opt-in keywords in Persian and English, whatever the digits, letters, case or punctuation. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isOptOut, isOptIn } from './opt-out.ts';

describe('isOptOut', () => {
  it.each([
    'لغو', 'لغو۱۱', 'لغو 11', 'لغو١١', '۱۱', '11', ' 11 ', 'لغو-۱۱', 'لغو۱۱.', 'انصراف', 'انصراف!', 'لغو عضویت',
    'stop', 'STOP', 'Stop.', ' stop ', 'unsubscribe', 'Unsubscribe', 'STOPALL', 'cancel', 'end', 'quit',
    'لـغـو', // with tatweel
    'لغو\u200C۱۱', // with ZWNJ
  ])('%j is an opt-out', (text) => {
    expect(isOptOut(text)).toBe(true);
  });

  it.each([
    'لغو سفارش', 'سفارشم را لغو کنید', 'stop sending the wrong invoice', '111', '1', '12', 'سلام', 'start', 'شروع', '', 'لغوو',
  ])('%j is not an opt-out', (text) => {
    expect(isOptOut(text)).toBe(false);
  });
});

describe('isOptIn', () => {
  it.each(['شروع', ' شروع! ', 'START', 'start', 'Unstop'])('%j is an opt-in', (text) => {
    expect(isOptIn(text)).toBe(true);
  });

  it.each(['stop', 'لغو', 'شروع کنیم؟ بله', 'starting'])('%j is not an opt-in', (text) => {
    expect(isOptIn(text)).toBe(false);
  });

  it('no text is both', () => {
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => !(isOptOut(s) && isOptIn(s))));
  });
});
