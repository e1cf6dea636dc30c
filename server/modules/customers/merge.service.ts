/**
 * Merging two customer records into one, and undoing it for 30 days. One transaction: the survivor takes the chosen
 * value per field (phones, emails, addresses, tags, interests and custom values are joined), every registered mover
 * hands the loser's rows to the survivor, the loser is soft-deleted and marked merged_into, both records get an audit
 * entry, and a merge row keeps what moved and the survivor's previous values.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { auditLog, auditMerge, auditUpdate, moveAuditRows, restoreAuditRows } from '../audit/index.ts';
import { customerMerges, customers } from './customers.tables.ts';
import { loadVisibleCustomer, ownerOf, presentCustomer, type CustomerRow } from './customers.service.ts';
import { buildSearchDoc, displayNameOf, emailKeysOf, phoneKeysOf, withPrimaryPhone } from './customer-fields.ts';
import { customerMovers, registerCustomerMover, type MovedRows } from './merge-movers.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { MERGE_FIELDS, MERGE_UNDO_DAYS, type MergeRequest } from '../../../common/merge.schemas.ts';

const DAY_MS = 86_400_000;

// Memberships (person ↔ organization) are the customers module's own rows. A link the survivor already has stays on
// the loser, since the survivor cannot hold the same link twice.
registerCustomerMover({
  name: 'customer_relations',
  tables: ['customer_relations'],
  async move(tx, fromId, toId) {
    const moved: MovedRows = {};
    for (const [col, other] of [['person_id', 'organization_id'], ['organization_id', 'person_id']] as const) {
      const res = await tx.execute(sql`UPDATE customer_relations r SET ${sql.raw(col)} = ${toId}
        WHERE r.${sql.raw(col)} = ${fromId} AND r.${sql.raw(other)} <> ${toId}
          AND NOT EXISTS (SELECT 1 FROM customer_relations s WHERE s.${sql.raw(col)} = ${toId} AND s.${sql.raw(other)} = r.${sql.raw(other)})
        RETURNING r.id`);
      moved[`customer_relations.${col}`] = (res.rows as { id: string }[]).map((r) => r.id);
    }
    return moved;
  },
  async count(db, customerId) {
    const res = await db.execute(sql`SELECT count(*)::int AS n FROM customer_relations WHERE person_id = ${customerId} OR organization_id = ${customerId}`);
    return { customer_relations: Number((res.rows[0] as { n: number }).n) };
  },
  async undo(tx, moved, fromId, toId) {
    for (const col of ['person_id', 'organization_id'] as const) {
      const ids = moved[`customer_relations.${col}`] ?? [];
      if (ids.length) await tx.execute(sql`UPDATE customer_relations SET ${sql.raw(col)} = ${fromId}
        WHERE ${sql.raw(col)} = ${toId} AND id = ANY(${sql.param(ids)}::uuid[])`);
    }
  },
});

// Customers the loser referred are now referred by the survivor (the survivor itself, if the loser referred it, by nobody).
registerCustomerMover({
  name: 'customer_referrals',
  tables: [],
  async move(tx, fromId, toId) {
    const res = await tx.execute(sql`UPDATE customers SET referred_by_customer_id = CASE WHEN id = ${toId} THEN NULL ELSE ${toId}::uuid END
      WHERE referred_by_customer_id = ${fromId} RETURNING id`);
    return { 'customers.referred_by_customer_id': (res.rows as { id: string }[]).map((r) => r.id) };
  },
  async count() { return {}; },
  async undo(tx, moved, fromId) {
    const ids = moved['customers.referred_by_customer_id'] ?? [];
    if (ids.length) await tx.execute(sql`UPDATE customers SET referred_by_customer_id = ${fromId} WHERE id = ANY(${sql.param(ids)}::uuid[])`);
  },
});

// The audit module sits below customers (customers writes its entries), so customers registers the audit mover
// through the audit module's own exported functions.
registerCustomerMover({
  name: 'audit',
  tables: ['audit_log'],
  move: async (tx, fromId, toId) => ({ audit_log: await moveAuditRows(tx, fromId, toId) }),
  count: async (db, customerId) => ({ audit_log: await db.$count(auditLog, eq(auditLog.customerId, customerId)) }),
  undo: (tx, moved, fromId, toId) => restoreAuditRows(tx, moved.audit_log ?? [], fromId, toId),
});

const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '';
const unique = <T>(items: T[], key: (t: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];

/** Fields of a record the audit compares (as customers.service's updateCustomer does). */
const auditable = (c: CustomerRow) => {
  const { searchDoc: _s, phoneKeys: _p, emailKeys: _e, createdAt: _c, updatedAt: _u, deletedAt: _d, createdBy: _b, mergedInto: _m, ...rest } = c;
  return rest as Record<string, unknown>;
};

