/**
 * The documents and contracts lists in Chromium: last activity first, a column added and kept, sorted by a column,
 * two rows selected → a new owner → undone from the toast, "export selected" answering an XLSX; saved views of the
 * deals, documents and contracts lists (filters, sort and columns come back); on a 390 px phone cards with no sideways
 * scroll and the filters folded behind a button; Persian and English, desktop and phone screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, dismissToasts, startAdminSession, type JsonMethod } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let adminId: string;
let saraId: string;
const docIds: string[] = [];
const contractIds: string[] = [];

const apiJson = <T>(method: JsonMethod, url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);
const owners = async (path: 'documents' | 'contracts', ids: string[]) =>
  Promise.all(ids.map(async (id) => (await apiJson<{ ownerId: string | null }>('get', `/api/${path}/${id}`)).ownerId));

type Views = { items: { name: string; shared: boolean; query: Record<string, unknown> }[] };
const theadText = (table: string) => page.locator(`[data-testid="${table}"] thead`).innerText();

/** Saves the list's current state as a view through its menu (optionally shared). */
async function saveView(name: string, shared = false) {
  await page.getByTestId('saved-views').click();
  await page.getByTestId('save-view').click();
  await page.getByTestId('view-name').fill(name);
  if (shared) await page.getByRole('dialog').getByRole('checkbox').check();
  await page.getByTestId('save-view-submit').click();
}
async function applyView(name: string) {
  await page.getByTestId('saved-views').click();
  await page.getByTestId('saved-view-item').filter({ hasText: name }).click();
}

/** On a phone the filter bar is the search box and a button (one row); the button opens the other filters. */
async function foldedFilters(testId: string, inside: string) {
  const closed = (await page.getByTestId(testId).boundingBox())!.height;
  expect(closed, `${testId}: the folded filter bar is one row`).toBeLessThanOrEqual(90);
  expect(await page.getByTestId(inside).count()).toBe(0);
  await page.getByTestId(`${testId}-toggle`).click();
  await page.getByTestId(inside).waitFor();
  const opened = (await page.getByTestId(testId).boundingBox())!.height;
  expect(opened).toBeGreaterThan(closed + 150);
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(m.scroll).toBeLessThanOrEqual(m.client);
  return { closed, opened };
}

async function fitsPhone(path: string, cards: string) {
  await page.goto(path);
  await page.getByTestId(cards).waitFor();
  const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, tables: document.querySelectorAll('table').length }));
  expect(m.scroll, `${path}: the page scrolls sideways`).toBeLessThanOrEqual(m.client);
  expect(m.tables, `${path}: a table on a phone`).toBe(0);
}

