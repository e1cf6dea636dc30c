/**
 * Outbound webhooks end to end: an admin adds an endpoint (secret shown once), a customer created through the API
 * becomes exactly one signed `customer.created` POST to a local receiver, a failing receiver is retried on the
 * documented backoff and every attempt is logged, a rolled-back change leaves no event, "send test" answers with the
 * receiver's status. Jobs are off in the harness: the test runs the delivery handler itself, with the manual clock.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { withTx } from '../../db/tx.ts';
import { deliverWebhookEvent, recordWebhookEvent, webhookEndpoints, webhookEvents, webhookDeliveries, WEBHOOK_DELIVER_JOB, type DeliveryDeps } from './index.ts';
import { startReceiver, signatureHolds, type Receiver } from './receiver.test-helper.ts';

let env: TestEnv;
let rx: Receiver;
let admin: Agent;
let sales: Agent;
let deps: DeliveryDeps;

beforeAll(async () => {
  env = await createTestEnv();
  rx = await startReceiver();
  admin = await env.login('admin');
  sales = await env.login('sales');
  deps = { db: env.rt.database.db, clock: env.clock, guard: env.rt.outbound, queue: () => env.rt.queue };
});
afterAll(async () => { await rx.close(); await env.close(); });
beforeEach(() => { rx.hits.length = 0; rx.respond(() => ({ status: 200, body: 'ok' })); });

const eventRows = (endpointId: string) => env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.endpointId, endpointId)).orderBy(webhookEvents.createdAt);
async function addEndpoint(events: string[], path = '/hook') {
  const res = await admin.post('/api/webhooks', { url: `${rx.url}${path}`, events, description: 'test receiver' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; secretHint: string };
}
async function deliverAll(endpointId: string) {
  for (const r of await eventRows(endpointId)) await deliverWebhookEvent(deps, r.id);
}

describe('endpoints', () => {
  it('shows the secret once, never in lists, and only an admin may change endpoints', async () => {
    const ep = await addEndpoint(['customer.created']);
    expect(ep.secret).toMatch(/^whsec_/);
    expect(ep.secretHint).toBe(ep.secret.slice(-4));
    const list = (await admin.get('/api/webhooks')).json() as { items: Record<string, unknown>[] };
    const item = list.items.find((i) => i.id === ep.id)!;
    expect(item).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(ep.secret);
    expect((await admin.get(`/api/webhooks/${ep.id}`)).json()).not.toHaveProperty('secret');

    const denied = await sales.post('/api/webhooks', { url: `${rx.url}/x`, events: ['deal.won'] });
    expect(denied.statusCode).toBe(403);
    const patchDenied = await sales.patch(`/api/webhooks/${ep.id}`, { active: false });
    expect(patchDenied.statusCode).toBe(403);
    const [row] = await env.rt.database.db.execute(sql`SELECT active, (SELECT count(*)::int FROM webhook_endpoints WHERE url = ${`${rx.url}/x`}) AS n FROM webhook_endpoints WHERE id = ${ep.id}`).then((r) => r.rows as { active: boolean; n: number }[]);
    expect(row).toEqual({ active: true, n: 0 });
    expect((await sales.get(`/api/webhooks/${ep.id}/deliveries`)).statusCode).toBe(403);
    expect((await sales.post(`/api/webhooks/${ep.id}/test`)).statusCode).toBe(403);
    expect(rx.hits).toHaveLength(0);
    await admin.del(`/api/webhooks/${ep.id}`);
  });

  it('refuses a URL that is not http(s) and an unknown event, naming the field', async () => {
    const bad = await admin.post('/api/webhooks', { url: 'ftp://example.com/x', events: ['customer.created'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual({ url: 'must be an http or https address' });
    const notUrl = await admin.post('/api/webhooks', { url: 'not a url', events: ['customer.created'] });
    expect(notUrl.statusCode).toBe(400);
    expect(notUrl.json().error.details).toHaveProperty('url');
    const badEvent = await admin.post('/api/webhooks', { url: `${rx.url}/x`, events: ['customer.exploded'] });
    expect(badEvent.statusCode).toBe(400);
    const noEvents = await admin.post('/api/webhooks', { url: `${rx.url}/x`, events: [] });
    expect(noEvents.statusCode).toBe(400);
  });
});

describe('delivery', () => {
  it('a customer created through the API reaches the receiver once, signed, as the presented record', async () => {
    const ep = await addEndpoint(['customer.created'], '/created');
    const other = await addEndpoint(['deal.won'], '/deals');
    const res = await sales.post('/api/customers', { kind: 'person', firstName: 'نرگس', lastName: 'وبهوکی' });
    expect(res.statusCode, res.body).toBe(201);
    const customer = res.json() as { id: string };
    const rows = await eventRows(ep.id);
    expect(rows).toHaveLength(1);
    expect(await eventRows(other.id)).toHaveLength(0);
    // Queued after the commit, once.
    const sent = (env.rt.queue as NullQueue).sent.filter((s) => s.name === WEBHOOK_DELIVER_JOB && (s.data as { id: string }).id === rows[0].id);
    expect(sent).toHaveLength(1);

    expect(await deliverWebhookEvent(deps, rows[0].id)).toBe('delivered');
    expect(await deliverWebhookEvent(deps, rows[0].id)).toBe('skipped'); // a job run twice sends once
    expect(rx.hits).toHaveLength(1);
    const hit = rx.hits[0];
    expect(hit.method).toBe('POST');
    expect(hit.path).toBe('/created');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(signatureHolds(ep.secret, hit)).toBe(true);
    expect(signatureHolds(other.secret, hit)).toBe(false);
    expect(hit.headers['x-mehvar-timestamp']).toBe(String(Math.floor(env.clock.now().getTime() / 1000)));
    const body = JSON.parse(hit.body) as { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
    expect(body.type).toBe('customer.created');
    expect(hit.headers['x-mehvar-event-id']).toBe(body.id);
    expect(body.occurredAt).toBe(env.clock.now().toISOString());
    expect(body.data.id).toBe(customer.id);
    expect(body.data.lastName).toBe('وبهوکی');
    // The API's view: none of the internal columns.
    for (const k of ['searchDoc', 'phoneKeys', 'emailKeys', 'deletedAt', 'createdBy']) expect(body.data).not.toHaveProperty(k);

    const log = (await admin.get(`/api/webhooks/${ep.id}/deliveries`)).json() as { items: { statusCode: number; ok: boolean; eventStatus: string; attempt: number; responseExcerpt: string }[] };
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ statusCode: 200, ok: true, eventStatus: 'delivered', attempt: 1, responseExcerpt: 'ok' });
    await admin.del(`/api/webhooks/${ep.id}`);
    await admin.del(`/api/webhooks/${other.id}`);
  });

  it('an update is customer.updated; a turned-off endpoint gets nothing', async () => {
    const ep = await addEndpoint(['customer.updated'], '/updated');
    const off = await addEndpoint(['customer.updated'], '/off');
    expect((await admin.patch(`/api/webhooks/${off.id}`, { active: false })).json().active).toBe(false);
    const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'آرش', lastName: 'بروزرسان' })).json() as { id: string };
    expect(await eventRows(ep.id)).toHaveLength(0);
    const upd = await sales.patch(`/api/customers/${c.id}`, { city: 'شیراز' });
    expect(upd.statusCode, upd.body).toBe(200);
    await deliverAll(ep.id);
    expect(await eventRows(off.id)).toHaveLength(0);
    expect(rx.hits).toHaveLength(1);
    const body = JSON.parse(rx.hits[0].body);
    expect(body).toMatchObject({ type: 'customer.updated', data: { id: c.id, city: 'شیراز' } });
    await admin.del(`/api/webhooks/${ep.id}`);
    await admin.del(`/api/webhooks/${off.id}`);
  });

  it('a failing receiver is retried after 1 m, 5 m, 30 m, 2 h and 12 h, each attempt logged, then failed', async () => {
    const ep = await addEndpoint(['customer.created'], '/fails');
    rx.respond(() => ({ status: 500, body: 'x'.repeat(5000) }));
    await sales.post('/api/customers', { kind: 'person', firstName: 'پویا', lastName: 'تلاش‌مجدد' });
    const [row] = await eventRows(ep.id);
    const waits = [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000];
    expect(await deliverWebhookEvent(deps, row.id)).toBe('retrying');
    for (const wait of waits) {
      const [cur] = await env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.id, row.id));
      expect(cur.status).toBe('pending');
      expect(cur.nextAttemptAt!.getTime() - env.clock.now().getTime()).toBe(wait);
      expect(await deliverWebhookEvent(deps, row.id)).toBe('skipped'); // not due yet
      env.clock.advance(wait);
    expect(await deliverWebhookEvent(deps, row.id)).toBe(wait === waits[waits.length - 1] ? 'failed' : 'retrying');
    }
    expect(rx.hits).toHaveLength(6);
    // The retry of each attempt was queued for its time.
    const retries = (env.rt.queue as NullQueue).sent.filter((s) => s.name === WEBHOOK_DELIVER_JOB && (s.data as { id: string }).id === row.id && (s.opts as { startAfter?: Date })?.startAfter);
    expect(retries).toHaveLength(5);
    const [final] = await env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.id, row.id));
    expect(final).toMatchObject({ status: 'failed', attempts: 6, lastError: 'HTTP 500', nextAttemptAt: null });
    env.clock.advance(86_400_000);
    expect(await deliverWebhookEvent(deps, row.id)).toBe('skipped');
    expect(rx.hits).toHaveLength(6);
    // Every hit carried the same event id (receivers de-duplicate on it).
    expect(new Set(rx.hits.map((h) => h.headers['x-mehvar-event-id'])).size).toBe(1);

    const page1 = (await admin.get(`/api/webhooks/${ep.id}/deliveries?limit=4`)).json() as { items: { attempt: number; statusCode: number; responseExcerpt: string; ok: boolean }[]; nextCursor: string };
    expect(page1.items.map((d) => d.attempt)).toEqual([6, 5, 4, 3]);
    expect(page1.items.every((d) => d.statusCode === 500 && !d.ok && Buffer.byteLength(d.responseExcerpt) === 2048)).toBe(true);
    const page2 = (await admin.get(`/api/webhooks/${ep.id}/deliveries?limit=4&cursor=${page1.nextCursor}`)).json() as { items: { attempt: number }[]; nextCursor: string | null };
    expect(page2.items.map((d) => d.attempt)).toEqual([2, 1]);
    expect(page2.nextCursor).toBeNull();
    expect((await admin.get(`/api/webhooks/${ep.id}/deliveries?cursor=nonsense`)).statusCode).toBe(400);

    // Redeliver once the receiver is fixed: same event id, now delivered.
    rx.respond(() => ({ status: 204 }));
    const deliveryId = (await admin.get(`/api/webhooks/${ep.id}/deliveries?limit=1`)).json().items[0].id as string;
    const again = await admin.post(`/api/webhooks/${ep.id}/deliveries/${deliveryId}/redeliver`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ ok: true, statusCode: 204, error: null, delivery: { attempt: 7, eventStatus: 'delivered' } });
    expect(rx.hits).toHaveLength(7);
    expect(rx.hits[6].headers['x-mehvar-event-id']).toBe(rx.hits[0].headers['x-mehvar-event-id']);
    await admin.del(`/api/webhooks/${ep.id}`);
  });

  it('a rolled-back transaction leaves no event and queues nothing', async () => {
    const ep = await addEndpoint(['deal.won'], '/rollback');
    const queued = (env.rt.queue as NullQueue).sent.length;
    await expect(withTx(env.rt.database, async (tx) => {
      await recordWebhookEvent(tx, 'deal.won', { id: 'x' });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    expect(await eventRows(ep.id)).toHaveLength(0);
    expect((env.rt.queue as NullQueue).sent.length).toBe(queued);
    // A refused API write (duplicate customer) makes no event either.
    const created = await addEndpoint(['customer.created'], '/dup');
    await sales.post('/api/customers', { kind: 'person', firstName: 'یکتا', lastName: 'تکراری', phones: [{ number: '09121112233' }] });
    const dup = await sales.post('/api/customers', { kind: 'person', firstName: 'یکتا', lastName: 'تکراری', phones: [{ number: '09121112233' }] });
    expect(dup.statusCode).toBe(409);
    expect(await eventRows(created.id)).toHaveLength(1);
    await admin.del(`/api/webhooks/${ep.id}`);
    await admin.del(`/api/webhooks/${created.id}`);
  });

  it('"send test" posts a signed ping and answers with the status; a deleted endpoint gets nothing more', async () => {
    const ep = await addEndpoint(['ticket.created'], '/ping');
    rx.respond(() => ({ status: 202, body: 'pong' }));
    const res = await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, statusCode: 202, error: null, delivery: { eventType: 'ping', responseExcerpt: 'pong', eventStatus: 'delivered' } });
    expect(rx.hits).toHaveLength(1);
    expect(JSON.parse(rx.hits[0].body).type).toBe('ping');
    expect(signatureHolds(ep.secret, rx.hits[0])).toBe(true);
    const list = (await admin.get('/api/webhooks')).json() as { items: { id: string; lastDelivery: unknown }[] };
    expect(list.items.find((i) => i.id === ep.id)!.lastDelivery).toMatchObject({ statusCode: 202, ok: true });

    await withTx(env.rt.database, (tx) => recordWebhookEvent(tx, 'ticket.created', { id: 't1' }));
    const pending = (await eventRows(ep.id)).filter((r) => r.type === 'ticket.created');
    expect(pending).toHaveLength(1);
    expect((await admin.del(`/api/webhooks/${ep.id}`)).statusCode).toBe(204);
    expect(await deliverWebhookEvent(deps, pending[0].id)).toBe('failed');
    expect(rx.hits).toHaveLength(1);
    expect((await admin.get(`/api/webhooks/${ep.id}`)).statusCode).toBe(404);
    const [d] = await env.rt.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookEventId, pending[0].id));
    expect(d.error).toBe('the endpoint was deleted');
  });
});

describe('secret rotation', () => {
  const signatures = (h: { headers: Record<string, unknown> }) => String(h.headers['x-mehvar-signature']).split(',').map((x) => x.trim());

  it('a new secret is shown once; deliveries carry both signatures for the grace period, then only the new one', async () => {
    const ep = await addEndpoint(['customer.created'], '/rotate');
    const res = await admin.post(`/api/webhooks/${ep.id}/rotate-secret`, { keepPreviousHours: 2 });
    expect(res.statusCode, res.body).toBe(200);
    const rotated = res.json() as { secret: string; secretHint: string; secretRotatedAt: string; previousSecretUntil: string };
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(ep.secret);
    expect(rotated.secretHint).toBe(rotated.secret.slice(-4));
    expect(new Date(rotated.previousSecretUntil).getTime() - new Date(rotated.secretRotatedAt).getTime()).toBe(2 * 3600_000);
    expect((await admin.get(`/api/webhooks/${ep.id}`)).json()).not.toHaveProperty('secret');

    await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(rx.hits).toHaveLength(1);
    expect(signatures(rx.hits[0])).toHaveLength(2);
    expect(signatureHolds(rotated.secret, rx.hits[0])).toBe(true);
    expect(signatureHolds(ep.secret, rx.hits[0])).toBe(true);

    env.clock.advance(2 * 3600_000 + 1000);
    await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(rx.hits).toHaveLength(2);
    expect(signatures(rx.hits[1])).toHaveLength(1);
    expect(signatureHolds(rotated.secret, rx.hits[1])).toBe(true);
    expect(signatureHolds(ep.secret, rx.hits[1])).toBe(false);
    await admin.del(`/api/webhooks/${ep.id}`);
  });

  it('keepPreviousHours 0 drops the old secret at once; the default keeps it 24 h; a seller may not rotate', async () => {
    const ep = await addEndpoint(['customer.created'], '/rotate0');
    const now = await admin.post(`/api/webhooks/${ep.id}/rotate-secret`, { keepPreviousHours: 0 });
    expect(now.statusCode, now.body).toBe(200);
    expect(now.json().previousSecretUntil).toBeNull();
    await admin.post(`/api/webhooks/${ep.id}/test`);
    expect(signatures(rx.hits[0])).toHaveLength(1);
    expect(signatureHolds(ep.secret, rx.hits[0])).toBe(false);
    expect(signatureHolds(now.json().secret, rx.hits[0])).toBe(true);

    const dflt = await admin.post(`/api/webhooks/${ep.id}/rotate-secret`);
    expect(dflt.statusCode, dflt.body).toBe(200);
    expect(new Date(dflt.json().previousSecretUntil).getTime() - new Date(dflt.json().secretRotatedAt).getTime()).toBe(24 * 3600_000);

    const tooLong = await admin.post(`/api/webhooks/${ep.id}/rotate-secret`, { keepPreviousHours: 500 });
    expect(tooLong.statusCode).toBe(400);
    const denied = await sales.post(`/api/webhooks/${ep.id}/rotate-secret`, {});
    expect(denied.statusCode).toBe(403);
    const [row] = await env.rt.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, ep.id));
    expect(row.secret).toBe(dflt.json().secret);
    await admin.del(`/api/webhooks/${ep.id}`);
  });
});
