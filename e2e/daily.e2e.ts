/**
 * Daily screens in Chromium, fa and en, 1440 px and a 390 px phone: the customer page's one-click actions and summary
 * tiles, the task due presets (in the user's zone) and snooze, /calls listing a call logged by hand on the timeline,
 * and the deals board (won/lost as drop zones, weighted totals, next activity on cards). Screenshots in e2e/artifacts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { requestJson, screenshot, startAdminSession, until, type AdminSession } from './browser.ts';
import { seed } from './seed.ts';

let s: AdminSession;
let page: Page;
let customerId = '';
const api = <T>(method: 'get' | 'post' | 'patch', url: string, data?: unknown, status?: number) => requestJson<T>(page, s.headers, method, url, data, status);

beforeAll(async () => {
  s = await startAdminSession();
  page = s.page;
  await seed(page.request);
  const list = await api<{ items: { id: string; displayName: string }[] }>('get', '/api/customers?q=' + encodeURIComponent('مریم احمدی'));
  customerId = list.items[0].id;
  // A call logged by hand (the page must list it though no phone system is connected), and a deal.
  await api('post', '/api/interactions', { customerId, kind: 'call', direction: 'in', outcome: 'answered', summary: 'پرسید سفارش کی می‌رسد', durationSec: 95 }, 201);
  await api('post', '/api/deals', { customerId, title: 'ماشین ظرفشویی ۱۴ نفره', amount: '420000000' }, 201);
}, 180_000);
afterAll(async () => { await s?.browser.close(); await s?.server.stop(); });

async function setLocale(locale: 'fa' | 'en') {
  await api('patch', '/api/auth/me/preferences', locale === 'fa' ? { locale: 'fa', calendar: 'jalali' } : { locale: 'en', calendar: 'gregorian' });
}

describe('daily screens', () => {
  for (const locale of ['fa', 'en'] as const) {
    it(`customer page: one-click actions and real summary tiles (${locale})`, async () => {
      await setLocale(locale);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`/customers/${customerId}`);
      await page.getByTestId('profile-counters').waitFor();
      for (const id of ['action-call', 'action-sms', 'action-email', 'profile-new-ticket', 'action-quote', 'action-log']) {
        expect(await page.getByTestId(id).count(), id).toBe(1);
      }
      expect(await page.getByTestId('action-call').getAttribute('href')).toBe('tel:+989121112233');
      expect(await page.getByTestId('tile-spent').count()).toBe(1);
      expect(await page.getByTestId('tile-last-value').innerText()).not.toBe('—');
      await page.getByTestId('action-log').click();
      await until('the composer to take the typing', () => page.evaluate(() => document.activeElement?.closest('[data-testid="composer"]') != null));
      await screenshot(page, `daily-profile-${locale}-1440`);
      await page.setViewportSize({ width: 390, height: 844 });
      // On a phone: header, actions, then the timeline; the side cards come after it, folded under their titles.
      await page.getByTestId('fold-open-work').waitFor();
      await page.getByTestId('timeline').waitFor();
      // Read at one instant (the timeline's items may still be loading and moving what follows them).
      const tops = await page.evaluate(() => Object.fromEntries(['action-call', 'timeline', 'fold-open-work'].map((id) =>
        [id, document.querySelector(`[data-testid="${id}"]`)!.getBoundingClientRect().top])));
      expect(tops['action-call']).toBeLessThan(tops.timeline);
      expect(tops.timeline).toBeLessThan(tops['fold-open-work']);
      expect(await page.getByTestId('fold-open-work').getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#fold-open-work').isVisible()).toBe(false);
      expect(await page.getByTestId('fold-deals').innerText()).toBe(locale === 'fa' ? 'فرصت‌های فروش' : 'Deals');
      await screenshot(page, `daily-profile-${locale}-390`);
      await page.getByTestId('fold-deals').click();
      await until('the deals card to unfold', () => page.locator('#fold-deals').getByText('ماشین ظرفشویی ۱۴ نفره').isVisible());
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await screenshot(page, `daily-profile-${locale}-390-deals`);
    });

    it(`tasks: due presets and snooze (${locale})`, async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`/customers/${customerId}`);
      await page.getByTestId('composer-switch').getByText(locale === 'fa' ? 'افزودن کار' : 'Add a task').click().catch(() => page.getByTestId('composer-switch').locator('label').nth(1).click());
      await page.getByTestId('task-due-preset-tomorrow').click();
      await page.getByTestId('task-title-input').fill(`تماس پیگیری ${locale}`);
      await page.getByTestId('save-task-form').click();
      const tasks = await until('the task to be saved', async () => {
        const r = await api<{ items: { title: string; dueAt: string }[] }>('get', '/api/tasks?view=mine&bucket=all&status=open&pageSize=100');
        return r.items.find((t) => t.title === `تماس پیگیری ${locale}`);
      });
      // Tomorrow 10:00 in Tehran (UTC+03:30) whatever the browser's zone: 06:30 UTC.
      expect(tasks.dueAt.slice(11, 16)).toBe('06:30');
      await page.goto('/tasks');
      await page.getByTestId('task-list').waitFor();
      await screenshot(page, `daily-tasks-${locale}-1440`);
    });

    it(`calls: a call logged by hand is listed, with the source filter (${locale})`, async () => {
      await page.goto('/calls');
      await page.getByTestId('calls-table').waitFor();
      expect(await page.locator('[data-testid="call-row"][data-source="manual"]').count()).toBeGreaterThan(0);
      await page.getByTestId('calls-source').locator('label').nth(1).click(); // phone system only
      await until('the manual calls to be filtered out', async () => (await page.locator('[data-testid="call-row"]').count()) === 0);
      await page.getByTestId('calls-source').locator('label').nth(0).click();
      await page.getByTestId('calls-table').waitFor();
      await screenshot(page, `daily-calls-${locale}-1440`);
    });

    it(`deals board fits 1440 px and a phone (${locale})`, async () => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/deals');
      await page.getByTestId('deals-board').waitFor();
      expect(await page.getByTestId('board-drop-zone').count()).toBe(2);
      expect(await page.getByTestId('board-total-weighted').count()).toBe(1);
      expect(await page.getByTestId('deal-card-next').count()).toBeGreaterThan(0);
      // The page itself never scrolls sideways: the board scrolls inside its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      await screenshot(page, `daily-board-${locale}-1440`);
      await page.setViewportSize({ width: 390, height: 844 });
      await until('the scroll arrow to show', async () => (await page.getByTestId('board-scroll-left').count()) + (await page.getByTestId('board-scroll-right').count()) > 0);
      await screenshot(page, `daily-board-${locale}-390`);
    });
  }
});
