/**
 * Settings → Marketing in Chromium against the real server: the admin changes the quiet hours and turns the frequency
 * cap on (read back from the API), puts a number typed in Persian digits on the suppression list (stored E.164), finds
 * it by search, takes it off with a reason; the tab reads in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { ARTIFACTS, screenshot, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
const shot = async (name: string) => {
  await screenshot(page, name);
  copyFileSync(join(ARTIFACTS, `${name}.png`), `/tmp/${name}.png`);
};
const switchLanguage = async (lang: 'en' | 'fa') => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((dir) => document.documentElement.dir === dir, lang === 'en' ? 'ltr' : 'rtl');
};
type Policy = { quietStart: string; quietEnd: string; capCount: number; capDays: number };
type Page_ = { items: { id: string; address: string; reason: string; source: string }[]; total: number };

describe('marketing contact policy settings', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('changes the quiet hours and the cap; adds, finds and removes a suppressed number', async () => {
    await page.goto('/settings?tab=marketing');
    await page.getByTestId('contact-policy').waitFor();
    await until('the stored policy in the form', async () => (await page.getByTestId('policy-quietStart').inputValue()) === '۲۱:۰۰');
    await page.getByTestId('policy-quietStart').fill('22:30');
    await page.getByTestId('policy-quietEnd').fill('08:00');
    await page.getByTestId('policy-capCount').fill('۳');
    await page.getByTestId('policy-capDays').fill('7');
    await page.getByTestId('policy-save').click();
    await until('the policy saved', async () => (await requestJson<Policy>(page, headers, 'get', '/api/settings/contact-policy')).capCount === 3);
    expect(await requestJson<Policy>(page, headers, 'get', '/api/settings/contact-policy')).toEqual({ quietStart: '22:30', quietEnd: '08:00', capCount: 3, capDays: 7 });

    // A bad number is refused beside the field and nothing is stored.
    await page.getByTestId('suppress-address').fill('نامعتبر');
    await page.getByTestId('suppress-reason').fill('آزمون');
    await page.getByTestId('suppress-add').click();
    await until('the refusal beside the address', async () => (await page.locator('.mantine-TextInput-error').count()) > 0);
    expect((await requestJson<Page_>(page, headers, 'get', '/api/settings/suppressions')).total).toBe(0);

    await page.getByTestId('suppress-address').fill('۰۹۱۲ ۴۴۴ ۵۵۶۶');
    await page.getByTestId('suppress-reason').fill('مشتری تلفنی خواست پیامک تبلیغاتی نگیرد');
    await page.getByTestId('suppress-add').click();
    await until('the row in the list', async () => (await page.getByTestId('suppress-row').count()) === 1);
    const list = await requestJson<Page_>(page, headers, 'get', '/api/settings/suppressions');
    expect(list.items).toMatchObject([{ address: '+989124445566', reason: 'مشتری تلفنی خواست پیامک تبلیغاتی نگیرد', source: 'admin' }]);
    await requestJson(page, headers, 'post', '/api/settings/suppressions', { channel: 'email', address: 'promo-no@example.com', reason: 'درخواست ایمیلی' });
    await page.getByTestId('suppress-search').fill('0912444');
    await until('the search narrows to the number', async () => (await page.getByTestId('suppress-row').count()) === 1 && (await page.getByTestId('suppress-table').innerText()).includes('۰۹۱۲ ۴۴۴ ۵۵۶۶'));
    await shot('contact-policy-fa');

    await page.getByTestId('suppress-remove').click();
    await page.getByTestId('suppress-remove-reason').fill('رضایت دوباره داد');
    await shot('contact-policy-remove-fa');
    await page.getByTestId('suppress-remove-confirm').click();
    await until('the number gone', async () => (await requestJson<Page_>(page, headers, 'get', '/api/settings/suppressions')).total === 1);
    await page.getByTestId('suppress-search').fill('');
    await until('the email still listed', async () => (await page.getByTestId('suppress-row').count()) === 1);
  });

  it('reads in English', async () => {
    await switchLanguage('en');
    await until('the tab in English', async () => (await page.getByTestId('suppressions').innerText()).includes('Suppression list'));
    expect(await page.getByTestId('contact-policy').innerText()).toContain('Quiet hours for advertising SMS');
    await shot('contact-policy-en');
    await switchLanguage('fa');
  });
});
