/**
 * The club's rewards and the member's page in Chromium: the admin adds a reward to the catalog, staff redeem it from
 * the customer's club card; the member signs in on /club on a 390 px phone in Persian with the code texted to them
 * (through a fake Kavenegar gateway), sees balance, tier progress and rewards, redeems one; then in English (ltr).
 * No sideways scroll at 390 px, no console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { dismissToasts, screenshot, until, requestJson, startAdminSession, newContext, watchConsole } from './browser';
import { startFakeKavenegar, type FakeGateway } from '../server/test/fakes/sms-gateways.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let problems: string[];
let kave: FakeGateway;
let customerId: string;
let phone: BrowserContext;

const KEY = 'e2e-club-key-0123456789';
const shot = async (p: Page, name: string) => {
  await screenshot(p, `club-${name}`);
  await p.screenshot({ path: `/tmp/club-${name}.png`, fullPage: true });
};
const noSideways = (p: Page) => async () => p.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const toLatin = (s: string) => s.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d)));

describe('club rewards and the member page', () => {
  beforeAll(async () => {
    kave = await startFakeKavenegar({ apiKey: KEY });
    ({ server, browser, page, headers, problems } = await startAdminSession({ env: { SMS_DRIVER: 'kavenegar', SMS_API_KEY: KEY, SMS_BASE_URL: kave.url, SMS_SENDER: '10004346' } }));
    await requestJson(page, headers, 'put', '/api/loyalty/program', {
      enabled: true, expiryMonths: 12, tiers: [
        { key: 'bronze', nameFa: 'برنزی', nameEn: 'Bronze', threshold: 0 },
        { key: 'silver', nameFa: 'نقره‌ای', nameEn: 'Silver', threshold: 1000, discountPercent: 5 },
      ],
    }, 200);
    customerId = (await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', {
      kind: 'person', firstName: 'شیرین', lastName: 'مقدم', phones: [{ number: '09127654321' }], force: true,
    })).id;
    await requestJson(page, headers, 'post', '/api/loyalty/ledger', { customerId, kind: 'earn', points: 700, reason: 'خرید حضوری' });
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await server?.stop();
    await kave?.close();
  });

  it('the admin adds rewards to the catalog', async () => {
    await page.goto('/loyalty');
    await page.getByTestId('tab-rewards').click();
    await page.getByTestId('rewards-catalog').waitFor();
    for (const [fa, en, points, stock] of [['کیک تولد', 'Birthday cake', '300', '2'], ['ارسال رایگان', 'Free delivery', '100', '']]) {
      await page.getByTestId('reward-add').click();
      await page.getByTestId('reward-name-fa').fill(fa);
      await page.getByTestId('reward-name-en').fill(en);
      await page.getByTestId('reward-points').fill(points);
      if (stock) await page.getByTestId('reward-stock').fill(stock);
      await page.getByTestId('reward-save').click();
      await until(`the reward ${fa}`, async () => (await page.getByTestId('rewards-table').innerText().catch(() => '')).includes(fa));
    }
    await dismissToasts(page);
    expect(await page.getByTestId('reward-row').count()).toBe(2);
    await shot(page, 'catalog-fa');
  });

  it('staff redeem a reward from the club card', async () => {
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('loyalty-card').waitFor();
    await page.getByTestId('loyalty-reward').click();
    await page.getByTestId('reward-choices').waitFor();
    // Cheapest first: free delivery (100), then the cake (300).
    await page.getByTestId('reward-redeem').first().click();
    await until('the new balance', async () => (await page.getByTestId('loyalty-balance').innerText()) === '۶۰۰');
    await dismissToasts(page);
    await shot(page, 'card-redeemed-fa');
  });

  it('the member signs in with a texted code on a 390 px phone (fa), sees the page and redeems', async () => {
    phone = await newContext(browser, server.baseUrl, { width: 390, height: 844 });
    const p = await phone.newPage();
    const phoneProblems = watchConsole(p);
    await p.goto('/club');
    await p.getByTestId('club-phone-form').waitFor();
    expect(await p.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await shot(p, 'signin-fa-phone');
    await p.getByTestId('club-phone').fill('۰۹۱۲ ۷۶۵ ۴۳۲۱');
    await p.getByTestId('club-send').click();
    await p.getByTestId('club-code-form').waitFor();
    const text = await until('the texted code', () => kave.messages.find((m) => m.text.includes('باشگاه'))?.text, 60_000);
    const code = toLatin(text).match(/\d{6}/)![0];
    await p.getByTestId('club-code').fill(code);
    await p.getByTestId('club-enter').click();
    await p.getByTestId('club-member').waitFor();
    expect(await p.getByTestId('club-balance').innerText()).toBe('۶۰۰');
    expect(await p.getByTestId('club-tier').innerText()).toBe('برنزی');
    expect(await p.getByTestId('club-to-next').innerText()).toBe('۳۰۰ امتیاز تا سطح نقره‌ای');
    expect(await until('no sideways scroll', noSideways(p), 5000)).toBe(true);
    await shot(p, 'member-fa-phone');
    // The cake (300 points, 2 left).
    await p.getByTestId('club-reward').filter({ hasText: 'کیک تولد' }).getByTestId('club-redeem').click();
    await p.getByTestId('club-message').waitFor();
    expect(await p.getByTestId('club-message').innerText()).toBe('جایزه ثبت شد: کیک تولد');
    expect(await p.getByTestId('club-balance').innerText()).toBe('۳۰۰');
    expect(await p.getByTestId('club-reward').filter({ hasText: 'کیک تولد' }).innerText()).toContain('۱ عدد مانده');
    await shot(p, 'member-redeemed-fa-phone');
    // In English: left to right, the same numbers.
    await p.getByTestId('club-lang').click();
    await p.getByTestId('club-member').waitFor();
    expect(await p.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await p.getByTestId('club-balance').innerText()).toBe('300');
    expect(await until('no sideways scroll', noSideways(p), 5000)).toBe(true);
    await shot(p, 'member-en-phone');
    await p.setViewportSize({ width: 1440, height: 900 });
    await shot(p, 'member-en-desktop');
    await p.getByTestId('club-lang').click();
    await p.getByTestId('club-member').waitFor();
    await shot(p, 'member-fa-desktop');
    await p.getByTestId('club-logout').click();
    await p.getByTestId('club-phone-form').waitFor();
    expect(phoneProblems).toEqual([]);
    const m = await requestJson<{ balance: number }>(page, headers, 'get', `/api/loyalty/members/${customerId}`);
    expect(m.balance).toBe(300);
    expect(problems).toEqual([]);
  });
});