describe('documents and contracts lists', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    await page.setViewportSize({ width: 1440, height: 900 });
    const me = await apiJson<{ user: { id: string } }>('get', '/api/auth/me');
    adminId = me.user.id;
    const roles = await apiJson<{ items: { id: string; key: string }[] }>('get', '/api/roles');
    saraId = (await apiJson<{ id: string }>('post', '/api/users', { email: 'sara.docs@example.com', name: 'سارا فروشنده', password: 'sales-pass-123', roleId: roles.items.find((r) => r.key === 'sales')!.id })).id;
    const customers: string[] = [];
    for (const [firstName, lastName] of [['آرش', 'صالحی'], ['بهاره', 'نوری'], ['پرویز', 'کاظمی']]) {
      customers.push((await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName, lastName, ownerId: adminId })).id);
    }
    for (const [i, price] of ['30000000', '10000000', '20000000'].entries()) {
      docIds.push((await apiJson<{ id: string }>('post', '/api/documents', { kind: 'quote', customerId: customers[i], lines: [{ description: 'سرویس کولر', quantity: '1', unitPrice: price }] })).id);
    }
    // The quote of آرش, written first, is edited last: it is the latest activity.
    await apiJson('patch', `/api/documents/${docIds[0]}`, { notes: 'تحویل فوری' });
    for (const [i, title] of ['سرویس سالانهٔ کولر', 'گارانتی یخچال'].entries()) {
      contractIds.push((await apiJson<{ id: string }>('post', '/api/contracts', { customerId: customers[i], kind: 'maintenance', title, startDate: '2026-03-21', endDate: '2027-03-20', value: '45000000' })).id);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('documents: last activity first, a column added and kept, sorted by total', async () => {
    await page.goto('/documents');
    await page.getByTestId('doc-row').first().waitFor();
    expect(await page.getByTestId('doc-row').first().innerText()).toContain('آرش صالحی');
    expect(await page.locator('[data-testid="documents-table"] thead').innerText()).toContain('آخرین فعالیت');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-owner').click();
    await page.keyboard.press('Escape');
    await until('the document columns to be saved', async () => (await apiJson<{ columns: string[] | null }>('get', '/api/list-preferences/documents')).columns?.includes('owner') === true);
    await page.reload();
    await page.getByTestId('doc-row').first().waitFor();
    expect(await page.locator('[data-testid="documents-table"] thead').innerText()).toContain('مسئول');
    await page.getByTestId('sort-total').click();
    await until('the smallest quote on top', async () => (await page.getByTestId('doc-row').first().innerText()).includes('بهاره نوری'));
    expect(page.url()).toContain('sort=total');
  });

  it('documents: two selected get a new owner, undone from the toast; export selected answers an XLSX', async () => {
    const checks = page.getByTestId('row-check');
    await checks.nth(0).click();
    await checks.nth(1).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('bulk-count').innerText()).toContain('۲');
    await page.getByTestId('bulk-export').click();
    const href = await page.getByTestId('bulk-export-xlsx').getAttribute('href');
    expect(href).toContain('/api/documents/export?ids=');
    const file = await page.evaluate(async (url) => { const r = await fetch(url!); return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength }; }, href);
    expect(file).toMatchObject({ status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(file.size).toBeGreaterThan(1000);
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-owner').click();
    await page.getByTestId('bulk-owner-select').click();
    await page.getByRole('option', { name: 'سارا فروشنده', exact: true }).click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('۲ سند به‌روز شد');
    // Sorted by total: the quotes of بهاره (10M) and پرویز (20M).
    expect(await owners('documents', docIds)).toEqual([adminId, saraId, saraId]);
    await until('the owner column to show سارا', async () => (await page.getByTestId('doc-owner').first().innerText()).includes('سارا'));
    await screenshot(page, 'lists-documents-fa');
    await page.getByTestId('bulk-undo').click();
    await until('the owners to be back', async () => (await owners('documents', docIds)).every((o) => o === adminId));
    await dismissToasts(page);
  });

  it('contracts: last activity first, all on the page get a new owner, undone', async () => {
    await page.goto('/contracts');
    await page.getByTestId('contract-row').first().waitFor();
    expect(await page.getByTestId('contract-row').first().innerText()).toContain('گارانتی یخچال'); // created last
    expect(await page.locator('[data-testid="contracts-table"] thead').innerText()).toContain('آخرین فعالیت');
    await page.getByTestId('select-page').click();
    await page.getByTestId('bulk-owner').click();
    await page.getByTestId('bulk-owner-select').click();
    await page.getByRole('option', { name: 'سارا فروشنده', exact: true }).click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('۲ قرارداد به‌روز شد');
    expect(await owners('contracts', contractIds)).toEqual([saraId, saraId]);
    await screenshot(page, 'lists-contracts-fa');
    await page.getByTestId('bulk-undo').click();
    await until('the contract owners to be back', async () => (await owners('contracts', contractIds)).every((o) => o === adminId));
    await dismissToasts(page);
    await page.getByTestId('contract-search').fill('یخچال');
    await until('one contract found', async () => (await page.getByTestId('contract-row').count()) === 1);
  });

  it('deals list: the current filters saved as a view of that list, and applied again', async () => {
    await page.goto('/deals?view=list');
    await page.getByTestId('deals-list').waitFor();
    await page.getByTestId('saved-views').click();
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('معاملات من');
    await page.getByTestId('save-view-submit').click();
    await until('the view saved for the deals list', async () => (await apiJson<{ items: { name: string }[] }>('get', '/api/saved-views?list=deals')).items.some((v) => v.name === 'معاملات من'));
    expect((await apiJson<{ items: { name: string }[] }>('get', '/api/saved-views?list=customers')).items.map((v) => v.name)).not.toContain('معاملات من');
    await page.getByTestId('saved-views').click();
    await page.getByTestId('saved-view-item').first().click();
    await page.goto('/tasks');
    await page.getByTestId('saved-views').click();
    await page.getByText('معاملات من').waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
    expect(await page.getByTestId('saved-view-item').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('documents list: a saved view brings back its filters, sort and columns', async () => {
    await page.goto('/documents?status=draft&sort=total');
    await page.getByTestId('doc-row').first().waitFor();
    expect(await theadText('documents-table')).toContain('مسئول'); // the owner column added above
    await saveView('پیش‌نویس‌ها به ترتیب مبلغ');
    const saved = await until('the documents view saved', async () => (await apiJson<Views>('get', '/api/saved-views?list=documents')).items[0]);
    expect(saved.query).toMatchObject({ list: 'documents', status: 'draft', sort: 'total' });
    expect(String(saved.query.columns).split(',')).toContain('owner');
    // Elsewhere: no filters, the owner column hidden again.
    await page.goto('/documents');
    await page.getByTestId('doc-row').first().waitFor();
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-owner').click();
    await page.keyboard.press('Escape');
    await until('the owner column gone', async () => !(await theadText('documents-table')).includes('مسئول'));
    expect(page.url()).not.toContain('status=');
    await applyView('پیش‌نویس‌ها به ترتیب مبلغ');
    await until('the view applied', async () => page.url().includes('status=draft') && page.url().includes('sort=total'));
    await until('the owner column back', async () => (await theadText('documents-table')).includes('مسئول'));
    await until('the smallest quote on top', async () => (await page.getByTestId('doc-row').first().innerText()).includes('بهاره نوری'));
    // The filter box follows the address on its next render: wait for it rather than read it at once.
    await until('the status filter showing drafts', async () => (await page.getByTestId('doc-status-filter').inputValue()) === 'پیش‌نویس');
    await screenshot(page, 'lists-documents-view-fa');
    expect((await apiJson<Views>('get', '/api/saved-views?list=contracts')).items).toEqual([]);
  });

  it('contracts list: a shared saved view brings back its words, ending window, sort and columns', async () => {
    await page.goto('/contracts?within=180&sort=title');
    await page.getByTestId('contract-row').first().waitFor();
    await page.getByTestId('contract-search').fill('یخچال');
    await until('one contract found', async () => (await page.getByTestId('contract-row').count()) === 1);
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-owner').click();
    await page.keyboard.press('Escape');
    await until('the owner column shown', async () => (await theadText('contracts-table')).includes('مسئول'));
    await saveView('گارانتی‌های رو به پایان', true);
    const saved = await until('the contracts view saved', async () => (await apiJson<Views>('get', '/api/saved-views?list=contracts')).items[0]);
    expect(saved).toMatchObject({ shared: true, query: { list: 'contracts', q: 'یخچال', within: '180', sort: 'title', status: 'active' } });
    // A fresh visit: both contracts, the owner column hidden; the view brings it all back.
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-owner').click();
    await page.keyboard.press('Escape');
    await page.goto('/contracts');
    await until('both contracts', async () => (await page.getByTestId('contract-row').count()) === 2);
    expect(await theadText('contracts-table')).not.toContain('مسئول');
    await applyView('گارانتی‌های رو به پایان');
    await until('one contract again', async () => (await page.getByTestId('contract-row').count()) === 1);
    expect(await page.getByTestId('contract-row').first().innerText()).toContain('گارانتی یخچال');
    expect(await page.getByTestId('contract-search').inputValue()).toBe('یخچال');
    expect(page.url()).toContain('within=180');
    expect(page.url()).toContain('sort=title');
    await until('the owner column back', async () => (await theadText('contracts-table')).includes('مسئول'));
    await screenshot(page, 'lists-contracts-view-fa');
  });

  it('on a 390 px phone both lists are cards that fit the screen, the filters folded behind a button (fa)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await fitsPhone('/documents', 'documents-table-cards');
    await foldedFilters('doc-filters', 'doc-status-filter');
    await page.getByTestId('row-check').first().click();
    await page.getByTestId('bulk-bar').waitFor();
    await screenshot(page, 'lists-documents-phone-fa');
    await fitsPhone('/contracts', 'contracts-table-cards');
    await screenshot(page, 'lists-contracts-phone-fa');
    const { opened } = await foldedFilters('contract-filters', 'contract-filter-status');
    expect(opened).toBeGreaterThan(300); // four filters, one per row
    await screenshot(page, 'lists-contracts-phone-filters-fa');
    // A filter in use is counted on the button.
    await page.goto('/contracts?within=30');
    await page.getByTestId('contracts-page').waitFor();
    expect(await page.getByTestId('contract-filters-count').innerText()).toBe('۱');
  });

  it('reads right in English, desktop and phone', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.goto('/documents');
    await page.getByTestId('doc-row').first().waitFor();
    expect(await page.locator('[data-testid="documents-table"] thead').innerText()).toContain('Last activity');
    await page.getByTestId('row-check').first().click();
    expect(await page.getByTestId('bulk-bar').innerText()).toContain('1 selected');
    await screenshot(page, 'lists-documents-en');
    await page.goto('/contracts');
    await page.getByTestId('contract-row').first().waitFor();
    expect(await page.locator('[data-testid="contracts-table"] thead').innerText()).toContain('Last activity');
    await screenshot(page, 'lists-contracts-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await fitsPhone('/documents', 'documents-table-cards');
    await screenshot(page, 'lists-documents-phone-en');
    await fitsPhone('/contracts', 'contracts-table-cards');
    await screenshot(page, 'lists-contracts-phone-en');
    await foldedFilters('contract-filters', 'contract-filter-status');
    await screenshot(page, 'lists-contracts-phone-filters-en');
    expect(problems).toEqual([]);
  });
});
