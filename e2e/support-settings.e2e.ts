/**
 * The support desk's settings, end to end in Chromium against the real server: as the admin, Thursday gets longer hours
 * and a second range, a holiday is added by its Jalali date and Iran's fixed holidays in one click (all checked through
 * GET /api/support/calendar); an impossible range is refused with the message beside it and nothing is saved; the
 * urgent policy's first-response target is changed and a gold-level policy added (a second one is refused, 409); the
 * desk switches to round robin over two agents and two new tickets land on different people; the tab reads in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import jalaali from 'jalaali-js';
import type { RunningServer } from './server';
import { choose, screenshot, until, requestJson, dismissToasts as dismissToastsOn, startAdminSession } from './browser';

type Interval = { start: string; end: string };
type Calendar = { calendar: { timeZone: string; weeklyHours: Interval[][]; holidays: { date: string; name?: string }[] }; custom: boolean };
type Policy = { id: string; name: string; priority: string; contractLevel: string | null; firstResponseMinutes: number; resolutionMinutes: number; active: boolean };
type DeskSettings = { assignment: string; agentIds: string[]; notifyUserIds: string[]; problemAlertThreshold: number };

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let customerId = '';
const agents: Record<string, string> = {};
// A holiday next Jalali year on the 10th of Aban: always in the future, never one of Iran's fixed holidays.
const holidayYear = jalaali.toJalaali(new Date()).jy + 1;
const holidayJalali = `${holidayYear}/08/10`;
const holidayIso = (() => { const g = jalaali.toGregorian(holidayYear, 8, 10); return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`; })();
const HOLIDAY_NAME = 'سالگرد تأسیس شرکت';

const apiJson = <T>(method: 'get' | 'post' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

const dismissToasts = () => dismissToastsOn(page);

describe('support settings: business calendar, SLA policies, round-robin assignment', () => {
  beforeAll(async () => {
    ({ server, browser, page, problems, headers } = await startAdminSession());

    const { items: roles } = await apiJson<{ items: { id: string; key: string }[] }>('get', '/api/roles');
    const role = (key: string) => roles.find((r) => r.key === key)!.id;
    for (const [email, name] of [['sara@example.com', 'سارا رضایی'], ['reza@example.com', 'رضا کریمی'], ['nima@example.com', 'نیما احمدی']]) {
      agents[name] = (await apiJson<{ id: string }>('post', '/api/users', { email, name, password: 'support-pass-123', roleId: role('support') })).id;
    }
    await apiJson('post', '/api/users', { email: 'mina@example.com', name: 'مینا بازاریاب', password: 'market-pass-123', roleId: role('marketing') });
    customerId = (await apiJson<{ id: string }>('post', '/api/customers', { kind: 'person', firstName: 'پریسا', lastName: 'نوروزی', phones: [{ number: '09123456789' }] })).id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('changes Thursday\'s hours, adds a holiday by its Jalali date and Iran\'s fixed holidays; the API has them', async () => {
    await page.goto('/settings?tab=support');
    const card = page.getByTestId('support-calendar');
    await card.waitFor();
    // Saturday is the first row: Iranian weeks start on Saturday.
    expect(await card.locator('[data-testid^="cal-day-"]').first().getAttribute('data-testid')).toBe('cal-day-6');
    expect(await page.getByTestId('cal-day-6').innerText()).toContain('شنبه');
    // The default Thursday: 08:00–13:00, shown in Persian digits.
    expect(await page.getByTestId('cal-4-0-end').inputValue()).toBe('۱۳:۰۰');
    expect(await page.getByTestId('cal-5-open').isChecked()).toBe(false);

    await page.getByTestId('cal-4-0-end').fill('۱۴:۳۰');
    await page.getByTestId('cal-4-add').click();
    await page.getByTestId('cal-4-1-start').fill('16');
    await page.getByTestId('cal-4-1-end').fill('18:00');
    await page.getByTestId('cal-4-1-end').blur();
    expect(await page.getByTestId('cal-4-1-start').inputValue()).toBe('۱۶:۰۰');

    // The holiday, typed as a Jalali date in the picker.
    const dateBox = page.getByTestId('holiday-date');
    await dateBox.click();
    await dateBox.fill(holidayJalali);
    await page.getByTestId('holiday-name').click();
    await page.getByTestId('holiday-name').fill(HOLIDAY_NAME);
    await page.getByTestId('holiday-add-button').click();
    const row = page.locator(`[data-testid="holiday-row"][data-date="${holidayIso}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(HOLIDAY_NAME);
    expect(await row.innerText()).toContain('آبان');

    // Next year's fixed holidays are in the default calendar already: the button says so and adds nothing.
    const before = await page.getByTestId('holiday-row').count();
    await choose(page, 'holidays-iran-year', String(holidayYear).replace(/\d/g, (c) => '۰۱۲۳۴۵۶۷۸۹'[Number(c)]));
    await page.getByTestId('holidays-add-iran').click();
    await page.getByText('از قبل در فهرست هستند').waitFor();
    expect(await page.getByTestId('holiday-row').count()).toBe(before);

    await page.getByTestId('calendar-save').click();
    await page.getByText('ساعات کاری و تعطیلات ذخیره شد').waitFor();
    const { calendar, custom } = await apiJson<Calendar>('get', '/api/support/calendar');
    expect(custom).toBe(true);
    expect(calendar.weeklyHours[4]).toEqual([{ start: '08:00', end: '14:30' }, { start: '16:00', end: '18:00' }]);
    expect(calendar.weeklyHours[5]).toEqual([]);
    expect(calendar.holidays).toContainEqual({ date: holidayIso, name: HOLIDAY_NAME });
    // Nowruz of next year stayed (it came with the default calendar).
    const g = jalaali.toGregorian(holidayYear, 1, 1);
    expect(calendar.holidays.map((h) => h.date)).toContain(`${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`);
  });

  it('shows an impossible range\'s error beside it and saves nothing', async () => {
    await page.getByTestId('cal-4-1-start').fill('19:00');
    await page.getByTestId('calendar-save').click();
    const error = page.getByTestId('cal-4-1-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('شروع باید پیش از پایان باشد');
    expect(await page.getByTestId('calendar-error').innerText()).toContain('بعضی از فیلدها');
    // Only that range is marked.
    expect(await page.getByTestId('cal-4-0-error').count()).toBe(0);
    const { calendar } = await apiJson<Calendar>('get', '/api/support/calendar');
    expect(calendar.weeklyHours[4][1]).toEqual({ start: '16:00', end: '18:00' });

    await dismissToasts();
    await page.mouse.move(0, 0);
    await page.getByTestId('cal-day-6').scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1366, height: 1500 });
    await screenshot(page, 'support-settings-calendar-fa');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Fixed, it saves and the error goes.
    await page.getByTestId('cal-4-1-start').fill('16:00');
    await page.getByTestId('calendar-save').click();
    await until('the error to go', async () => (await page.getByTestId('cal-4-1-error').count()) === 0);
  });

  it('changes the urgent policy\'s first response, adds a gold policy, and refuses a second one clearly (409)', async () => {
    const urgent = page.getByTestId('sla-row-default-urgent');
    await urgent.waitFor();
    expect(await urgent.getByTestId('sla-first-response').innerText()).toBe('۱ ساعت کاری');
    await page.getByTestId('sla-edit-default-urgent').click();
    const form = page.getByTestId('sla-form');
    await form.waitFor();
    await form.getByTestId('sla-first-hours').fill('2');
    await form.getByTestId('sla-first-minutes').fill('۱۵');
    expect(await form.getByTestId('sla-first-words').innerText()).toContain('۲ ساعت و ۱۵ دقیقهٔ کاری');
    await form.getByTestId('sla-save').click();
    await form.waitFor({ state: 'detached' });
    await until('the table to show the new target', async () => (await urgent.getByTestId('sla-first-response').innerText()) === '۲ ساعت و ۱۵ دقیقهٔ کاری');
    const { items } = await apiJson<{ items: Policy[] }>('get', '/api/support/sla-policies');
    const saved = items.find((p) => p.priority === 'urgent' && !p.contractLevel)!;
    expect(saved).toMatchObject({ firstResponseMinutes: 135, resolutionMinutes: 480, active: true });

    // A gold level: its urgent policy, starting from the default one's targets.
    await page.getByTestId('sla-add-level').click();
    await form.waitFor();
    await form.getByTestId('sla-level').fill('طلایی');
    await form.getByTestId('sla-first-hours').fill('0');
    await form.getByTestId('sla-first-minutes').fill('30');
    await form.getByTestId('sla-save').click();
    await form.waitFor({ state: 'detached' });
    const gold = page.getByTestId('sla-row-طلایی-urgent');
    await gold.waitFor();
    expect(await gold.getByTestId('sla-first-response').innerText()).toBe('۳۰ دقیقهٔ کاری');
    // Its other priorities follow the default, and say so.
    expect(await page.getByTestId('sla-row-طلایی-high').innerText()).toContain('از پیش‌فرض پیروی می‌کند');

    // A second gold urgent policy: refused, said plainly, beside the priority.
    await page.getByTestId('sla-add-level').click();
    await form.waitFor();
    await form.getByTestId('sla-level').fill('طلایی');
    await form.getByTestId('sla-save').click();
    const conflict = form.getByTestId('sla-form-error');
    await conflict.waitFor();
    expect(await conflict.innerText()).toContain('برای اولویت «فوری» در سطح «طلایی» از قبل سیاستی وجود دارد');
    expect(await form.innerText()).toContain('برای این اولویت و سطح از قبل سیاستی هست');
    // A new policy is named after its priority and level until the admin names it.
    expect(await form.getByTestId('sla-name').inputValue()).toBe('فوری — طلایی');
    await dismissToasts();
    await screenshot(page, 'support-settings-sla-conflict-fa');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    const after = await apiJson<{ items: Policy[] }>('get', '/api/support/sla-policies');
    expect(after.items.filter((p) => p.contractLevel === 'طلایی')).toHaveLength(1);

    await dismissToasts();
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1366, height: 1300 });
    await page.getByTestId('support-sla').scrollIntoViewIfNeeded();
    await page.getByTestId('support-sla').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'support-settings-sla-fa');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('switches to round robin over two agents; two new tickets go to different agents', async () => {
    const card = page.getByTestId('support-assignment');
    await card.scrollIntoViewIfNeeded();
    await card.getByTestId('assignment-round-robin').check();
    // The agents box offers only people who can work on tickets: not the marketer.
    await card.getByTestId('assignment-agents').click();
    await page.getByRole('option', { name: 'سارا رضایی', exact: true }).waitFor();
    expect(await page.getByRole('option', { name: 'مینا بازاریاب', exact: true }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await choose(page, 'assignment-agents', 'سارا رضایی');
    await choose(page, 'assignment-agents', 'رضا کریمی');
    await page.keyboard.press('Escape');
    await choose(page, 'assignment-notify', 'مینا بازاریاب');
    await page.keyboard.press('Escape');
    await card.getByTestId('assignment-threshold').fill('۷');
    await card.getByTestId('assignment-save').click();
    await page.getByText('تنظیمات واگذاری و هشدار ذخیره شد').waitFor();

    const s = await apiJson<DeskSettings>('get', '/api/support/settings');
    expect(s.assignment).toBe('round_robin');
    expect(new Set(s.agentIds)).toEqual(new Set([agents['سارا رضایی'], agents['رضا کریمی']]));
    expect(s.notifyUserIds).toHaveLength(1);
    expect(s.problemAlertThreshold).toBe(7);

    const opened: (string | null)[] = [];
    for (const subject of ['یخچال برفک می‌زند', 'کولر آبی صدا می‌دهد']) {
      const t = await apiJson<{ assigneeId: string | null }>('post', '/api/tickets', { customerId, channel: 'phone', subject });
      opened.push(t.assigneeId);
    }
    expect(opened[0]).not.toBeNull();
    expect(opened[1]).not.toBeNull();
    expect(opened[0]).not.toBe(opened[1]);
    expect([agents['سارا رضایی'], agents['رضا کریمی']]).toEqual(expect.arrayContaining(opened as string[]));

    // An impossible threshold is named beside its box, and nothing changes.
    await card.getByTestId('assignment-threshold').fill('1');
    await card.getByTestId('assignment-save').click();
    await card.getByText('عددی از ۲ تا ۱۰۰ بنویسید').waitFor();
    expect((await apiJson<DeskSettings>('get', '/api/support/settings')).problemAlertThreshold).toBe(7);

    await dismissToasts();
    await page.mouse.move(0, 0);
    await page.setViewportSize({ width: 1366, height: 1100 });
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'support-settings-assignment-fa');
    await page.setViewportSize({ width: 1366, height: 900 });

    // Put right, it saves, and the form's alert goes.
    await card.getByTestId('assignment-threshold').fill('6');
    await card.getByTestId('assignment-save').click();
    await until('the threshold saved', async () => (await apiJson<DeskSettings>('get', '/api/support/settings')).problemAlertThreshold === 6);
    await until('the alert to go', async () => (await card.getByTestId('assignment-error').count()) === 0);
  });

  it('reads right in English (LTR)', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByTestId('settings-tab-support').getByText('Support').waitFor();
    const cal = page.getByTestId('support-calendar');
    await cal.getByText('Business hours and holidays').waitFor();
    expect(await page.getByTestId('cal-day-4').innerText()).toContain('Thursday');
    expect(await page.getByTestId('cal-4-0-end').inputValue()).toBe('14:30');
    expect(await page.getByTestId('sla-row-default-urgent').innerText()).toContain('2 h 15 min of business time');
    expect(await page.getByTestId('sla-row-default-high').innerText()).toContain('4 business hours');
    expect(await page.getByTestId('support-assignment').innerText()).toContain('Round robin');
    await dismissToasts();
    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    // Tall enough for the whole tab: the week, the holidays, the policies and the assignment.
    await page.setViewportSize({ width: 1366, height: 2900 });
    await screenshot(page, 'support-settings-en');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-fa').click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');

    // The browser logged only the refusals the page explained: the bad range (400), the second gold policy (409) and the threshold (400).
    const refused = problems.filter((p) => /status of (400|409)/.test(p));
    expect(problems.filter((p) => !/status of (400|409)/.test(p))).toEqual([]);
    expect(refused).toHaveLength(3);
  });
});
