/**
 * Issue 20's remaining club pieces in Chromium: the tier's price list chosen in the program form prices a member's
 * new quote written on screen (the editor says so, the history names the list); a referrer set in the customer form
 * gets the referral bonus when the referred customer's first invoice is paid (club card and timeline); a review
 * recorded from the club card gives the review bonus and shows on the timeline; fa and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { dismissToasts, screenshot, switchLanguage, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let problems: string[];
let member: string;
let quotePath = '';
let referrerPath = '';

const shot = async (name: string) => {
  await screenshot(page, `club-${name}`);
  await page.screenshot({ path: `/tmp/club-${name}.png` });
};

/** Picks a product on a line by its code; the search is asynchronous, so the pick is retried until the line takes it. */
async function pickProduct(line: number, code: string, name: string) {
  const box = page.getByTestId('doc-line-product').nth(line);
  const description = page.getByTestId('doc-line-description').nth(line);
  for (let attempt = 1; ; attempt++) {
    await box.click();
    await box.fill(code);
    await page.getByRole('option', { name: new RegExp(name) }).first().click();
    const took = await until(`line ${line + 1} to take ${code}`, async () => (await description.inputValue()).includes(name), 5000).then(() => true, () => false);
    if (took) return;
    if (attempt === 3) throw new Error(`line ${line + 1} did not take the product ${code}`);
  }
}

