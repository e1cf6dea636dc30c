/**
 * Editing customer journeys in Chromium: the admin makes a journey for one product line as a copy of the default
 * (a stage added at the end with a survey touchpoint of its own, the first purchase limited to the line), the server
 * keeps exactly that; a refused change (a name longer than the server takes) shows under its stage and changes
 * nothing; stages reorder; a stage with touchpoints cannot be removed; a manager (reports, no settings) sees the map
 * but no editor. Persian and English, desktop and a 390 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { csrfHeaders, newContext, requestJson, screenshot, signIn, startAdminSession, switchLanguage, until, type AdminSession } from './browser';

type Journey = { id: string; name: string; isDefault: boolean; stages: { key: string; name: string; nameEn?: string }[]; touchpoints: { key: string; name: string; stageKey: string; rule: Record<string, unknown> }[] };
const LINE = 'چاپگر لیزری';
const NAME = 'سفر مشتریان چاپگر';

let s: AdminSession;
let page: Page;
let browser: Browser;
/** The editor's text has no translation key shown raw (i18next shows the key, or "returned an object", when one is wrong). */
const noRawKeys = async () => {
  const text = await page.getByTestId('journey-editor').innerText();
  expect(text).not.toMatch(/journeys\.edit|returned an object/);
};
const journeys = async () => (await requestJson<{ items: Journey[] }>(page, s.headers, 'get', '/api/journeys')).items;
const phone = async (name: string) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1366, height: 900 });
};

