/**
 * The manager's dashboard in Chromium on the demo business (`npm run cli -- demo`, then the models refit): the
 * manager opens it from the first navigation entry, sees tiles with numbers and period-over-period arrows, the ECharts
 * trend charts, CLV histogram and cohort heatmap drawn on canvases; picks a season and a filter; fa and en, desktop
 * 1440 px and a 390 px phone without sideways scrolling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type RunningServer } from './server';
import { choose, csrfHeaders, launchBrowser, newContext, screenshot, switchLanguage, until, watchConsole } from './browser';

const MANAGER = 'manager@mehvar.local';
const DEMO_PASSWORD = 'Anar-Sib-Golabi-1403';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

const canvases = async () => page.locator('[data-testid="dashboard-page"] canvas').count();
const noSideways = async () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

async function signInAs(email: string, password: string) {
  await page.goto('/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-customers').waitFor();
}

describe('dashboard', () => {
  beforeAll(async () => {
    // The demo business goes into a new data folder first; the server then starts on it.
    const dataDir = mkdtempSync(join(tmpdir(), 'mehvar-e2e-dash-'));
    const root = resolve(import.meta.dirname, '..');
    const env = { ...process.env, MEHVAR_DATA_DIR: dataDir, NODE_ENV: 'test' } as NodeJS.ProcessEnv;
    delete env.DATABASE_URL;
    const demo = spawnSync(process.execPath, ['dist/server/cli.mjs', 'demo'], { cwd: root, env, encoding: 'utf8' });
    if (demo.status !== 0) throw new Error(`demo failed: ${demo.stdout}\n${demo.stderr}`);
    [server, browser] = await Promise.all([startServer({ store: { dataDir, scratch: null } }), launchBrowser()]);
    // The nightly refit, asked for now by the demo's admin, so the CLV distribution has scores.
    const adminContext = await newContext(browser, server.baseUrl);
    page = await adminContext.newPage();
    await signInAs('demo@mehvar.local', DEMO_PASSWORD);
    // The fit's work is bounded (pareto-nbd.ts): ~12 s on PostgreSQL and ~17 s on PGlite at load 26 on 2 cores.
    const refit = await page.request.post('/api/insights/refit', { data: {}, headers: await csrfHeaders(page), timeout: 180_000 });
    expect(refit.status(), await refit.text()).toBe(200);
    await adminContext.close();
    context = await newContext(browser, server.baseUrl, { width: 1440, height: 1000 });
    page = await context.newPage();
    await signInAs(MANAGER, DEMO_PASSWORD);
    problems = watchConsole(page);
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens from the first navigation entry with tiles, arrows and charts (fa, 1440 px)', async () => {
    const first = await page.locator('nav a, .mantine-AppShell-navbar a').first().getAttribute('data-testid');
    expect(first).toBe('nav-dashboard');
    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dashboard-tiles').waitFor();
    // This month has just begun: the season shows a fuller picture.
    await choose(page, 'dashboard-period', 'فصل');
    // Autumn (Mehr to Azar) is on screen once its first day is named, not while the month's figures are kept.
    await until('the season shown', async () => new URL(page.url()).searchParams.get('period') === 'season' && (await page.getByTestId('dashboard-shown').innerText()).includes('مهر'));
    await until('charts on canvases', async () => (await canvases()) >= 20);
    // The figures say when they were computed (kept up to 15 minutes), and "compute now" asks for them again.
    expect(await page.getByTestId('dashboard-computed').innerText()).toMatch(/محاسبه‌شده در .*[۰-۹]/);
    const [again] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/dashboard?') && r.url().includes('refresh=true')),
      page.getByTestId('dashboard-refresh').click(),
    ]);
    expect(again.status()).toBe(200);
    expect(Date.parse((await again.json()).computedAt)).toBeGreaterThan(Date.now() - 60_000);
    const revenue = await page.getByTestId('tile-revenue-value').innerText();
    expect(revenue).toMatch(/[۰-۹]/);
    expect(revenue).not.toMatch(/[0-9]/);
    expect(await page.getByTestId('tile-nps-value').innerText()).toMatch(/[۰-۹]/);
    expect(['yes', 'no', 'same']).toContain(await page.getByTestId('tile-revenue-change').getAttribute('data-good'));
    expect(await page.getByTestId('clv-equity').innerText()).toMatch(/[۰-۹]/);
    await page.getByTestId('chart-cohorts').locator('canvas').first().waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await screenshot(page, 'dashboard-fa-desktop');
    await page.getByTestId('chart-cohorts').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-fa-desktop-cohorts');
    expect(await noSideways()).toBe(true);
  });

  it('filters by source channel and exports the same figures', async () => {
    const before = await page.getByTestId('tile-orders-value').innerText();
    await choose(page, 'dashboard-channel', 'اینستاگرام');
    await until('the filtered figures', async () => new URL(page.url()).searchParams.get('channel') === 'instagram'
      && (await page.getByTestId('tile-orders-value').innerText()) !== before);
    const href = await page.getByTestId('dashboard-export-csv').getAttribute('href');
    expect(href).toContain('channel=instagram');
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(await res.text()).toContain('شاخص‌ها');
  });

  it('reads in English, left to right (1440 px)', async () => {
    await switchLanguage(page, 'en');
    await until('English tiles', async () => (await page.getByTestId('tile-revenue').innerText()).includes('Revenue'));
    expect(await page.getByTestId('tile-revenue-value').innerText()).toMatch(/[0-9]/);
    expect(await canvases()).toBeGreaterThanOrEqual(20);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dashboard-en-desktop');
    expect(await noSideways()).toBe(true);
  });

  it('fits a 390 px phone in both languages', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('dashboard-tiles').waitFor();
    await until('charts on the phone', async () => (await canvases()) >= 20);
    expect(await noSideways()).toBe(true);
    await screenshot(page, 'dashboard-en-phone');
    await switchLanguage(page, 'fa');
    await until('Persian tiles', async () => (await page.getByTestId('tile-revenue').innerText()).includes('فروش'));
    expect(await noSideways()).toBe(true);
    await screenshot(page, 'dashboard-fa-phone');
    await page.getByTestId('chart-cohorts').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-fa-phone-cohorts');
    expect(await noSideways()).toBe(true);
    expect(problems).toEqual([]);
  });
});
