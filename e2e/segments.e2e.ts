/**
 * Segments in Chromium: the admin builds a rule on /segments (city is Shiraz, typed with Persian letters, finds the
 * customer stored with Arabic ي too), sees the live count and the sample, narrows it with a second condition, saves it
 * as a static segment, and finds it in the saved list; fa and en; desktop and a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, screenshot, switchLanguage, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;

const countShown = async () => (await page.getByTestId('segment-count').innerText()).trim();

describe('segments', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
    for (const [lastName, city, stage] of [['کاظمی', 'شيراز', 'customer'], ['نوروزی', 'شیراز', 'lead'], ['تهرانی', 'تهران', 'customer']]) {
      await requestJson(page, headers, 'post', '/api/customers', { kind: 'person', firstName: 'مشتری', lastName, city, lifecycleStage: stage, force: true });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('builds a rule, sees the count and who matches, and saves it', async () => {
    await page.goto('/segments');
    await page.getByTestId('segments-page').waitFor();
    await page.getByTestId('segment-add-row').click();
    await choose(page, 'segment-field', 'شهر');
    await page.getByTestId('segment-value').fill('شیراز');
    await until('two customers of Shiraz', async () => (await countShown()) === '۲');
    const sample = await page.getByTestId('segment-sample').innerText();
    expect(sample).toContain('کاظمی');
    expect(sample).toContain('نوروزی');
    expect(sample).not.toContain('تهرانی');
    await page.getByTestId('segment-add-row').click();
    await page.getByTestId('segment-field').nth(1).click();
    await page.getByRole('option', { name: 'مرحله', exact: true }).click();
    await choose(page, 'segment-value-select', 'مشتری');
    await until('one customer of Shiraz at the customer stage', async () => (await countShown()) === '۱');
    await screenshot(page, 'segments-builder-fa');
    await page.getByTestId('segment-name').fill('مشتریان شیراز');
    await page.getByTestId('segment-kind').getByText('ثابت (عکس همین لحظه)').click();
    await page.getByTestId('segment-save').click();
    await until('the saved segment in the list', async () => (await page.getByTestId('segment-item').count()) === 1);
    const [saved] = (await requestJson<{ items: { name: string; kind: string; snapshotCount: number }[] }>(page, headers, 'get', '/api/segments')).items;
    expect(saved).toMatchObject({ name: 'مشتریان شیراز', kind: 'static', snapshotCount: 1 });
    // The segment as a filter of the customers list: only its one member is listed.
    await page.getByTestId('segment-item').first().click();
    await page.getByTestId('segment-open-list').click();
    await page.waitForURL(/\/customers\?segmentId=/);
    await until('only the segment\'s member in the list', async () => (await page.getByTestId('customer-row').count()) === 1);
    await page.goBack();
  });

  it('reads in English and fits a phone', async () => {
    await switchLanguage(page, 'en');
    await until('the page in English', async () => (await page.getByTestId('segments-page').innerText()).includes('Customer segments'));
    await screenshot(page, 'segments-builder-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'segments-builder-en-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await switchLanguage(page, 'fa');
    await screenshot(page, 'segments-builder-fa-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  });
});
