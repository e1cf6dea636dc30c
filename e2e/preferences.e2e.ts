/**
 * Preferences remembered, in Chromium: on the 360° view a user adds a favourite product, tastes, a preferred channel,
 * hours and an anniversary; the card shows them, the API has them, and the ticket view of the same customer shows
 * them beside the conversation; the task form offers a time inside the hours. fa and en, 1440 px and a 390 px phone
 * with no sideways scroll; screenshots in e2e/artifacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, dismissToasts, screenshot, switchLanguage, unfold, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let customerId: string;
let ticketId: string;
let problems: string[];

const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
const text = (testId: string) => page.getByTestId(testId).innerText();

describe('preferences remembered', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers, problems } = await startAdminSession());
    await requestJson(page, headers, 'post', '/api/products', { code: 'CAKE-1', nameFa: 'کیک شکلاتی', nameEn: 'Chocolate cake', price: '1500000' });
    const c = await requestJson<{ id: string }>(page, headers, 'post', '/api/customers', {
      kind: 'person', firstName: 'مهسا', lastName: 'کریمی', phones: [{ number: '09121112233' }], smsConsent: true, force: true,
    });
    customerId = c.id;
    const t = await requestJson<{ id: string }>(page, headers, 'post', '/api/tickets', { customerId, channel: 'phone', subject: 'سفارش کیک تولد', priority: 'normal' });
    ticketId = t.id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('edits the preferences on the profile (fa) and the card shows them', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/customers/${customerId}`);
    await page.getByTestId('preferences-card').waitFor();
    expect(await text('preferences-card')).toContain('هنوز چیزی ثبت نشده');
    await page.getByTestId('preferences-edit').click();
    await page.getByTestId('pref-product-picker').click();
    await page.getByTestId('pref-product-picker').fill('کیک');
    await page.getByRole('option', { name: 'CAKE-1 — کیک شکلاتی' }).click();
    await until('the product in the list', async () => (await text('pref-product-list')).includes('کیک شکلاتی'));
    await page.getByTestId('pref-tastes-input').fill('کم‌شیرین، بدون گردو');
    await choose(page, 'pref-channel', 'واتس‌اپ');
    await page.getByTestId('pref-from').fill('17:00');
    await page.getByTestId('pref-to').fill('19:30');
    await page.getByTestId('pref-add-date').click();
    await page.getByTestId('pref-date-label-0').fill('سالگرد ازدواج');
    await choose(page, 'pref-date-month-0', 'آذر');
    await page.getByTestId('pref-date-day-0').fill('18');
    await page.getByTestId('pref-save').click();
    await until('the saved card', async () => (await text('preferences-card')).includes('کم‌شیرین'));
    expect(await text('pref-contact')).toContain('۱۷:۰۰ تا ۱۹:۳۰');
    expect(await text('pref-contact')).toContain('واتس‌اپ');
    expect(await text('pref-products')).toContain('کیک شکلاتی');
    expect(await text('pref-dates')).toContain('سالگرد ازدواج: ۱۸ آذر');
    const saved = await requestJson<Record<string, unknown>>(page, headers, 'get', `/api/customers/${customerId}/preferences`);
    expect(saved).toMatchObject({ tastes: 'کم‌شیرین، بدون گردو', preferredChannel: 'whatsapp', contactFrom: '17:00', contactTo: '19:30', importantDates: [{ label: 'سالگرد ازدواج', kind: 'anniversary', calendar: 'jalali', month: 9, day: 18, year: null }] });
    await dismissToasts(page);
    await page.getByTestId('preferences-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-profile-fa-1440');
  });

  it('the task form offers a due time inside the preferred hours', async () => {
    // The default due is tomorrow 10:00 Tehran, outside 17:00–19:30: the hint offers 17:00 that day.
    await page.getByTestId('composer-switch').getByText('افزودن کار').click();
    await page.getByTestId('task-form').waitFor();
    const hint = page.getByTestId('task-preferred-time');
    await hint.waitFor();
    await page.getByTestId('task-form').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-task-hint-fa-1440');
    expect(await hint.innerText()).toContain('۱۷:۰۰');
    await page.getByTestId('task-use-preferred-time').click();
    await until('the hint gone once the time is inside', async () => (await hint.count()) === 0);
  });

  it('the ticket view shows them (fa, 1440 and 390)', async () => {
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('ticket-preferences').waitFor();
    const panel = await text('ticket-preferences');
    expect(panel).toContain('کم‌شیرین، بدون گردو');
    expect(panel).toContain('۱۷:۰۰ تا ۱۹:۳۰');
    expect(panel).toContain('کیک شکلاتی');
    await page.getByTestId('ticket-preferences').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-ticket-fa-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await until('no sideways scroll on the ticket', noSideways, 5000);
    await page.getByTestId('ticket-preferences').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-ticket-fa-390');
    await page.goto(`/customers/${customerId}`);
    await unfold(page, 'preferences');
    await page.getByTestId('preferences-card').scrollIntoViewIfNeeded();
    await until('no sideways scroll on the profile', noSideways, 5000);
    await screenshot(page, 'preferences-profile-fa-390');
  });

  it('in English, on both widths, with the editor open on the phone', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await switchLanguage(page, 'en');
    await page.getByTestId('preferences-card').scrollIntoViewIfNeeded();
    await until('English card', async () => (await text('pref-contact')).includes('17:00–19:30'));
    expect(await text('pref-contact')).toContain('WhatsApp');
    expect(await text('pref-products')).toContain('Chocolate cake');
    expect(await text('pref-dates')).toContain('18 Azar');
    await screenshot(page, 'preferences-profile-en-1440');
    await page.goto(`/tickets/${ticketId}`);
    await page.getByTestId('ticket-preferences').waitFor();
    expect(await text('ticket-preferences')).toContain('17:00–19:30');
    await page.getByTestId('ticket-preferences').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-ticket-en-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await until('no sideways scroll (en ticket)', noSideways, 5000);
    await page.getByTestId('ticket-preferences').scrollIntoViewIfNeeded();
    await screenshot(page, 'preferences-ticket-en-390');
    await page.goto(`/customers/${customerId}`);
    await unfold(page, 'preferences');
    await page.getByTestId('preferences-edit').click();
    await page.getByTestId('pref-save').waitFor();
    await screenshot(page, 'preferences-editor-en-390');
    expect(problems).toEqual([]);
  });
});
