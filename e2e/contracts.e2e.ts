/**
 * Contracts, end to end in Chromium against the real server: a maintenance contract is made from the customer's
 * profile card (Jalali dates typed, a product covered, a level), found on /contracts by "ending within 30 days" with
 * its days-left warning, renewed (the new one links back, the old one forward), shown beside a ticket's thread with
 * its level and end, and the page reads right in English too, where another contract is edited and cancelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addDays, todayIn, toJalaliString } from '../common/jalali';
import type { RunningServer } from './server';
import { choose, screenshot, until, requestJson, dismissToasts as dismissToastsOn, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
let productId = '';
let contractId = '';
let renewedId = '';
let ticketId = '';

const TITLE = 'نگهداری سالانهٔ آسانسور';
const today = todayIn(new Date());
const END = addDays(today, 20);
// Not whole Jalali months (the day of the month differs from the renewal's), so a renewal lasts the same number of days.
const START = toJalaliString(addDays(today, -340)).slice(8) === toJalaliString(addDays(END, 1)).slice(8) ? addDays(today, -341) : addDays(today, -340);
const LENGTH_DAYS = Math.round((Date.parse(END) - Date.parse(START)) / 86_400_000);

type Contract = { id: string; number: number; status: string; startDate: string; endDate: string; value: string; level: string | null; kind: string; products: { id: string }[]; renewedFromId: string | null; renewedById: string | null; remindCustomer: boolean; reminderDays: number };

const apiJson = <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

const dismissToasts = () => dismissToastsOn(page);

/** Types a Jalali day into a date field (the picker reads Latin digits too), then closes its calendar by clicking `away`. */
async function typeDate(testId: string, iso: string, away: () => Promise<void>) {
  const input = page.getByTestId(testId);
  await input.click();
  await input.press('Control+A');
  await input.pressSequentially(toJalaliString(iso));
  await away();
  await until(`the calendar of ${testId} to close`, async () => (await page.locator('.rmdp-calendar').count()) === 0, 5000);
}

const switchLanguage = async (lang: 'en' | 'fa') => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((dir) => document.documentElement.dir === dir, lang === 'en' ? 'ltr' : 'rtl');
};

