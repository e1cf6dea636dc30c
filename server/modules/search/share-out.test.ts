/** The pure parts of the one search box: sharing the places between groups, and how a title's match is scored. */
import { describe, it, expect } from 'vitest';
import { shareOut } from './search.service.ts';
import { textScore, splitWords, type ScoredHit } from '../../../common/search.schemas.ts';

const hits = (kind: ScoredHit['kind'], n: number): ScoredHit[] =>
  Array.from({ length: n }, (_, i) => ({ kind, id: `${kind}${i}`, title: '', subtitle: '', url: '', score: 0 }));
const sizes = (groups: ScoredHit[][]) => groups.map((g) => g.length);

describe('shareOut', () => {
  it('gives each group a place in turn, the first groups the remainder', () => {
    expect(sizes(shareOut([hits('customer', 20), hits('ticket', 20), hits('deal', 20)], 10))).toEqual([4, 3, 3]);
  });
  it('passes the places a small group cannot use to the others', () => {
    expect(sizes(shareOut([hits('customer', 20), hits('ticket', 1), hits('deal', 2)], 10))).toEqual([7, 1, 2]);
  });
  it('never more than there are, never more than the limit', () => {
    expect(sizes(shareOut([hits('customer', 2), hits('ticket', 1)], 20))).toEqual([2, 1]);
    expect(sizes(shareOut([hits('customer', 5), hits('ticket', 5)], 1))).toEqual([1, 0]);
    expect(shareOut([], 5)).toEqual([]);
  });
  it('keeps each group’s own order', () => {
    expect(shareOut([hits('customer', 5)], 3)[0].map((h) => h.id)).toEqual(['customer0', 'customer1', 'customer2']);
  });
});

describe('textScore', () => {
  it('ranks the whole title, its start, a whole word, a word start, the inside', () => {
    expect(textScore('یخچال', 'یخچال')).toBe(4);
    expect(textScore('یخچال', 'یخچال ساید')).toBe(3);
    expect(textScore('ساید', 'یخچال ساید بای')).toBe(2);
    expect(textScore('سای', 'یخچال ساید')).toBe(1);
    expect(textScore('خچال', 'یخچال')).toBe(0);
    expect(textScore('', 'یخچال')).toBe(0);
  });
});

describe('splitWords', () => {
  it('separates the words a trigram index can use (3+ letters) from the shorter ones', () => {
    expect(splitWords('خرید یک تی وی')).toEqual({ long: ['خرید'], short: ['یک', 'تی', 'وی'] });
    expect(splitWords('')).toEqual({ long: [], short: [] });
  });
});
