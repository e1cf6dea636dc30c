/**
 * Recurring problems, end to end in Chromium: tickets of three problems from the labelled set are opened through the
 * API; "regroup now" groups them; a person confirms one problem, renames it, splits tickets off another, merges a
 * problem, and reads the by-product report; a new ticket of a known problem shows its problem on the ticket page; the
 * page reads right in English too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, startAdminSession } from './browser';
import { PROBLEM_NAMES, PROBLEM_TICKETS } from '../server/analytics/problem-groups.fixtures';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
let washer = '';
const CHOSEN = PROBLEM_NAMES.slice(0, 3);

const apiJson = <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

type View = { items: { id: string; label: string; count: number; confirmed: boolean }[] };
const cards = () => page.getByTestId('problem-card');

describe('recurring problems: regroup, decide, report', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    washer = (await apiJson<{ id: string }>('post', '/api/products', { code: 'WM-9', nameFa: 'ماشین لباسشویی ۹ کیلویی', price: '350000000' })).id;
    customerId = (await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'هستی', lastName: 'کاظمی' })).id;
    // Ten tickets of each of three problems (the rest of each problem's texts stay for the new-ticket step).
    for (const name of CHOSEN) {
      for (const t of PROBLEM_TICKETS.filter((x) => x.problem === name).slice(0, 10)) {
        await apiJson('post', '/api/tickets', { customerId, channel: 'phone', subject: t.subject, description: t.description, category: t.category,
          productId: t.product === 'washing-machine' ? washer : undefined });
      }
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('groups the tickets when asked and shows one card per problem', async () => {
    await page.goto('/tickets/problems');
    await page.getByTestId('problems-regroup').click();
    await until('the problems to appear', async () => (await cards().count()) >= 3);
    const summary = await page.getByTestId('problems-summary').innerText();
    expect(summary).toMatch(/مشکل/);
    expect(summary).toMatch(/[۰-۹]/); // Persian digits
    expect(await cards().first().getByTestId('problem-confirmed').innerText()).toBe('پیشنهاد سیستم');
    await screenshot(page, 'problems-fa');
  });

  it('confirms and renames a problem', async () => {
    const first = cards().first();
    const id = await first.getAttribute('data-problem-id');
    await first.getByTestId('problem-actions').click();
    await page.getByTestId('problem-confirm').click();
    await until('the card to say confirmed', async () => (await page.locator(`[data-problem-id="${id}"]`).getByTestId('problem-confirmed').innerText()) === 'تأییدشده');

    await page.locator(`[data-problem-id="${id}"]`).getByTestId('problem-actions').click();
    await page.getByTestId('problem-rename').click();
    await page.getByTestId('problem-rename-input').fill('آب در لباسشویی می‌ماند <b>مهم</b>');
    await page.getByTestId('problem-rename-save').click();
    const label = page.locator(`[data-problem-id="${id}"]`).getByTestId('problem-label');
    await until('the new name', async () => (await label.innerText()) === 'آب در لباسشویی می‌ماند <b>مهم</b>');
    expect(await label.locator('b').count()).toBe(0); // shown as text, not markup
    const view = await apiJson<View>('get', '/api/support/problems?days=30');
    expect(view.items.find((p) => p.id === id)).toMatchObject({ confirmed: true, label: 'آب در لباسشویی می‌ماند <b>مهم</b>' });
  });

  it('splits two tickets off a problem into a new one', async () => {
    const second = cards().nth(1);
    const id = (await second.getAttribute('data-problem-id'))!;
    const before = (await apiJson<View>('get', '/api/support/problems?days=30')).items.find((p) => p.id === id)!.count;
    await second.getByTestId('problem-expand').click();
    const checks = second.getByTestId('problem-ticket-check');
    await until('the ticket list', async () => (await checks.count()) === before);
    await checks.nth(0).check();
    await checks.nth(1).check();
    await second.getByTestId('problem-split-label').fill('مورد جداشده');
    await second.getByTestId('problem-split').click();
    await until('the split', async () => {
      const v = await apiJson<View>('get', '/api/support/problems?days=30');
      return v.items.find((p) => p.id === id)?.count === before - 2 && v.items.some((p) => p.label === 'مورد جداشده' && p.confirmed && p.count === 2);
    });
    await page.getByText('مورد جداشده').waitFor();
  });

  it('merges the split-off problem back into another', async () => {
    const split = cards().filter({ hasText: 'مورد جداشده' });
    await split.getByTestId('problem-actions').click();
    await page.getByTestId('problem-merge').click();
    const modal = page.getByTestId('problem-merge-modal');
    await modal.getByTestId('problem-merge-into').click();
    await page.getByRole('option').first().click();
    await modal.getByTestId('problem-merge-confirm').click();
    await until('the merged problem to go', async () => (await page.getByText('مورد جداشده').count()) === 0);
    const v = await apiJson<View>('get', '/api/support/problems?days=30');
    expect(v.items.some((p) => p.label === 'مورد جداشده')).toBe(false);
  });

  it('shows the most common problems by product', async () => {
    await page.getByTestId('problems-view').getByText('به تفکیک محصول').click();
    const row = page.getByTestId('product-problems-row').filter({ hasText: 'ماشین لباسشویی' });
    await row.waitFor();
    expect(await row.locator('a').count()).toBeGreaterThan(0);
    await screenshot(page, 'problems-by-product-fa');
  });

  it('places a new ticket in its problem and links to it from the ticket page', async () => {
    const t = PROBLEM_TICKETS.filter((x) => x.problem === CHOSEN[0])[12];
    const created = await apiJson<{ id: string; problemGroupId: string | null }>('post', '/api/tickets', { customerId, channel: 'sms', subject: t.subject, description: t.description,
      category: t.category, productId: t.product === 'washing-machine' ? washer : undefined });
    expect(created.problemGroupId).not.toBeNull();
    await page.goto(`/tickets/${created.id}`);
    const link = page.getByTestId('ticket-problem');
    await link.waitFor();
    expect(await link.innerText()).toMatch(/^مشکل تکراری: /);
    await link.click();
    await page.waitForURL(new RegExp(`group=${created.problemGroupId}`));
    await until('the problem card to be highlighted and open', async () =>
      (await page.locator(`[data-problem-id="${created.problemGroupId}"]`).getByTestId('problem-tickets').count()) === 1);
  });

  it('reads right in English', async () => {
    await page.goto('/tickets/problems?days=30');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByText('Regroup now').waitFor();
    await until('the cards', async () => (await cards().count()) >= 2);
    expect(await page.getByTestId('problems-summary').innerText()).toMatch(/\d+ tickets in \d+ problems/);
    await screenshot(page, 'problems-en');
    expect(problems).toEqual([]);
  });
});
