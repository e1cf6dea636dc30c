/** Field-level audit trail, written inside the caller's transaction. */
import { insertRowsJson } from '../../db/bulk-insert.ts';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { auditLog } from './audit.tables.ts';
import type { Actor } from '../auth/index.ts';

type Entity = 'customer' | 'interaction' | 'task' | 'deal' | 'product' | 'ticket' | 'contract' | 'contact_policy' | 'suppression' | 'health_weights';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Fields whose value is derived or bookkeeping: not worth an audit row. */
const IGNORED = new Set(['updatedAt', 'createdAt', 'searchDoc', 'phoneKeys', 'emailKeys', 'displayName', 'smsConsentAt', 'emailConsentAt', 'remindedAt']);

export function diff(before: Record<string, unknown>, after: Record<string, unknown>): { field: string; old: unknown; new: unknown }[] {
  const out: { field: string; old: unknown; new: unknown }[] = [];
  for (const field of Object.keys(after)) {
    if (IGNORED.has(field) || !(field in before)) continue;
    if (!same(before[field], after[field])) out.push({ field, old: before[field] ?? null, new: after[field] ?? null });
  }
  return out;
}

const json = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);

export async function auditCreate(tx: Db, actor: Actor, entityType: Entity, entityId: string, customerId: string | null, snapshot?: unknown) {
  await tx.insert(auditLog).values({ actorId: actor.userId, entityType, entityId, customerId, action: 'create', newValue: snapshot ?? null });
}

/**
 * The audit rows of records just created, as an INSERT the caller puts in a CTE of its own statement: `rows` is a
 * query giving entity_id, customer_id and new_value (the snapshot) for each record (an import's chunk).
 */
export function auditCreatedFromSql(actor: Actor, entityType: Entity, rows: SQL): SQL {
  return sql`INSERT INTO audit_log (actor_id, entity_type, entity_id, customer_id, action, new_value)
    SELECT ${actor.userId}::uuid, ${entityType}, r.entity_id, r.customer_id, 'create', r.new_value FROM (${rows}) r`;
}

/** auditCreate for many records of one kind in one statement (an import's chunk). */
export async function auditCreateMany(tx: Db, actor: Actor, entityType: Entity, rows: { entityId: string; customerId: string | null; snapshot?: unknown }[]) {
  if (!rows.length) return;
  // One statement and one parameter however many rows (an import's chunk): server/db/bulk-insert.ts.
  await insertRowsJson(tx, auditLog, rows.map((r) => ({ actorId: actor.userId, entityType, entityId: r.entityId, customerId: r.customerId, action: 'create' as const, newValue: r.snapshot ?? null })));
}

export async function auditDelete(tx: Db, actor: Actor, entityType: Entity, entityId: string, customerId: string | null, details?: unknown) {
  await tx.insert(auditLog).values({ actorId: actor.userId, entityType, entityId, customerId, action: 'delete', newValue: details ?? null });
}

/** The latest audit rows of records that belong to no customer (the contact policy, the suppression list), newest first. */
export async function listEntityAudit(db: Db, entityTypes: Entity[], limit: number) {
  const rows = await db.execute(sql`
    SELECT a.id, a.at, a.actor_id AS "actorId", u.name AS "actorName", a.entity_type AS "entityType", a.entity_id AS "entityId",
           a.action, a.field, a.old_value AS "oldValue", a.new_value AS "newValue"
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
    WHERE a.entity_type IN (${sql.join(entityTypes.map((t) => sql`${t}`), sql`, `)}) ORDER BY a.id DESC LIMIT ${limit}`);
  return (rows.rows as { id: number; at: unknown; actorId: string | null; actorName: string | null; entityType: string; entityId: string; action: string; field: string | null; oldValue: unknown; newValue: unknown }[])
    .map((r) => ({ ...r, id: Number(r.id), at: toIso(r.at) }));
}