describe('contracts: from the profile card to renewed, on the list and beside a ticket', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());

    const c = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'organization', orgName: 'برج‌سازان البرز', phones: [{ number: '09123456789' }], smsConsent: true });
    customerId = c.id;
    const p = await apiJson<{ id: string }>('post', '/api/products', { code: 'ELV-8', kind: 'product', nameFa: 'آسانسور ۸ نفره', unit: 'دستگاه', price: '4500000000' });
    productId = p.id;
    // Another customer's contract that ends far away: "ending within 30 days" must leave it out.
    const other = await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'نسرین', lastName: 'امیری', phones: [{ number: '09351234567' }] });
    await apiJson('post', '/api/contracts', { customerId: other.id, kind: 'warranty', title: 'گارانتی یخچال', startDate: today, endDate: addDays(today, 200), value: '0', productIds: [] });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes a contract from the profile card', async () => {
    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('contracts-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('قرارداد فعالی ندارد');
    await card.getByTestId('profile-new-contract').click();
    const modal = page.getByTestId('new-contract-form');
    await modal.waitFor();
    // The customer is the profile's, fixed; the period defaults to a year from today.
    expect(await modal.getByTestId('contract-customer').inputValue()).toBe('برج‌سازان البرز');
    expect(await modal.getByTestId('contract-start').inputValue()).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
    await modal.getByTestId('save-new-contract').click();
    await modal.getByText('این فیلد لازم است').waitFor();

    await modal.getByTestId('contract-title').fill(TITLE);
    await choose(page, 'contract-kind', 'نگهداری');
    await modal.getByTestId('contract-level').fill('طلایی');
    const away = () => page.locator('.mantine-Modal-title').click();
    await typeDate('contract-start', START, away);
    await typeDate('contract-end', END, away);
    await modal.getByTestId('contract-value').fill('۱۲۰۰۰۰۰۰');
    await modal.getByTestId('contract-product').click();
    await page.getByRole('option', { name: 'ELV-8 — آسانسور ۸ نفره' }).click();
    await modal.getByTestId('contract-products').getByText('آسانسور ۸ نفره').waitFor();
    await modal.getByTestId('contract-renewal-terms').fill('تمدید سالانه با ۱۵ درصد افزایش');
    await modal.getByTestId('contract-remind-customer').check({ force: true });
    // Days in Persian digits, like every number on the page.
    expect(await modal.getByTestId('contract-reminder-days').inputValue()).toBe('۳۰');
    await page.mouse.move(0, 0);
    await page.locator('.mantine-Modal-content').evaluate((el) => { el.scrollTop = 0; });
    await screenshot(page, 'contract-modal-fa');

    await modal.getByTestId('save-new-contract').click();
    const drawer = page.getByTestId('contract-drawer');
    await drawer.waitFor();
    const { items } = await apiJson<{ items: Contract[] }>('get', `/api/contracts?customerId=${customerId}`);
    expect(items).toHaveLength(1);
    const k = items[0];
    contractId = k.id;
    expect(k).toMatchObject({ kind: 'maintenance', level: 'طلایی', startDate: START, endDate: END, value: '120000000', status: 'active', remindCustomer: true, reminderDays: 30 });
    expect(k.products.map((x) => x.id)).toEqual([productId]);
    expect(await drawer.getByTestId('contract-ending').innerText()).toBe('۲۰ روز مانده');
    await page.locator('.mantine-Drawer-close').click();
    await drawer.waitFor({ state: 'detached' });

    const row = card.getByTestId('profile-contract');
    await row.waitFor();
    expect(await row.innerText()).toContain(TITLE);
    expect(await row.innerText()).toContain('سطح طلایی');
    expect(await card.getByTestId('contracts-active-count').innerText()).toBe('۱ فعال');
    await dismissToasts();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-contracts-fa');
  });

  it('finds it on /contracts by "ending within 30 days", with the days left', async () => {
    await page.getByTestId('nav-contracts').click();
    await page.getByTestId('contracts-table').waitFor();
    const rows = page.getByTestId('contract-row');
    await until('both active contracts', async () => (await rows.count()) === 2);
    await choose(page, 'contract-filter-within', 'تا ۳۰ روز آینده');
    await page.waitForURL(/within=30/);
    await until('only the one ending soon', async () => (await rows.count()) === 1 && (await rows.first().innerText()).includes(TITLE));
    const row = rows.first();
    const ending = row.getByTestId('contract-ending');
    expect(await ending.innerText()).toBe('۲۰ روز مانده');
    expect(await ending.getAttribute('data-tone')).toBe('orange');
    const text = await row.innerText();
    expect(text).toContain('برج‌سازان البرز');
    expect(text).toContain('نگهداری');
    expect(text).toContain('۱۲٬۰۰۰٬۰۰۰ تومان');
    expect(await row.getByTestId('contract-period').innerText()).toMatch(/^[۰-۹]+ [^\d]+ [۰-۹]{4} تا [۰-۹]+ [^\d]+ [۰-۹]{4}$/);
    await choose(page, 'contract-filter-within', 'تا ۷ روز آینده');
    await page.getByTestId('empty-state').waitFor();
    await choose(page, 'contract-filter-within', 'تا ۳۰ روز آینده');
    await rows.first().waitFor();
    await page.mouse.move(0, 0);
    await screenshot(page, 'contracts-fa');
  });

  it('renews it: the new contract links back and the old one forward', async () => {
    await page.getByTestId('contract-row').first().click();
    const drawer = page.getByTestId('contract-drawer');
    await drawer.waitFor();
    await drawer.getByTestId('renew-contract').click();
    const form = page.getByTestId('renew-contract-form');
    await form.waitFor();
    // The proposal: from the day after the end, as long as this one.
    expect(await form.getByTestId('renew-start').inputValue()).toBe(toJalaliString(addDays(END, 1)).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    await form.getByTestId('confirm-renew').click();
    await form.waitFor({ state: 'detached' });
    await until('the drawer to show the renewal', async () => (await page.getByTestId('contract-renewed-from').count()) === 1);
    const { items } = await apiJson<{ items: Contract[] }>('get', `/api/contracts?customerId=${customerId}&status=active,renewed`);
    const renewed = items.find((c) => c.renewedFromId === contractId)!;
    renewedId = renewed.id;
    expect(renewed).toMatchObject({ status: 'active', startDate: addDays(END, 1), endDate: addDays(END, 1 + LENGTH_DAYS), value: '120000000', level: 'طلایی' });
    expect(items.find((c) => c.id === contractId)).toMatchObject({ status: 'renewed', renewedById: renewedId });
    expect(new URL(page.url()).searchParams.get('contract')).toBe(renewedId);

    const back = page.getByTestId('contract-renewed-from-link');
    await until('the link to name the old contract', async () => /قرارداد [۰-۹]+ \(/.test(await back.innerText()));
    await dismissToasts();
    await screenshot(page, 'contract-renewed-fa');
    await back.click();
    await page.getByTestId('contract-renewed-by').waitFor();
    expect(await page.getByTestId('contract-drawer').getByTestId('contract-status').innerText()).toBe('تمدیدشده');
    // A renewed contract no longer changes: no renew, edit or cancel.
    expect(await page.getByTestId('renew-contract').count()).toBe(0);
    expect(await page.getByTestId('cancel-contract').count()).toBe(0);
    await page.getByTestId('contract-renewed-by-link').click();
    await until('the drawer to show the new contract', async () => new URL(page.url()).searchParams.get('contract') === renewedId);
    await page.locator('.mantine-Drawer-close').click();
    // Neither ends within 30 days any more: the old one is renewed, the new one a year away.
    await page.getByTestId('empty-state').waitFor();
  });

  it('shows the coverage beside a ticket', async () => {
    const t = await apiJson<{ id: string }>('post', '/api/tickets', { customerId, channel: 'phone', subject: 'آسانسور بین طبقات می‌ایستد', priority: 'high' });
    ticketId = t.id;
    await page.goto(`/tickets/${ticketId}`);
    const panel = page.getByTestId('ticket-panel-contracts');
    await panel.waitFor();
    const items = panel.getByTestId('ticket-panel-contract');
    expect(await items.count()).toBe(1);
    const text = await items.first().innerText();
    expect(text).toContain(TITLE);
    expect(await items.first().getByTestId('ticket-panel-contract-level').innerText()).toBe('طلایی');
    expect(text).toMatch(/تا [۰-۹]+ [^\d]+ [۰-۹]{4}/);
    await page.mouse.move(0, 0);
    await screenshot(page, 'ticket-contracts-fa');
  });

  it('reads right in English', async () => {
    await switchLanguage('en');
    const panel = page.getByTestId('ticket-panel-contracts');
    await until('the panel in English', async () => (await panel.innerText()).includes('Active contracts'));
    expect(await panel.innerText()).toMatch(/until \d+ \w+ \d{4}/);
    await screenshot(page, 'ticket-contracts-en');

    await page.getByTestId('nav-contracts').click();
    await page.getByRole('heading', { name: 'Contracts' }).waitFor();
    await choose(page, 'contract-filter-status', 'Renewed');
    const rows = page.getByTestId('contract-row');
    await until('the three contracts', async () => (await rows.count()) === 3);
    const all = await page.getByTestId('contracts-table').innerText();
    expect(all).toContain('Maintenance');
    expect(all).toContain('Warranty');
    expect(all).toContain('Renewed');
    expect(all).toMatch(/ends in \d+ days/);
    expect(all).toContain('12,000,000 Toman');
    await page.getByRole('heading', { name: 'Contracts' }).click();
    await until('the status list to close', async () => (await page.getByRole('listbox').count()) === 0, 5000);
    await page.mouse.move(0, 0);
    await screenshot(page, 'contracts-en');

    // Edit the warranty's title in the drawer, then cancel it: it leaves the active and renewed list.
    await rows.filter({ hasText: 'گارانتی یخچال' }).click();
    const drawer = page.getByTestId('contract-drawer');
    await drawer.getByTestId('edit-contract').click();
    const edit = page.getByTestId('edit-contract-form');
    await edit.getByTestId('contract-title').fill('گارانتی یخچال ساید');
    await edit.getByTestId('save-contract').click();
    await until('the new title', async () => (await page.locator('.mantine-Drawer-title').innerText()).includes('گارانتی یخچال ساید'));
    expect(await drawer.innerText()).toContain('Warranty');
    await dismissToasts();
    await screenshot(page, 'contract-drawer-en');
    await drawer.getByTestId('cancel-contract').click();
    await page.getByTestId('confirm-cancel-contract').click();
    await until('the cancelled status', async () => (await drawer.getByTestId('contract-status').getAttribute('data-status')) === 'cancelled');
    expect(await drawer.getByTestId('edit-contract').count()).toBe(0);
    await page.locator('.mantine-Drawer-close').click();
    await until('the cancelled contract to leave the list', async () => (await rows.count()) === 2);

    await page.getByTestId('new-contract').click();
    const modal = page.getByTestId('new-contract-form');
    await modal.waitFor();
    expect(await modal.innerText()).toContain('Products and services covered');
    expect(await modal.getByTestId('contract-start').inputValue()).toMatch(/^\d{4}\/\d{2}\/\d{2}$/);
    await screenshot(page, 'contract-modal-en');
    await page.locator('.mantine-Modal-close').click();
    await modal.waitFor({ state: 'detached' });

    await page.goto(`/customers/${customerId}`);
    const card = page.getByTestId('contracts-card');
    await card.waitFor();
    expect(await card.innerText()).toContain('1 active');
    expect(await card.innerText()).toContain('Earlier contracts');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-contracts-en');
    await switchLanguage('fa');
    expect(problems).toEqual([]);
  });
});
