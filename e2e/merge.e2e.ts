/**
 * Duplicates, end to end in Chromium: from the customers toolbar to the list of pairs (with the reason), the
 * side-by-side screen (a choice per differing field), the merge (the survivor's timeline holds both records' items),
 * Undo from the toast (both records back as they were), and the same screens in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, dismissToasts, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
const ids = { a: '', b: '' };

const apiJson = <T>(method: 'get' | 'post', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

describe('duplicates: find, compare, merge, undo', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    // The same person twice: Arabic ي/ك in one, Persian ی/ک in the other, the same city, different numbers and stages.
    ids.a = (await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'علی', lastName: 'کریمی', city: 'تهران', phones: [{ number: '09121234567' }], lifecycleStage: 'lead' })).id;
    ids.b = (await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'علي', lastName: 'كريمي', city: 'تهران', phones: [{ number: '09357654321' }], lifecycleStage: 'customer', emails: [{ address: 'ali.karimi@example.com' }], force: true })).id;
    await apiJson('post', '/api/interactions', { customerId: ids.a, kind: 'note', summary: 'یادداشت پروندهٔ اول' });
    await apiJson('post', '/api/interactions', { customerId: ids.b, kind: 'call', direction: 'in', summary: 'تماس روی پروندهٔ دوم' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the pair with its reason, from the customers toolbar', async () => {
    await page.goto('/customers');
    await page.getByTestId('open-duplicates').click();
    const row = page.getByTestId('duplicate-pair');
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('نام و شهر یکسان');
    await screenshot(page, 'duplicates-list-fa');
  });

  it('merges from the side-by-side screen and joins the timelines', async () => {
    await page.getByTestId('review-pair').click();
    await page.getByTestId('merge-fields').waitFor();
    // The pair is listed in id order; make the first-created record the survivor whichever side it is on.
    const choice = page.getByTestId('survivor-choice');
    await choice.getByText('علی کریمی', { exact: false }).first().click();
    // Names differ only in spelling (ي/ك): keep the Persian one; take the other record's stage.
    const aSide = page.url().includes(`/duplicates/${ids.a}/`) ? 'a' : 'b';
    const bSide = aSide === 'a' ? 'b' : 'a';
    await page.getByTestId(`pick-lifecycleStage-${bSide}`).check();
    expect(await page.getByTestId('merge-moves').innerText()).toContain('تعامل');
    await screenshot(page, 'merge-screen-fa');
    await page.getByTestId('merge-submit').click();
    await page.getByTestId('confirm-merge').click();
    await page.getByTestId('merge-toast').waitFor();
    await until('the survivor profile', async () => page.url().endsWith(`/customers/${ids.a}`));
    const timeline = page.getByText('تماس روی پروندهٔ دوم');
    await timeline.first().waitFor();
    expect(await page.getByText('یادداشت پروندهٔ اول').count()).toBeGreaterThan(0);
    await screenshot(page, 'merge-done-fa');
    const survivor = await apiJson<{ customer: { lifecycleStage: string; firstName: string; emails: { address: string }[] } }>('get', `/api/customers/${ids.a}`);
    expect(survivor.customer.lifecycleStage).toBe('customer');
    expect(survivor.customer.firstName).toBe('علی');
    expect(survivor.customer.emails.map((e) => e.address)).toEqual(['ali.karimi@example.com']);
    expect((await page.request.get(`/api/customers/${ids.b}`)).status()).toBe(404);
  });

  it('undoes from the toast: both records are back as they were', async () => {
    await page.getByTestId('merge-undo').click();
    await until('the loser to come back', async () => (await page.request.get(`/api/customers/${ids.b}`)).status() === 200);
    const a = await apiJson<{ customer: { lifecycleStage: string; emails: unknown[] }; timeline: { items: unknown[] } }>('get', `/api/customers/${ids.a}`);
    expect(a.customer.lifecycleStage).toBe('lead');
    expect(a.customer.emails).toEqual([]);
    const b = await apiJson<{ timeline: { items: { kind: string; data: { summary?: string } }[] } }>('get', `/api/customers/${ids.b}?timelineLimit=50`);
    expect(b.timeline.items.some((i) => i.kind === 'interaction' && i.data.summary === 'تماس روی پروندهٔ دوم')).toBe(true);
    await dismissToasts(page);
  });

  it('reads right in English', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.goto('/customers/duplicates');
    await page.getByTestId('duplicate-pair').first().waitFor();
    expect(await page.getByTestId('duplicate-pair').innerText()).toContain('Same name and city');
    // The merge and its undo are listed below the pairs.
    expect(await page.getByTestId('recent-merge').innerText()).toContain('Undone');
    await screenshot(page, 'duplicates-list-en');
    await page.getByTestId('review-pair').click();
    await page.getByTestId('merge-fields').waitFor();
    expect(await page.getByTestId('merge-fields').innerText()).toContain('Stage');
    await screenshot(page, 'merge-screen-en');
    expect(problems).toEqual([]);
  });
});
