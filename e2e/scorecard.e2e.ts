/**
 * The customer-centricity scorecard in Chromium: the overall score, its history by month and the five items with their
 * evidence; the opening exercise picks customers to call and an answer lands in the feedback inbox; fa and en, desktop
 * and a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, switchLanguage, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;

describe('scorecard', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers, problems } = await startAdminSession());
    for (let i = 1; i <= 3; i++) {
      const c = await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', {
        kind: 'person', firstName: 'مشتری', lastName: `کرمانی${i}`, city: 'کرمان', force: true, phones: [{ number: `0913300000${i}` }],
      });
      // A logged call makes the customer active (last activity now).
      await requestJson(page, headers, 'post', '/api/interactions', { customerId: c.id, kind: 'call', direction: 'out', summary: 'پیگیری سفارش', occurredAt: new Date().toISOString() });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the score, the history and the five items with evidence; the exercise sends an answer to the feedback inbox', async () => {
    await page.goto('/scorecard');
    await page.getByTestId('scorecard-page').waitFor();
    const api = await requestJson<{ score: number; items: { key: string; score: number }[]; history: unknown[] }>(page, headers, 'get', '/api/scorecard');
    const fa = (n: number) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    expect(await page.getByTestId('scorecard-score').innerText()).toBe(fa(api.score));
    for (const item of api.items) {
      const card = page.getByTestId(`scorecard-item-${item.key}`);
      expect(await card.getByTestId('scorecard-item-score').innerText()).toBe(fa(item.score));
      expect(await card.locator('tr').count()).toBeGreaterThan(1);
    }
    expect(api.history).toHaveLength(12);
    expect(await page.getByTestId('scorecard-history').locator(':scope > div').count()).toBe(12);
    await screenshot(page, 'scorecard-fa');

    await page.getByTestId('call-five-start').click();
    await page.getByTestId('call-five-row').first().waitFor();
    expect(await page.getByTestId('call-five-row').count()).toBe(3);
    const first = page.getByTestId('call-five-row').first();
    const name = await first.locator('a').first().innerText();
    await first.getByTestId('call-five-answer').fill('زودتر خبر بدهید سفارش کی می‌رسد');
    await first.getByTestId('call-five-save').click();
    await first.getByText('ثبت شد').waitFor();
    const inbox = await requestJson<{ items: { text: string; channel: string; customerId: string }[] }>(page, headers, 'get', '/api/feedback?pageSize=50');
    expect(inbox.items.filter((f) => f.text === 'زودتر خبر بدهید سفارش کی می‌رسد').map((f) => f.channel)).toEqual(['call']);
    const tasks = await requestJson<{ items: { title: string; status: string }[] }>(page, headers, 'get', '/api/tasks?status=done&pageSize=50');
    expect(tasks.items.some((t) => t.title.includes(name))).toBe(true);
    await screenshot(page, 'scorecard-call-five-fa');
  });

  it('reads in English, and fits a 390 px phone', async () => {
    await switchLanguage(page, 'en');
    await page.goto('/scorecard');
    await page.getByTestId('scorecard-item-voc').waitFor();
    expect(await page.getByTestId('scorecard-item-voc').innerText()).toContain('We collect the voice of the customer regularly');
    await screenshot(page, 'scorecard-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('scorecard-item-voc').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await screenshot(page, 'scorecard-en-phone');
    await switchLanguage(page, 'fa');
    await page.getByTestId('scorecard-item-voc').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await screenshot(page, 'scorecard-fa-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(problems).toEqual([]);
  });
});
