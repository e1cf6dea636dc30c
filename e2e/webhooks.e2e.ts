/**
 * Settings → Webhooks in Chromium against the real server: the admin adds an endpoint pointing at a local receiver
 * with two events, sees the secret once and copies it, sends a test (the receiver gets a ping signed with that
 * secret), turns the endpoint off, and reads the delivery log; a private address is refused beside the field; the tab
 * reads in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, startAdminSession } from './browser';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let receiver: http.Server;
let port = 0;
const hits: { headers: http.IncomingHttpHeaders; body: string }[] = [];

const switchLanguage = async (lang: 'en' | 'fa') => {
  await page.getByTestId('user-menu').click();
  await page.getByTestId(`lang-${lang}`).click();
  await page.waitForFunction((dir) => document.documentElement.dir === dir, lang === 'en' ? 'ltr' : 'rtl');
};

describe('webhooks settings', () => {
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => { hits.push({ headers: req.headers, body: Buffer.concat(chunks).toString() }); res.writeHead(200).end('received'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
    ({ server, browser, page, headers } = await startAdminSession());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    receiver?.closeAllConnections();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  it('adds an endpoint, shows the secret once, sends a signed test and logs it', async () => {
    await page.goto('/settings?tab=webhooks');
    await page.getByTestId('webhooks-section').waitFor();
    await page.getByTestId('webhook-add').click();
    // A link-local address is refused beside the field and nothing is saved.
    await page.getByTestId('webhook-url').fill('http://169.254.169.254/latest');
    await page.getByTestId('webhook-event-deal.won').click();
    await page.getByTestId('webhook-save').click();
    await until('the refusal beside the URL', async () => (await page.locator('.mantine-TextInput-error').count()) > 0);
    expect((await requestJson<{ items: unknown[] }>(page, headers, 'get', '/api/webhooks')).items).toHaveLength(0);

    await page.getByTestId('webhook-url').fill(`http://127.0.0.1:${port}/hook`);
    await page.getByTestId('webhook-event-customer.created').click();
    await screenshot(page, 'webhooks-form-fa');
    await page.getByTestId('webhook-save').click();
    const secret: string = await until('the secret', async () => ((await page.getByTestId('webhook-secret').count()) ? (await page.getByTestId('webhook-secret').innerText()).trim() : ''));
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, 'webhooks-secret-fa');
    await page.getByRole('button', { name: 'تمام' }).click();

    const [ep] = (await requestJson<{ items: { id: string; events: string[]; active: boolean }[] }>(page, headers, 'get', '/api/webhooks')).items;
    expect(ep.events.sort()).toEqual(['customer.created', 'deal.won']);
    expect(JSON.stringify(await requestJson(page, headers, 'get', '/api/webhooks'))).not.toContain(secret);

    await page.getByTestId('webhook-test').click();
    await until('the ping at the receiver', () => hits.length === 1);
    const ping = hits[0];
    expect(JSON.parse(ping.body).type).toBe('ping');
    const ts = String(ping.headers['x-mehvar-timestamp']);
    expect(ping.headers['x-mehvar-signature']).toBe('sha256=' + createHmac('sha256', secret).update(`${ts}.${ping.body}`).digest('hex'));

    // A new secret: shown once, and the next delivery carries both signatures (new first) for the grace period.
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('webhook-rotate').click();
    const fresh: string = await until('the new secret', async () => ((await page.getByTestId('webhook-secret').count()) ? (await page.getByTestId('webhook-secret').innerText()).trim() : ''));
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(secret);
    await page.getByTestId('webhook-previous-until').waitFor();
    await screenshot(page, 'webhooks-rotated-fa');
    await page.getByRole('button', { name: 'تمام' }).click();
    await page.getByTestId('webhook-test').click();
    await until('the second ping at the receiver', () => hits.length === 2);
    const ts2 = String(hits[1].headers['x-mehvar-timestamp']);
    const sign = (key: string) => 'sha256=' + createHmac('sha256', key).update(`${ts2}.${hits[1].body}`).digest('hex');
    expect(hits[1].headers['x-mehvar-signature']).toBe(`${sign(fresh)}, ${sign(secret)}`);

    await page.getByTestId('webhook-active').click({ force: true });
    await until('the endpoint turned off', async () => !(await requestJson<{ items: { active: boolean }[] }>(page, headers, 'get', '/api/webhooks')).items[0].active);

    await page.getByTestId('webhook-log').click();
    await page.getByTestId('webhook-deliveries').waitFor();
    expect(await page.getByTestId('webhook-delivery').count()).toBe(2);
    expect(await page.getByTestId('webhook-deliveries').innerText()).toContain('received');
    await screenshot(page, 'webhooks-log-fa');
    await page.keyboard.press('Escape');
  });

  it('reads in English', async () => {
    await switchLanguage('en');
    await until('the tab in English', async () => (await page.getByTestId('webhooks-section').innerText()).includes('Delivery log'));
    await screenshot(page, 'webhooks-en');
    await switchLanguage('fa');
  });
});
