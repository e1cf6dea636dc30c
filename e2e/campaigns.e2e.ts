/**
 * An SMS campaign in Chromium: a segment of consenting customers, a personal text with its part count, the preview
 * of who gets what, send, and the results (every recipient queued by the minute's job, the hold-out kept out); fa and en.
 * An email campaign made in the form with a tracked link, sent, and its unsubscribe page used by a recipient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, screenshot, switchLanguage, until, requestJson, startAdminSession } from './browser';
import { startFakeKavenegar, type FakeGateway } from '../server/test/fakes/sms-gateways.ts';
import { startSmtp, type Smtp } from '../server/test/fakes/smtp.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let kave: FakeGateway;
let smtp: Smtp;
const KEY = 'campaigns-e2e-key';
const emailCustomers: string[] = [];

describe('campaigns', () => {
  beforeAll(async () => {
    // The SMS go out through a fake Kavenegar: the results count what the gateway really took.
    // and the emails to a local SMTP server: the email campaign is checked where the mail arrives.
    kave = await startFakeKavenegar({ apiKey: KEY });
    smtp = await startSmtp();
    ({ server, browser, page, headers } = await startAdminSession({ env: { SMS_DRIVER: 'kavenegar', SMS_API_KEY: KEY, SMS_BASE_URL: kave.url, SMS_SENDER: '10004346',
      SMTP_URL: smtp.url, SMTP_FROM: 'Mehvar <campaigns@test.example>' } }));
    for (let i = 1; i <= 6; i++) {
      await requestJson(page, headers, 'post', '/api/customers', {
        kind: 'person', firstName: 'مشتری', lastName: `یزدی${i}`, gender: i % 2 ? 'female' : 'male', city: 'یزد', smsConsent: i !== 6, force: true,
        phones: [{ number: `0913200000${i}` }],
      });
    }
    await requestJson(page, headers, 'post', '/api/segments', { name: 'یزدی‌ها', rules: { field: 'city', op: 'eq', value: 'یزد' } });
    for (let i = 1; i <= 3; i++) {
      const c = await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', {
        kind: 'person', firstName: 'مشتری', lastName: `کاشانی${i}`, gender: 'male', city: 'کاشان', emailConsent: true, force: true, emails: [{ address: `kashan${i}@test.example` }],
      });
      emailCustomers.push(c.id);
    }
    await requestJson(page, headers, 'post', '/api/segments', { name: 'کاشانی‌ها', rules: { field: 'city', op: 'eq', value: 'کاشان' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await kave?.close();
    await smtp?.close();
  });

  it('writes a personal SMS for a segment, previews it, sends it and shows the results', async () => {
    await page.goto('/campaigns');
    await page.getByTestId('campaigns-page').waitFor();
    await page.getByTestId('campaign-name').fill('جشنوارهٔ یزد');
    await choose(page, 'campaign-segment', 'یزدی‌ها');
    await page.getByTestId('campaign-body').fill('{greeting} عزیز، جشنوارهٔ پاییز شروع شد!');
    expect(await page.getByTestId('campaign-parts').innerText()).toContain('بخش');
    // A service message (not advertising): it may go at any hour, so the test does not wait for 09:00 Tehran.
    await page.getByTestId('campaign-advertising').click({ force: true });
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('campaign-preview').waitFor();
    // Six in the segment, one without consent.
    const preview = await page.getByTestId('campaign-preview').innerText();
    expect(preview).toMatch(/(خانم|آقای) یزدی\d عزیز، جشنوارهٔ پاییز شروع شد!/);
    const recipients = await page.getByTestId('campaign-recipients').innerText();
    await screenshot(page, 'campaigns-preview-fa');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('campaign-send').click();
    await page.getByTestId('campaign-results').waitFor();
    const [c] = (await requestJson<{ items: { id: string; recipients: number; holdout: number; status: string }[] }>(page, headers, 'get', '/api/campaigns')).items;
    expect(c.recipients + c.holdout).toBe(5);
    expect(recipients).toBe(String(c.recipients).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    // The job sends within a minute (a batch per tick).
    await until('every recipient queued', async () => (await requestJson<{ queued: number }>(page, headers, 'get', `/api/campaigns/${c.id}/results`)).queued === c.recipients, 90_000);
    await page.reload();
    await page.getByTestId('campaign-results').waitFor();
    // The progress line: every recipient through the gateway, none failed, none left; the gateway got each once.
    const fa = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    await until('every recipient sent in the progress line', async () => (await page.getByTestId('campaign-progress-text').innerText()) === `${fa(c.recipients)} فرستاده · ۰ ناموفق · ۰ مانده`, 60_000);
    expect(kave.messages).toHaveLength(c.recipients);
    expect(new Set(kave.messages.map((m) => m.to)).size).toBe(c.recipients);
    await screenshot(page, 'campaigns-results-fa');
  });

  it('makes an email campaign with a tracked link; a recipient unsubscribes on the public page', async () => {
    await page.goto('/campaigns');
    await page.getByTestId('campaign-name').fill('تخفیف کاشان');
    await page.getByTestId('campaign-channel').getByText('ایمیل').click();
    await choose(page, 'campaign-segment', 'کاشانی‌ها');
    await page.getByTestId('campaign-subject').fill('{greeting}، تخفیف ویژه');
    await page.getByTestId('campaign-body').fill('{greeting} عزیز، تخفیف ویژهٔ شما: {link}');
    await page.getByTestId('campaign-link').fill('https://shop.example/off');
    await page.getByTestId('campaign-holdout').fill('0'); // no hold-out: every one of the three gets the email
    await screenshot(page, 'campaigns-email-form-fa');
    await page.getByTestId('campaign-create').click();
    await page.getByTestId('campaign-preview').waitFor();
    expect(await page.getByTestId('campaign-preview').innerText()).toContain('آقای کاشانی');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('campaign-send').click();
    await page.getByTestId('campaign-results').waitFor();
    const [c] = (await requestJson<{ items: { id: string; name: string; channel: string; recipients: number }[] }>(page, headers, 'get', '/api/campaigns')).items;
    expect(c).toMatchObject({ name: 'تخفیف کاشان', channel: 'email' });
    await until('every email queued', async () => (await requestJson<{ queued: number }>(page, headers, 'get', `/api/campaigns/${c.id}/results`)).queued === c.recipients, 90_000);
    // Each of the three arrives at the SMTP server once, to its own address, with a one-click unsubscribe header.
    await until('three emails at the SMTP server', () => smtp.messages.length >= 3, 60_000);
    expect(smtp.messages.flatMap((m) => m.to).sort()).toEqual(['kashan1@test.example', 'kashan2@test.example', 'kashan3@test.example']);
    for (const m of smtp.messages.map((x) => ({ raw: x.raw.replace(/\r?\n[ \t]+/g, '') }))) { // headers unfolded
      expect(m.raw).toMatch(/^List-Unsubscribe:\s*<https?:\/\/[^>]+\/u\/[A-Za-z0-9_-]{34}>/m);
      expect(m.raw).toMatch(/^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/m);
    }
    await until('the results count them sent', async () => (await requestJson<{ sent: number }>(page, headers, 'get', `/api/campaigns/${c.id}/results`)).sent === 3);
    // The unsubscribe link in a recipient's email (on their timeline).
    const recipient = emailCustomers[0];
    let path = '';
    await until('the email on the timeline', async () => {
      const tl = JSON.stringify(await requestJson(page, headers, 'get', `/api/customers/${recipient}/timeline`));
      path = tl.match(/\/u\/[A-Za-z0-9_-]{34}/)?.[0] ?? '';
      return Boolean(path);
    });
    await page.goto(`${path}?lang=en`);
    await page.getByTestId('unsubscribe').waitFor();
    await screenshot(page, 'campaigns-unsubscribe-en');
    await page.goto(path);
    await screenshot(page, 'campaigns-unsubscribe-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'campaigns-unsubscribe-fa-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.getByTestId('unsubscribe').click();
    await page.getByTestId('unsubscribe-state').waitFor();
    expect(await page.getByTestId('unsubscribe-state').innerText()).toContain('لغو شد');
    await page.setViewportSize({ width: 1440, height: 900 });
    const view = await requestJson<{ customer: { emailConsent: boolean } }>(page, headers, 'get', `/api/customers/${recipient}`);
    expect(view.customer.emailConsent).toBe(false);
    expect((await requestJson<{ unsubscribed: number }>(page, headers, 'get', `/api/campaigns/${c.id}/results`)).unsubscribed).toBe(1);
    await page.goto(`/campaigns?campaign=${c.id}`);
    await page.getByTestId('campaign-unsubscribed').waitFor();
    await until('one unsubscribed shown', async () => (await page.getByTestId('campaign-unsubscribed').innerText()) === '۱');
    await screenshot(page, 'campaigns-email-results-fa');
  });

  it('reads in English', async () => {
    await switchLanguage(page, 'en');
    await until('the page in English', async () => (await page.getByTestId('campaigns-page').innerText()).includes('SMS and email campaigns'));
    await until('the progress line in English', async () => /^\d+ sent · \d+ failed · \d+ remaining$/.test(await page.getByTestId('campaign-progress-text').innerText()));
    await screenshot(page, 'campaigns-results-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'campaigns-results-en-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
