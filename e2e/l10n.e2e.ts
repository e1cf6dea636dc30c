/**
 * Text direction and names, end to end in Chromium: an English name and subject beside Jalali dates in the Persian UI
 * stay isolated (a <bdi dir=auto> each, drawn on the correct side of the date); ticket categories and contract levels
 * read by their names, never their keys; an admin adds a category with both names in the settings; a Gregorian reader's
 * reports start their year in January; the quote PDF carries the seller's legal details and, in Persian, the document
 * number in Persian digits. Screenshots in fa and en, at 1440 px and on a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { ARTIFACTS, choose, dismissToasts, requestJson, screenshot, startAdminSession, type JsonMethod } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
let ticketId = '';
let quoteId = '';
let quoteEnId = '';
const api = <T>(method: JsonMethod, url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

/** The page's layout of an isolated name and the date beside it: where each is drawn, and the DOM facts. */
async function metaLayout(selector: string) {
  return page.locator(selector).first().evaluate((el) => {
    const user = el.querySelector('bdi[dir="auto"]') as HTMLElement;
    const pieces = [...el.children] as HTMLElement[];
    const date = pieces[pieces.length - 1];
    const r = (e: HTMLElement) => e.getBoundingClientRect();
    return {
      text: el.textContent ?? '', userText: user?.textContent ?? '', userBidi: user ? getComputedStyle(user).unicodeBidi : '',
      order: pieces.map((p) => p.textContent), nameLeft: r(user).left, nameRight: r(user).right, dateLeft: r(date).left, dateRight: r(date).right,
      pageDir: document.documentElement.dir,
    };
  });
}

async function setPrefs(locale: 'fa' | 'en', calendar: 'jalali' | 'gregorian') {
  await api('patch', '/api/auth/me/preferences', { locale, calendar });
  await page.goto('/');
  await page.getByTestId('nav-customers').waitFor();
}

