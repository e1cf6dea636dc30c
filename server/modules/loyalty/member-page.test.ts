/** The member page's counted texts: English agrees with the number (1 point, 3 points); Persian keeps its one form. */
import { describe, expect, it } from 'vitest';
import type { MemberView, RewardView } from '../../../common/loyalty.schemas.ts';
import { renderMember } from './member-page.ts';

const tier = (key: string, nameFa: string, nameEn: string, threshold: number) =>
  ({ key, nameFa, nameEn, threshold, discountPercent: 0, freeService: '', slaPriority: '', priceListId: null });
const member = (n: number, basis: MemberView['basis'] = 'points'): MemberView => ({
  customerId: 'c1', balance: 10, tier: tier('base', 'پایه', 'Base', 0), nextTier: tier('gold', 'طلایی', 'Gold', 100), pointsToNext: n,
  qualifying: 100 - n, basis, expiring: [{ points: n, at: '2026-10-20' }], pointValueRials: 1000, enabled: true,
});
const reward = (points: number): RewardView => ({ id: 'r1', nameFa: 'قهوه', nameEn: 'Coffee', description: '', points, stock: null, active: true });
const page = (lang: 'fa' | 'en', n: number, basis?: MemberView['basis']) =>
  renderMember(lang, { name: 'Mina', member: member(n, basis), rewards: [reward(n)], history: [] });

describe('the member page in English', () => {
  // Expected texts by hand: the noun agrees with its number ("1 point expires", "3 points expire").
  const cases = [
    [1, '1 point to Gold', '1 point expires on 20 Oct 2026', '1 point', '1 Rial of purchases to Gold'],
    [3, '3 points to Gold', '3 points expire on 20 Oct 2026', '3 points', '3 Rials of purchases to Gold'],
  ] as const;
  it.each(cases)('agrees with %i', (n, toNext, expiring, cost, toNextSpend) => {
    const html = page('en', n);
    expect(html).toContain(`data-testid="club-to-next">${toNext}</p>`);
    expect(html).toContain(`<p class="warn">${expiring}</p>`);
    expect(html).toContain(`<div class="muted">${cost}</div>`);
    expect(page('en', n, 'spend')).toContain(`data-testid="club-to-next">${toNextSpend}</p>`);
  });
});

describe('the member page in Persian', () => {
  it('keeps the noun singular after any number, in Persian digits', () => {
    for (const [n, d] of [[1, '۱'], [3, '۳']] as const) {
      const html = page('fa', n);
      expect(html).toContain(`data-testid="club-to-next">${d} امتیاز تا سطح طلایی</p>`);
      expect(html).toContain(`<p class="warn">${d} امتیاز در ۲۸ مهر ۱۴۰۵ منقضی می‌شود</p>`);
      expect(html).toContain(`<div class="muted">${d} امتیاز</div>`);
      expect(page('fa', n, 'spend')).toContain(`data-testid="club-to-next">${d} ریال خرید تا سطح طلایی</p>`);
    }
  });
});