/** The survivor's values after the merge (pure). */
export function mergedValues(survivor: CustomerRow, loser: CustomerRow, choices: MergeRequest['fields']): CustomerRow {
  const next = { ...survivor } as Record<string, unknown>;
  for (const f of MERGE_FIELDS) {
    const choice = choices[f] ?? (isEmpty(survivor[f]) ? 'loser' : 'survivor');
    if (choice === 'loser') next[f] = loser[f];
  }
  const merged = next as CustomerRow;
  // A consent's time goes with the consent chosen.
  if ((choices.smsConsent ?? 'survivor') === 'loser') merged.smsConsentAt = loser.smsConsentAt;
  if ((choices.emailConsent ?? 'survivor') === 'loser') merged.emailConsentAt = loser.emailConsentAt;
  merged.phones = withPrimaryPhone([...survivor.phones, ...loser.phones.map((p) => ({ ...p, primary: false }))]);
  merged.emails = unique([...survivor.emails, ...loser.emails], (e) => e.address.toLowerCase());
  merged.addresses = unique([...survivor.addresses, ...loser.addresses], (a) => JSON.stringify(a));
  merged.tags = [...new Set([...survivor.tags, ...loser.tags])];
  merged.interests = [...new Set([...survivor.interests, ...loser.interests])];
  merged.custom = { ...loser.custom, ...survivor.custom };
  // Preferences: products and dates joined; the rest the survivor's, or the merged record's where the survivor has none.
  merged.favouriteProductIds = [...new Set([...survivor.favouriteProductIds, ...loser.favouriteProductIds])].slice(0, 20);
  merged.importantDates = unique([...survivor.importantDates, ...loser.importantDates], (d) => `${d.calendar}:${d.month}:${d.day}:${d.kind}`).slice(0, 20);
  merged.tastes = survivor.tastes ?? loser.tastes;
  merged.preferredLanguage = survivor.preferredLanguage ?? loser.preferredLanguage;
  if (survivor.contactFrom === null) { merged.contactFrom = loser.contactFrom; merged.contactTo = loser.contactTo; }
  return withDerived(merged);
}

function withDerived(c: CustomerRow): CustomerRow {
  return { ...c, displayName: displayNameOf(c), phoneKeys: phoneKeysOf(c.phones), emailKeys: emailKeysOf(c.emails), searchDoc: buildSearchDoc(c) };
}

function presentMerge(m: typeof customerMerges.$inferSelect) {
  const moved: Record<string, number> = {};
  for (const tables of Object.values(m.moved)) {
    for (const [key, ids] of Object.entries(tables)) {
      const table = key.split('.')[0];
      moved[table] = (moved[table] ?? 0) + ids.length;
    }
  }
  return {
    id: m.id, survivorId: m.survivorId, loserId: m.loserId, at: m.at, undoneAt: m.undoneAt,
    undoUntil: new Date(m.at.getTime() + MERGE_UNDO_DAYS * DAY_MS), moved,
  };
}

function assertCanMerge(actor: Actor) {
  assertCan(actor, 'customers', 'update');
  assertCan(actor, 'customers', 'delete');
}

export async function mergeCustomers(tx: Db, actor: Actor, clock: Clock, input: MergeRequest) {
  assertCanMerge(actor);
  if (input.survivorId === input.loserId) throw invalid('A record cannot be merged into itself', { loserId: 'the same as survivorId' });
  // Lock both in a fixed order, so two merges of the same pair cannot deadlock.
  const locked = new Map<string, CustomerRow>();
  for (const id of [input.survivorId, input.loserId].sort()) locked.set(id, await loadVisibleCustomer(tx, actor, id, { forUpdate: true }));
  const survivor = locked.get(input.survivorId)!;
  const loser = locked.get(input.loserId)!;
  if (survivor.kind !== loser.kind) throw invalid('A person and an organization cannot be merged', { loserId: `is a ${loser.kind}` });

  const now = clock.now();
  const merged = mergedValues(survivor, loser, input.fields);
  const survivorBefore: Record<string, unknown> = {};
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(merged)) {
    // birthday_jmd follows the birthday in the database (a generated column).
    if (k === 'updatedAt' || k === 'birthdayJmd' || same(v, survivor[k as keyof CustomerRow])) continue;
    survivorBefore[k] = survivor[k as keyof CustomerRow];
    patch[k] = v;
  }
  const [after] = await tx.update(customers).set({ ...patch, updatedAt: now }).where(eq(customers.id, survivor.id)).returning();

  // The loser's rows, its history included, go to the survivor before this merge writes its own audit entries.
  const moved: Record<string, MovedRows> = {};
  for (const m of customerMovers()) moved[m.name] = await m.move(tx, loser.id, survivor.id);
  await tx.update(customers).set({ deletedAt: now, mergedInto: survivor.id }).where(eq(customers.id, loser.id));

  const id = randomUUID();
  await auditUpdate(tx, actor, 'customer', survivor.id, survivor.id, auditable(survivor), auditable(after));
  await auditMerge(tx, actor, 'merge', survivor.id, { mergeId: id, loserId: loser.id, loserName: loser.displayName });
  await auditMerge(tx, actor, 'merge', loser.id, { mergeId: id, survivorId: survivor.id, survivorName: survivor.displayName });
  const [row] = await tx.insert(customerMerges).values({
    id, survivorId: survivor.id, loserId: loser.id, actorId: actor.userId, at: now, choices: input.fields, survivorBefore, moved,
  }).returning();
  const answer = { merge: presentMerge(row), survivor: presentCustomer(after, await ownerOf(tx, after.ownerId)) };
  await recordWebhookEvent(tx, 'customer.merged', { ...answer.survivor, mergedId: loser.id, mergeId: id }, { at: now });
  return answer;
}

