/**
 * The lists people live in, in Chromium: columns chosen and kept after a reload, sorting, three rows selected → a tag
 * added → undone from the toast, the stage and a ticket's priority edited in place, and on a 390 px phone every list
 * page without a wide table (cards for customers, tickets, deals and tasks); deals: last activity first, columns, two
 * marked won → undone, one moved to the lost stage with a reason; tasks: sorted by priority, three completed → undone;
 * Persian and English, desktop and phone screenshots.
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
const customerIds: string[] = [];
const ticketIds: string[] = [];
const dealIds: string[] = [];
const taskIds: string[] = [];

const apiJson = <T>(method: JsonMethod, url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);
const LIST_PAGES = ['/customers', '/tickets', '/deals', '/deals?view=list', '/documents', '/contracts', '/tasks', '/tasks?bucket=no_date'];
type Row = { id: string; displayName: string; tags: string[]; lifecycleStage: string; ownerId: string | null };
const customersPage = async (query = '') => (await apiJson<{ items: Row[] }>('get', `/api/customers?pageSize=25${query}`)).items;

async function noWideTable(path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
    // A table wider than the screen (scrolling inside its box) is still a wide table to a thumb.
    widest: Math.max(0, ...[...document.querySelectorAll('table')].map((t) => t.getBoundingClientRect().width)),
  }));
  expect(m.scroll, `${path}: the page scrolls sideways`).toBeLessThanOrEqual(m.client);
  expect(m.widest, `${path}: a table wider than the phone`).toBeLessThanOrEqual(m.client);
}

describe('record lists', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    await page.setViewportSize({ width: 1440, height: 900 });
    const people = [['آرش', 'صالحی', '09121110001'], ['بهاره', 'نوری', '09121110002'], ['پرویز', 'کاظمی', '09121110003'], ['ترانه', 'یزدانی', '09121110004'], ['ثمین', 'رحمانی', '09121110005']];
    for (const [firstName, lastName, phone] of people) {
      customerIds.push((await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName, lastName, phones: [{ number: phone }], tags: ['نمایشگاه'] })).id);
    }
    for (const [subject, priority] of [['چاپگر کار نمی‌کند', 'urgent'], ['درخواست فاکتور', 'low'], ['گارانتی', 'normal']] as const) {
      ticketIds.push((await apiJson<{ id: string }>('post', '/api/tickets', { customerId: customerIds[0], channel: 'phone', subject, priority })).id);
    }
    // The latest touch: a call with پرویز (after the tickets of آرش).
    await apiJson('post', '/api/interactions', { customerId: customerIds[2], kind: 'call', direction: 'in', summary: 'پرسش دربارهٔ قیمت' });
    await apiJson('post', '/api/tasks', { title: 'ارسال پیش‌فاکتور', customerId: customerIds[2], dueAt: new Date(Date.now() + 86_400_000).toISOString() });
    for (const [i, title] of ['قرارداد نگهداری', 'خرید چاپگر', 'تمدید گارانتی'].entries()) {
      dealIds.push((await apiJson<{ id: string }>('post', '/api/deals', { customerId: customerIds[i], title, amount: String((i + 1) * 10_000_000) })).id);
    }
    for (const [i, title] of ['تماس با آرش', 'ارسال کاتالوگ', 'پیگیری پرداخت'].entries()) {
      taskIds.push((await apiJson<{ id: string }>('post', '/api/tasks', { title, customerId: customerIds[i], priority: i === 2 ? 'urgent' : 'normal' })).id);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists customers by last activity with last contact and next task columns', async () => {
    await page.goto('/customers');
    await page.getByTestId('customer-row').first().waitFor();
    // The call and the task moved پرویز to the top (last activity), with its next task in its row.
    const first = page.getByTestId('customer-row').first();
    expect(await first.innerText()).toContain('پرویز کاظمی');
    expect(await first.getByTestId('next-task').innerText()).toContain('ارسال پیش‌فاکتور');
    await screenshot(page, 'lists-customers-fa');
  });

  it('chooses columns, and they are kept after a reload (saved for the user)', async () => {
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-tags').click();
    await page.getByTestId('column-toggle-city').click();
    await page.getByTestId('column-up-lastContact').click();
    await page.keyboard.press('Escape');
    await until('the columns to be saved', async () => {
      const p = await apiJson<{ columns: string[] | null }>('get', '/api/list-preferences/customers');
      return p.columns?.join(',') === 'name,phone,stage,lastContact,owner,nextTask,city';
    });
    await page.reload();
    await page.getByTestId('customer-row').first().waitFor();
    const headers = await page.locator('[data-testid="customers-table"] thead th').allInnerTexts();
    expect(headers.map((h) => h.trim()).filter(Boolean)).toEqual(['نام', 'تلفن', 'مرحله', 'آخرین ارتباط', 'مسئول', 'کار بعدی', 'شهر']);
  });

  it('sorts by a column on the server', async () => {
    await page.getByTestId('sort-name').click();
    await until('the name order', async () => page.url().includes('sort=name'));
    const expected = (await customersPage('&sort=name')).map((c) => c.displayName);
    // The previous page stays on screen until the sorted one arrives: wait for the order, not for a busy flag.
    await until('the rows in name order', async () => JSON.stringify(await page.getByTestId('customer-name').allInnerTexts()) === JSON.stringify(expected));
    expect(await page.getByTestId('customer-name').allInnerTexts()).toEqual(expected);
  });

  it('selects three rows (shift-click), adds a tag to them, and undoes it from the toast', async () => {
    const checks = page.getByTestId('row-check');
    await checks.nth(0).click();
    await checks.nth(2).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('bulk-count').innerText()).toContain('۳');
    const chosen = (await customersPage('&sort=name')).slice(0, 3).map((c) => c.id);
    await page.getByTestId('bulk-add-tag').click();
    await page.getByTestId('bulk-add-tag-input').fill('ویژه');
    await page.getByTestId('bulk-add-tag-apply').click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('۳ مشتری به‌روز شد');
    const tagged = async () => (await customersPage()).filter((c) => c.tags.includes('ویژه')).map((c) => c.id).sort();
    expect(await tagged()).toEqual([...chosen].sort());
    await screenshot(page, 'lists-bulk-toast-fa');
    await page.getByTestId('bulk-undo').click();
    await until('the tag to be gone', async () => (await tagged()).length === 0);
    await dismissToasts(page);
  });

  it('edits the stage in place', async () => {
    const row = page.getByTestId('customer-row').first();
    const id = (await customersPage('&sort=name'))[0].id;
    await row.getByTestId('inline-stage').click();
    await page.getByRole('option', { name: 'وفادار', exact: true }).click();
    await until('the stage to be saved', async () => (await customersPage()).find((c) => c.id === id)?.lifecycleStage === 'loyal');
  });

  it('edits the owner and the tags in place', async () => {
    const id = (await customersPage('&sort=name'))[0].id;
    const row = page.getByTestId('customer-row').first();
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-tags').click();
    await page.keyboard.press('Escape');
    await row.getByTestId('inline-tags').click();
    await page.keyboard.type('خوش‌حساب');
    await page.keyboard.press('Enter');
    await until('the tag to be saved', async () => (await customersPage()).find((c) => c.id === id)?.tags.includes('خوش‌حساب') === true);
    await page.keyboard.press('Escape');
    await row.getByTestId('inline-owner').click();
    await page.getByRole('option', { name: 'بدون مسئول', exact: true }).click();
    await until('the owner to be cleared', async () => (await customersPage()).find((c) => c.id === id)?.ownerId === null);
    await screenshot(page, 'lists-customers-inline-fa');
  });

  it('lists tickets overdue-first with readable badges, and edits a priority in place', async () => {
    await page.goto('/tickets');
    await page.getByTestId('ticket-row').first().waitFor();
    // The SLA order: the urgent ticket's deadline comes first.
    expect(await page.getByTestId('ticket-row').first().innerText()).toContain('چاپگر کار نمی‌کند');
    const low = page.getByTestId('ticket-row').filter({ hasText: 'درخواست فاکتور' });
    await low.getByTestId('inline-priority').click();
    await page.getByRole('option', { name: 'بالا', exact: true }).click();
    await until('the priority to be saved', async () => (await apiJson<{ ticket: { priority: string } }>('get', `/api/tickets/${ticketIds[1]}`)).ticket.priority === 'high');
    await page.mouse.move(0, 0);
    await dismissToasts(page);
    await screenshot(page, 'lists-tickets-fa');
  });

  it('deals list: last activity first, columns chosen, two deals marked won and undone from the toast', async () => {
    // A stage move is activity: the first deal (created first) comes to the top.
    const stages = (await apiJson<{ items: { stages: { id: string; name: string }[] }[] }>('get', '/api/pipelines')).items[0].stages;
    await apiJson('post', `/api/deals/${dealIds[0]}/move`, { stageId: stages[1].id }, 200);
    await page.goto('/deals?view=list');
    await page.getByTestId('deal-row').first().waitFor();
    expect(await page.getByTestId('deal-row').first().innerText()).toContain('قرارداد نگهداری');
    await page.getByTestId('column-chooser').click();
    await page.getByTestId('column-toggle-created').click();
    await page.keyboard.press('Escape');
    await until('the deal columns to be saved', async () => (await apiJson<{ columns: string[] | null }>('get', '/api/list-preferences/deals')).columns?.includes('created') === true);
    expect(await page.locator('[data-testid="deals-table"] thead').innerText()).toContain('آخرین فعالیت');
    const checks = page.getByTestId('row-check');
    await checks.nth(0).click();
    await checks.nth(1).click({ modifiers: ['Shift'] });
    expect(await page.getByTestId('bulk-count').innerText()).toContain('۲');
    await page.getByTestId('bulk-status').click();
    await page.getByTestId('bulk-status-won').click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('۲ معامله به‌روز شد');
    const status = async (id: string) => (await apiJson<{ status: string }>('get', `/api/deals/${id}`)).status;
    expect([await status(dealIds[0]), await status(dealIds[2])]).toEqual(['won', 'won']); // the two on top: moved, then the newest
    expect(await status(dealIds[1])).toBe('open');
    await screenshot(page, 'lists-deals-fa');
    await page.getByTestId('bulk-undo').click();
    await until('the deals to be open again', async () => (await status(dealIds[0])) === 'open' && (await status(dealIds[2])) === 'open');
    await dismissToasts(page);
  });

  it('tasks list: sorted by a column, three tasks completed at once and reopened from the toast', async () => {
    await page.goto('/tasks?bucket=no_date');
    await page.getByTestId('task-item').first().waitFor();
    await page.getByTestId('sort-priority').click();
    await until('the urgent task on top', async () => (await page.getByTestId('task-item').first().innerText()).includes('پیگیری پرداخت'));
    await page.getByTestId('select-page').click();
    expect(await page.getByTestId('bulk-count').innerText()).toContain('۳');
    await page.getByTestId('bulk-complete').click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('۳ کار به‌روز شد');
    const statuses = async () => Promise.all(taskIds.map(async (id) => (await apiJson<{ status: string }>('get', `/api/tasks/${id}`)).status));
    expect(await statuses()).toEqual(['done', 'done', 'done']);
    await screenshot(page, 'lists-tasks-toast-fa');
    await page.getByTestId('bulk-undo').click();
    await until('the tasks to be open again', async () => (await statuses()).every((x) => x === 'open'));
    await dismissToasts(page);
    await page.getByTestId('task-item').nth(2).waitFor();
    await screenshot(page, 'lists-tasks-fa');
  });

  it('on a 390 px phone every list fits the screen; customers and tickets are cards', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of LIST_PAGES) await noWideTable(path);
    await page.goto('/customers');
    await page.getByTestId('customers-table-cards').waitFor();
    expect(await page.getByTestId('customers-table').count()).toBe(0);
    expect(await page.locator('[data-testid="customers-table-cards"] a[href^="tel:"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'lists-customers-phone-fa');
    await page.goto('/tickets');
    await page.getByTestId('tickets-table-cards').waitFor();
    await screenshot(page, 'lists-tickets-phone-fa');
    await page.goto('/deals?view=list');
    await page.getByTestId('deals-table-cards').waitFor();
    await screenshot(page, 'lists-deals-phone-fa');
    await page.goto('/tasks?bucket=no_date');
    await page.getByTestId('task-list-cards').waitFor();
    await page.getByTestId('row-check').first().click();
    await page.getByTestId('bulk-bar').waitFor();
    await screenshot(page, 'lists-tasks-phone-fa');
  });

  it('reads right in English, desktop and phone', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.goto('/customers');
    await page.getByTestId('customer-row').first().waitFor();
    expect(await page.locator('[data-testid="customers-table"] thead').innerText()).toContain('Last contact');
    await page.getByTestId('row-check').first().click();
    expect(await page.getByTestId('bulk-bar').innerText()).toContain('1 selected');
    await screenshot(page, 'lists-customers-en');
    await page.goto('/tickets');
    await page.getByTestId('ticket-row').first().waitFor();
    await screenshot(page, 'lists-tickets-en');
    await page.goto('/deals?view=list');
    await page.getByTestId('deal-row').first().waitFor();
    expect(await page.locator('[data-testid="deals-table"] thead').innerText()).toContain('Last activity');
    const top = (await apiJson<{ items: { id: string }[] }>('get', '/api/deals?sort=-lastActivity&pageSize=1')).items[0].id;
    await page.getByTestId('row-check').first().click();
    await page.getByTestId('bulk-stage').click();
    await page.getByTestId('bulk-stage-item').last().click(); // the lost stage: a reason is asked for
    await page.getByTestId('bulk-lost-reason').fill('Price');
    await page.getByTestId('bulk-lost-confirm').click();
    await page.getByTestId('bulk-toast').waitFor();
    expect(await page.getByTestId('bulk-toast').innerText()).toContain('1 deal updated');
    await until('the deal to be lost', async () => (await apiJson<{ status: string; lostReason: string }>('get', `/api/deals/${top}`)).lostReason === 'Price');
    await screenshot(page, 'lists-deals-en');
    await page.getByTestId('bulk-undo').click();
    await until('the deal to be open again', async () => (await apiJson<{ status: string }>('get', `/api/deals/${top}`)).status === 'open');
    await dismissToasts(page);
    await page.goto('/tasks?bucket=no_date');
    await page.getByTestId('task-item').first().waitFor();
    expect(await page.locator('[data-testid="task-list"] thead').innerText()).toContain('Due');
    await screenshot(page, 'lists-tasks-en');
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of LIST_PAGES) await noWideTable(path);
    await page.goto('/customers');
    await page.getByTestId('customers-table-cards').waitFor();
    await screenshot(page, 'lists-customers-phone-en');
    await page.goto('/tickets');
    await page.getByTestId('tickets-table-cards').waitFor();
    await screenshot(page, 'lists-tickets-phone-en');
    await page.goto('/deals?view=list');
    await page.getByTestId('deals-table-cards').waitFor();
    await screenshot(page, 'lists-deals-phone-en');
    await page.goto('/tasks?bucket=no_date');
    await page.getByTestId('task-list-cards').waitFor();
    await screenshot(page, 'lists-tasks-phone-en');
    expect(problems).toEqual([]);
  });
});
