/**
 * Delivering webhook events. A row is claimed by one worker with one UPDATE (pending → delivering), POSTed through the
 * outbound guard (every redirect hop and the connect itself are checked, so a name that turns private at delivery
 * time is refused), and settled with its delivery log row in one transaction: 2xx → delivered; anything else → pending
 * again after the next backoff step (1 m, 5 m, 30 m, 2 h, 12 h), then failed. Handlers are idempotent: a second run
 * for the same row finds it claimed or settled and does nothing.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { JobDef, JobQueue } from '../../jobs/queue.ts';
import { InvalidHost, isRefused, REFUSED_MESSAGE, type OutboundGuard } from '../../net/outbound-guard.ts';
import { outboundRequest, OutboundHttpError } from '../../net/outbound-http.ts';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from './webhooks.tables.ts';

export const WEBHOOK_DELIVER_JOB = 'webhooks.deliver';
export const WEBHOOK_SWEEP_JOB = 'webhooks.sweep';
/** Waits before the 2nd … 6th attempt; after the 6th the event is failed. */
export const WEBHOOK_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 12 * 3600_000];
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_BACKOFF_MS.length + 1;
export const WEBHOOK_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 2048;

export type DeliveryDeps = { db: Db; clock: Clock; guard: OutboundGuard; queue: () => JobQueue };
type EventRow = typeof webhookEvents.$inferSelect;
type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type SendOutcome = { ok: boolean; statusCode: number | null; responseExcerpt: string | null; error: string | null; durationMs: number };

/** The scheme of the inbound telephony webhook (docs/api.md): sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>. */
export const signWebhookBody = (secret: string, timestamp: string, body: string) =>
  'sha256=' + createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

/** The first `max` bytes of a text, cut on a character boundary. */
export function excerpt(text: string, max = RESPONSE_EXCERPT_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

function describeError(e: unknown): string {
  if (isRefused(e)) return REFUSED_MESSAGE;
  if (e instanceof OutboundHttpError) return e.code === 'timeout' ? `timeout: ${e.message}` : e.message;
  if (e instanceof InvalidHost) return e.message;
  const err = e as { code?: string; message?: string };
  const msg = err?.message ?? String(e);
  return (err?.code && !msg.includes(err.code) ? `${err.code}: ${msg}` : msg).slice(0, 500);
}

/**
 * The X-Mehvar-Signature value: the current secret's signature, and after a rotation, until the previous secret
 * expires, the previous one's too ("sha256=<new>, sha256=<old>"): a receiver accepts the delivery if any one holds.
 */
export function signatureHeader(endpoint: Pick<EndpointRow, 'secret' | 'previousSecret' | 'previousSecretUntil'>, timestamp: string, body: string, now: Date): string {
  const sigs = [signWebhookBody(endpoint.secret, timestamp, body)];
  if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil.getTime() > now.getTime()) {
    sigs.push(signWebhookBody(endpoint.previousSecret, timestamp, body));
  }
  return sigs.join(', ');
}

/** One POST of an event to its endpoint: {id, type, occurredAt, data}, signed; never throws. */
export async function sendEvent(guard: OutboundGuard, clock: Clock, endpoint: EndpointRow, row: EventRow): Promise<SendOutcome> {
  const body = JSON.stringify({ id: row.eventId, type: row.type, occurredAt: row.occurredAt.toISOString(), data: row.payload });
  const now = clock.now();
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const started = performance.now();
  try {
    const res = await outboundRequest(guard, endpoint.url, {
      method: 'POST', body, timeoutMs: WEBHOOK_TIMEOUT_MS, maxRedirects: 3,
      headers: {
        'content-type': 'application/json', 'user-agent': 'Mehvar-Webhooks/1',
        'x-mehvar-timestamp': timestamp, 'x-mehvar-signature': signatureHeader(endpoint, timestamp, body, now),
        'x-mehvar-event-id': row.eventId, 'x-mehvar-event': row.type,
      },
    });
    const ok = res.status >= 200 && res.status < 300;
    return { ok, statusCode: res.status, responseExcerpt: excerpt(res.text), error: ok ? null : `HTTP ${res.status}`, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, statusCode: null, responseExcerpt: null, error: describeError(e), durationMs: Math.round(performance.now() - started) };
  }
}

async function logDelivery(tx: Db, row: EventRow, attempt: number, o: SendOutcome, at: Date): Promise<DeliveryRow> {
  const [d] = await tx.insert(webhookDeliveries).values({
    webhookEventId: row.id, endpointId: row.endpointId, attempt, statusCode: o.statusCode, responseExcerpt: o.responseExcerpt,
    error: o.error, durationMs: o.durationMs, at,
  }).returning();
  return d;
}

/**
 * The job's work for one outbox row: claim, send, settle, and queue the retry. Returns what happened
 * ('skipped' when the row is not pending or its retry is not yet due).
 */