describe('club benefits and events', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers, problems } = await startAdminSession());
    await requestJson(page, headers, 'put', '/api/loyalty/program', {
      enabled: true, rialsPerPoint: 100_000, pointValueRials: 1_000, expiryMonths: 0, tierSmsFa: '',
      bonuses: { birthday: 0, referral: 40, survey_answered: 0, first_purchase: 0, review: 15 },
      tiers: [
        { key: 'base', nameFa: 'پایه', nameEn: 'Base', threshold: 0 },
        { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000 },
      ],
    }, 200);
    const tea = await requestJson<{ id: string }>(page, headers, 'post', '/api/products', { code: 'TEA', nameFa: 'چای ممتاز', price: '5000000' });
    const list = await requestJson<{ id: string }>(page, headers, 'post', '/api/price-lists', { name: 'فهرست طلایی' });
    await requestJson(page, headers, 'post', `/api/price-lists/${list.id}/items`, { items: [{ productId: tea.id, price: '4000000' }] }, 200);
    member = (await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'طلایی', force: true })).id;
    await requestJson(page, headers, 'post', '/api/loyalty/ledger', { customerId: member, kind: 'earn', points: 1000, reason: 'خرید پیشین' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the program form gives the gold tier a price list', async () => {
    await page.goto('/loyalty');
    await page.getByTestId('tab-program').click();
    await page.getByTestId('loyalty-program').waitFor();
    const gold = page.getByTestId('program-tier').nth(1);
    await gold.getByTestId('program-tier-price-list').click();
    await page.getByRole('option', { name: 'فهرست طلایی', exact: true }).click();
    await gold.scrollIntoViewIfNeeded();
    await shot('program-price-list-fa');
    await page.getByTestId('program-save').click();
    await until('the program saved with the list', async () => {
      const p = await requestJson<{ tiers: { priceListId?: string | null }[] }>(page, headers, 'get', '/api/loyalty/program');
      return Boolean(p.tiers[1].priceListId);
    });
    await dismissToasts(page);
  });

  it('a gold member\'s new quote is priced from the tier list, says so, and names it in the history', async () => {
    await page.goto(`/documents/new?kind=quote&customerId=${member}`);
    await page.getByTestId('doc-editor').waitFor();
    await page.getByTestId('doc-tier-price-list-hint').waitFor();
    expect(await page.getByTestId('doc-tier-price-list-hint').innerText()).toContain('فهرست طلایی');
    await pickProduct(0, 'TEA', 'چای ممتاز');
    // 4,000,000 Rials = 400,000 Toman (the list's price, not the product's 500,000).
    await until('the list price on the line', async () => (await page.getByTestId('doc-line-price').first().inputValue()).includes('۴۰۰٬۰۰۰'));
    await shot('quote-price-list-fa');
    await page.getByTestId('doc-save-view').click();
    await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    quotePath = new URL(page.url()).pathname;
    const doc = await requestJson<{ lines: { unitPrice: string }[] }>(page, headers, 'get', `/api/documents/${page.url().split('/').pop()}`);
    expect(doc.lines.map((l) => l.unitPrice)).toEqual(['4000000']);
    await page.getByTestId('doc-event-tier-price-list').waitFor();
    expect(await page.getByTestId('doc-event-tier-price-list').innerText()).toBe('۱ ردیف با قیمت فهرست «فهرست طلایی» سطح باشگاه');
    await dismissToasts(page);
    await shot('quote-price-list-history-fa');
  });

  it('the referrer set in the customer form gets the referral bonus when the first invoice is paid', async () => {
    const kaveh = (await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', { kind: 'person', firstName: 'کاوه', lastName: 'معرف', force: true })).id;
    const leila = (await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', { kind: 'person', firstName: 'لیلا', lastName: 'تازه‌وارد', force: true })).id;
    await page.goto(`/customers/${leila}`);
    await page.getByTestId('edit-customer').click();
    const form = page.getByTestId('edit-customer-form');
    await form.waitFor();
    const field = form.getByTestId('field-referredBy');
    await field.click();
    await field.fill('کاوه');
    await page.getByRole('option', { name: /کاوه معرف/ }).first().click();
    await shot('referrer-form-fa');
    await form.getByTestId('save-customer-edit').click();
    await until('the referrer on the 360° page', async () => (await page.getByTestId('profile-referred-by').count()) > 0 && (await page.getByTestId('profile-referred-by').innerText()) === 'کاوه معرف');
    await dismissToasts(page);
    await shot('referrer-profile-fa');

    const inv = await requestJson<{ id: string }>(page, headers, 'post', '/api/documents', { kind: 'invoice', customerId: leila, lines: [{ description: 'خرید نخست', quantity: '1', unitPrice: '2000000' }] });
    await requestJson(page, headers, 'post', `/api/documents/${inv.id}/send`, { sms: false }, 200);
    const doc = await requestJson<{ grandTotal: string }>(page, headers, 'get', `/api/documents/${inv.id}`);
    await requestJson(page, headers, 'post', `/api/documents/${inv.id}/payments`, { amount: doc.grandTotal, method: 'cash' });
    referrerPath = `/customers/${kaveh}`;
    await page.goto(referrerPath);
    await page.getByTestId('loyalty-card').waitFor();
    await until('the referral bonus on the card', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۴۰');
    await page.getByTestId('timeline-referral').first().waitFor();
    expect(await page.getByTestId('timeline-referral').first().innerText()).toBe('پاداش معرفی: ۴۰ امتیاز');
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('referrer-card-fa');
  });

  it('records a review the customer left from the club card: stored, on the timeline, the review bonus once', async () => {
    await page.getByTestId('loyalty-review').click();
    const form = page.getByTestId('review-form');
    await form.waitFor();
    await form.getByTestId('review-text').fill('برخورد کارکنان عالی بود');
    await form.getByTestId('review-link').fill('https://maps.example.com/review/42');
    await shot('review-form-fa');
    await form.getByTestId('review-save').click();
    await until('the review bonus on the card', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۵۵');
    await until('the review on the timeline', async () => (await page.getByTestId('timeline-review').count()) > 0);
    expect(await page.getByTestId('timeline-review').first().innerText()).toBe('نظر ★★★★★ در گوگل‌مپ');
    const m = await requestJson<{ balance: number }>(page, headers, 'get', `/api/loyalty/members/${referrerPath.split('/').pop()}`);
    expect(m.balance).toBe(55);
    await dismissToasts(page);
    await page.getByTestId('timeline-review').first().scrollIntoViewIfNeeded();
    await shot('review-timeline-fa');
  });

  it('reads in English', async () => {
    await switchLanguage(page, 'en');
    await until('the referral in English', async () => (await page.getByTestId('timeline-referral').first().innerText()) === 'Referral bonus: 40 points');
    expect(await page.getByTestId('timeline-review').first().innerText()).toBe('Review ★★★★★ on Google Maps');
    await page.getByTestId('loyalty-card').scrollIntoViewIfNeeded();
    await shot('referrer-card-en');
    await page.goto(quotePath);
    await until('the history in English', async () => (await page.getByTestId('doc-event-tier-price-list').innerText()) === 'club tier price list “فهرست طلایی” (lines priced: 1)');
    await shot('quote-price-list-history-en');
    await page.goto(`/documents/new?kind=quote&customerId=${member}`);
    await page.getByTestId('doc-tier-price-list-hint').waitFor();
    expect(await page.getByTestId('doc-tier-price-list-hint').innerText()).toBe('Products are priced from “فهرست طلایی”, the club tier “Gold”’s price list, unless you type a price.');
    await shot('quote-price-list-en');
    expect(problems).toEqual([]);
  });
});