/** Timestamps a jsonb snapshot carries as text, back to Dates for the columns that hold them. */
const TIMESTAMP_FIELDS = new Set(['smsConsentAt', 'emailConsentAt', 'createdAt', 'updatedAt', 'deletedAt']);
const revive = (snapshot: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(snapshot).map(([k, v]) => [k, TIMESTAMP_FIELDS.has(k) && typeof v === 'string' ? new Date(v) : v]));

export async function undoMerge(tx: Db, actor: Actor, clock: Clock, mergeId: string) {
  assertCanMerge(actor);
  const [m] = await tx.select().from(customerMerges).where(eq(customerMerges.id, mergeId)).for('update');
  if (!m) throw notFound('Merge');
  // Both records must be visible to the actor, the loser although it is (merged and) deleted.
  const scope = customerScopeSql(actor, 'customers');
  const [loser] = await tx.select().from(customers).where(and(eq(customers.id, m.loserId), scope ?? sql`true`)).for('update');
  const [survivorAny] = await tx.select().from(customers).where(and(eq(customers.id, m.survivorId), scope ?? sql`true`));
  if (!loser || !survivorAny) throw notFound('Merge');
  if (m.undoneAt) throw new AppError('CONFLICT', 'This merge has already been undone', { undoneAt: m.undoneAt.toISOString() });
  const now = clock.now();
  if (now.getTime() - m.at.getTime() > MERGE_UNDO_DAYS * DAY_MS) {
    throw new AppError('CONFLICT', `A merge can be undone for ${MERGE_UNDO_DAYS} days only`, { mergedAt: m.at.toISOString() });
  }
  if (survivorAny.deletedAt) throw new AppError('CONFLICT', 'The surviving record was deleted or merged again since; undo that first', { survivorId: m.survivorId });
  if (loser.mergedInto !== m.survivorId) throw new AppError('CONFLICT', 'The merged record has changed since the merge', { loserId: m.loserId });
  const survivor = await loadVisibleCustomer(tx, actor, m.survivorId, { forUpdate: true });

  for (const mover of customerMovers().reverse()) {
    const moved = m.moved[mover.name];
    if (moved) await mover.undo(tx, moved, loser.id, survivor.id);
  }
  const restored = withDerived({ ...survivor, ...revive(m.survivorBefore) } as CustomerRow);
  const { id: _id, createdAt: _c, createdBy: _b, deletedAt: _d, mergedInto: _m, birthdayJmd: _j, ...patch } = restored;
  const [after] = await tx.update(customers).set({ ...patch, updatedAt: now }).where(eq(customers.id, survivor.id)).returning();
  const [back] = await tx.update(customers).set({ deletedAt: null, mergedInto: null }).where(eq(customers.id, loser.id)).returning();

  await auditUpdate(tx, actor, 'customer', survivor.id, survivor.id, auditable(survivor), auditable(after));
  await auditMerge(tx, actor, 'unmerge', survivor.id, { mergeId: m.id, loserId: loser.id });
  await auditMerge(tx, actor, 'unmerge', loser.id, { mergeId: m.id, survivorId: survivor.id });
  const [done] = await tx.update(customerMerges).set({ undoneAt: now, undoneBy: actor.userId }).where(eq(customerMerges.id, m.id)).returning();
  return {
    merge: presentMerge(done),
    survivor: presentCustomer(after, await ownerOf(tx, after.ownerId)),
    loser: presentCustomer(back, await ownerOf(tx, back.ownerId)),
  };
}

/** Recent merges where the actor may see both records (the loser although deleted), newest first, with what moved. */
export async function listMerges(db: Db, actor: Actor, q: { page: number; pageSize: number }) {
  assertCan(actor, 'customers', 'read');
  const s = alias(customers, 's');
  const l = alias(customers, 'l');
  const where = and(customerScopeSql(actor, 's') ?? sql`true`, customerScopeSql(actor, 'l') ?? sql`true`);
  const rows = await db.select({ m: customerMerges, survivorName: s.displayName, loserName: l.displayName, total: sql<number>`count(*) OVER ()` })
    .from(customerMerges).innerJoin(s, eq(s.id, customerMerges.survivorId)).innerJoin(l, eq(l.id, customerMerges.loserId))
    .where(where).orderBy(desc(customerMerges.at), desc(customerMerges.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({ ...presentMerge(r.m), survivorName: r.survivorName, loserName: r.loserName })),
    total: rows.length ? Number(rows[0].total) : 0, page: q.page, pageSize: q.pageSize,
  };
}
