/**
 * Customer journeys in Chromium, on the planted journey story (server/demo/journey-story.ts: one product line delivered
 * slowly → unhappy delivery answers; tickets solved at first contact → customers who buy again), written straight into
 * the database of a stopped server, then read through a new one: the map renders in Persian and English (stages,
 * sankey, the planted pain point first with its customers, moments of truth), the exports, and a customer's journey
 * strip against their timeline; desktop and phone. Runs on PGlite and, with E2E_DATABASE_URL, on a PostgreSQL scratch
 * database (the story is written through the server's own database either way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer } from './server';
import { csrfHeaders, launchBrowser, newContext, requestJson, screenshot, signIn, switchLanguage, until, watchConsole } from './browser';
import { openDatabase } from '../server/db/client.ts';
import { customers } from '../server/modules/customers/index.ts';
import { products } from '../server/modules/sales/index.ts';
import { storyRows, writeStory, STORY_LINES, STORY_SLOW_LINE } from '../server/demo/journey-story.ts';

type Map = {
  stages: { key: string; customers: number }[];
  painPoints: { id: string; touchpointKey: string; kind: string; customers: number; evidence: { productLine?: string | null } }[];
  momentsOfTruth: { touchpointKey: string }[];
};
type Path = { journeyId: string; currentStage: string | null; path: { stageKey: string; enteredAt: string; touchpoints: { key: string; at: string }[] }[] };

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let problems: string[];
let customerIds: string[] = [];
/** A story customer with a purchase, an answer, a ticket and a second purchase: a path over several stages. */
let richCustomer = '';
const SLOW = { timeout: 150_000 }; // the machine is shared: the analysis of 420 customers may take a while

/** The repo's artifacts and a copy in /tmp to look at (the PostgreSQL run's copies end in -pg: CI runs both side by side). */
const shot = async (name: string) => {
  await screenshot(page, name);
  await page.screenshot({ path: `/tmp/${name}${process.env.E2E_DATABASE_URL ? '-pg' : ''}.png`, fullPage: true });
};
const phone = async (name: string) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(name);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 1440, height: 900 });
};

