/**
 * Web-to-lead in Chromium: the admin builds a form in Settings → Lead forms and copies its script snippet; a page on
 * another origin (a tiny server on another port) includes the snippet; the visitor fills the framed form and sends it;
 * the lead appears as a customer and the form's submission count goes up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, startAdminSession, newContext, switchLanguage, choose } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let site: http.Server;
let sitePort = 0;
let snippet = '';

describe('web-to-lead', () => {
  beforeAll(async () => {
    ({ server, browser, page, headers } = await startAdminSession());
    site = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>فروشگاه</title></head><body><h1>فروشگاه نمونه</h1>${snippet}</body></html>`);
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    sitePort = (site.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    site?.closeAllConnections();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
  });

  it('builds a form, embeds it on another origin, and a submission becomes a customer', async () => {
    await page.goto('/settings?tab=leads');
    await page.getByTestId('lead-forms-section').waitFor();
    await page.getByTestId('lead-form-add').click();
    await page.getByTestId('lead-form-name').fill('فرم صفحهٔ اصلی');
    await page.getByTestId('lead-form-title').fill('درخواست تماس');
    await screenshot(page, 'lead-form-builder-fa');
    await page.getByTestId('lead-form-save').click();
    // A new form opens its embed snippets.
    const code = page.getByTestId('lead-snippet-script');
    await code.waitFor();
    snippet = (await code.textContent()) ?? '';
    expect(snippet).toMatch(/^<script src="http:\/\/[^"]+\/f\/[A-Za-z0-9_-]+\/embed\.js" async><\/script>$/);
    await screenshot(page, 'lead-form-embed-fa');
    const forms = await requestJson<{ items: { id: string; token: string; pageUrl: string }[] }>(page, headers, 'get', '/api/lead-forms');
    expect(forms.items).toHaveLength(1);
    // The snippet names the server as the visitor reaches it (the public URL may say localhost).
    snippet = snippet.replace(/src="[^"]*\/f\//, `src="${server.baseUrl}/f/`);

    const visitor = await (await newContext(browser, `http://127.0.0.1:${sitePort}`)).newPage();
    await visitor.goto('/');
    const frame = visitor.frameLocator('iframe');
    await frame.locator('input[name="name"]').fill('نگار تهرانی');
    await frame.locator('input[name="mobile"]').fill('۰۹۱۲ ۳۴۵ ۶۷۸۹');
    await frame.locator('input[name="email"]').fill('negar@example.com');
    await frame.getByTestId('lead-submit').click();
    await frame.getByTestId('lead-thanks').waitFor();
    // The frame told the page its height: the thank-you fits without the default 480px.
    await until('the frame to size itself', async () => (await visitor.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height)) !== '480px');
    await screenshot(visitor, 'lead-form-other-origin-thanks');

    const found = await requestJson<{ items: { id: string; displayName: string; source: string | null }[] }>(page, headers, 'get', '/api/customers?q=09123456789');
    expect(found.items.map((c) => [c.displayName, c.source])).toEqual([['نگار تهرانی', 'website']]);
    await page.goto('/settings?tab=leads');
    await expect.poll(async () => page.getByTestId('lead-form-count').first().textContent()).toBe('1');
    await page.getByTestId('lead-form-count').first().click();
    await expect.poll(async () => page.getByTestId('lead-submissions').textContent()).toContain('negar@example.com');
    await screenshot(page, 'lead-form-submissions-fa');
  });

  it("reads in English: the builder left to right, an English form's page LTR (1440 px)", async () => {
    await page.goto('/settings?tab=leads'); // the submissions dialog of the test before closes
    await switchLanguage(page, 'en');
    await page.getByTestId('lead-form-add').click();
    await page.getByTestId('lead-form-name').fill('Contact page');
    await choose(page, 'lead-form-language', 'English (LTR)');
    await page.getByTestId('lead-form-title').fill('درخواست تماس');
    await page.getByTestId('lead-form-title-en').fill('Request a call');
    expect(await page.getByTestId('lead-form-builder').innerText()).toContain('Language');
    await screenshot(page, 'lead-form-builder-en');
    await page.getByTestId('lead-form-save').click();
    await page.getByTestId('lead-snippet-script').waitFor();
    const forms = await requestJson<{ items: { name: string; pageUrl: string }[] }>(page, headers, 'get', '/api/lead-forms');
    const english = forms.items.find((f) => f.name === 'Contact page');
    expect(english).toBeTruthy();
    const visitor = await (await newContext(browser, server.baseUrl)).newPage();
    await visitor.goto(new URL(english!.pageUrl).pathname);
    expect(await visitor.evaluate(() => document.documentElement.dir)).toBe('ltr');
    expect(await visitor.locator('body').innerText()).toContain('Request a call');
    await screenshot(visitor, 'lead-form-page-en');
  });
});
