/**
 * The customer club in Chromium: the admin sets up the program; a paid invoice earns points and the customer page
 * shows the balance, the tier reached and the upgrade on the timeline; points are redeemed from the club card (a
 * redemption beyond the balance is refused with the message); the club report and settings; fa and en, desktop and a
 * 390 px phone with no sideways scroll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { dismissToasts, screenshot, switchLanguage, unfold, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let customerId: string;
let problems: string[];

const shot = async (name: string) => {
  await screenshot(page, `loyalty-${name}`);
  await page.screenshot({ path: `/tmp/loyalty-${name}.png` });
};
/** No sideways scroll; on failure, the elements that stick out (tag, test id or class, and their edges). */
const noSideways = async () => {
  const out = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= w) return [];
    return [...document.querySelectorAll('body *')].map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.right > w + 1 || r.left < -1).slice(-8)
      .map(({ e, r }) => `${e.tagName}.${(e.getAttribute('data-testid') ?? e.className.toString()).slice(0, 60)} ${Math.round(r.left)}..${Math.round(r.right)}`);
  });
  return out.length === 0;
};

describe('customer club', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers, problems } = await startAdminSession());
    await requestJson(page, headers, 'put', '/api/loyalty/program', {
      enabled: true, rialsPerPoint: 100_000, pointValueRials: 1_000, expiryMonths: 1, tierWindowMonths: 12, tierBasis: 'points',
      bonuses: { birthday: 0, referral: 25, survey_answered: 0, first_purchase: 0 },
      tiers: [
        { key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 },
        { key: 'silver', nameFa: 'نقره‌ای', nameEn: 'Silver', threshold: 1000, discountPercent: 5 },
        { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 5000, discountPercent: 10, freeService: 'ارسال رایگان', slaPriority: 'high' },
      ],
    }, 200);
    const c = await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', {
      kind: 'person', firstName: 'نرگس', lastName: 'احمدی', phones: [{ number: '09121234567' }], smsConsent: true, force: true,
    });
    customerId = c.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a paid invoice earns points and the tier upgrade shows on the customer page', async () => {
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('loyalty-card').waitFor();
    expect(await page.getByTestId('loyalty-balance').innerText()).toBe('۰');
    // 120,000,000 Rials net → 1,200 points → silver (1,000), 3,800 to gold.
    const inv = await requestJson<{ id: string }>(page, headers, 'post', '/api/documents', { kind: 'invoice', customerId, lines: [{ description: 'مبل راحتی', quantity: '1', unitPrice: '120000000' }] });
    await requestJson(page, headers, 'post', `/api/documents/${inv.id}/send`, { sms: false }, 200);
    const doc = await requestJson<{ grandTotal: string }>(page, headers, 'get', `/api/documents/${inv.id}`);
    await requestJson(page, headers, 'post', `/api/documents/${inv.id}/payments`, { amount: doc.grandTotal, method: 'card' });
    await page.reload();
    await until('the points on the card', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۱٬۲۰۰');
    expect(await page.getByTestId('loyalty-tier').innerText()).toBe('نقره‌ای');
    expect(await page.getByTestId('loyalty-to-next').innerText()).toContain('۳٬۸۰۰');
    expect(await page.getByTestId('loyalty-expiring').innerText()).toContain('۱٬۲۰۰'); // a month's expiry: within 90 days
    expect(await page.getByTestId('timeline-tier').first().innerText()).toBe('ارتقا به سطح نقره‌ای');
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('card-fa');
  });

  it('redeems points from the card; more than the balance is refused', async () => {
    await page.getByTestId('loyalty-write').click();
    await page.getByTestId('loyalty-points').fill('5000');
    await page.getByTestId('loyalty-reason').fill('تخفیف خرید');
    await page.getByTestId('loyalty-save').click();
    await page.getByText('امتیاز کافی نیست').waitFor();
    await dismissToasts(page);
    await page.getByTestId('loyalty-points').fill('200');
    await page.getByTestId('loyalty-save').click();
    await until('the new balance', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۱٬۰۰۰');
    await dismissToasts(page);
    await page.getByTestId('loyalty-history').click();
    await page.getByTestId('loyalty-ledger').waitFor();
    const rows = await page.getByTestId('loyalty-ledger').locator('tr').allInnerTexts();
    expect(rows.length).toBe(2);
    expect(rows[0]).toContain('استفاده');
    await shot('history-fa');
    await page.keyboard.press('Escape');
    const m = await requestJson<{ balance: number }>(page, headers, 'get', `/api/loyalty/members/${customerId}`);
    expect(m.balance).toBe(1000);
  });

  it('redeems points on the next quote as its discount', async () => {
    // discount '0': a quote naming no discount would take the silver tier's 5% (see loyalty.benefits.api.test.ts).
    const q = await requestJson<{ id: string }>(page, headers, 'post', '/api/documents', { kind: 'quote', customerId, discount: '0', lines: [{ description: 'میز ناهارخوری', quantity: '1', unitPrice: '50000000' }] });
    await page.goto(`/documents/${q.id}`);
    await page.getByTestId('doc-loyalty').waitFor();
    expect(await page.getByTestId('doc-loyalty-balance').innerText()).toBe('۱٬۰۰۰');
    // 300 points × 1,000 Rials = 300,000 Rials = 30,000 Toman off.
    await page.getByTestId('doc-loyalty-points').fill('300');
    await page.getByTestId('doc-loyalty-redeem').click();
    await until('the discount on the totals', async () => (await page.getByTestId('doc-discount-total').count()) > 0);
    expect(await page.getByTestId('doc-discount-total').innerText()).toContain('۳۰٬۰۰۰');
    await until('the balance after', async () => (await page.getByTestId('doc-loyalty-balance').innerText()) === '۷۰۰');
    await dismissToasts(page);
    await shot('quote-fa');
    const doc = await requestJson<{ discount: string }>(page, headers, 'get', `/api/documents/${q.id}`);
    expect(doc.discount).toBe('300000');
  });

  it('a new quote written on screen says the tier discount will apply, takes it, and names it in its history', async () => {
    await page.goto(`/documents/new?kind=quote&customerId=${customerId}`);
    await page.getByTestId('doc-editor').waitFor();
    await page.getByTestId('doc-tier-discount-hint').waitFor();
    expect(await page.getByTestId('doc-tier-discount-hint').innerText()).toContain('نقره‌ای');
    expect(await page.getByTestId('doc-tier-discount-hint').innerText()).toContain('۵٪');
    await page.getByTestId('doc-line-description').first().fill('صندلی');
    await page.getByTestId('doc-line-price').first().fill('۲۰۰٬۰۰۰'); // Toman: 2,000,000 Rials
    await shot('new-quote-tier-fa');
    await page.getByTestId('doc-save-view').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    const doc = await requestJson<{ discount: string }>(page, headers, 'get', `/api/documents/${page.url().split('/').pop()}`);
    expect(doc.discount).toBe('100000'); // the silver tier's 5 % of 2,000,000 Rials
    await page.getByTestId('doc-event-tier-discount').waitFor();
    expect(await page.getByTestId('doc-event-tier-discount').innerText()).toBe('تخفیف سطح باشگاه ۵٪');
    await dismissToasts(page);
    await shot('new-quote-tier-history-fa');
  });

  it('the club page: report and program, in Persian and on a phone', async () => {
    await page.goto('/loyalty');
    await page.getByTestId('loyalty-report').waitFor();
    expect(await page.getByTestId('report-members').innerText()).toBe('۱');
    expect(await page.getByTestId('report-outstanding').innerText()).toBe('۷۰۰');
    await shot('report-fa');
    await page.getByTestId('tab-program').click();
    await page.getByTestId('loyalty-program').waitFor();
    expect(await page.getByTestId('program-tier').count()).toBe(3);
    await shot('program-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('tab-report').click();
    await page.getByTestId('loyalty-report').waitFor();
    await until('no sideways scroll', noSideways, 5000);
    await shot('report-fa-phone');
    await page.goto(`/customers/${customerId}`);
    await unfold(page, 'loyalty');
    await page.getByTestId('loyalty-card').waitFor();
    await until('no sideways scroll', noSideways, 5000);
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('card-fa-phone');
  });

  it('gives a referral bonus from the card once per reference (fa, phone)', async () => {
    await page.getByTestId('loyalty-write').click();
    await page.getByTestId('loyalty-kind').getByText('پاداش').click();
    await page.getByTestId('loyalty-bonus-event').getByText('معرفی دوست').click();
    await page.getByTestId('loyalty-reason').fill('مریم کاظمی');
    await until('no sideways scroll', noSideways, 5000);
    await shot('bonus-fa-phone');
    await page.getByTestId('loyalty-save').click();
    await until('the bonus on the balance', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۷۲۵');
    await dismissToasts(page);
    // The same reference again is refused, and nothing is written.
    await page.getByTestId('loyalty-write').click();
    await page.getByTestId('loyalty-reason').fill('مریم کاظمی');
    await page.getByTestId('loyalty-save').click();
    await until('the refusal', async () => problems.filter((p) => p.includes('status of 409')).length === 2);
    await page.keyboard.press('Escape');
    const m = await requestJson<{ balance: number }>(page, headers, 'get', `/api/loyalty/members/${customerId}`);
    expect(m.balance).toBe(725);
    await dismissToasts(page);
    await page.getByTestId('loyalty-history').click();
    await page.getByTestId('loyalty-ledger').waitFor();
    const rows = await page.getByTestId('loyalty-ledger').locator('tr').allInnerTexts();
    expect(rows[0]).toContain('معرفی دوست');
    expect(rows[0]).toContain('۲۵');
    await shot('bonus-history-fa-phone');
    await page.keyboard.press('Escape');
  });

  it('reads in English', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await switchLanguage(page, 'en');
    await until('the card in English', async () => (await page.getByTestId('loyalty-card').innerText()).includes('Points balance'));
    expect(await page.getByTestId('loyalty-tier').innerText()).toBe('Silver');
    expect(await page.getByTestId('timeline-tier').first().innerText()).toBe('Upgraded to Silver');
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('card-en');
    await page.goto(`/documents/new?kind=quote&customerId=${customerId}`);
    await page.getByTestId('doc-tier-discount-hint').waitFor();
    expect(await page.getByTestId('doc-tier-discount-hint').innerText()).toBe('Left empty, the customer\'s club tier “Silver” gives this quote a 5% discount when it is saved.');
    await shot('new-quote-tier-en');
    await page.goto('/loyalty');
    await page.getByTestId('loyalty-report').waitFor();
    await shot('report-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await until('no sideways scroll', noSideways, 5000);
    await shot('report-en-phone');
    await page.goto(`/customers/${customerId}`);
    await unfold(page, 'loyalty');
    await page.getByTestId('loyalty-card').waitFor();
    await until('no sideways scroll', noSideways, 5000);
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('card-en-phone');
    // The refused redemption and the refused second referral bonus are the browser's only complaints.
    expect(problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
    expect(problems.length).toBe(2);
  });
});