describe('customer journeys', () => {
  beforeAll(async () => {
    // An empty server first (migrations, the default journey, the admin), then the story written into its database.
    const first = await startServer();
    await first.stop({ keepData: true });
    const database = await openDatabase(first.store.scratch ? { url: first.store.scratch.url } : { dataDir: first.store.dataDir! });
    try {
      const made = await database.db.insert(customers).values(Array.from({ length: 420 }, (_, i) => ({ kind: 'person' as const, displayName: `مشتری سفر ${i + 1}` }))).returning({ id: customers.id });
      customerIds = made.map((m) => m.id);
      const prods = await database.db.insert(products).values(STORY_LINES.map((line, i) => ({ code: `J-${i}`, nameFa: line, category: line, price: 10_000_000n }))).returning({ id: products.id, category: products.category });
      const story = storyRows({ seed: 7, now: new Date(), customerIds, products: prods.map((p) => ({ id: p.id, category: p.category! })), plantPain: true, plantMoment: true });
      await writeStory(database.db, story);
      const buys = new globalThis.Map<string, number>();
      for (const p of story.purchases) buys.set(p.customerId, (buys.get(p.customerId) ?? 0) + 1);
      richCustomer = story.tickets.find((t) => (buys.get(t.customerId) ?? 0) >= 2)!.customerId;
    } finally {
      await database.close();
    }
    [server, browser] = await Promise.all([startServer({ store: first.store }), launchBrowser()]);
    page = await (await newContext(browser, server.baseUrl, { width: 1440, height: 900 })).newPage();
    page.setDefaultTimeout(120_000); // the machine is shared; nothing here waits on a timer
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    problems = watchConsole(page);
    headers = await csrfHeaders(page);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws the map in Persian: stages, flows right to left, the planted pain point first, moments of truth', { timeout: 300_000 }, async () => {
    await page.goto('/journeys');
    await page.getByTestId('journey-map-page').waitFor();
    await page.getByTestId('journey-sankey').locator('canvas').waitFor(SLOW);
    const { items } = await requestJson<{ items: { id: string }[] }>(page, headers, 'get', '/api/journeys');
    const range = await page.evaluate(() => new URL(location.href).searchParams.get('from'));
    expect(range).toBeNull(); // the default period: the last 12 months, not written in the address
    const stageCards = page.getByTestId('journey-stage');
    expect(await stageCards.count()).toBe(7);
    // The first stage is on the right in Persian.
    const [a, b] = [await stageCards.nth(0).boundingBox(), await stageCards.nth(1).boundingBox()];
    expect(a!.x).toBeGreaterThan(b!.x);
    const first = page.getByTestId('journey-pain-point').first();
    expect(await first.getAttribute('data-kind')).toBe('low_satisfaction');
    expect(await first.innerText()).toContain(STORY_SLOW_LINE);
    expect(await page.getByTestId('journey-moment').first().getAttribute('data-touchpoint')).toBe('ticket_opened');
    expect(await page.getByTestId('journey-moment-explanation').first().innerText()).toMatch(/[\u0600-\u06FF]/);
    // Per touchpoint: the delivery answers' satisfaction (CSAT, answers, unhappy share) and the tickets' wait in hours.
    const csat = page.locator('[data-testid="journey-touchpoint-row"][data-key="delivery_csat"]');
    expect(await csat.getByTestId('journey-touchpoint-satisfaction').innerText()).toMatch(/CSAT[\s\S]*[۰-۹]+ پاسخ[\s\S]*[۰-۹]+٪ ناراضی/);
    expect(await page.locator('[data-testid="journey-touchpoint-row"][data-key="first_response"]').getByTestId('journey-touchpoint-wait').innerText()).toMatch(/^[۰-۹٫]+ ساعت$/);
    await shot('journeysui-map-fa');
    expect(items.length).toBeGreaterThan(0);
  });

  it('lists the customers a pain point affects, each a link to their 360° view', { timeout: 300_000 }, async () => {
    await page.getByTestId('journey-pain-point').first().click();
    await page.getByTestId('journey-pain-customer').first().waitFor(SLOW);
    const shown = await page.getByTestId('journey-pain-customer').count();
    const total = Number((await page.getByTestId('journey-pain-detail').innerText()).match(/\(([\d۰-۹٬,]+)\)/)?.[1].replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))).replace(/[٬,]/g, ''));
    expect(shown).toBe(Math.min(total, 500));
    expect(total).toBeGreaterThan(10);
    const href = await page.getByTestId('journey-pain-customer').first().locator('a').getAttribute('href');
    expect(href).toMatch(/^\/customers\/[0-9a-f-]{36}$/);
    await shot('journeysui-pain-fa');
    await phone('journeysui-map-fa-phone');
  });

  it('exports the map as a PNG and prints it to PDF', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('journey-export-png').click()]);
    const png = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(png!).subarray(1, 4).toString()).toBe('PNG');
    writeFileSync('/tmp/journeysui-sankey.png', readFileSync(png!));
    await page.emulateMedia({ media: 'print' });
    await shot('journeysui-print-fa');
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    writeFileSync('/tmp/journeysui-map.pdf', pdf);
  });

  it('reads in English, left to right', { timeout: 300_000 }, async () => {
    await switchLanguage(page, 'en');
    await until('the map in English', async () => (await page.getByTestId('journey-map-page').innerText()).includes('Customer journey map'));
    await page.getByTestId('journey-pain-point').first().waitFor(SLOW);
    const stageCards = page.getByTestId('journey-stage');
    const [a, b] = [await stageCards.nth(0).boundingBox(), await stageCards.nth(1).boundingBox()];
    expect(a!.x).toBeLessThan(b!.x);
    expect(await page.getByTestId('journey-pain-point').first().innerText()).toContain('Low satisfaction');
    expect(await page.getByTestId('journey-moment-explanation').first().innerText()).toMatch(/[a-z]/);
    await shot('journeysui-map-en');
    await phone('journeysui-map-en-phone');
    await switchLanguage(page, 'fa');
  });

  it("shows a customer's journey strip that matches their timeline; a point opens its entry", { timeout: 400_000 }, async () => {
    const id = richCustomer;
    const journey = await page.evaluate(async (c) => (await fetch(`/api/customers/${c}/journey`)).json(), id) as Path;
    expect(journey.path.length).toBeGreaterThanOrEqual(3);
    await page.goto(`/customers/${id}`);
    await page.getByTestId('journey-strip').waitFor(SLOW);
    // The journey's name follows the title only when it says something else (the default one is called the same).
    const journeys = await page.evaluate(async () => (await fetch('/api/journeys')).json()) as { items: { id: string; name: string; isDefault: boolean }[] };
    const { name, isDefault } = journeys.items.find((j) => j.id === journey.journeyId)!;
    expect(await page.getByTestId('journey-strip-title').textContent()).toBe(name === 'سفر مشتری' ? 'سفر مشتری' : `سفر مشتری · ${name}`);
    const stages = page.getByTestId('journey-strip-stage');
    expect(await stages.evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')))).toEqual(journey.path.map((s) => s.stageKey));
    const points = page.getByTestId('journey-strip-point');
    const touch = journey.path.flatMap((s) => s.touchpoints);
    expect(await points.count()).toBe(touch.length);
    // Right to left: the first stage's band is to the right of the last one's.
    const [firstBox, lastBox] = [await stages.first().boundingBox(), await stages.last().boundingBox()];
    expect(firstBox!.x).toBeGreaterThan(lastBox!.x);
    await page.getByTestId('timeline').waitFor();
    const timelineTimes = await page.locator('[id^=timeline-entry-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-at')));
    expect(timelineTimes.length).toBeGreaterThan(0);
    // Every point: clicking it marks the timeline entry closest to its moment — the very same moment where the timeline
    // has one (answers, tickets); the story writes invoices without their document events, so those land on a neighbour.
    let exact = 0;
    for (let i = 0; i < touch.length; i++) {
      const want = Date.parse(touch[i].at);
      // Back to the strip first: the previous click is still scrolling the page smoothly towards its entry.
      await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
      await points.nth(i).click();
      // The marked entry is the closest one to the point's moment among the entries loaded (several points may share it).
      const { marked, gap } = (await until(`the entry of point ${i}`, async () => {
        const at = await page.locator('[data-marked=true]').getAttribute('data-at', { timeout: 500 }).catch(() => null);
        if (!at) return null;
        const all = await page.locator('[id^=timeline-entry-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-at')!));
        const best = Math.min(...all.map((a) => Math.abs(Date.parse(a) - want)));
        const g = Math.abs(Date.parse(at) - want);
        return g <= best + 1000 ? { marked: at, gap: g } : null;
      }, 90_000))!;
      expect(marked).toBeTruthy();
      if (gap < 60_000) exact++;
      await expect.poll(() => page.locator('[data-marked=true]').evaluate((e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    }
    expect(exact).toBeGreaterThanOrEqual(2);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('journeysui-strip-fa');
    await phone('journeysui-strip-fa-phone');
    await switchLanguage(page, 'en');
    await page.getByTestId('journey-strip').waitFor();
    expect(await page.getByTestId('journey-strip-title').textContent()).toBe(isDefault ? 'Customer journey' : `Customer journey · ${name}`);
    // English counts agree with their number ("1 ticket", not "1 tickets").
    const view = await page.evaluate(async (c) => (await fetch(`/api/customers/${c}`)).json(), id) as { tickets?: { totalCount: number }; counters: { interactions: number } };
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    expect(await page.getByTestId('tile-last').innerText()).toContain(plural(view.counters.interactions, 'interaction', 'interactions'));
    expect(await page.getByTestId('tile-tickets').innerText()).toContain(`${plural(view.tickets!.totalCount, 'ticket', 'tickets')} in all`);
    await shot('journeysui-strip-en');
    await phone('journeysui-strip-en-phone');
    expect(problems).toEqual([]);
  });
});
