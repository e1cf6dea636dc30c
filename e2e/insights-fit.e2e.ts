/**
 * Issue 17's last screens in Chromium (i17): the customer model page (model, data size, parameters, times, holdout
 * quality, warnings, fitted at in the reader's calendar) and its "Refit now", which queues the refit as a job and shows
 * the new fit when it is stored; the dashboard read by a Gregorian-calendar user (Gregorian month and quarter labels, in
 * Persian and in English); and the call pop-up showing the caller's insights card. fa and en, desktop and 390 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { requestJson, screenshot, startAdminSession, switchLanguage, until } from './browser';
import { MONTHS, SEASONS } from '../web/src/features/dashboard/periods';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let problems: string[];
let webhookSecret = '';
const ids: Record<string, string> = {};

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
const api = <T>(method: 'get' | 'post' | 'patch' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);
const faDigits = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/** True once nothing is wider than the screen (the navbar slides away after a resize: polled for a few seconds). */
const noSideScroll = async (p: Page) => {
  for (let i = 0; i < 20; i++) {
    if (await p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)) return true;
    await p.waitForTimeout(250);
  }
  return false;
};

async function invoice(customer: string, day: string, codes: string[]) {
  const doc = await api<{ id: string }>('post', '/api/documents', { kind: 'invoice', customerId: ids[customer], issueDate: day, lines: codes.map((c) => ({ productId: ids[c], quantity: '1' })) });
  await api('post', `/api/documents/${doc.id}/send`, { sms: false, email: false }, 200);
}

async function customer(key: string, firstName: string, lastName: string, mobile: string) {
  ids[key] = (await api<{ id: string }>('post', '/api/customers', { kind: 'person', firstName, lastName, smsConsent: true, force: true, phones: [{ number: mobile, label: 'mobile' }] })).id;
}

