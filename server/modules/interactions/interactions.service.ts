/** Interactions: every touch with a customer (calls, meetings, messages, visits, notes), and the promises made in them. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { interactions } from './interactions.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, interactionScopeSql, systemActor, type Actor } from '../auth/index.ts';
import { auditCreate, auditDelete, auditUpdate } from '../audit/index.ts';
import { loadVisibleCustomer, touchCustomer } from '../customers/index.ts';
import { createTask } from '../tasks/index.ts';
import type { InteractionCreate, InteractionUpdate } from '../../../common/activity.schemas.ts';
import type { Clock } from '../../clock.ts';

export type InteractionRow = typeof interactions.$inferSelect;

export function presentInteraction(i: InteractionRow, authorName?: string | null) {
  return {
    id: i.id, customerId: i.customerId, kind: i.kind, channel: i.channel, direction: i.direction, occurredAt: i.occurredAt,
    authorId: i.authorId, authorName: authorName ?? null, summary: i.summary, body: i.body, durationSec: i.durationSec,
    outcome: i.outcome, recording: i.recording, createdAt: i.createdAt, updatedAt: i.updatedAt,
  };
}

/** The channel an interaction kind goes through when the user does not say. */
const DEFAULT_CHANNEL: Record<string, string> = {
  call: 'phone', meeting: 'in_person', email: 'email', sms: 'sms', chat: 'chat', whatsapp: 'whatsapp',
  instagram: 'instagram', telegram: 'telegram', visit: 'in_person', note: 'internal',
};

/** `opts.authorId`: who had the interaction when it is not the one recording it (an import names the user by email). */
export async function createInteraction(tx: Db, actor: Actor, clock: Clock, input: InteractionCreate, opts: { authorId?: string | null } = {}) {
  assertCan(actor, 'interactions', 'create');
  await loadVisibleCustomer(tx, actor, input.customerId);
  const now = clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError('VALIDATION_FAILED', 'An interaction cannot happen in the future', { occurredAt: 'in the future' });
  }
  const [row] = await tx.insert(interactions).values({
    customerId: input.customerId, kind: input.kind, channel: input.channel ?? DEFAULT_CHANNEL[input.kind] ?? null,
    direction: input.direction ?? null, occurredAt, authorId: opts.authorId !== undefined ? opts.authorId : actor.userId, summary: input.summary, body: input.body ?? null,
    durationSec: input.durationSec ?? null, outcome: input.outcome ?? null, createdAt: now, updatedAt: now,
  }).returning();
  await auditCreate(tx, actor, 'interaction', row.id, row.customerId, { kind: row.kind, summary: row.summary });
  const promises = [];
  for (const p of input.promises) {
    promises.push(await createTask(tx, actor, clock, {
      title: p.title, customerId: input.customerId, dueAt: p.dueAt, assigneeId: p.assigneeId, reminderAt: p.reminderAt ?? null,
      priority: 'normal', interactionId: row.id, isPromise: true,
    }));
  }
  await touchCustomer(tx, input.customerId, now, occurredAt);
  return { interaction: presentInteraction(row, actor.name), promises };
}

export type CallRecord = {
  customerId: string; direction: 'in' | 'out'; occurredAt: Date; authorId: string | null; summary: string; body?: string | null;
  durationSec: number | null; outcome: string | null; recording: string | null;
};

/**
 * A call the phone system reported, put on the customer's timeline. No user's permission is asked: the telephony
 * module decides which calls are customer calls; the audit row names the system.
 */
export async function recordCall(tx: Db, clock: Clock, input: CallRecord) {
  const now = clock.now();
  const [row] = await tx.insert(interactions).values({
    customerId: input.customerId, kind: 'call', channel: 'phone', direction: input.direction, occurredAt: input.occurredAt,
    authorId: input.authorId, summary: input.summary, body: input.body ?? null, durationSec: input.durationSec, outcome: input.outcome,
    recording: input.recording, createdAt: now, updatedAt: now,
  }).returning();
  await auditCreate(tx, SYSTEM, 'interaction', row.id, row.customerId, { kind: row.kind, summary: row.summary });
  await touchCustomer(tx, input.customerId, now, input.occurredAt);
  return row;
}

/** Brings a reported call's timeline entry up to date (the call ended, the agent wrote the summary, it was filed under another customer). */
export async function updateCallRecord(tx: Db, clock: Clock, id: string, patch: Partial<Omit<CallRecord, 'direction'>>) {
  const set: Partial<InteractionRow> = { updatedAt: clock.now() };
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (set as Record<string, unknown>)[k] = v;
  const [row] = await tx.update(interactions).set(set).where(and(eq(interactions.id, id), eq(interactions.kind, 'call'))).returning();
  return row;
}

const SYSTEM = systemActor({});

async function loadForWrite(tx: Db, actor: Actor, id: string) {
  const scope = interactionScopeSql(actor, 'interactions');
  const [row] = await tx.select().from(interactions).where(and(eq(interactions.id, id), isNull(interactions.deletedAt), scope ?? sql`true`)).for('update');
  if (!row) throw notFound('Interaction');
  await loadVisibleCustomer(tx, actor, row.customerId);
  return row;
}

export async function updateInteraction(tx: Db, actor: Actor, clock: Clock, id: string, input: InteractionUpdate) {
  assertCan(actor, 'interactions', 'update');
  const before = await loadForWrite(tx, actor, id);
  const patch: Partial<InteractionRow> = { updatedAt: clock.now() };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (patch as Record<string, unknown>)[k] = k === 'occurredAt' ? new Date(v as string) : v;
  const kind = patch.kind ?? before.kind;
  if (kind === 'call' && !(patch.direction ?? before.direction)) throw new AppError('VALIDATION_FAILED', 'A call needs a direction', { direction: 'required for calls' });
  const [row] = await tx.update(interactions).set(patch).where(eq(interactions.id, id)).returning();
  await auditUpdate(tx, actor, 'interaction', id, row.customerId, before as unknown as Record<string, unknown>, row as unknown as Record<string, unknown>);
  return presentInteraction(row);
}

export async function deleteInteraction(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'interactions', 'delete');
  const row = await loadForWrite(tx, actor, id);
  await tx.update(interactions).set({ deletedAt: clock.now() }).where(eq(interactions.id, id));
  await auditDelete(tx, actor, 'interaction', id, row.customerId);
}
