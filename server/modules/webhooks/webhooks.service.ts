/** Webhook endpoints (admin): create with a secret shown once, change, turn off, delete; the delivery log. */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import type { OutboundGuard } from '../../net/outbound-guard.ts';
import type { WebhookCreate, WebhookUpdate } from '../../../common/webhooks.schemas.ts';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './webhooks.tables.ts';

type EndpointRow = typeof webhookEndpoints.$inferSelect;
type LastDelivery = { at: Date; statusCode: number | null; ok: boolean } | null;

export function presentEndpoint(e: EndpointRow, last: LastDelivery = null) {
  return {
    id: e.id, url: e.url, events: e.events, description: e.description, active: e.active,
    secretHint: e.secret.slice(-4), secretRotatedAt: e.secretRotatedAt,
    previousSecretUntil: e.previousSecret ? e.previousSecretUntil : null,
    createdAt: e.createdAt, updatedAt: e.updatedAt, lastDelivery: last,
  };
}

const newSecret = () => 'whsec_' + randomBytes(24).toString('base64url');

/**
 * A target must be http(s), and a host that is a private, loopback or link-local address (in any spelling the URL
 * parser accepts: 0177.0.0.1, 2130706433, [::ffff:127.0.0.1]) is refused unless allow-listed. A name is looked up
 * now too, but only the delivery's own check counts (the name may change: DNS rebinding).
 */
export async function checkWebhookUrl(guard: OutboundGuard, raw: string): Promise<string> {
  let u: URL;
  try { u = new URL(raw); } catch { throw new AppError('VALIDATION_FAILED', 'The URL is not valid', { url: 'not a valid URL' }); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('VALIDATION_FAILED', 'The URL must be http or https', { url: 'must be an http or https address' });
  if (u.username || u.password) throw new AppError('VALIDATION_FAILED', 'The URL may not carry a user name or password', { url: 'no credentials in the address' });
  const check = await guard.check(u.hostname);
  if (!check.ok) throw new AppError('VALIDATION_FAILED', `The URL's host is ${check.message}`, { url: check.message });
  u.hash = '';
  return u.toString();
}

/**
 * Checks a URL for a create or change, before the write's transaction opens: the guard reads the allow-list from
 * the database, which on PGlite would wait for the open transaction forever.
 */
export async function vetEndpointUrl(actor: Actor, guard: OutboundGuard, url: string): Promise<string> {
  assertCan(actor, 'settings', 'update');
  return checkWebhookUrl(guard, url);
}

async function loadEndpoint(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<EndpointRow> {
  const q = db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Webhook');
  return row;
}

export async function getEndpointRow(db: Db, actor: Actor, id: string, op: 'read' | 'update' = 'read'): Promise<EndpointRow> {
  assertCan(actor, 'settings', op);
  return loadEndpoint(db, id);
}

export async function listEndpoints(db: Db, actor: Actor) {
  assertCan(actor, 'settings', 'read');
  const rows = await db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.deletedAt)).orderBy(webhookEndpoints.createdAt);
  if (!rows.length) return [];
  const last = await db.execute(sql`
    SELECT DISTINCT ON (endpoint_id) endpoint_id, at, status_code FROM webhook_deliveries
    WHERE endpoint_id IN (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})
    ORDER BY endpoint_id, at DESC, id DESC`);
  const byId = new Map((last.rows as { endpoint_id: string; at: string | Date; status_code: number | null }[]).map((r) => [r.endpoint_id, r]));
  return rows.map((e) => {
    const l = byId.get(e.id);
    return presentEndpoint(e, l ? { at: new Date(l.at), statusCode: l.status_code, ok: l.status_code !== null && l.status_code >= 200 && l.status_code < 300 } : null);
  });
}

export async function getEndpoint(db: Db, actor: Actor, id: string) {
  const row = await getEndpointRow(db, actor, id);
  return presentEndpoint(row);
}

