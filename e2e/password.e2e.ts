/**
 * Passwords in the web app: the admin's user form shows why the policy refused a password; a user changes their own
 * password from the user menu (the current one required, the policy's reasons beside the field, in Persian and
 * English, on a desktop and a 390 px phone), and their other devices are signed out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './server.ts';
import { choose, newContext, screenshot, signIn, startAdminSession, type AdminSession } from './browser.ts';

let s: AdminSession;
const NEW_PASSWORD = 'Anar-Dane-Sorkh-Yalda-7';

beforeAll(async () => { s = await startAdminSession(); });
afterAll(async () => {
  await s?.browser.close();
  await s?.server.stop();
});

const fieldError = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).locator('xpath=ancestor::*[contains(@class, "mantine-InputWrapper-root")][1]').locator('.mantine-InputWrapper-error');

async function openChangePassword(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('change-password').click();
  await page.getByTestId('password-form').waitFor();
}

async function fillChange(page: Page, current: string, next: string, confirm = next) {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(confirm);
  await page.getByTestId('password-save').click();
}

describe('passwords in the web app', () => {
  it('the admin’s user form says why a password was refused', async () => {
    const { page } = s;
    await page.getByTestId('nav-users').click();
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-name').fill('نرگس کاظمی');
    await page.getByTestId('user-email').fill('narges@example.com');
    await choose(page, 'user-role', 'پشتیبانی');
    await page.getByTestId('user-password').fill('mehvar-1404-crm');
    await page.getByTestId('save-user').click();
    await expect.poll(() => fieldError(page, 'user-password').innerText()).toBe('گذرواژه را از نام «محور» نسازید.');
    await page.getByTestId('user-password').fill('narges-narges-1');
    await page.getByTestId('save-user').click();
    await expect.poll(() => fieldError(page, 'user-password').innerText()).toBe('به نام یا ایمیل کاربر خیلی نزدیک است؛ چیزی بی‌ربط به آن‌ها انتخاب کنید.');
    await screenshot(page, 'password-admin-form-fa');
    await page.getByTestId('user-password').fill('Kavir-Noon-Anar-58');
    await page.getByTestId('save-user').click();
    await page.getByTestId('users-table').getByText('narges@example.com').waitFor();
  });

  it('a user changes their own password from the user menu; the other device is signed out', async () => {
    const { page } = s;
    // The same admin is also signed in on a phone.
    const phone = await (await newContext(s.browser, s.server.baseUrl, { width: 390, height: 844 })).newPage();
    await signIn(phone, ADMIN_EMAIL, ADMIN_PASSWORD);

    await openChangePassword(page);
    await fillChange(page, 'not-my-password', NEW_PASSWORD);
    await expect.poll(() => fieldError(page, 'password-current').innerText()).toBe('گذرواژهٔ فعلی درست نیست.');
    await fillChange(page, ADMIN_PASSWORD, 'iloveyou1234');
    await expect.poll(() => fieldError(page, 'password-new').innerText()).toBe('این گذرواژه در فهرست گذرواژه‌هایی است که مهاجمان اول از همه امتحان می‌کنند؛ گذرواژهٔ دیگری بگذارید.');
    await screenshot(page, 'password-change-fa');
    await fillChange(page, ADMIN_PASSWORD, 'short-one');
    await expect.poll(() => fieldError(page, 'password-new').innerText()).toBe('دست‌کم ۱۲ نویسه');
    await fillChange(page, ADMIN_PASSWORD, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    await expect.poll(() => fieldError(page, 'password-confirm').innerText()).toBe('دو گذرواژهٔ تازه با هم یکی نیستند');

    await fillChange(page, ADMIN_PASSWORD, NEW_PASSWORD);
    await page.getByText('گذرواژه عوض شد و از دستگاه‌های دیگرتان خارج شدید.').waitFor();
    await page.getByTestId('password-form').waitFor({ state: 'detached' });
    // This browser carries on with its renewed session (a write needs the new CSRF token too)…
    await page.getByTestId('nav-customers').click();
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(200);
    // …and the phone is signed out.
    await phone.reload();
    await phone.getByTestId('login-email').waitFor();
    await phone.context().close();

    // The new password is the one that works.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-email').waitFor();
    await signIn(page, ADMIN_EMAIL, NEW_PASSWORD);
  });

  it('looks right in English and on a 390 px phone', async () => {
    const { page } = s;
    const shoot = async (name: string) => {
      await openChangePassword(page);
      await fillChange(page, NEW_PASSWORD, 'P@ssw0rd2024');
      await fieldError(page, 'password-new').waitFor();
      await screenshot(page, name);
      await page.keyboard.press('Escape');
      await page.getByTestId('password-form').waitFor({ state: 'detached' });
    };
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot('password-change-fa-phone');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.getByText('Customers').first().waitFor();
    await shoot('password-change-en-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
    await shoot('password-change-en');
    await openChangePassword(page);
    await fillChange(page, NEW_PASSWORD, 'P@ssw0rd2024');
    await expect.poll(() => fieldError(page, 'password-new').innerText()).toBe('This password is on the lists attackers try first. Choose another one.');
    await page.keyboard.press('Escape');
  });

  it('ran without console errors', () => {
    // The refusals the flow provokes on purpose answer 400; the signed-out probe 401.
    expect(s.problems.filter((p) => !/status of (400|401)/.test(p))).toEqual([]);
  });
});
