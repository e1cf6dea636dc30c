/** Interactions: every touch with a customer (calls, meetings, messages, visits, notes), and the promises made in them. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { interactions } from './interactions.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, interactionScopeSql, type Actor } from '../auth/policy.ts';
import { auditCreate, auditDelete, auditUpdate } from '../audit/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { createTask } from '../tasks/index.ts';
import type { InteractionCreate, InteractionUpdate } from '../../../common/activity.schemas.ts';
import type { Clock } from '../../clock.ts';

export type InteractionRow = typeof interactions.$inferSelect;

export function presentInteraction(i: InteractionRow, authorName?: string | null) {
  return {
    id: i.id, customerId: i.customerId, kind: i.kind, channel: i.channel, direction: i.direction, occurredAt: i.occurredAt,
    authorId: i.authorId, authorName: authorName ?? null, summary: i.summary, body: i.body, durationSec: i.durationSec,
    outcome: i.outcome, createdAt: i.createdAt, updatedAt: i.updatedAt,
  };
}

/** The channel an interaction kind goes through when the user does not say. */
const DEFAULT_CHANNEL: Record<string, string> = {
  call: 'phone', meeting: 'in_person', email: 'email', sms: 'sms', chat: 'chat', whatsapp: 'whatsapp',
  instagram: 'instagram', telegram: 'telegram', visit: 'in_person', note: 'internal',
};

export async function createInteraction(tx: Db, actor: Actor, clock: Clock, input: InteractionCreate) {
  assertCan(actor, 'interactions', 'create');
  await loadVisibleCustomer(tx, actor, input.customerId);
  const now = clock.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError('VALIDATION_FAILED', 'An interaction cannot happen in the future', { occurredAt: 'in the future' });
  }
  const [row] = await tx.insert(interactions).values({
    customerId: input.customerId, kind: input.kind, channel: input.channel ?? DEFAULT_CHANNEL[input.kind] ?? null,
    direction: input.direction ?? null, occurredAt, authorId: actor.userId, summary: input.summary, body: input.body ?? null,
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
  await touchCustomer(tx, input.customerId, now);
  return { interaction: presentInteraction(row, actor.name), promises };
}

/** Keeps "recently updated" lists honest: a new touch moves the customer up. */
async function touchCustomer(tx: Db, customerId: string, now: Date) {
  await tx.execute(sql`UPDATE customers SET updated_at = ${now} WHERE id = ${customerId} AND updated_at < ${now}`);
}

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
