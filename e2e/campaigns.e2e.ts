/**
 * An SMS campaign in Chromium: a segment of consenting customers, a personal text with its part count, the preview
 * of who gets what, send, and the results (every recipient queued by the minute's job, the hold-out kept out); fa and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, screenshot, switchLanguage, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;

describe('campaigns', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
    for (let i = 1; i <= 6; i++) {
      await requestJson(page, headers, 'post', '/api/customers', {
        kind: 'person', firstName: 'مشتری', lastName: `یزدی${i}`, gender: i % 2 ? 'female' : 'male', city: 'یزد', smsConsent: i !== 6, force: true,
        phones: [{ number: `0913200000${i}` }],
      });
    }
    await requestJson(page, headers, 'post', '/api/segments', { name: 'یزدی‌ها', rules: { field: 'city', op: 'eq', value: 'یزد' } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
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
    await screenshot(page, 'campaigns-results-fa');
  });

  it('reads in English', async () => {
    await switchLanguage(page, 'en');
    await until('the page in English', async () => (await page.getByTestId('campaigns-page').innerText()).includes('SMS and email campaigns'));
    await screenshot(page, 'campaigns-results-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'campaigns-results-en-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
