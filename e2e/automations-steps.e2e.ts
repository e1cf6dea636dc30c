/**
 * The newer automation steps in Chromium: a rule built in the page with a "city changed" trigger, a branch whose
 * yes/no columns read right-to-left in Persian, and a step in the yes column; a customer whose city changes runs it,
 * and the run appears on the customer's timeline with the rule's name and a link to the run. fa and en, desktop and
 * phone (no horizontal scroll). Screenshots to /tmp/auto3-<name>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, switchLanguage, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;

async function shot(name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350);
  await page.screenshot({ path: `/tmp/auto3-${name}.png`, fullPage: true });
}
const noSideScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
async function pickLast(testId: string, label: string) {
  await page.getByTestId(testId).last().locator('xpath=ancestor-or-self::*[contains(@class, "mantine-Input-input")][1]').click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

describe('automation branches and the timeline', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  let customerId = '';
  let automationId = '';

  it('builds a rule with a field trigger and a branch, in Persian', async () => {
    await page.goto('/automations');
    await page.getByTestId('automation-new').click();
    await page.getByTestId('automation-builder').waitFor();
    await page.getByTestId('automation-name').fill('شهر عوض شد');
    await choose(page, 'automation-event', 'ویرایش مشتری');
    await choose(page, 'automation-watch-field', 'شهر');
    // The first step becomes a branch; its yes column gets a tag step.
    await pickLast('automation-action-kind', 'شاخه با شرط');
    await page.getByTestId('automation-branch-then').waitFor();
    await page.getByTestId('automation-branch-add-then').click();
    await page.getByTestId('automation-branch-then').getByTestId('automation-tag').fill('پایتختی');
    await page.getByTestId('automation-branch-add-else').click();
    await page.getByTestId('automation-branch-else').getByTestId('automation-tag').fill('شهرستانی');
    // Persian: the yes column stands to the right of the no column.
    const yes = await page.getByTestId('automation-branch-then').boundingBox();
    const no = await page.getByTestId('automation-branch-else').boundingBox();
    expect(yes!.x).toBeGreaterThan(no!.x);
    await shot('branch-builder-fa');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('branch-builder-fa-phone');
    expect(await noSideScroll()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('automation-save').click();
    await page.getByTestId('automation-detail').waitFor();
    const list = await requestJson<{ items: { id: string; name: string; trigger: unknown; actions: { kind: string; then?: { tag: string }[]; else?: { tag: string }[] }[] }[] }>(page, headers, 'get', '/api/automations');
    const rule = list.items.find((a) => a.name === 'شهر عوض شد')!;
    automationId = rule.id;
    expect(rule.trigger).toEqual({ kind: 'event', event: 'customer.updated', field: 'city' });
    expect(rule.actions[0]).toMatchObject({ kind: 'branch', then: [{ kind: 'addTag', tag: 'پایتختی' }], else: [{ kind: 'addTag', tag: 'شهرستانی' }] });
  });

  it('a changed city runs it, and the run shows on the customer timeline with a link to it', async () => {
    const c = await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', { kind: 'person', firstName: 'رها', lastName: 'جابه‌جا', city: 'یزد', force: true });
    customerId = c.id;
    await requestJson(page, headers, 'patch', `/api/customers/${customerId}`, { city: 'کرمان' });
    await until('the run is done', async () => {
      const runs = await requestJson<{ items: { status: string; log: { action: string; outcome: string }[] }[] }>(page, headers, 'get', `/api/customers/${customerId}/automation-runs`);
      return runs.items.some((r) => r.status === 'done');
    }, 60_000);
    await page.goto(`/customers/${customerId}`);
    await until('the run on the timeline', async () => (await page.getByTestId('timeline-automation').allInnerTexts()).some((x) => x.includes('شهر عوض شد')), 30_000);
    const href = await page.getByTestId('timeline-automation-link').first().getAttribute('href');
    expect(href).toBe(`/automations?automation=${automationId}&run=${(await requestJson<{ items: { id: string }[] }>(page, headers, 'get', `/api/customers/${customerId}/automation-runs`)).items[0].id}`);
    await shot('timeline-fa');
  });

  it('reads in English', async () => {
    await switchLanguage(page, 'en');
    await until('the timeline in English', async () => (await page.getByTestId('timeline-automation').allInnerTexts()).some((x) => x.includes('Automation “شهر عوض شد”')), 30_000);
    await shot('timeline-en');
    await page.getByTestId('timeline-automation-link').first().click();
    await page.getByTestId('automation-detail').waitFor();
    // The run opened from the timeline is marked in the log.
    await page.locator('[data-testid="automation-run"][data-highlight="true"]').waitFor();
    await shot('run-highlight-en');
    await page.getByTestId('automation-edit').click();
    await page.getByTestId('automation-builder').waitFor();
    const yes = await page.getByTestId('automation-branch-then').boundingBox();
    const no = await page.getByTestId('automation-branch-else').boundingBox();
    expect(yes!.x).toBeLessThan(no!.x);
    await shot('branch-builder-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('branch-builder-en-phone');
    expect(await noSideScroll()).toBe(true);
  });
});
