/**
 * Recording events: the modules where things happen call recordWebhookEvent inside their own write transaction, so
 * an event exists exactly when its change committed. Delivery is queued once the transaction commits (the hook boot
 * sets); a job lost in a crash is found again by the sweep.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { afterCommit } from '../../db/tx.ts';
import type { WebhookEventType } from '../../../common/webhooks.schemas.ts';
import { webhookEndpoints, webhookEvents } from './webhooks.tables.ts';
import { emitDomainEvent } from './domain-events.ts';

type QueueHook = (webhookEventIds: string[]) => Promise<void>;
let queueHook: QueueHook = async () => {};
/** Set at boot: queues the delivery job of each new outbox row. */
export function setWebhookQueueHook(fn: QueueHook): void { queueHook = fn; }

/**
 * Writes one outbox row per active endpoint subscribed to `type`, in `tx`. `payload` is the presented record (the
 * API's view of it, never a raw row). Returns the event id (null when no endpoint listens).
 */
export async function recordWebhookEvent(tx: Db, type: WebhookEventType, payload: unknown, opts: { at?: Date } = {}): Promise<string | null> {
  const eventId = randomUUID();
  // Dates become ISO strings and bigints (Rials) decimal strings here, as the API sends them; the stored payload is what every retry sends.
  const data = JSON.parse(JSON.stringify(payload ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
  const occurredAt = opts.at ?? new Date();
  // The same transaction's listeners (automations) see every event, whether or not an endpoint listens.
  await emitDomainEvent(tx, type, data, { at: occurredAt, id: eventId });
  const endpoints = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.active, true), isNull(webhookEndpoints.deletedAt), sql`${type} = ANY(${webhookEndpoints.events})`));
  if (!endpoints.length) return null;
  const rows = await tx.insert(webhookEvents)
    .values(endpoints.map((e) => ({ eventId, endpointId: e.id, type, payload: data, occurredAt })))
    .returning({ id: webhookEvents.id });
  const ids = rows.map((r) => r.id);
  afterCommit(() => queueHook(ids));
  return eventId;
}

/**
 * One event for one endpoint (an automation's "call a webhook" step): only an endpoint registered in the settings,
 * active and not deleted; delivered and signed like every other event. Returns the outbox row's id, or null.
 */
export async function queueEndpointEvent(tx: Db, endpointId: string, type: string, payload: unknown, at: Date): Promise<string | null> {
  const [ep] = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.active, true), isNull(webhookEndpoints.deletedAt)));
  if (!ep) return null;
  const data = JSON.parse(JSON.stringify(payload ?? null, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as unknown;
  const [row] = await tx.insert(webhookEvents).values({ eventId: randomUUID(), endpointId: ep.id, type, payload: data, occurredAt: at }).returning({ id: webhookEvents.id });
  afterCommit(() => queueHook([row.id]));
  return row.id;
}
