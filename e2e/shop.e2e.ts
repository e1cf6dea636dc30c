/**
 * Settings → Online shop in Chromium against the real server and a local fake WooCommerce store: the admin enters the
 * store's address and keys, turns the sync on, presses "Sync now", and sees the result; the store's customer and its
 * paid order arrive as a customer and an issued invoice with its line and payment. The tab reads in English too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { screenshot, until, requestJson, startAdminSession } from './browser';
import { startFakeWoo, type FakeWoo } from '../server/test/fakes/woocommerce.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let headers: Record<string, string>;
let shop: FakeWoo;

describe('online shop settings', () => {
  beforeAll(async () => {
    shop = await startFakeWoo({ key: 'ck_e2e', secret: 'cs_e2e', now: '2026-11-20T10:00:00' });
    shop.addCustomer({ id: 41, email: 'niloofar@example.com', first_name: 'نیلوفر', last_name: 'باقری', billing: { phone: '09127654321', city: 'رشت' } });
    shop.addOrder({
      status: 'completed', customer_id: 41, date_paid_gmt: '2026-11-19T08:00:00',
      billing: { first_name: 'نیلوفر', last_name: 'باقری', email: 'niloofar@example.com', phone: '09127654321' },
      line_items: [{ sku: 'SAMOVAR-1', name: 'سماور برقی', quantity: 1, price: 4500000 }],
    });
    ({ server, browser, page, headers } = await startAdminSession());
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await shop?.close();
  });

  it('connects the store, syncs now, and the customer and the paid order arrive', async () => {
    await page.goto('/settings?tab=shop');
    await page.getByTestId('shop-settings').waitFor();
    await page.getByTestId('shop-url').fill(shop.url);
    await page.getByTestId('shop-key').fill('ck_e2e');
    await page.getByTestId('shop-secret').fill('cs_e2e');
    await page.getByTestId('shop-enabled').click({ force: true });
    await page.getByTestId('shop-save').click();
    await until('the sync button to be enabled', async () => page.getByTestId('shop-sync-now').isEnabled());
    await page.getByTestId('shop-sync-now').click();
    await page.getByTestId('shop-last-sync').waitFor();
    await screenshot(page, 'shop-settings-fa');

    const found = await requestJson<{ items: { id: string; displayName: string }[] }>(page, headers, 'get', '/api/customers?q=' + encodeURIComponent('نیلوفر باقری'));
    expect(found.items.map((c) => c.displayName)).toContain('نیلوفر باقری');
    const docs = await requestJson<{ items: { number: string | null; kind: string; status: string }[] }>(page, headers, 'get', `/api/documents?customerId=${found.items[0]!.id}`);
    expect(docs.items).toEqual([expect.objectContaining({ kind: 'invoice', number: expect.stringContaining('WC-') })]);
    // The store was asked with the keys the admin typed, over Basic auth (the fake refuses anything else).
    expect(shop.received.some((r) => r.path.endsWith('/orders'))).toBe(true);
  });

  it('reads in English', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    await page.getByTestId('shop-last-sync').waitFor();
    expect(await page.getByTestId('shop-settings').innerText()).toContain('WooCommerce');
    await screenshot(page, 'shop-settings-en');
  });
});
