/** Debian's Chromium driven by playwright-core (no downloaded browser), plus screenshot and console helpers. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startServer, type RunningServer } from './server';

/** Polls `fn` every 250 ms until it returns something truthy, or fails naming `what` after `ms`. */
export async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Screenshots and files the tests write. CI runs the PGlite and the PostgreSQL suites at the same time, so each
 * database gets its own folder: the two runs never write (or read back) the same file.
 */
export const ARTIFACTS = resolve(import.meta.dirname, 'artifacts', process.env.E2E_DATABASE_URL ? 'postgres' : '');
mkdirSync(ARTIFACTS, { recursive: true });

/** The contexts opened by this file, so a failed test can show what its pages looked like (e2e/setup.ts). */
export const openContexts = new Set<BrowserContext>();
/** Per context, its last console errors and failed API answers (4xx/5xx), for the same report. */
export const recentTrouble = new WeakMap<BrowserContext, string[]>();

function keepTrouble(context: BrowserContext) {
  const trouble: string[] = [];
  recentTrouble.set(context, trouble);
  const note = (line: string) => { trouble.push(`${new Date().toISOString().slice(11, 23)} ${line}`); if (trouble.length > 30) trouble.shift(); };
  context.on('console', (msg) => { if (msg.type() === 'error') note(`console: ${msg.text().slice(0, 300)}`); });
  context.on('response', (res) => { if (res.status() >= 400) note(`${res.status()} ${res.request().method()} ${res.url()}`); });
  context.on('requestfailed', (req) => note(`failed ${req.method()} ${req.url()}: ${req.failure()?.errorText ?? ''}`));
}

let running: Promise<Browser> | undefined;

/**
 * Chromium for one test file. The files of a run share one Chromium process (they run one after another in one
 * worker): starting it cost about 1.4 s of CPU each time, and CI started it about 80 times per database. What a file
 * gets is its own handle: the contexts it opens are its own (each a fresh profile: cookies, storage and HTTP cache
 * start empty, as in a new browser), and its `close()` closes them, leaving the process to the next file. A Chromium
 * that died is started again.
 */
export async function launchBrowser(): Promise<Browser> {
  const start = () => chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  running ??= start();
  let real = await running.catch(() => undefined);
  if (!real?.isConnected()) {
    running = start();
    real = await running;
  }
  return fileHandle(real);
}

/** A file's view of the shared Chromium: contexts it opens are tracked, and closing it closes only those. */
function fileHandle(real: Browser): Browser {
  const mine = new Set<BrowserContext>();
  const newContext = async (options?: Parameters<Browser['newContext']>[0]) => {
    const context = await real.newContext(options);
    mine.add(context);
    context.on('close', () => mine.delete(context));
    return context;
  };
  const own: Partial<Browser> = {
    newContext,
    // Like Browser.newPage: a page in a context of its own (closed with the handle).
    newPage: async (options?: Parameters<Browser['newPage']>[0]) => (await newContext(options)).newPage(),
    contexts: () => [...mine],
    close: async () => { await Promise.all([...mine].map((c) => c.close().catch(() => undefined))); },
  };
  return new Proxy(real, {
    get(target, prop) {
      if (Object.hasOwn(own, prop)) return own[prop as keyof Browser];
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * An office in Tehran: the user's zone and the browser's agree, as they do for real users. The browser asks for
 * reduced motion, which the app honours (no transitions), so the tests do not wait out animations.
 */
export async function newContext(browser: Browser, baseURL: string, viewport = { width: 1366, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'fa-IR', timezoneId: 'Asia/Tehran', reducedMotion: 'reduce' });
  openContexts.add(context);
  keepTrouble(context);
  context.on('close', () => openContexts.delete(context));
  return context;
}

/** Collects console errors and failed requests so a test can assert the app ran clean. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Let fonts and transitions settle so the image shows what a person sees.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-customers').waitFor();
}

/** Mantine's Select and MultiSelect: open the dropdown, then pick the option by its visible label. */
export async function choose(page: Page, testId: string, label: string) {
  // A Select's input is the visible box; a MultiSelect lays its pill box over the input, so click the nearest box.
  await page.getByTestId(testId).locator('xpath=ancestor-or-self::*[contains(@class, "mantine-Input-input")][1]').click();
  await page.getByRole('option', { name: label, exact: true }).click();
}

export type JsonMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Calls the JSON API as the page's signed-in user (with the CSRF header) and fails the test on an unexpected status. */
export async function requestJson<T>(page: Page, headers: Record<string, string>, method: JsonMethod, url: string, data?: unknown, status = method === 'post' ? 201 : 200): Promise<T> {
  const res = await page.request[method](url, { data, headers });
  const text = await res.text();
  if (res.status() !== status) throw new Error(`${method} ${url}: expected ${status}, got ${res.status()}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Closes the toasts ("saved", "reply added") so a screenshot shows the page under them. */
export async function dismissToasts(page: Page) {
  const close = page.locator('.mantine-Notification-root .mantine-Notification-closeButton');
  await until('the toasts to close', async () => {
    // A toast may be closing by itself while we click it: then it is gone anyway.
    if (await close.count()) await close.first().click({ timeout: 1000, force: true }).catch(() => undefined);
    return (await close.count()) === 0;
  }, 15_000);
}

/** The CSRF header of the page's signed-in session, for API calls made through `page.request`. */
export async function csrfHeaders(page: Page): Promise<Record<string, string>> {
  const me = await (await page.request.get('/api/auth/me')).json() as { csrfToken: string };
  return { 'X-CSRF-Token': me.csrfToken };
}

export type AdminSession = { server: RunningServer; browser: Browser; page: Page; problems: string[]; headers: Record<string, string> };

/**
 * How most end-to-end files begin: a started server (with `env`), Chromium, the admin signed in, console problems
 * watched from then on (the signed-out probe of /api/auth/me is a 401 by design), and CSRF headers for API calls.
 */
export async function startAdminSession(opts: { env?: Record<string, string> } = {}): Promise<AdminSession> {
  // The server and the browser start side by side; if either fails, the other is not left running.
  const [started, launched] = await Promise.allSettled([startServer(opts), launchBrowser()]);
  if (started.status === 'rejected' || launched.status === 'rejected') {
    if (started.status === 'fulfilled') await started.value.stop();
    if (launched.status === 'fulfilled') await launched.value.close();
    throw started.status === 'rejected' ? started.reason : (launched as PromiseRejectedResult).reason;
  }
  const server = started.value;
  const browser = launched.value;
  const page = await (await newContext(browser, server.baseUrl)).newPage();
  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  const problems = watchConsole(page);
  const headers = await csrfHeaders(page);
  return { server, browser, page, problems, headers };
}

/** Switches the interface language from the user menu and waits for the page's direction to follow. */
export async function switchLanguage(page: Page, lang: 'en' | 'fa') {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((dir) => document.documentElement.dir === dir, lang === 'en' ? 'ltr' : 'rtl');
}

/**
 * On a narrow screen the profile's side cards are folded under their titles (PhoneFold): open the one with this id.
 * Clicked again while it is still folded: a card drawn again while the profile loads starts folded (CI on PostgreSQL
 * once timed out after a single click under a load average of 20).
 */
export async function unfold(page: Page, id: string): Promise<void> {
  const button = page.getByTestId(`fold-${id}`);
  await button.waitFor();
  await until(`the ${id} card unfolded`, async () => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    return page.locator(`#fold-${id}`).isVisible();
  });
}