export async function auditUpdate(tx: Db, actor: Actor, entityType: Entity, entityId: string, customerId: string | null,
  before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes = diff(before, after);
  if (changes.length === 0) return changes;
  await tx.insert(auditLog).values(changes.map((c) => ({
    actorId: actor.userId, entityType, entityId, customerId, action: 'update' as const, field: c.field, oldValue: json(c.old), newValue: json(c.new),
  })));
  return changes;
}

/** A merge of two customers or its undo, written on each of the two records. */
export async function auditMerge(tx: Db, actor: Actor, action: 'merge' | 'unmerge', customerId: string, details: Record<string, unknown>) {
  await tx.insert(auditLog).values({ actorId: actor.userId, entityType: 'customer', entityId: customerId, customerId, action, newValue: details });
}

/** A merge hands the loser's history to the survivor: returns the ids of the audit rows it moved. */
export async function moveAuditRows(tx: Db, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
  const rows = await tx.update(auditLog).set({ customerId: toCustomerId }).where(eq(auditLog.customerId, fromCustomerId)).returning({ id: auditLog.id });
  return rows.map((r) => String(r.id));
}

/** Undo of moveAuditRows: exactly those rows go back. */
export async function restoreAuditRows(tx: Db, ids: string[], fromCustomerId: string, toCustomerId: string) {
  for (let i = 0; i < ids.length; i += 1000) {
    await tx.update(auditLog).set({ customerId: fromCustomerId })
      .where(and(eq(auditLog.customerId, toCustomerId), inArray(auditLog.id, ids.slice(i, i + 1000).map(Number))));
  }
}

/** An event about a record that changes no field: a data export, an erasure, a consent given again. */
export async function auditEvent(tx: Db, actor: Actor, entityType: Entity, entityId: string, customerId: string | null,
  action: 'export' | 'erase' | 'consent', details?: unknown) {
  await tx.insert(auditLog).values({ actorId: actor.userId, entityType, entityId, customerId, action, newValue: details ?? null });
}

/** `visible` is the caller's permission filter on audit rows (alias `a`), e.g. auditScopeSql from the auth module. */
export async function listCustomerAudit(db: Db, customerId: string, cursor: number | undefined, limit: number, visible: SQL = sql`true`) {
  const rows = await db.execute(sql`
    SELECT a.id, a.at, a.actor_id AS "actorId", u.name AS "actorName", a.entity_type AS "entityType", a.entity_id AS "entityId",
           a.action, a.field, a.old_value AS "oldValue", a.new_value AS "newValue"
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
    WHERE a.customer_id = ${customerId} AND ${visible} ${cursor ? sql`AND a.id < ${cursor}` : sql``}
    ORDER BY a.id DESC LIMIT ${limit + 1}`);
  const items = rows.rows as {
    id: number; at: unknown; actorId: string | null; actorName: string | null; entityType: string; entityId: string;
    action: string; field: string | null; oldValue: unknown; newValue: unknown;
  }[];
  const more = items.length > limit;
  // Raw rows give `at` as a Date (node-postgres) or as Postgres text (PGlite): answer ISO either way.
  const page = items.slice(0, limit).map((r) => ({ ...r, id: Number(r.id), at: toIso(r.at) }));
  return { items: page, nextCursor: more ? String(page[page.length - 1].id) : null };
}

/** Every audit row about a customer, oldest first (the customer's data export). */
export async function auditRowsOfCustomer(db: Db, customerId: string) {
  return db.select().from(auditLog).where(eq(auditLog.customerId, customerId)).orderBy(asc(auditLog.id));
}

/** Erasure: the rows stay (who did what, when) but the values they recorded — names, phones, notes — are cleared. */
export async function clearAuditValuesOfCustomer(tx: Db, customerId: string): Promise<number> {
  const rows = await tx.update(auditLog).set({ oldValue: null, newValue: null }).where(eq(auditLog.customerId, customerId)).returning({ id: auditLog.id });
  return rows.length;
}
