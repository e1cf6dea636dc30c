/**
 * The rest of the screens against the real API: custom fields shape the customer form, the profile is edited in a
 * drawer, tasks are completed, views are saved, and an admin manages users, roles, API keys and settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from './server';
import { choose, launchBrowser, newContext, signIn, watchConsole } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];

describe('everyday workflows', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await newContext(browser, server.baseUrl)).newPage();
    problems = watchConsole(page);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('creates custom fields that then appear, validated, on the customer form', async () => {
    await page.getByTestId('nav-custom-fields').click();
    await page.getByTestId('empty-state').waitFor();

    await page.getByTestId('new-custom-field').click();
    await page.getByTestId('cf-labelFa').fill('مدل خودرو');
    await page.getByTestId('cf-labelEn').fill('Car model');
    await page.getByTestId('cf-key').fill('car_model');
    await choose(page, 'cf-type', 'انتخابی');
    for (const [i, [value, fa, en]] of [['pride', 'پراید', 'Pride'], ['tiba', 'تیبا', 'Tiba']].entries()) {
      await page.getByTestId('cf-add-option').click();
      await page.getByTestId(`cf-option-value-${i}`).fill(value);
      await page.getByTestId(`cf-option-fa-${i}`).fill(fa);
      await page.getByTestId(`cf-option-en-${i}`).fill(en);
    }
    await page.getByTestId('save-custom-field').click();
    await page.getByTestId('custom-fields-table').getByText('مدل خودرو').waitFor();

    await page.getByTestId('new-custom-field').click();
    await page.getByTestId('cf-labelFa').fill('تعداد فرزندان');
    await page.getByTestId('cf-labelEn').fill('Children');
    await page.getByTestId('cf-key').fill('children');
    await choose(page, 'cf-type', 'عدد');
    await page.getByTestId('cf-min').fill('0');
    await page.getByTestId('cf-max').fill('20');
    await page.getByTestId('save-custom-field').click();
    await page.getByTestId('custom-fields-table').getByText('تعداد فرزندان').waitFor();

    await page.getByTestId('nav-customers').click();
    await page.getByTestId('new-customer').click();
    const form = page.getByTestId('new-customer-form');
    await form.getByTestId('field-lastName').fill('نوروزی');
    await form.getByTestId('phone-0').fill('12');
    await form.getByTestId('custom-children').fill('45');
    await form.getByTestId('save-customer').click();
    await form.getByText('شمارهٔ تلفن معتبر نیست').waitFor();
    await form.getByText('حداکثر ۲۰').waitFor();

    await form.getByTestId('phone-0').fill('۰۹۱۹۸۷۶۵۴۳۲');
    await form.getByTestId('custom-children').fill('2');
    await choose(page, 'custom-car_model', 'تیبا');
    await form.getByTestId('save-customer').click();
    await page.getByTestId('profile-header').getByText('تیبا').waitFor();
    await page.getByTestId('profile-header').getByText('۲', { exact: true }).waitFor();
  });

  it('edits the customer in the drawer and records the change in the audit history', async () => {
    await page.getByTestId('edit-customer').click();
    await choose(page, 'field-stage', 'مشتری');
    await page.getByTestId('save-customer-edit').click();
    await expect.poll(() => page.getByTestId('profile-stage').innerText()).toBe('مشتری');

    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-table').getByText('مرحله').first().waitFor();
  });

  it('adds a task without a date, finds it in My tasks and completes it', async () => {
    await page.getByTestId('tab-timeline').click();
    await page.getByText('افزودن کار', { exact: true }).click();
    await page.getByTestId('task-title-input').fill('ارسال کاتالوگ');
    // A new task is due tomorrow 10:00 unless told otherwise: clear the date for a task without one.
    await page.getByTestId('task-due').locator('xpath=ancestor::*[contains(@class, "mantine-Input-wrapper")][1]').getByRole('button', { name: 'پاک کردن' }).click();
    expect(await page.getByTestId('task-due').inputValue()).toBe('');
    await page.getByTestId('save-task-form').click();
    await page.getByTestId('open-promises').getByText('ارسال کاتالوگ').waitFor();

    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('bucket-no_date').click();
    const task = page.getByTestId('task-item').filter({ hasText: 'ارسال کاتالوگ' });
    await task.waitFor();
    await task.getByTestId('task-toggle').click();
    await page.getByTestId('empty-state').waitFor();
  });

  it('saves a filtered view and applies it later', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('toggle-filters').click();
    await choose(page, 'filter-stage', 'مشتری');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('stage') === 'customer');
    await page.getByTestId('saved-views').click();
    await page.getByTestId('save-view').click();
    await page.getByTestId('view-name').fill('مشتریان فعلی');
    await page.getByTestId('save-view-submit').click();
    await page.getByText('نما ذخیره شد').waitFor();

    await page.getByTestId('clear-filters').click();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('stage'));
    await page.getByTestId('saved-views').click();
    await page.getByTestId('saved-view-item').filter({ hasText: 'مشتریان فعلی' }).click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('stage') === 'customer');
    expect(await page.getByTestId('customer-row').count()).toBe(1);
  });

  it('lets an admin add a user, change a role and issue and revoke an API key', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-name').fill('رضا پشتیبان');
    await page.getByTestId('user-email').fill('reza@example.com');
    await choose(page, 'user-role', 'پشتیبانی');
    await page.getByTestId('user-password').fill('support-pass-1');
    await page.getByTestId('save-user').click();
    await page.getByTestId('users-table').getByText('reza@example.com').waitFor();

    await page.getByTestId('admin-tab-roles').click();
    await page.getByTestId('role-support').click();
    const exportBox = page.getByTestId('perm-customers-export');
    expect(await exportBox.isChecked()).toBe(false);
    await exportBox.check();
    await page.getByTestId('save-role').click();
    await page.getByText('نقش ذخیره شد').waitFor();
    await page.reload();
    await page.getByTestId('role-support').click();
    expect(await page.getByTestId('perm-customers-export').isChecked()).toBe(true);

    await page.getByTestId('admin-tab-api-keys').click();
    await page.getByTestId('new-api-key').click();
    await page.getByTestId('api-key-name').fill('فرم وب‌سایت');
    await page.getByTestId('create-api-key').click();
    expect(await page.getByTestId('api-key-value').innerText()).toMatch(/^mhv_/);
    await page.getByTestId('api-key-done').click();
    await page.getByTestId('api-keys-table').getByText('فرم وب‌سایت').waitFor();
    await page.getByTestId('revoke-api-key').click();
    await page.getByTestId('confirm-revoke').click();
    await page.getByTestId('empty-state').waitFor();
  });

  it('renames the company in settings', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('company-name').fill('بازرگانی نمونه');
    await page.getByTestId('save-settings').click();
    await page.getByText('بازرگانی نمونه', { exact: true }).first().waitFor();
  });

  it('ran without console errors', () => {
    const unexpected = problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p));
    expect(unexpected).toEqual([]);
  });
});