export async function deliverWebhookEvent(deps: DeliveryDeps, id: string): Promise<'delivered' | 'retrying' | 'failed' | 'skipped'> {
  const now = deps.clock.now();
  const claimed = await deps.db.update(webhookEvents)
    .set({ status: 'delivering', claimedAt: now, attempts: sql`${webhookEvents.attempts} + 1` })
    .where(sql`${webhookEvents.id} = ${id} AND ${webhookEvents.status} = 'pending' AND (${webhookEvents.nextAttemptAt} IS NULL OR ${webhookEvents.nextAttemptAt} <= ${now})`)
    .returning();
  const row = claimed[0];
  if (!row) return 'skipped';
  const [endpoint] = await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId));
  const outcome: SendOutcome = !endpoint || endpoint.deletedAt || !endpoint.active
    ? { ok: false, statusCode: null, responseExcerpt: null, error: endpoint?.deletedAt || !endpoint ? 'the endpoint was deleted' : 'the endpoint is turned off', durationMs: 0 }
    : await sendEvent(deps.guard, deps.clock, endpoint, row);
  const final = outcome.ok || !endpoint || Boolean(endpoint.deletedAt) || !endpoint.active || row.attempts >= WEBHOOK_MAX_ATTEMPTS || row.type === 'ping';
  const at = deps.clock.now();
  const next = final ? null : new Date(at.getTime() + WEBHOOK_BACKOFF_MS[row.attempts - 1]);
  await deps.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await logDelivery(tx, row, row.attempts, outcome, at);
    await tx.update(webhookEvents).set(outcome.ok
      ? { status: 'delivered', deliveredAt: at, lastError: null, nextAttemptAt: null }
      : { status: final ? 'failed' : 'pending', lastError: outcome.error, nextAttemptAt: next })
      .where(eq(webhookEvents.id, row.id));
  });
  if (outcome.ok) return 'delivered';
  if (!next) return 'failed';
  await deps.queue().send(WEBHOOK_DELIVER_JOB, { id: row.id }, { startAfter: next, singletonKey: `${row.id}:${row.attempts}` });
  return 'retrying';
}

/** Sends a `ping` to one endpoint now (the "send test" button) and logs it like any delivery. */
export async function sendPing(deps: Omit<DeliveryDeps, 'queue'>, endpoint: EndpointRow): Promise<{ outcome: SendOutcome; delivery: DeliveryRow; row: EventRow }> {
  const now = deps.clock.now();
  const [row] = await deps.db.insert(webhookEvents).values({
    eventId: randomUUID(), endpointId: endpoint.id, type: 'ping', occurredAt: now, status: 'delivering', attempts: 1, claimedAt: now,
    payload: { message: 'A test event from Mehvar', endpointId: endpoint.id },
  }).returning();
  const outcome = await sendEvent(deps.guard, deps.clock, endpoint, row);
  const settled = await settleManual(deps, row, 1, outcome);
  return { outcome, ...settled };
}

/** Sends an event again now (an admin's "redeliver"), whatever its state; a success marks it delivered. */
export async function redeliver(deps: Omit<DeliveryDeps, 'queue'>, endpoint: EndpointRow, row: EventRow): Promise<{ outcome: SendOutcome; delivery: DeliveryRow; row: EventRow }> {
  const bumped = await deps.db.update(webhookEvents).set({ attempts: sql`${webhookEvents.attempts} + 1` }).where(eq(webhookEvents.id, row.id)).returning();
  const current = bumped[0] ?? row;
  const outcome = await sendEvent(deps.guard, deps.clock, endpoint, current);
  return { outcome, ...await settleManual(deps, current, current.attempts, outcome) };
}

async function settleManual(deps: Omit<DeliveryDeps, 'queue'>, row: EventRow, attempt: number, outcome: SendOutcome) {
  const at = deps.clock.now();
  return deps.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const delivery = await logDelivery(tx, row, attempt, outcome, at);
    const patch = outcome.ok
      ? { status: 'delivered' as const, deliveredAt: at, lastError: null, nextAttemptAt: null }
      : row.type === 'ping' ? { status: 'failed' as const, lastError: outcome.error } : { lastError: outcome.error };
    const [updated] = await tx.update(webhookEvents).set(patch).where(eq(webhookEvents.id, row.id)).returning();
    return { delivery, row: updated };
  });
}

/**
 * Rows whose job may have been lost: never tried and older than two minutes, retries overdue by five, and rows
 * claimed by a worker that died mid-send (after ten minutes, back to pending). Queuing one twice is harmless.
 */
export async function requeueStaleWebhooks(deps: DeliveryDeps, pendingAgeMs = 2 * 60_000): Promise<number> {
  const now = deps.clock.now();
  await deps.db.execute(sql`UPDATE webhook_events SET status = 'pending' WHERE status = 'delivering' AND type <> 'ping' AND claimed_at < ${new Date(now.getTime() - 10 * 60_000)}`);
  const res = await deps.db.execute(sql`
    SELECT id FROM webhook_events WHERE status = 'pending' AND (
      (attempts = 0 AND created_at <= ${new Date(now.getTime() - pendingAgeMs)})
      OR (attempts > 0 AND next_attempt_at < ${new Date(now.getTime() - 5 * 60_000)}))
    ORDER BY created_at LIMIT 500`);
  for (const r of res.rows as { id: string }[]) await deps.queue().send(WEBHOOK_DELIVER_JOB, { id: r.id }, { singletonKey: r.id });
  return res.rows.length;
}

/** The delivery job and the once-a-minute sweep. Retries are scheduled by the handler itself (the backoff above). */
export function webhookJobs(deps: DeliveryDeps): JobDef<unknown>[] {
  return [
    {
      name: WEBHOOK_DELIVER_JOB, schema: z.object({ id: z.uuid() }), retryLimit: 0, batchSize: 10,
      handler: async (d) => { await deliverWebhookEvent(deps, (d as { id: string }).id); },
    } as JobDef<unknown>,
    { name: WEBHOOK_SWEEP_JOB, schema: z.unknown(), handler: async () => { await requeueStaleWebhooks(deps); } },
  ];
}
