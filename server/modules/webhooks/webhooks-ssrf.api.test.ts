/**
 * Webhook targets and SSRF on a fresh install (nothing allow-listed): private, loopback and link-local targets are
 * refused when saved, however they are spelled; a name that turns private after it was saved (DNS rebinding) and a
 * redirect to a private address are refused at delivery, with nothing sent there; what an admin allow-lists is reached.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { deliverWebhookEvent, recordWebhookEvent, webhookEvents, type DeliveryDeps } from './index.ts';
import { startReceiver, type Receiver } from './receiver.test-helper.ts';

const REFUSED = 'refused: private address';
let env: TestEnv;
let rx: Receiver;
let admin: Agent;
let deps: DeliveryDeps;

beforeAll(async () => {
  // Only the name hooks.allowed.test is allow-listed by the operator; no address is.
  env = await createTestEnv({ outboundAllow: 'hooks.allowed.test' });
  rx = await startReceiver();
  admin = await env.login('admin');
  deps = { db: env.rt.database.db, clock: env.clock, guard: env.rt.outbound, queue: () => env.rt.queue };
});
afterAll(async () => { await rx.close(); await env.close(); });
beforeEach(() => { rx.hits.length = 0; rx.respond(() => ({ status: 200, body: 'ok' })); });

const endpointCount = async () => Number(((await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM webhook_endpoints`)).rows[0] as { n: number }).n);

describe('saving a target', () => {
  it.each(['127.0.0.1', '0177.0.0.1', '2130706433', '0x7f.1', '[::1]', '[::ffff:127.0.0.1]', 'localhost', '169.254.169.254', '10.0.0.5', '192.168.1.10', '[fe80::1]', '0.0.0.0'])(
    'refuses http://%s/ with a 400 naming the url field', async (host) => {
      const before = await endpointCount();
      const res = await admin.post('/api/webhooks', { url: `http://${host}:${rx.port}/hook`, events: ['customer.created'] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { url: REFUSED } });
      expect(await endpointCount()).toBe(before);
    });

  it('refuses a change of URL to a private address and keeps the old one', async () => {
    env.dns.set('public.example', ['93.184.215.14']);
    const ep = (await admin.post('/api/webhooks', { url: 'https://public.example/hook', events: ['deal.won'] })).json() as { id: string };
    const res = await admin.patch(`/api/webhooks/${ep.id}`, { url: 'http://[::ffff:127.0.0.1]/x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual({ url: REFUSED });
    expect((await admin.get(`/api/webhooks/${ep.id}`)).json().url).toBe('https://public.example/hook');
    await admin.del(`/api/webhooks/${ep.id}`);
  });

  it('accepts a private host once an admin allow-lists it, and refuses it again when removed', async () => {
    expect((await admin.put('/api/settings/outbound-allow', { entries: ['127.0.0.1'] })).statusCode).toBe(200);
    const ok = await admin.post('/api/webhooks', { url: `http://0177.0.0.1:${rx.port}/allowed`, events: ['customer.created'] });
    expect(ok.statusCode, ok.body).toBe(201);
    const ep = ok.json() as { id: string; url: string };
    expect(ep.url).toBe(`http://127.0.0.1:${rx.port}/allowed`);
    const sent = await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(sent.json()).toMatchObject({ ok: true, statusCode: 200 });
    expect(rx.hits).toHaveLength(1);

    expect((await admin.put('/api/settings/outbound-allow', { entries: [] })).statusCode).toBe(200);
    const refused = await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, statusCode: null, error: REFUSED, delivery: { error: REFUSED, eventStatus: 'failed' } });
    expect(rx.hits).toHaveLength(1);
    await admin.del(`/api/webhooks/${ep.id}`);
  });
});

describe('at delivery', () => {
  it('refuses a name that resolved to a public address when saved and to loopback when delivering (DNS rebinding)', async () => {
    env.dns.set('rebind.example', ['93.184.215.14'], ['127.0.0.1']);
    const res = await admin.post('/api/webhooks', { url: `http://rebind.example:${rx.port}/hook`, events: ['invoice.paid'] });
    expect(res.statusCode, res.body).toBe(201);
    const ep = res.json() as { id: string };
    await withTx(env.rt.database, (tx) => recordWebhookEvent(tx, 'invoice.paid', { id: 'inv-1' }));
    const [row] = await env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.endpointId, ep.id));
    expect(await deliverWebhookEvent(deps, row.id)).toBe('retrying');
    expect(rx.hits).toHaveLength(0);
    const log = (await admin.get(`/api/webhooks/${ep.id}/deliveries`)).json() as { items: { error: string; statusCode: number | null }[] };
    expect(log.items[0]).toMatchObject({ error: REFUSED, statusCode: null });
    await admin.del(`/api/webhooks/${ep.id}`);
  });

  it.each([
    ['loopback', (port: number) => `http://127.0.0.1:${port}/inner`],
    ['loopback in octal', (port: number) => `http://0177.0.0.1:${port}/inner`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses a redirect to %s and sends nothing there', async (_what, target) => {
    // The allow-listed name reaches the receiver; its redirect to an address that is not allow-listed is refused.
    env.dns.set('hooks.allowed.test', ['127.0.0.1']);
    rx.respond((r) => (r.path === '/outer' ? { status: 307, headers: { location: target(rx.port) } } : { status: 200, body: 'inner reached' }));
    const ep = (await admin.post('/api/webhooks', { url: `http://hooks.allowed.test:${rx.port}/outer`, events: ['call.missed'] })).json() as { id: string };
    const res = await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(res.json()).toMatchObject({ ok: false, statusCode: null, error: REFUSED });
    expect(rx.hits.map((h) => h.path)).toEqual(['/outer']);
    await admin.del(`/api/webhooks/${ep.id}`);
  });
});
