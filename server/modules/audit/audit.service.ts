/** Field-level audit trail, written inside the caller's transaction. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { auditLog } from './audit.tables.ts';
import type { Actor } from '../auth/index.ts';

type Entity = 'customer' | 'interaction' | 'task' | 'deal' | 'product' | 'ticket' | 'contract';

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

/** auditCreate for many records of one kind in one statement (an import's chunk). */
export async function auditCreateMany(tx: Db, actor: Actor, entityType: Entity, rows: { entityId: string; customerId: string | null; snapshot?: unknown }[]) {
  if (!rows.length) return;
  await tx.insert(auditLog).values(rows.map((r) => ({ actorId: actor.userId, entityType, entityId: r.entityId, customerId: r.customerId, action: 'create' as const, newValue: r.snapshot ?? null })));
}

export async function auditDelete(tx: Db, actor: Actor, entityType: Entity, entityId: string, customerId: string | null) {
  await tx.insert(auditLog).values({ actorId: actor.userId, entityType, entityId, customerId, action: 'delete' });
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