/** What a cloud PBX does: POST the event with a timestamp and an HMAC over "<timestamp>.<raw body>". */
async function pbx(event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = 'sha256=' + createHmac('sha256', webhookSecret).update(`${ts}.${body}`).digest('hex');
  const res = await fetch(`${server.baseUrl}/api/telephony/events`, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Mehvar-Timestamp': ts, 'X-Mehvar-Signature': sig } });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as { callId: string };
}

async function preferences(locale: 'fa' | 'en', calendar: 'jalali' | 'gregorian') {
  await api('patch', '/api/auth/me/preferences', { locale, calendar }, 200);
  await page.reload();
}

describe('insights: the model page, a Gregorian dashboard, the pop-up card (i17)', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    await page.setViewportSize({ width: 1440, height: 1000 });
    for (const [code, nameFa, price, extra] of [['KETTLE', 'کتری برقی', '25000000', {}], ['FILTER', 'فیلتر آب', '4000000', { consumable: true, repurchaseDays: 60 }], ['IRON', 'اتو بخار', '18000000', {}]] as const) {
      ids[code] = (await api<{ id: string }>('post', '/api/products', { code, nameFa, price, ...extra })).id;
    }
    await customer('sara', 'سارا', 'رحیمی', '09125550100');
    await customer('bahram', 'بهرام', 'نیک‌نام', '09125550101');
    await customer('mina', 'مینا', 'کاظمی', '09125550102');
    await customer('reza', 'رضا', 'توکلی', '09125550103');
    await invoice('sara', ago(150), ['KETTLE', 'FILTER']);
    await invoice('sara', ago(60), ['KETTLE', 'FILTER']);
    await invoice('bahram', ago(200), ['KETTLE', 'FILTER']);
    await invoice('bahram', ago(20), ['FILTER']);
    await invoice('mina', ago(240), ['KETTLE']);
    await invoice('mina', ago(180), ['KETTLE']);
    await invoice('mina', ago(150), ['KETTLE']);
    await invoice('reza', ago(90), ['IRON']);
    expect((await api<{ kind: string; customers: number }>('post', '/api/insights/refit', {}, 200)).customers).toBe(4);
    const me = (await api<{ user: { id: string } }>('get', '/api/auth/me')).user;
    await api('put', '/api/telephony/settings', { extensions: [{ extension: '101', userId: me.id }] }, 200);
    webhookSecret = (await api<{ secret: string }>('post', '/api/telephony/webhook-secret', {}, 200)).secret;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the model page shows the fit (fa, Jalali); Refit now queues the job and the new fit appears', async () => {
    await page.goto('/slipping');
    await page.getByTestId('slipping-model-link').click();
    const summary = page.getByTestId('fit-summary');
    await summary.waitFor();
    expect(new URL(page.url()).pathname).toBe('/insights/model');
    expect(await page.getByTestId('fit-kind').innerText()).toBe('برآورد قاعده‌محور');
    expect(await page.getByTestId('fit-customers').innerText()).toBe('۴');
    expect(await page.getByTestId('fit-repeat').innerText()).toBe('۳');
    expect(await page.getByTestId('fit-transactions').innerText()).toBe('۸');
    expect(await page.getByTestId('fit-ms').innerText()).toMatch(/^[۰-۹٬]+ میلی‌ثانیه$/);
    const jalaliMonth = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { month: 'long', timeZone: 'Asia/Tehran' }).format(new Date());
    const jalaliYear = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric', timeZone: 'Asia/Tehran' }).format(new Date()).replace(/[^۰-۹]/g, '');
    expect(await page.getByTestId('fit-at').innerText()).toContain(jalaliMonth);
    expect(await page.getByTestId('fit-at').innerText()).toContain(jalaliYear);
    expect(await page.getByTestId('fit-params').innerText()).toContain('populationRate');
    // 3 repeat buyers, fewer than 200: worded, not the server's English.
    expect(await page.getByTestId('fit-warnings').innerText()).toMatch(/خریداران تکراری [۰-۹]+ نفرند، کمتر از ۲۰۰/);
    expect(await page.getByTestId('fit-holdout').innerText()).toContain('واقعی');
    await screenshot(page, 'i17-model-fa-desktop');

    // A fifth buyer, then Refit now: queued as a job, followed to done, and the page shows the new fit.
    await customer('nima', 'نیما', 'صالحی', '09125550104');
    await invoice('nima', ago(10), ['IRON']);
    const before = await summary.getAttribute('data-fit-id');
    await page.getByTestId('refit-now').click();
    await page.getByTestId('refit-status').waitFor();
    await until('the run done', async () => (await page.getByTestId('refit-status').getAttribute('data-status')) === 'done', 60_000);
    await until('the new fit shown', async () => (await page.getByTestId('fit-customers').innerText()) === '۵');
    const run = (await api<{ job: { status: string; fitId: string } }>('get', '/api/insights/refit-jobs/latest')).job;
    expect(run.status).toBe('done');
    expect(await summary.getAttribute('data-fit-id')).toBe(run.fitId);
    expect(run.fitId).not.toBe(before);
    expect(await page.getByTestId('refit-status').innerText()).toBe('انجام شد');
    await screenshot(page, 'i17-model-fa-refitted');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await summary.waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: 'e2e/artifacts/i17-model-fa-phone.png', fullPage: true });

    await page.setViewportSize({ width: 1440, height: 1000 });
    await switchLanguage(page, 'en');
    await until('the page in English', async () => (await page.getByTestId('model-fit-page').innerText()).includes('Customer model'));
    expect(await page.getByTestId('fit-kind').innerText()).toBe('rule-based estimate');
    expect(await page.getByTestId('fit-at').innerText()).toMatch(/^Fitted \d{1,2} [A-Z][a-z]{2} 20\d\d/);
    expect(await page.getByTestId('fit-warnings').innerText()).toMatch(/Repeat buyers: \d+, fewer than 200/);
    expect(await page.getByTestId('refit-status').innerText()).toBe('Done');
    await screenshot(page, 'i17-model-en-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await summary.waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: 'e2e/artifacts/i17-model-en-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await preferences('fa', 'jalali');
  }, 180_000);

  it('the health points card shows the sum live and saves only 100; the product form takes a consumable\'s cycle', async () => {
    await page.goto('/settings?tab=insights');
    const card = page.getByTestId('health-weights');
    await card.waitFor();
    const sum = page.getByTestId('health-weights-sum');
    expect(await sum.innerText()).toBe('جمع: ۱۰۰ از ۱۰۰');
    await page.getByTestId('health-weight-engagement').fill('۳۵');
    await until('the sum follows', async () => (await sum.innerText()).startsWith('جمع: ۱۱۰ از ۱۰۰'));
    expect(await sum.innerText()).toContain('جمع باید ۱۰۰ باشد');
    expect(await page.getByTestId('health-weights-save').isDisabled()).toBe(true);
    await screenshot(page, 'i17-health-weights-fa-refused');
    await page.getByTestId('health-weight-purchases').fill('۲۰');
    await until('back to 100', async () => (await sum.innerText()) === 'جمع: ۱۰۰ از ۱۰۰');
    await page.getByTestId('health-weights-save').click();
    await until('saved', async () => (await api<{ weights: Record<string, number>; custom: boolean }>('get', '/api/settings/health-weights')).custom);
    expect((await api<{ weights: Record<string, number> }>('get', '/api/settings/health-weights')).weights).toEqual({ engagement: 35, purchases: 20, support: 20, satisfaction: 25 });
    await screenshot(page, 'i17-health-weights-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await card.waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'i17-health-weights-fa-phone');
    await page.setViewportSize({ width: 1440, height: 1000 });
    await api('put', '/api/settings/health-weights', { engagement: 25, purchases: 30, support: 20, satisfaction: 25 }, 200);

    await page.goto('/products');
    await page.locator('[data-testid="product-row"][data-product-code="FILTER"]').getByTestId('edit-product').click();
    const form = page.getByTestId('product-form');
    await form.waitFor();
    expect(await page.getByTestId('product-consumable').isChecked()).toBe(true);
    expect(await page.getByTestId('product-repurchase-days').inputValue()).toBe('۶۰');
    await page.getByTestId('product-repurchase-days').fill('');
    await page.getByTestId('save-product').click();
    await until('the cycle asked for', async () => (await form.innerText()).includes('این فیلد لازم است'));
    await screenshot(page, 'i17-product-consumable-fa');
    await page.getByTestId('product-repurchase-days').fill('۴۵');
    await page.getByTestId('save-product').click();
    await until('the cycle saved', async () => (await api<{ repurchaseDays: number | null }>('get', `/api/products/${ids.FILTER}`)).repurchaseDays === 45);
  }, 120_000);

  it('the dashboard of a Gregorian-calendar reader names Gregorian months and quarters (fa and en)', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tehran' }).format(new Date());
    const [y, m] = today.split('-').map(Number);
    await preferences('fa', 'gregorian');
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-tiles').waitFor();
    const which = page.getByTestId('dashboard-which');
    expect(await which.inputValue()).toBe(`${MONTHS.gregorian.fa[m - 1]} ${faDigits(String(y))}`);
    await until('the period shown from the 1st', async () => (await page.getByTestId('dashboard-shown').innerText()).includes(MONTHS.gregorian.fa[m - 1]));
    const shown = await page.getByTestId('dashboard-shown').innerText();
    expect(shown).toContain(`۱ ${MONTHS.gregorian.fa[m - 1]}`);
    for (const jalali of MONTHS.jalali.fa) expect(shown).not.toContain(jalali);
    await screenshot(page, 'i17-dashboard-gregorian-fa');
    await page.getByTestId('dashboard-period').click();
    await page.getByRole('option', { name: 'سه‌ماهه', exact: true }).click();
    await until('the quarter chosen', async () => (await which.inputValue()) === `${SEASONS.gregorian.fa[Math.floor((m - 1) / 3)]} ${faDigits(String(y))}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('dashboard-tiles').waitFor();
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, 'i17-dashboard-gregorian-fa-phone');
    await page.setViewportSize({ width: 1440, height: 1000 });

    await preferences('en', 'gregorian');
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-tiles').waitFor();
    expect(await page.getByTestId('dashboard-which').inputValue()).toBe(`${MONTHS.gregorian.en[m - 1]} ${y}`);
    await screenshot(page, 'i17-dashboard-gregorian-en');
    await preferences('fa', 'jalali');
  }, 120_000);

  it('the call pop-up shows the caller\'s insights card (fa)', async () => {
    await page.goto('/customers');
    await page.getByTestId('nav-customers').waitFor();
    const { callId } = await pbx({ callId: 'i17-mina', event: 'ringing', number: '989125550102', extensions: ['101'] });
    const popup = page.locator(`[data-testid="call-popup"][data-call-id="${callId}"]`);
    await popup.waitFor();
    const card = popup.getByTestId('insights-card');
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('بینش مشتری');
    expect(text).toContain('ریسک ریزش');
    expect(text).toMatch(/روز بدون خرید؛ معمولاً هر [۰-۹]+ روز می‌خرد/);
    // Mina owns only the kettle: the filter, which its buyers buy too, is her offer, with why.
    expect(await card.getByTestId('insights-offers').innerText()).toContain('فیلتر آب');
    expect(await card.getByTestId('insights-offers').innerText()).not.toContain('FILTER');
    await screenshot(page, 'i17-popup-insights-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await popup.getByTestId('insights-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'i17-popup-insights-fa-phone');
    await page.setViewportSize({ width: 1440, height: 1000 });
    expect(problems).toEqual([]);
  }, 120_000);
});