/** `input.url` has passed vetEndpointUrl. */
export async function createEndpoint(tx: Db, actor: Actor, input: WebhookCreate, now: Date) {
  assertCan(actor, 'settings', 'update');
  const url = input.url;
  const secret = newSecret();
  const [row] = await tx.insert(webhookEndpoints).values({
    url, events: input.events, secret, active: input.active, description: input.description, createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  return { ...presentEndpoint(row), secret };
}

/** `input.url`, when given, has passed vetEndpointUrl. */
export async function updateEndpoint(tx: Db, actor: Actor, id: string, input: WebhookUpdate, now: Date) {
  assertCan(actor, 'settings', 'update');
  await loadEndpoint(tx, id);
  const url = input.url;
  const [row] = await tx.update(webhookEndpoints).set({
    ...(url !== undefined ? { url } : {}), ...(input.events ? { events: input.events } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}), ...(input.active !== undefined ? { active: input.active } : {}),
    updatedAt: now,
  }).where(eq(webhookEndpoints.id, id)).returning();
  return presentEndpoint(row);
}

/**
 * A new signing secret, shown once. Deliveries are signed with the new and the previous secret for `keepPreviousHours`
 * (both signatures in X-Mehvar-Signature), so a receiver can switch without refusing a delivery; 0 drops the old at once.
 */
export async function rotateEndpointSecret(tx: Db, actor: Actor, id: string, keepPreviousHours: number, now: Date) {
  assertCan(actor, 'settings', 'update');
  const old = await loadEndpoint(tx, id, { forUpdate: true });
  const secret = newSecret();
  const keep = keepPreviousHours > 0;
  const [row] = await tx.update(webhookEndpoints).set({
    secret, previousSecret: keep ? old.secret : null, previousSecretUntil: keep ? new Date(now.getTime() + keepPreviousHours * 3600_000) : null,
    secretRotatedAt: now, updatedAt: now,
  }).where(eq(webhookEndpoints.id, id)).returning();
  return { ...presentEndpoint(row), secret };
}

/** Deleted endpoints stay as rows (their delivery log refers to them); events still waiting fail at delivery. */
export async function deleteEndpoint(tx: Db, actor: Actor, id: string, now: Date): Promise<void> {
  assertCan(actor, 'settings', 'update');
  await loadEndpoint(tx, id);
  await tx.update(webhookEndpoints).set({ deletedAt: now, active: false, updatedAt: now }).where(eq(webhookEndpoints.id, id));
}

export function presentDelivery(d: typeof webhookDeliveries.$inferSelect, ev: { eventId: string; type: string; status: string }) {
  return {
    id: d.id, eventId: ev.eventId, eventType: ev.type, eventStatus: ev.status, attempt: d.attempt, statusCode: d.statusCode,
    ok: d.statusCode !== null && d.statusCode >= 200 && d.statusCode < 300, responseExcerpt: d.responseExcerpt, error: d.error,
    durationMs: d.durationMs, at: d.at,
  };
}

/**
 * The delivery log of an endpoint, newest first. Admin only (settings:update): it holds what receivers answered.
 * The cursor is the last item's (at, id).
 */
export async function listDeliveries(db: Db, actor: Actor, endpointId: string, q: { limit: number; cursor?: string }) {
  assertCan(actor, 'settings', 'update');
  await loadEndpoint(db, endpointId);
  let after = sql`TRUE`;
  if (q.cursor) {
    const [t, id] = Buffer.from(q.cursor, 'base64url').toString().split('|');
    const at = new Date(t ?? '');
    if (!id || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('VALIDATION_FAILED', 'Bad cursor', { cursor: 'not a cursor from this list' });
    after = sql`(${webhookDeliveries.at}, ${webhookDeliveries.id}) < (${at}, ${id}::uuid)`;
  }
  const rows = await db.select({ d: webhookDeliveries, eventId: webhookEvents.eventId, type: webhookEvents.type, status: webhookEvents.status })
    .from(webhookDeliveries).innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.webhookEventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), after))
    .orderBy(desc(webhookDeliveries.at), desc(webhookDeliveries.id)).limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const lastRow = page[page.length - 1];
  return {
    items: page.map((r) => presentDelivery(r.d, { eventId: r.eventId, type: r.type, status: r.status })),
    nextCursor: rows.length > q.limit && lastRow ? Buffer.from(`${lastRow.d.at.toISOString()}|${lastRow.d.id}`).toString('base64url') : null,
  };
}

/** The event a delivery belongs to, for a redelivery (admin). */
export async function eventOfDelivery(db: Db, actor: Actor, endpointId: string, deliveryId: string) {
  assertCan(actor, 'settings', 'update');
  const endpoint = await loadEndpoint(db, endpointId);
  const [r] = await db.select({ ev: webhookEvents }).from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.webhookEventId))
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.endpointId, endpointId)));
  if (!r) throw notFound('Delivery');
  return { endpoint, event: r.ev };
}