describe('journey editor', () => {
  beforeAll(async () => {
    s = await startAdminSession();
    ({ page, browser } = s);
    page.setDefaultTimeout(60_000);
    await requestJson(page, s.headers, 'post', '/api/products', { code: 'PR-1', nameFa: 'چاپگر ۱۰۲۰', category: LINE, price: '90000000' });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await s?.server.stop();
  });

  it('makes a journey for one product line from a copy of the default, and the server keeps exactly that', async () => {
    const before = await journeys();
    const dflt = before.find((j) => j.isDefault)!;
    await page.goto('/journeys');
    await page.getByTestId('journey-new').click();
    await page.getByTestId('journey-editor').waitFor();
    // The copy: every stage and touchpoint of the default, under a name that says so.
    expect(await page.getByTestId('journey-edit-name').inputValue()).toContain('رونوشت');
    expect(await page.getByTestId('journey-edit-stage').count()).toBe(dflt.stages.length);
    expect(await page.getByTestId('journey-edit-touchpoint').count()).toBe(dflt.touchpoints.length);
    await page.getByTestId('journey-edit-name').fill(NAME);

    // The first purchase: only this line's.
    const first = page.locator('[data-testid="journey-edit-touchpoint"][data-key="first_purchase"]');
    await first.getByTestId('journey-edit-tp-lines').click();
    await page.getByRole('option', { name: LINE, exact: true }).click();
    await first.getByTestId('journey-edit-tp-name').click(); // closes the list

    // A stage at the end, with one touchpoint: NPS answers.
    await page.getByTestId('journey-edit-add-stage').click();
    const stage = page.getByTestId('journey-edit-stage').last();
    await stage.getByTestId('journey-edit-stage-name').fill('سفیر برند');
    await stage.getByTestId('journey-edit-stage-name-en').fill('Advocacy');
    await stage.getByTestId('journey-edit-stage-key').fill('advocacy');
    await stage.getByTestId('journey-edit-add-touchpoint').click();
    const tp = stage.getByTestId('journey-edit-touchpoint');
    await tp.getByTestId('journey-edit-tp-name').fill('پاسخ NPS پس از خرید');
    await tp.getByTestId('journey-edit-tp-source').click();
    await page.getByRole('option', { name: 'پاسخ‌های نظرسنجی', exact: true }).click();
    await tp.getByTestId('journey-edit-tp-metric').click();
    await page.getByRole('option', { name: 'NPS', exact: true }).click();
    await page.mouse.move(0, 0);
    await noRawKeys();
    await screenshot(page, 'journey-editor-fa');
    await page.getByTestId('journey-edit-save').click();
    await page.waitForURL(/\/journeys\?journey=/);
    await page.getByTestId('journey-map-page').waitFor();

    const made = (await journeys()).find((j) => j.name === NAME)!;
    expect(made).toBeTruthy();
    expect(page.url()).toContain(made.id);
    expect(made.isDefault).toBe(false);
    expect(made.stages.map((x) => x.key)).toEqual([...dflt.stages.map((x) => x.key), 'advocacy']);
    expect(made.stages.at(-1)).toEqual({ key: 'advocacy', name: 'سفیر برند', nameEn: 'Advocacy' });
    expect(made.touchpoints.find((x) => x.key === 'first_purchase')!.rule).toEqual({ source: 'invoice', events: ['paid'], phase: 'first', lines: [LINE] });
    const added = made.touchpoints.filter((x) => !dflt.touchpoints.some((d) => d.key === x.key));
    expect(added).toEqual([{ key: 'tp_1', name: 'پاسخ NPS پس از خرید', stageKey: 'advocacy', rule: { source: 'survey', metric: 'nps' } }]);
    // The default journey is as it was.
    expect((await journeys()).find((j) => j.isDefault)).toEqual(dflt);
  });

  it('shows a refused change under its stage and keeps the journey as it was; stages reorder; a stage in use cannot go', async () => {
    const made = (await journeys()).find((j) => j.name === NAME)!;
    await page.goto('/journeys');
    await page.getByTestId('journey-select').click();
    await page.getByRole('option', { name: NAME, exact: true }).click();
    await page.getByTestId('journey-edit').click();
    await page.getByTestId('journey-editor').waitFor();
    const stages = page.getByTestId('journey-edit-stage');
    // Saved keys stay; a stage with touchpoints has its remove button disabled.
    expect(await stages.first().getByTestId('journey-edit-stage-key').isDisabled()).toBe(true);
    expect(await stages.first().getByTestId('journey-edit-stage-remove').isDisabled()).toBe(true);

    // 81 characters: the page does not count them, the server refuses (80 at most) and says where.
    await stages.first().getByTestId('journey-edit-stage-name').fill('آ'.repeat(81));
    await page.getByTestId('journey-edit-save').click();
    await stages.first().getByTestId('journey-edit-stage-error').waitFor();
    expect(page.url()).toContain('/edit');
    expect((await journeys()).find((j) => j.id === made.id)).toEqual(made);

    // Empty name: refused before sending, said under the field.
    await stages.first().getByTestId('journey-edit-stage-name').fill('');
    await page.getByTestId('journey-edit-save').click();
    expect(await stages.first().getByTestId('journey-edit-stage-error').innerText()).toBe('نام لازم است.');
    await stages.first().getByTestId('journey-edit-stage-name').fill(made.stages[0].name);

    // The last stage one step earlier.
    await stages.last().getByTestId('journey-edit-stage-up').click();
    await page.getByTestId('journey-edit-save').click();
    await page.waitForURL(/\/journeys\?journey=/);
    const keys = made.stages.map((x) => x.key);
    const after = (await journeys()).find((j) => j.id === made.id)!;
    expect(after.stages.map((x) => x.key)).toEqual([...keys.slice(0, -2), keys.at(-1), keys.at(-2)]);
    expect(after.touchpoints).toEqual(made.touchpoints);
  });

  it('reads in English and fits a phone', async () => {
    const made = (await journeys()).find((j) => j.name === NAME)!;
    await switchLanguage(page, 'en');
    await page.goto(`/journeys/${made.id}/edit`);
    await page.getByTestId('journey-editor').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Edit the journey');
    const tp = page.locator('[data-testid="journey-edit-touchpoint"][data-key="tp_1"]');
    expect(await tp.getByTestId('journey-edit-tp-source').inputValue()).toBe('Survey answers');
    await noRawKeys();
    await screenshot(page, 'journey-editor-en');
    await phone('journey-editor-en-phone');
    await switchLanguage(page, 'fa');
    await page.goto(`/journeys/${made.id}/edit`);
    await page.getByTestId('journey-editor').waitFor();
    await phone('journey-editor-fa-phone');
    // No console error but the one refused save (400) of the test before, and no translation key gone wrong.
    expect(s.problems).toEqual(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);

  });

  it('a manager reads the map but cannot edit: no buttons, the page says so, the API refuses and nothing changes', async () => {
    const roles = await requestJson<{ items: { id: string; key: string }[] }>(page, s.headers, 'get', '/api/roles');
    await requestJson(page, s.headers, 'post', '/api/users', { email: 'manager.j@example.com', name: 'مدیر فروش', password: 'Golestan-Sabz-Ruz-77', roleId: roles.items.find((r) => r.key === 'manager')!.id });
    const before = await journeys();
    const other = await (await newContext(browser, s.server.baseUrl)).newPage();
    await signIn(other, 'manager.j@example.com', 'Golestan-Sabz-Ruz-77');
    await other.goto('/journeys');
    await other.getByTestId('journey-map-page').waitFor();
    await other.getByTestId('journey-export-png').waitFor();
    expect(await other.getByTestId('journey-edit').count()).toBe(0);
    expect(await other.getByTestId('journey-new').count()).toBe(0);
    await other.goto(`/journeys/${before[0].id}/edit`);
    await until('the refusal', async () => (await other.getByTestId('journey-editor').count()) === 0 && (await other.locator('body').innerText()).includes('اجازهٔ تغییر تنظیمات'));
    const res = await other.request.put(`/api/journeys/${before[0].id}`, { data: { name: 'x', stages: before[0].stages, touchpoints: before[0].touchpoints }, headers: await csrfHeaders(other) });
    expect(res.status()).toBe(403);
    expect(await journeys()).toEqual(before);
    await other.context().close();
  });
});
