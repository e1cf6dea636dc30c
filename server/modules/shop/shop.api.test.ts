/**
 * The WooCommerce connector against a local fake store: a full pull over two pages, an incremental second pull,
 * an order as an invoice with its lines and payment (SKU matching), no doubles on a re-pull, a wrong key and a 500
 * kept as the last result, the signed webhook, and admin-only settings.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeWoo, type FakeWoo } from '../../test/fakes/woocommerce.ts';
import { wooSignature } from '../../drivers/shop/woocommerce/index.ts';
import { withTx } from '../../db/tx.ts';
import { readWooState, writeWooState } from './shop.settings.ts';
import { syncWoo } from './shop.sync.ts';

let env: TestEnv;
let shop: FakeWoo;
let admin: Agent;
const KEY = 'ck_test_1234567890';
const SECRET = 'cs_test_abcdefghij';
const HOOK_SECRET = 'hook-secret-Zq7w';

const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const count = async (table: 'documents' | 'payments' | 'customers' | 'document_lines') =>
  Number((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0].n);

beforeAll(async () => {
  env = await createTestEnv();
  shop = await startFakeWoo({ key: KEY, secret: SECRET, now: '2026-11-01T10:00:00Z' });
  admin = await env.login('admin');
  expect((await admin.post('/api/products', { code: 'TEA-1', nameFa: 'چای', price: '500000' })).statusCode).toBe(201);
  const res = await admin.put('/api/shop/woocommerce/settings', { storeUrl: shop.url + '/', consumerKey: KEY, consumerSecret: SECRET, webhookSecret: HOOK_SECRET, enabled: true });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => { await shop.close(); await env.close(); });

describe('settings', () => {
  it('never shows the secrets, gives a webhook URL, and is for admins only', async () => {
    const view = (await admin.get('/api/shop/woocommerce/settings')).json();
    expect(view).toMatchObject({ storeUrl: shop.url, consumerKey: KEY, consumerSecretSet: true, webhookSecretSet: true, enabled: true, configured: true });
    expect(view.webhookUrl).toMatch(/\/api\/webhooks\/woocommerce\/[A-Za-z0-9_-]{20,}$/);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(view)).not.toContain(HOOK_SECRET);
    const sales = await env.login('sales');
    const denied = await sales.put('/api/shop/woocommerce/settings', { storeUrl: 'https://evil.example', consumerSecret: 'x' });
    expect(denied.statusCode).toBe(403);
    expect((await sales.post('/api/shop/woocommerce/sync')).statusCode).toBe(403);
    expect((await admin.get('/api/shop/woocommerce/settings')).json().storeUrl).toBe(shop.url);
  });
});

describe('pulling', () => {
  it('pulls every order over two pages with the store credentials, and each buyer once', async () => {
    shop.addCustomer({ id: 7, email: 'sara@example.com', first_name: 'Sara', last_name: 'Ahmadi', billing: { phone: '09121234567', city: 'Tehran' } });
    for (let i = 0; i < 101; i++) {
      shop.addOrder({
        status: 'processing', customer_id: i % 2 ? 7 : 0, date_paid_gmt: '2026-11-01T09:00:00',
        billing: i % 2 ? { first_name: 'Sara', last_name: 'Ahmadi', email: 'sara@example.com', phone: '09121234567' } : { first_name: 'Reza', last_name: 'Karimi', email: 'reza@example.com', phone: '09351112233' },
        line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }],
      });
    }
    const res = await admin.post('/api/shop/woocommerce/sync');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, message: null, customers: { created: 1, failed: 0 }, orders: { created: 101, updated: 0, failed: 0 } });
    const orderPages = shop.received.filter((r) => r.path.endsWith('/orders'));
    expect(orderPages.map((r) => r.query.page)).toEqual(['1', '2']);
    expect(orderPages[0].query).toMatchObject({ per_page: '100', orderby: 'modified', order: 'asc', consumer_key: KEY, consumer_secret: SECRET });
    expect(orderPages[0].query.modified_after).toBeUndefined();
    const buyers = await rows<{ display_name: string; external_id: string | null }>(sql`SELECT display_name, external_id FROM customers ORDER BY display_name`);
    expect(buyers).toEqual([{ display_name: 'Reza Karimi', external_id: null }, { display_name: 'Sara Ahmadi', external_id: 'woocommerce:7' }]);
    expect(await count('documents')).toBe(101);
    expect(await count('payments')).toBe(101);
    expect((await admin.get('/api/shop/woocommerce/settings')).json().ordersCursor).toBe('2026-11-01T10:00:00');
  });

  it('asks only for what changed since the last pull the next time', async () => {
    shop.received.length = 0;
    shop.now = '2026-11-02T08:00:00';
    const changed = shop.touchOrder(shop.orders[0].id, { status: 'completed' });
    shop.addOrder({ status: 'on-hold', billing: { first_name: 'Reza', last_name: 'Karimi', email: 'reza@example.com' }, line_items: [{ sku: 'X', name: 'Cup', quantity: 2, price: 1000 }] });
    const res = (await admin.post('/api/shop/woocommerce/sync')).json();
    expect(res).toMatchObject({ ok: true, orders: { created: 1, updated: 1, failed: 0 } });
    const q = shop.received.find((r) => r.path.endsWith('/orders'))!.query;
    // One second before the cursor (WooCommerce's filter is strict and has whole seconds); the 101 orders of that second are skipped.
    expect(q).toMatchObject({ modified_after: '2026-11-01T09:59:59', dates_are_gmt: 'true', page: '1' });
    expect(await count('documents')).toBe(102);
    expect(await count('payments')).toBe(101); // the touched order's payment is not recorded twice; on-hold is unpaid
    const [inv] = await rows<{ status: string }>(sql`SELECT status FROM documents WHERE number = ${'WC-' + changed.id}`);
    expect(inv.status).toBe('paid');
  });

  it('records an order as an invoice: SKU-matched and unknown lines, coupon, shipping, payment', async () => {
    shop.now = '2026-11-03T08:00:00';
    const o = shop.addOrder({
      status: 'completed', date_created_gmt: '2026-11-03T07:00:00', date_paid_gmt: '2026-11-03T07:05:00', payment_method: 'zarinpal',
      shipping_total: '30000.00', billing: { first_name: 'Nima', last_name: 'Rad', email: 'nima@example.com', phone: '+98 912 765 4321', city: 'Shiraz' },
      line_items: [
        { sku: 'tea-1', name: 'Tea (shop name)', quantity: 2, price: 500000, subtotal: '1000000.00', total: '900000.00' },
        { sku: 'NOPE-9', name: 'Mystery box', quantity: 1, price: 250000.5, subtotal: '250000.50', total: '250000.50' },
      ],
      total: '1180000.50',
    });
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, orders: { created: 1 } });
    const [doc] = await rows<{ id: string; status: string; grand_total: string; paid_total: string; subtotal: string; line_discount_total: string; fee_total: string; issue_date: string; customer_id: string }>(
      sql`SELECT id, status, grand_total::text, paid_total::text, subtotal::text, line_discount_total::text, fee_total::text, issue_date::text, customer_id FROM documents WHERE number = ${'WC-' + o.id}`);
    // Lines: 2 × 500,000 − 100,000 coupon = 900,000; 250,000.5 → 250,001 (half up). Fee 30,000. Total 1,180,001.
    expect(doc).toMatchObject({ status: 'paid', subtotal: '1250001', line_discount_total: '100000', fee_total: '30000', grand_total: '1180001', paid_total: '1180001', issue_date: '2026-11-03' });
    const detail = await admin.get(`/api/documents/${doc.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const lines = await rows<{ product_id: string | null; code: string; description: string; quantity: string; unit_price: string; total: string }>(
      sql`SELECT product_id, code, description, quantity::text, unit_price::text, total::text FROM document_lines WHERE document_id = ${doc.id} ORDER BY position`);
    const [tea] = await rows<{ id: string }>(sql`SELECT id FROM products WHERE code = 'TEA-1'`);
    expect(lines).toEqual([
      { product_id: tea.id, code: 'tea-1', description: 'Tea (shop name)', quantity: '2.000', unit_price: '500000', total: '900000' },
      { product_id: null, code: 'NOPE-9', description: 'Mystery box', quantity: '1.000', unit_price: '250001', total: '250001' },
    ]);
    const pays = await rows<{ amount: string; method: string; reference: string; paid_at: Date }>(sql`SELECT amount::text, method, reference, paid_at FROM payments WHERE document_id = ${doc.id}`);
    expect(pays).toHaveLength(1);
    expect(pays[0]).toMatchObject({ amount: '1180001', method: 'online', reference: `woocommerce:${o.id}` });
    expect(new Date(pays[0].paid_at).toISOString()).toBe('2026-11-03T07:05:00.000Z');
    const [buyer] = await rows<{ display_name: string; city: string; phone_keys: string[] }>(sql`SELECT display_name, city, phone_keys FROM customers WHERE id = ${doc.customer_id}`);
    expect(buyer).toEqual({ display_name: 'Nima Rad', city: 'Shiraz', phone_keys: ['+989127654321'] });
  });

  it('adds nothing twice when everything is pulled again from the start', async () => {
    const before = { documents: await count('documents'), payments: await count('payments'), customers: await count('customers'), lines: await count('document_lines') };
    await withTx(env.rt.database, async (tx) => writeWooState(tx, { ...(await readWooState(tx)), ordersCursor: null, customersCursor: null, ordersAtCursor: [], customersAtCursor: [] }));
    const res = (await admin.post('/api/shop/woocommerce/sync')).json();
    expect(res).toMatchObject({ ok: true, orders: { created: 0, updated: 103, failed: 0 }, customers: { created: 0 } });
    expect({ documents: await count('documents'), payments: await count('payments'), customers: await count('customers'), lines: await count('document_lines') }).toEqual(before);
  });

  it('keeps the store’s own error when the key is wrong, and the sync works again with the right one', async () => {
    expect((await admin.put('/api/shop/woocommerce/settings', { consumerKey: 'ck_wrong' })).statusCode).toBe(200);
    const res = (await admin.post('/api/shop/woocommerce/sync')).json();
    expect(res.ok).toBe(false);
    expect(res.message).toBe('Consumer key is invalid. (woocommerce_rest_authentication_error, HTTP 401)');
    expect((await admin.get('/api/shop/woocommerce/settings')).json().lastSync).toMatchObject({ ok: false, message: res.message, trigger: 'manual' });
    expect((await admin.put('/api/shop/woocommerce/settings', { consumerKey: KEY })).statusCode).toBe(200);
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, message: null });
  });

  it('stops on a 500 with the cursor where it was, and goes on next time', async () => {
    const cursor = (await readWooState(env.rt.database.db)).ordersCursor;
    shop.now = '2026-11-04T08:00:00';
    const o = shop.addOrder({ status: 'processing', billing: { first_name: 'Sara', last_name: 'Ahmadi', email: 'sara@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }] });
    shop.failNext(1);
    const res = (await admin.post('/api/shop/woocommerce/sync')).json();
    expect(res).toMatchObject({ ok: false, message: 'The store answered HTTP 500' });
    expect((await readWooState(env.rt.database.db)).ordersCursor).toBe(cursor);
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, orders: { created: 1 } });
    expect(await rows(sql`SELECT 1 FROM documents WHERE number = ${'WC-' + o.id}`)).toHaveLength(1);
  });
});

describe('the cursor’s second', () => {
  it('still gets an order changed in the same second as the last pulled one, and only that one', async () => {
    shop.now = '2026-11-06T08:00:00';
    shop.addOrder({ status: 'processing', billing: { first_name: 'Sara', last_name: 'Ahmadi', email: 'sara@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }] });
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, orders: { created: 1, updated: 0 } });
    const late = shop.addOrder({ status: 'processing', billing: { first_name: 'Sara', last_name: 'Ahmadi', email: 'sara@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 2, price: 500000 }] });
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, orders: { created: 1, updated: 0, failed: 0 } });
    expect(await rows(sql`SELECT 1 FROM documents WHERE number = ${'WC-' + late.id}`)).toHaveLength(1);
    expect((await admin.post('/api/shop/woocommerce/sync')).json()).toMatchObject({ ok: true, orders: { created: 0, updated: 0 } });
  });
});

describe('an erased person', () => {
  it('is not brought back by a shop order: the order is not recorded and the reason is kept', async () => {
    const made = await admin.post('/api/customers', { kind: 'person', firstName: 'Gone', lastName: 'Person', emails: [{ address: 'gone@example.com' }] });
    expect(made.statusCode, made.body).toBe(201);
    expect((await admin.post(`/api/customers/${made.json().id}/erase`, { confirm: 'Gone Person' })).statusCode).toBe(200);
    shop.now = '2026-11-07T08:00:00';
    const o = shop.addOrder({ status: 'processing', billing: { first_name: 'Gone', last_name: 'Person', email: 'gone@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }] });
    const res = (await admin.post('/api/shop/woocommerce/sync')).json();
    expect(res).toMatchObject({ ok: true, orders: { created: 0, failed: 1 } });
    expect(res.message).toContain(`order ${o.id}: This contact belongs to an erased customer`);
    expect(await rows(sql`SELECT 1 FROM customers WHERE 'gone@example.com' = ANY(email_keys)`)).toHaveLength(0);
    expect(await rows(sql`SELECT 1 FROM documents WHERE number = ${'WC-' + o.id}`)).toHaveLength(0);
  });
});

describe('webhook', () => {
  const post = async (token: string, body: string, signature: string | null, topic = 'order.updated') => env.app.inject({
    method: 'POST', url: `/api/webhooks/woocommerce/${token}`, payload: body,
    headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': topic, ...(signature ? { 'x-wc-webhook-signature': signature } : {}) },
  });
  const token = async () => String((await admin.get('/api/shop/woocommerce/settings')).json().webhookUrl).split('/').pop()!;

  it('refuses a wrong or missing signature with 401 and changes nothing', async () => {
    const o = shop.addOrder({ status: 'processing', billing: { first_name: 'Hook', last_name: 'Person', email: 'hook@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 3, price: 500000 }] });
    const body = JSON.stringify(o);
    const before = await count('documents');
    const bad = await post(await token(), body, wooSignature('not-the-secret', body));
    expect(bad.statusCode).toBe(401);
    expect(bad.json().error.code).toBe('UNAUTHENTICATED');
    expect((await post(await token(), body, null)).statusCode).toBe(401);
    // A signature of another body (the amount changed on the way) is refused too.
    const tampered = body.replace('"processing"', '"completed"');
    expect((await post(await token(), tampered, wooSignature(HOOK_SECRET, body))).statusCode).toBe(401);
    expect((await post('wrong-token', body, wooSignature(HOOK_SECRET, body))).statusCode).toBe(404);
    expect(await count('documents')).toBe(before);
    expect(await rows(sql`SELECT 1 FROM customers WHERE 'hook@example.com' = ANY(email_keys)`)).toHaveLength(0);
  });

  it('records a signed order and updates it on the next delivery', async () => {
    const o = shop.orders.find((x) => x.billing.email === 'hook@example.com')!;
    const body = JSON.stringify(o);
    const res = await post(await token(), body, wooSignature(HOOK_SECRET, body), 'order.created');
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().invoiceId as string;
    const [doc] = await rows<{ grand_total: string; status: string }>(sql`SELECT grand_total::text, status FROM documents WHERE id = ${id}`);
    expect(doc).toEqual({ grand_total: '1500000', status: 'issued' });
    const paid = JSON.stringify({ ...o, status: 'completed', date_paid_gmt: '2026-11-05T10:00:00' });
    const again = await post(await token(), paid, wooSignature(HOOK_SECRET, paid));
    expect(again.json()).toEqual({ ok: true, invoiceId: id });
    const [after] = await rows<{ status: string; paid_total: string }>(sql`SELECT status, paid_total::text FROM documents WHERE id = ${id}`);
    expect(after).toEqual({ status: 'paid', paid_total: '1500000' });
    expect(await rows(sql`SELECT 1 FROM documents WHERE number = ${'WC-' + o.id}`)).toHaveLength(1);
  });

  it('a fresh payment is news (invoice.paid webhook event, paid event); an order paid weeks ago only becomes paid', async () => {
    const hook = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/paid', events: ['invoice.paid'] });
    expect(hook.statusCode, hook.body).toBe(201);
    const paidEvents = async (invoiceId: string) => (await rows<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM webhook_events WHERE type = 'invoice.paid' AND payload->>'id' = ${invoiceId}`))[0].n;
    // The harness clock is 2026-11-23T08:00Z: paid yesterday → announced.
    const fresh = shop.addOrder({ status: 'completed', date_paid_gmt: '2026-11-22T09:00:00', billing: { first_name: 'Fresh', last_name: 'Buyer', email: 'fresh@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }] });
    const body = JSON.stringify(fresh);
    const res = await post(await token(), body, wooSignature(HOOK_SECRET, body));
    expect(res.statusCode, res.body).toBe(200);
    const freshId = res.json().invoiceId as string;
    expect(await paidEvents(freshId)).toBe(1);
    // Delivered again: already paid, told once.
    expect((await post(await token(), body, wooSignature(HOOK_SECRET, body))).statusCode).toBe(200);
    expect(await paidEvents(freshId)).toBe(1);
    // Paid on 2026-10-01: history; paid, with its 'paid' event on the timeline, but no webhook.
    const old = shop.addOrder({ status: 'completed', date_paid_gmt: '2026-10-01T09:00:00', billing: { first_name: 'Old', last_name: 'Buyer', email: 'old@example.com' }, line_items: [{ sku: 'TEA-1', name: 'Tea', quantity: 1, price: 500000 }] });
    const oldBody = JSON.stringify(old);
    const oldId = (await post(await token(), oldBody, wooSignature(HOOK_SECRET, oldBody))).json().invoiceId as string;
    expect(await paidEvents(oldId)).toBe(0);
    const ev = await rows<{ id: string; n: number }>(sql`SELECT document_id::text AS id, count(*)::int AS n FROM document_events WHERE type = 'paid' AND document_id IN (${freshId}, ${oldId}) GROUP BY 1`);
    expect(Object.fromEntries(ev.map((e) => [e.id, e.n]))).toEqual({ [freshId]: 1, [oldId]: 1 });
    const [st] = await rows<{ status: string }>(sql`SELECT status FROM documents WHERE id = ${oldId}`);
    expect(st.status).toBe('paid');
    await admin.del(`/api/webhooks/${hook.json().id}`);
  });

  it('answers WooCommerce’s ping when the webhook is saved', async () => {
    const ping = 'webhook_id=12';
    const res = await env.app.inject({ method: 'POST', url: `/api/webhooks/woocommerce/${await token()}`, payload: ping,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-wc-webhook-signature': wooSignature(HOOK_SECRET, ping) } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, invoiceId: null, ignored: 'ping' });
  });
});

describe('a fresh install (nothing allow-listed)', () => {
  it('refuses a private store address', async () => {
    const bare = await createTestEnv({ outboundAllow: '' });
    try {
      const a = await bare.login('admin');
      const requests = shop.received.length;
      const res = await a.put('/api/shop/woocommerce/settings', { storeUrl: shop.url, consumerKey: KEY, consumerSecret: SECRET, enabled: true });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { storeUrl: 'refused: private address' } });
      expect((await a.get('/api/shop/woocommerce/settings')).json()).toMatchObject({ storeUrl: '', configured: false });
      expect((await a.post('/api/shop/woocommerce/sync')).statusCode).toBe(409);
      // The 15-minute job on a store that is not configured: nothing asked, nothing stored.
      expect(await syncWoo({ database: bare.rt.database, clock: bare.clock, guard: bare.rt.outbound }, 'schedule')).toBeNull();
      expect((await readWooState(bare.rt.database.db)).lastSync).toBeNull();
      expect(shop.received.length).toBe(requests);
    } finally { await bare.close(); }
  });
});
