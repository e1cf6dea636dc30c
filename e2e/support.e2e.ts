/**
 * Support, end to end in Chromium against the real server: a ticket is opened from the customer's profile, assigned
 * (a user whose role cannot work on tickets is refused with the reason), answered, noted internally, summarised and
 * resolved; the 360° view shows its opening, the summary and the card; the page reads right in English too. An urgent
 * ticket under a one-minute first-response policy (all-day calendar) shows "due soon" at once and "breached" a minute
 * later — opened before everything else so the wait overlaps the other steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, screenshot, until, requestJson, dismissToasts as dismissToastsOn, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let urgentId = '';
let urgentNumber = 0;
let ticketPath = '';
let ticketId = '';
let customerPath = '';
const SUBJECT = 'لباسشویی <b>آب</b> را تخلیه نمی‌کند';

const apiJson = <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

const dismissToasts = () => dismissToastsOn(page);

describe('support: a ticket from the profile to resolved, on the 360° view, and an SLA breach', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());

    // Open all day (UTC) and urgent tickets need a first response within one business minute = one real minute.
    const week = Array.from({ length: 7 }, () => [{ start: '00:00', end: '24:00' }]);
    await apiJson('put', '/api/support/calendar', { timeZone: 'UTC', weeklyHours: week });
    const { items: policies } = await apiJson<{ items: { id: string; priority: string; contractLevel: string | null }[] }>('get', '/api/support/sla-policies');
    const urgent = policies.find((p) => p.priority === 'urgent' && !p.contractLevel)!;
    await apiJson('put', `/api/support/sla-policies/${urgent.id}`, { name: 'فوری', priority: 'urgent', firstResponseMinutes: 1, resolutionMinutes: 600 });

    // A support agent, and a marketer whose role may only read tickets.
    const { items: roles } = await apiJson<{ items: { id: string; key: string }[] }>('get', '/api/roles');
    const role = (key: string) => roles.find((r) => r.key === key)!.id;
    await apiJson('post', '/api/users', { email: 'sara@example.com', name: 'سارا رضایی', password: 'support-pass-123', roleId: role('support') });
    await apiJson('post', '/api/users', { email: 'mina@example.com', name: 'مینا بازاریاب', password: 'market-pass-123', roleId: role('marketing') });

    // The urgent ticket: its minute starts now and runs out while the other steps happen.
    const other = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'کامران', lastName: 'اسدی', phones: [{ number: '09121112233' }] });
    const t = await apiJson<{ id: string; number: number; sla: { firstResponse: { state: string } } }>('post', '/api/tickets', { customerId: other.id, channel: 'phone', subject: 'کولر گازی روشن نمی‌شود', priority: 'urgent' });
    expect(t.sla.firstResponse.state).toBe('warning');
    urgentId = t.id;
    urgentNumber = t.number;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the urgent ticket in the breaching-soon queue with an orange "due soon" badge', async () => {
    await page.getByTestId('nav-tickets').click();
    await page.getByTestId('tickets-table').waitFor();
    await page.getByTestId('queue-breaching').click();
    await page.waitForURL(/queue=breaching/);
    const row = page.getByTestId('ticket-row').filter({ hasText: 'کولر گازی' });
    await row.waitFor();
    const badge = row.getByTestId('sla-badge');
    // Unless the minute already ran out on a slow machine, it is "due soon" (warning) now.
    expect(['warning', 'breached']).toContain(await badge.getAttribute('data-state'));
    expect(await badge.innerText()).toMatch(/نزدیک مهلت|گذشته از مهلت/);
  });

  it('opens the recurring-problems view from the queues', async () => {
    await page.getByTestId('open-problems').click();
    await page.getByRole('heading', { name: 'مشکلات تکراری' }).waitFor();
  });

  it('creates a customer and opens a ticket from the profile', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('new-customer-form');
    await form.getByTestId('field-firstName').fill('پریسا');
    await form.getByTestId('field-lastName').fill('نوروزی');
    await form.getByTestId('phone-0').fill('0912 345 6789');
    await form.getByTestId('save-customer').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    customerPath = new URL(page.url()).pathname;

    await page.getByTestId('profile-new-ticket').click();
    const modal = page.getByTestId('new-ticket-form');
    await modal.waitFor();
    // The customer is the profile's, fixed.
    expect(await modal.getByTestId('ticket-customer').inputValue()).toBe('پریسا نوروزی');
    // A new customer has bought nothing, and the row says so (it holds its place while the profile loads).
    await modal.getByTestId('ticket-bought').getByText('هنوز خریدی ثبت نشده').waitFor();
    await screenshot(page, 'new-ticket-fa');
    await modal.getByTestId('save-new-ticket').click();
    await modal.getByText('این فیلد لازم است').waitFor();
    await modal.getByTestId('ticket-subject').fill(SUBJECT);
    await modal.getByTestId('ticket-description').fill('از دیروز آب در دیگ می‌ماند و ارور E21 می‌دهد.');
    await choose(page, 'ticket-priority', 'بالا');
    // Categories are chosen from the admin's list, by their Persian name; the ticket shows the name, not the key.
    await choose(page, 'ticket-category', 'تعمیر و خرابی');
    await modal.getByTestId('save-new-ticket').click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketPath = new URL(page.url()).pathname;
    ticketId = ticketPath.split('/').pop()!;
    await page.getByTestId('ticket-page').waitFor();
    await page.getByTestId('ticket-category-badge').waitFor();
    expect(await page.getByTestId('ticket-category-badge').innerText()).toBe('تعمیر و خرابی');
    // Typed markup stays text.
    expect(await page.getByTestId('ticket-subject-title').innerText()).toBe(SUBJECT);
    expect(await page.locator('[data-testid="ticket-subject-title"] b').count()).toBe(0);
    expect(await page.getByTestId('sla-first-response-badge').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('sla-first-response').innerText()).toContain('مهلت پاسخ اول');
    expect(await page.getByTestId('sla-resolution').innerText()).toContain('مهلت حل');
    // The side panel has the customer's essentials.
    expect(await page.getByTestId('ticket-customer-panel').innerText()).toContain('پریسا نوروزی');
  });

  it('refuses an assignee whose role cannot work on tickets, with the reason, and accepts a support agent', async () => {
    await choose(page, 'ticket-assignee-select', 'مینا بازاریاب');
    const wrapper = page.getByTestId('ticket-assignee-select').locator('xpath=ancestor::*[contains(@class, "mantine-InputWrapper-root")][1]');
    await until('the refusal', async () => (await wrapper.innerText()).includes('اجازهٔ رسیدگی به تیکت ندارد'));
    const after = await apiJson<{ ticket: { assigneeId: string | null } }>('get', `/api/tickets/${ticketId}`);
    expect(after.ticket.assigneeId).toBeNull();

    await choose(page, 'ticket-assignee-select', 'سارا رضایی');
    await until('the assignment', async () => (await apiJson<{ ticket: { assigneeName: string | null; status: string } }>('get', `/api/tickets/${ticketId}`)).ticket.assigneeName === 'سارا رضایی');
    await until('the error to go', async () => !(await wrapper.innerText()).includes('اجازهٔ رسیدگی'));
  });

  it('replies (logged only), adds an internal note and a summary — each drawn differently', async () => {
    await page.getByTestId('composer-body').fill('تماس گرفتم؛ فیلتر پمپ تخلیه را باز و تمیز کنید. اگر درست نشد تکنسین می‌فرستیم.');
    expect(await page.getByTestId('composer-send').innerText()).toContain('فقط ثبت');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('ticket-message-reply').waitFor();
    await until('the first response to be met', async () => (await page.getByTestId('sla-first-response-badge').getAttribute('data-state')) === 'met');
    expect(await page.getByTestId('ticket-message-reply').innerText()).toContain('فقط ثبت شد');

    await page.getByTestId('composer-kind').getByText('یادداشت داخلی').click();
    await page.getByTestId('composer-body').fill('مشتری قبلاً هم همین مشکل را داشته؛ احتمالاً پمپ باید عوض شود.');
    await page.getByTestId('composer-submit').click();
    const note = page.getByTestId('ticket-message-note');
    await note.waitFor();
    expect(await note.innerText()).toContain('داخلی — مشتری نمی‌بیند');

    await page.getByTestId('composer-kind').getByText('خلاصهٔ گفت‌وگو').click();
    await page.getByTestId('composer-body').fill('راهنمایی تلفنی برای تمیز کردن فیلتر؛ مشکل برطرف شد.');
    await page.getByTestId('composer-submit').click();
    await page.getByTestId('ticket-message-summary').waitFor();

    // The three look different: the note sits on a tinted background unlike the reply.
    const bg = async (id: string) => page.getByTestId(id).evaluate((el) => getComputedStyle(el).backgroundColor);
    const [replyBg, noteBg, summaryBg] = [await bg('ticket-message-reply'), await bg('ticket-message-note'), await bg('ticket-message-summary')];
    expect(new Set([replyBg, noteBg, summaryBg]).size).toBe(3);
    await page.mouse.move(0, 0);
    await dismissToasts();
    await screenshot(page, 'ticket-fa');
  });

  it('reads right in English (LTR)', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByRole('button', { name: 'Resolve' }).waitFor();
    const thread = await page.getByTestId('ticket-thread').innerText();
    expect(thread).toContain('Reply to customer');
    expect(thread).toContain('Internal note');
    expect(await page.getByTestId('sla-first-response').innerText()).toContain('First response due');
    expect(await page.getByTestId('ticket-number').innerText()).toMatch(/^#\d+$/);
    await dismissToasts();
    await screenshot(page, 'ticket-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  });

  it('resolves the ticket', async () => {
    await page.getByTestId('ticket-resolve').click();
    await page.getByTestId('ticket-reopen').waitFor();
    expect(await page.getByTestId('ticket-status').inputValue()).toBe('حل‌شده');
    expect(await page.getByTestId('sla-resolution-badge').getAttribute('data-state')).toBe('met');
    const t = await apiJson<{ ticket: { status: string; resolvedAt: string | null } }>('get', `/api/tickets/${ticketId}`);
    expect(t.ticket.status).toBe('resolved');
    expect(t.ticket.resolvedAt).not.toBeNull();
  });

  it('shows the opening, the summary and the ticket on the 360° view', async () => {
    await page.getByTestId('ticket-customer-link').click();
    await page.waitForURL((url) => url.pathname === customerPath);
    const card = page.getByTestId('tickets-card');
    await card.waitFor();
    expect(await card.getByTestId('tickets-total-count').innerText()).toContain('۱');
    // The profile was cached before the ticket was resolved: resolving marks it stale, so it shows the cached card and
    // refetches on arrival (seen in CI: the read came before the refetch's answer).
    await until('the open count refetched after the resolve', async () => (await card.getByTestId('tickets-open-count').innerText()).includes('۰'));
    expect(await card.getByTestId('profile-ticket-closed').innerText()).toContain('حل‌شده');
    await until('both ticket events on the timeline', async () => (await page.getByTestId('timeline-ticket').count()) >= 2);
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('تیکت باز شد');
    expect(timeline).toContain('راهنمایی تلفنی برای تمیز کردن فیلتر؛ مشکل برطرف شد.');
    // Internal notes never reach the timeline.
    expect(timeline).not.toContain('احتمالاً پمپ باید عوض شود');
    // Tall enough to show the card and the ticket events on the timeline together.
    await dismissToasts();
    await page.setViewportSize({ width: 1366, height: 1500 });
    await page.getByTestId('timeline-ticket').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-tickets-fa');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('marks the urgent ticket breached once its minute has passed, and highlights the row', async () => {
    await page.goto('/tickets?queue=breaching');
    const row = page.getByTestId('ticket-row').filter({ hasText: 'کولر گازی' });
    await until('the breach', async () => {
      await page.reload();
      await row.waitFor();
      return (await row.getByTestId('sla-badge').getAttribute('data-state')) === 'breached';
    }, 75_000);
    expect(await row.getAttribute('data-breached')).toBe('true');
    expect(await row.getByTestId('sla-badge').innerText()).toBe('گذشته از مهلت');
    const bg = await row.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    const t = await apiJson<{ ticket: { number: number; sla: { breached: boolean } } }>('get', `/api/tickets/${urgentId}`);
    expect(t.ticket.number).toBe(urgentNumber);
    expect(t.ticket.sla.breached).toBe(true);
    await page.getByTestId('queue-all').click();
    await page.getByTestId('tickets-table').waitFor();
    await page.mouse.move(0, 0);
    await dismissToasts();
    await screenshot(page, 'tickets-fa');
    // The one failed request the browser logs is the refused assignment above (422), which the page explained.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
    expect(problems.filter((p) => p.includes('status of 422'))).toHaveLength(1);
  }, 100_000);
});
