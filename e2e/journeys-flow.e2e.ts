/**
 * The journey map's flow findings on screen (issue 19): a planted drop-off after «آشنایی», long waits after hand-overs
 * and the satisfaction_180d moment of truth (e2e/journey-flow-seed.ts) appear on the map page named and explained in
 * Persian and in English — the kind, where it is (a drop-off at a stage, not a touchpoint), the evidence sentence, the
 * hint of what the kind means, the affected customers each linking to their 360° view with what their date is; desktop
 * and 390 px phone without sideways scrolling, screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer } from './server';
import { launchBrowser, newContext, screenshot, signIn, switchLanguage, until, watchConsole } from './browser';
import { openDatabase } from '../server/db/client.ts';
import { writeFlowStory, DROP_OFF } from './journey-flow-seed';

type Map = { painPoints: { id: string; kind: string; customers: number; touchpointKey: string; stageKey: string }[]; momentsOfTruth: { touchpointKey: string; outcome: string }[] };

let server: RunningServer;
let browser: Browser;
let page: Page;
let problems: string[];
let stuck: string[] = [];
const SLOW = { timeout: 150_000 };

const phone = async (name: string) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, name);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1440, height: 900 });
};
const painPoint = (kind: string) => page.locator(`[data-testid="journey-pain-point"][data-kind="${kind}"]`);

describe('journey map: drop-off, long wait and satisfaction after a touchpoint', () => {
  beforeAll(async () => {
    const first = await startServer();
    await first.stop({ keepData: true });
    const database = await openDatabase(first.store.scratch ? { url: first.store.scratch.url } : { dataDir: first.store.dataDir! });
    try {
      ({ stuck } = await writeFlowStory(database.db));
    } finally {
      await database.close();
    }
    [server, browser] = await Promise.all([startServer({ store: first.store }), launchBrowser()]);
    page = await (await newContext(browser, server.baseUrl, { width: 1440, height: 900 })).newPage();
    page.setDefaultTimeout(120_000);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    problems = watchConsole(page);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the server finds them (the figures the page will show)', { timeout: 300_000 }, async () => {
    // The map of the page's default period, as the page asks for it.
    const [res] = await Promise.all([
      page.waitForResponse((r) => /\/api\/journeys\/[0-9a-f-]{36}\/map\?/.test(r.url()) && r.status() === 200, SLOW),
      page.goto('/journeys'),
    ]);
    const map = await res.json() as Map;
    const drop = map.painPoints.find((p) => p.kind === 'drop_off');
    expect(drop).toMatchObject({ id: 'drop_off.awareness.earlier_period', stageKey: 'awareness', touchpointKey: '', customers: DROP_OFF.stuckDuring });
    expect(stuck).toHaveLength(DROP_OFF.stuckDuring);
    // 100 waits of 20 h, longer than the year before's 6 h median: 100 customers.
    expect(map.painPoints.find((p) => p.kind === 'long_wait')).toMatchObject({ id: 'long_wait.handover.earlier_period', touchpointKey: 'handover', customers: 100 });
    expect(map.momentsOfTruth).toContainEqual(expect.objectContaining({ touchpointKey: 'ticket_opened', outcome: 'satisfaction_180d' }));
  });

  it('names and explains them in Persian, and lists the customers who stopped', { timeout: 300_000 }, async () => {
    await page.goto('/journeys');
    await page.getByTestId('journey-map-page').waitFor();
    await painPoint('drop_off').waitFor(SLOW);
    const drop = await painPoint('drop_off').innerText();
    expect(drop).toContain('ریزش غیرعادی');
    expect(drop).toContain('مرحلهٔ آشنایی');
    expect(drop).not.toContain('—'); // no empty touchpoint
    expect(drop).toContain('تا ۹۰ روز به مرحلهٔ بعدی نرسیدند');
    expect(drop).toContain('۱۰۵ مشتری');
    const wait = await painPoint('long_wait').innerText();
    expect(wait).toContain('انتظار طولانی');
    expect(wait).toContain('ارجاع بین همکاران');
    expect(wait).toContain('بیش از ۶ ساعت');
    const outcome = page.locator('[data-testid="journey-moment-outcome"][data-outcome="satisfaction_180d"]');
    expect(await outcome.innerText()).toBe('رضایت در نظرسنجی‌های ۱۸۰ روز بعد');
    expect(await outcome.getAttribute('title')).toContain('ناراضی نبودند');
    await screenshot(page, 'journeys-flow-map-fa');

    await painPoint('drop_off').click();
    const detail = page.getByTestId('journey-pain-detail');
    await page.getByTestId('journey-pain-customer').first().waitFor(SLOW);
    expect(await page.getByTestId('journey-pain-kind-hint').innerText()).toContain('تا ۹۰ روز به مرحلهٔ بعدی نرسیدند');
    expect(await page.getByTestId('journey-pain-customer-at').innerText()).toBe('ورود به مرحله');
    expect(await detail.innerText()).toContain('مشتریان درگیر (۱۰۵)');
    expect(await page.getByTestId('journey-pain-customer').count()).toBe(DROP_OFF.stuckDuring);
    const hrefs = await page.getByTestId('journey-pain-customer').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(hrefs)).toEqual(new Set(stuck.map((id) => `/customers/${id}`)));
    await detail.scrollIntoViewIfNeeded();
    await screenshot(page, 'journeys-flow-dropoff-fa');
    await phone('journeys-flow-dropoff-fa-phone');

    await painPoint('long_wait').click();
    await until('the long wait opened', async () => (await page.getByTestId('journey-pain-customer-at').innerText().catch(() => '')) === 'زمان ارجاع');
    expect(await page.getByTestId('journey-pain-kind-hint').innerText()).toContain('میانهٔ انتظار سال پیش');
    await page.getByTestId('journey-pain-customer').first().waitFor(SLOW);
    expect(await page.getByTestId('journey-pain-customer').count()).toBe(100);
    await screenshot(page, 'journeys-flow-wait-fa');
  });

  it('names and explains them in English', { timeout: 300_000 }, async () => {
    await switchLanguage(page, 'en');
    await page.goto('/journeys');
    await painPoint('drop_off').waitFor(SLOW);
    const drop = await painPoint('drop_off').innerText();
    expect(drop).toContain('Unusual drop-off');
    expect(drop).toContain('Stage: Awareness');
    expect(drop).toContain('did not reach a later stage within 90 days');
    expect(drop).toContain('105 customers affected');
    const wait = await painPoint('long_wait').innerText();
    expect(wait).toContain('Long wait');
    expect(wait).toContain('Hand-over · Support');
    expect(wait).toContain('longer than 6 h');
    expect(await page.locator('[data-testid="journey-moment-outcome"][data-outcome="satisfaction_180d"]').innerText()).toBe('Satisfied in surveys within 180 days');
    await screenshot(page, 'journeys-flow-map-en');
    await painPoint('long_wait').click();
    await page.getByTestId('journey-pain-customer').first().waitFor(SLOW);
    expect(await page.getByTestId('journey-pain-customer-at').innerText()).toBe('Handed over');
    expect(await page.getByTestId('journey-pain-kind-hint').innerText()).toContain("longer than the year before's median");
    expect(await page.getByTestId('journey-pain-customer').first().locator('a').getAttribute('href')).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    await page.getByTestId('journey-pain-detail').scrollIntoViewIfNeeded();
    await screenshot(page, 'journeys-flow-wait-en');
    await phone('journeys-flow-wait-en-phone');
    await painPoint('drop_off').click();
    await until('the drop-off opened', async () => (await page.getByTestId('journey-pain-customer-at').innerText().catch(() => '')) === 'Entered the stage');
    await switchLanguage(page, 'fa');
    expect(problems).toEqual([]);
  });
});