async function shots(path: string, ready: string, name: string) {
  for (const [w, h, tag] of [[1440, 900, 'desktop'], [390, 844, 'phone']] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto(path);
    await page.getByTestId(ready).first().waitFor();
    await page.getByTestId(ready).first().scrollIntoViewIfNeeded();
    await screenshot(page, `l10n-${name}-${tag}`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

describe('text direction, names for keys, calendars and the seller block', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());
    const me = await api<{ user: { id: string } }>('get', '/api/auth/me');
    // The admin writes in English: their name and words meet Persian dates and labels.
    await api('patch', `/api/users/${me.user.id}`, { name: 'John Smith' });
    customerId = (await api<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'پریسا', lastName: 'نوروزی', phones: [{ number: '09123456789' }] })).id;
    await api('post', '/api/interactions', { customerId, kind: 'call', direction: 'in', summary: 'Asked about the 8 kg washer (WM-8).', body: 'She wants delivery before Friday.' });
    ticketId = (await api<{ id: string }>('post', '/api/tickets', { customerId, channel: 'phone', subject: 'Washer leaks (model WM-8)', category: 'repair' })).id;
    await api('post', `/api/tickets/${ticketId}/messages`, { kind: 'note', body: 'Checked the hose; a technician visits Saturday.' }, 201);
    await api('post', '/api/contracts', { customerId, kind: 'service', title: 'سرویس سالانه', level: 'silver', startDate: '2026-01-01', endDate: '2026-12-31' }, 201);
    await api('patch', '/api/settings', {
      companyLegalName: 'شرکت بازرگانی لوازم خانگی محور (سهامی خاص)', companyEconomicCode: '411155667788', companyNationalId: '10320845671',
      companyRegistrationNo: '543210', companyPostalCode: '1131745613', companyAddress: 'تهران، خیابان جمهوری اسلامی، پلاک ۲۰', companyPhone: '021-66778899',
    });
    quoteId = (await api<{ id: string }>('post', '/api/documents', { kind: 'quote', customerId, locale: 'fa', lines: [{ description: 'ماشین لباسشویی ۸ کیلویی', quantity: '1', unitPrice: '123450' }] })).id;
    await api('post', `/api/documents/${quoteId}/send`, { email: false, sms: false }, 200);
    quoteEnId = (await api<{ id: string }>('post', '/api/documents', { kind: 'quote', customerId, locale: 'en', lines: [{ description: 'Washing machine 8 kg', quantity: '1', unitPrice: '123450' }] })).id;
    await api('post', `/api/documents/${quoteEnId}/send`, { email: false, sms: false }, 200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('keeps an English author beside a Jalali date isolated and on its own side, in the Persian timeline', async () => {
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('timeline-interaction').first().waitFor();
    const meta = await metaLayout('[data-testid="timeline-interaction"] [data-testid="timeline-meta"]');
    expect(meta.pageDir).toBe('rtl');
    expect(meta.userText).toBe('John Smith');
    expect(meta.userBidi).toBe('isolate');
    // Logical order: name, then the date (Persian digits); drawn right to left, so the name is right of the date.
    expect(meta.order[0]).toBe('John Smith');
    expect(meta.order[1]).toMatch(/[۰-۹]/);
    expect(meta.nameLeft).toBeGreaterThanOrEqual(meta.dateRight);
    // The English summary ends with its full stop at its own end, isolated from the Persian around it.
    const summary = page.getByTestId('timeline-interaction').first().locator('bdi[dir="auto"]').first();
    expect(await summary.innerText()).toBe('Asked about the 8 kg washer (WM-8).');
    await shots(`/customers/${customerId}`, 'timeline', 'timeline-fa');
  });

  it('names the ticket\'s category and isolates the English note\'s author beside the date', async () => {
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('ticket-page').waitFor();
    await page.getByTestId('ticket-category-badge').waitFor();
    expect(await page.getByTestId('ticket-category-badge').innerText()).toBe('تعمیر و خرابی');
    expect(await page.getByTestId('ticket-page').innerText()).not.toMatch(/\brepair\b/);
    const meta = await metaLayout('[data-testid="ticket-message-meta"]');
    expect(meta.userText).toBe('John Smith');
    expect(meta.nameLeft).toBeGreaterThanOrEqual(meta.dateRight);
    await shots(`/tickets/${ticketId}`, 'ticket-page', 'ticket-fa');
  });

  it('shows contract levels by name («نقره‌ای», not silver)', async () => {
    await page.goto('/contracts');
    await page.getByTestId('contracts-table').waitFor();
    const table = await page.getByTestId('contracts-table').innerText();
    expect(table).toContain('نقره‌ای');
    expect(table).not.toContain('silver');
  });

  it('lets the admin add a ticket category with both names; agents then pick it by name', async () => {
    await page.goto('/settings?tab=support');
    const card = page.getByTestId('support-categories');
    await card.waitFor();
    expect(await card.innerText()).toContain('تعمیر و خرابی');
    await page.getByTestId('category-add').click();
    await page.getByTestId('category-labelFa').fill('قطعات یدکی');
    await page.getByTestId('category-labelEn').fill('Spare parts');
    await page.getByTestId('category-key').fill('spare-parts');
    await page.getByTestId('category-save').click();
    await page.getByTestId('category-row-spare-parts').waitFor();
    await dismissToasts(page);
    await card.scrollIntoViewIfNeeded();
    const { items } = await api<{ items: { key: string; labelFa: string; labelEn: string; active: boolean }[] }>('get', '/api/support/ticket-categories');
    expect(items.find((c) => c.key === 'spare-parts')).toMatchObject({ labelFa: 'قطعات یدکی', labelEn: 'Spare parts', active: true });
    await screenshot(page, 'l10n-categories-fa-desktop');

    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('profile-new-ticket').first().click();
    await page.getByTestId('ticket-subject').fill('قطعهٔ درب لباسشویی');
    await choose(page, 'ticket-category', 'قطعات یدکی');
    await page.getByTestId('save-new-ticket').click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await page.getByTestId('ticket-category-badge').waitFor();
    expect(await page.getByTestId('ticket-category-badge').innerText()).toBe('قطعات یدکی');
  });

  it('reads in English with the Gregorian calendar: names, isolation, and reports whose year starts in January', async () => {
    await setPrefs('en', 'gregorian');
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('ticket-page').waitFor();
    await page.getByTestId('ticket-category-badge').waitFor();
    expect(await page.getByTestId('ticket-category-badge').innerText()).toBe('Repair');
    await shots(`/tickets/${ticketId}`, 'ticket-page', 'ticket-en');
    await shots('/settings?tab=support', 'support-categories', 'categories-en');

    await page.goto('/reports?range=thisYear');
    await page.getByTestId('report-sales').waitFor();
    const year = new Date().getFullYear();
    expect(await page.getByTestId('reports-page').innerText()).toContain(`1 Jan ${year}`);
    expect(await page.getByTestId('reports-preset').inputValue()).toBe('This year');
    // The card draws its frame first and its rows when the report arrives ("Loading…" until then).
    await page.getByTestId('report-sales').getByText(`January ${year}`).first().waitFor();
    const sales = await page.getByTestId('report-sales').innerText();
    expect(sales).toContain(`January ${year}`);
    expect(sales).not.toMatch(/Farvardin|Dey|Esfand/);
    await shots('/reports?range=thisYear', 'report-sales', 'reports-en');
    await setPrefs('fa', 'jalali');
  });

  it('prints the seller\'s legal details and, in Persian, the document number in Persian digits', async () => {
    const doc = await api<{ number: string; seller: Record<string, string> }>('get', `/api/documents/${quoteId}`);
    expect(doc.seller).toMatchObject({ name: 'شرکت بازرگانی لوازم خانگی محور (سهامی خاص)', economicCode: '411155667788', nationalId: '10320845671', postalCode: '1131745613' });
    expect(doc.number).toMatch(/^[A-Z]+-\d{4}-\d+$/);
    // Written beside the screenshots, to be looked at (pdftoppm -png): the seller block, and the number's digits.
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [id, name] of [[quoteId, 'fa'], [quoteEnId, 'en']] as const) {
      const pdf = await page.request.get(`/api/documents/${id}/pdf`);
      expect(pdf.status()).toBe(200);
      const body = await pdf.body();
      expect(body.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(join(ARTIFACTS, `l10n-quote-${name}.pdf`), body);
    }
    expect(problems).toEqual([]);
  });
});
