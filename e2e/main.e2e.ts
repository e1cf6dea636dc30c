/**
 * The loop a front-desk user closes every day, in Persian first: sign in, record a caller typed with an Arabic
 * keyboard, find them again however the name or number is typed, log the call and the promise made on it, see the
 * promise in My tasks, jump back with Ctrl+K, and read it all in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { faNorm } from '../common/fa-normalize';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from './server';
import { launchBrowser, newContext, screenshot, signIn, watchConsole } from './browser';
import { seed } from './seed';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let customerUrl = '';

const PERSIAN_DIGITS = /[۰-۹]/;
const rows = () => page.getByTestId('customer-row');

async function searchCustomers(text: string) {
  // The old rows stay on screen while the new search runs, so wait for this query's answer, then for the render.
  const answered = page.waitForResponse((res) => {
    const url = new URL(res.url());
    return url.pathname === '/api/customers' && url.searchParams.get('q') === text.trim();
  });
  await page.getByTestId('customer-search').fill(text);
  await answered;
  await page.waitForSelector('[data-testid="customers-table"][aria-busy="false"], [data-testid="empty-state"]');
}

async function resultNames(): Promise<string[]> {
  return (await page.getByTestId('customer-row').locator('a[href^="/customers/"]').allInnerTexts()).map(faNorm);
}

describe('Mehvar in the browser', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await newContext(browser, server.baseUrl);
    page = await context.newPage();
    problems = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs in from the Persian login page', async () => {
    await page.goto('/');
    await page.getByTestId('login-email').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.getAttribute('html', 'lang')).toBe('fa');
    await screenshot(page, 'login');

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('new-customer').waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    await seed(page.request);
  });

  it('creates a customer typed with Arabic ي and ك', async () => {
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('new-customer-form');
    await form.getByTestId('field-firstName').fill('علي');
    await form.getByTestId('field-lastName').fill('كريمي');
    await form.getByTestId('phone-0').fill('0912 345 6789');
    await form.getByTestId('save-customer').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    customerUrl = new URL(page.url()).pathname;
    expect(faNorm(await page.getByTestId('profile-name').innerText())).toBe(faNorm('علی کریمی'));
    expect(await page.getByTestId('profile-phone').innerText()).toContain('۰۹۱۲');
  });

  it('warns about the duplicate while typing, and offers the existing record', async () => {
    await page.getByTestId('back-to-customers').click();
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('new-customer-form');
    await form.getByTestId('field-firstName').fill('علی');
    await form.getByTestId('field-lastName').fill('کریمی');
    await form.getByTestId('phone-0').fill('+98 912 345 6789');
    await form.getByTestId('duplicate-warning').waitFor();
    await screenshot(page, 'new-customer-duplicate');

    await form.getByTestId('save-customer').click();
    await form.getByTestId('create-anyway').waitFor();
    await form.getByTestId('duplicate-open').first().click();
    await page.waitForURL((url) => url.pathname === customerUrl);
  });

  it('finds the customer by Persian ی/ک and by the phone in other formats', async () => {
    await page.getByTestId('back-to-customers').click();
    await page.getByTestId('customers-table').waitFor();
    await screenshot(page, 'customers-list');

    // The name search may also return near matches (another کریمی); the record itself must be among them.
    await searchCustomers('علی کریمی');
    expect(await resultNames()).toContain(faNorm('علي كريمي'));
    // A phone number is exact, whatever its format.
    for (const query of ['+98 912 345 6789', '۰۹۱۲۳۴۵۶۷۸۹']) {
      await searchCustomers(query);
      expect(await resultNames(), `results for ${query}`).toEqual([faNorm('علي كريمي')]);
    }
  });

  it('logs a call with a promise due tomorrow on the 360° profile', async () => {
    // The row's middle now holds the stage, edited in place: open the record by its name.
    await rows().first().getByTestId('customer-name').click();
    await page.waitForURL((url) => url.pathname === customerUrl);
    const form = page.getByTestId('interaction-form');
    await form.getByTestId('interaction-summary').fill('تماس پیگیری سفارش');
    await form.getByTestId('add-promise').click();
    await form.getByTestId('promise-title-0').fill('ارسال پیش‌فاکتور');

    // Pick tomorrow on the Jalali calendar: the day cells carry Persian digits.
    await form.getByTestId('promise-due-0').click();
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const part = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('fa-IR-u-ca-persian', { ...opts, timeZone: 'Asia/Tehran' }).format(tomorrow);
    const todayMonth = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { month: 'numeric', timeZone: 'Asia/Tehran' }).format(new Date());
    if (part({ month: 'numeric' }) !== todayMonth) await page.locator('.rmdp-arrow-container').last().click();
    await page.locator('.rmdp-day:not(.rmdp-deactive):not(.rmdp-disabled) span', { hasText: new RegExp(`^${part({ day: 'numeric' })}$`) }).first().click();
    await page.keyboard.press('Escape');
    await page.mouse.click(5, 300);
    expect(await form.getByTestId('promise-due-0').inputValue()).toMatch(PERSIAN_DIGITS);

    await form.getByTestId('save-interaction').click();
    const promises = page.getByTestId('open-promises');
    await promises.getByText('ارسال پیش‌فاکتور').waitFor();
    await page.getByTestId('timeline-interaction').first().waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'profile');
  });

  it('shows the promise in My tasks', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('bucket-upcoming').click();
    await page.getByTestId('task-list').getByText('ارسال پیش‌فاکتور').waitFor();
    await screenshot(page, 'my-tasks');
  });

  it('jumps to the customer with Ctrl+K', async () => {
    await page.keyboard.press('Control+k');
    const input = page.getByTestId('spotlight-input');
    await input.waitFor();
    await input.fill('كريمي');
    await page.getByTestId('spotlight-result').first().waitFor();
    await screenshot(page, 'search');
    await input.press('Enter');
    await page.waitForURL((url) => url.pathname === customerUrl);
  });

  it('switches to English (LTR, Latin digits) and back to Persian', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const phone = await page.getByTestId('profile-phone').innerText();
    expect(phone).toContain('0912');
    expect(phone).not.toMatch(PERSIAN_DIGITS);
    await page.getByRole('heading', { name: 'Open promises' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'profile-en');

    // The choice is the user's, not the browser's: it survives a reload because the server keeps it.
    await page.reload();
    await page.getByTestId('profile-name').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.getByTestId('profile-phone').innerText()).toMatch(PERSIAN_DIGITS);
  });

  it('shows the admin screens', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await screenshot(page, 'users');
    await page.getByTestId('admin-tab-roles').click();
    await page.getByTestId('role-sales').click();
    await page.getByTestId('permissions-matrix').waitFor();
    await screenshot(page, 'roles');

    await page.getByTestId('nav-custom-fields').click();
    await page.getByTestId('custom-fields-table').waitFor();
    await screenshot(page, 'custom-fields');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('org-settings').waitFor();
    await screenshot(page, 'settings');
  });

  it('fits a 390px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('nav-settings').isVisible();
    await page.goto('/customers');
    await page.getByTestId('customers-table-cards').waitFor(); // a phone gets cards, not the wide table
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'customers-mobile');
    await page.goto(customerUrl);
    await page.getByTestId('profile-name').waitFor();
    await screenshot(page, 'profile-mobile');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('ran without console errors', () => {
    // 4xx answers the flow provokes on purpose (session probe before login, the duplicate refusal) are not faults.
    const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of (401|409)/.test(p));
    expect(unexpected).toEqual([]);
  });

  it('explains login throttling in words', async () => {
    const fresh = await newContext(browser, server.baseUrl);
    const p = await fresh.newPage();
    await p.goto('/');
    for (let i = 0; i < 8; i++) {
      await p.getByTestId('login-email').fill('nobody@example.com');
      await p.getByTestId('login-password').fill(`wrong-${i}`);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('login-error').waitFor();
      // The wait is in seconds at first (growing), in minutes later: either way the page says to wait.
      if ((await p.getByTestId('login-error').innerText()).includes('صبر کنید')) break;
    }
    expect(await p.getByTestId('login-error').innerText()).toMatch(/صبر کنید/);
    await screenshot(p, 'login-throttled');
    await fresh.close();
  });
});
