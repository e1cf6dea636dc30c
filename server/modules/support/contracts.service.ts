/**
 * Contracts: service, maintenance, subscription and warranty agreements with a customer. They give the customer's
 * tickets their SLA level while active, remind the owner (a task, and optionally the customer by SMS) before they
 * end, expire by themselves, and are renewed as a new contract linked to the old one.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { assertCan, can, customerScopeSql, systemActor, type Actor } from '../auth/index.ts';
import { auditCreate, auditUpdate } from '../audit/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { createTask } from '../tasks/index.ts';
import { productsByIds } from '../sales/index.ts';
import { queueMessage } from '../messaging/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { TEHRAN, addDays, todayIn } from '../../../common/jalali.ts';
import jalaali from 'jalaali-js';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import { likeEscape } from '../customers/index.ts';
import type { ContractCreate, ContractListQuery, ContractRenew, ContractUpdate } from '../../../common/support.schemas.ts';
import { contracts, contractProducts } from './support.tables.ts';

/** Contracts start and end on calendar days in Tehran, not instants. */
const tehranDay = (now: Date) => todayIn(now, TEHRAN);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const toJ = (day: string) => jalaali.toJalaali(new Date(`${day}T12:00:00Z`));

function addJalaliMonths(day: string, n: number): string {
  const j = toJ(day);
  const m = j.jm - 1 + n;
  const jy = j.jy + Math.floor(m / 12);
  const jm = (m % 12 + 12) % 12 + 1;
  const g = jalaali.toGregorian(jy, jm, Math.min(j.jd, jalaali.jalaaliMonthLength(jy, jm)));
  return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
}

/**
 * The end of a renewal starting `start` that lasts as long as start..end did: whole Jalali months when the old period
 * was whole months (1405/01/01–1405/12/29 renews to 1406/01/01–1406/12/29, whatever the leap years), else the same days.
 */
function sameLengthEnd(oldStart: string, oldEnd: string, start: string): string {
  const a = toJ(oldStart);
  const b = toJ(addDays(oldEnd, 1));
  if (a.jd === b.jd) return addDays(addJalaliMonths(start, (b.jy - a.jy) * 12 + (b.jm - a.jm)), -1);
  return addDays(start, daysBetween(oldStart, oldEnd));
}

const SELECT = sql`k.*, c.display_name AS customer_name, u.name AS owner_name,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name_fa) ORDER BY p.name_fa) FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = k.id), '[]') AS products,
  (SELECT r.id FROM contracts r WHERE r.renewed_from_id = k.id) AS renewed_by_id`;
const FROM = sql`contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN users u ON u.id = k.owner_id`;

function visible(actor: Actor): SQL {
  const scope = customerScopeSql(actor, 'c');
  return scope ? sql`c.deleted_at IS NULL AND ${scope}` : sql`c.deleted_at IS NULL`;
}
/** Contracts (alias k, customer alias c) the actor may see: those of the customers they see. */
export const visibleContractsSql = visible;

type ContractRow = typeof contracts.$inferSelect;

export function presentContract(r: Record<string, unknown>, today: string) {
  const endDate = String(r.end_date).slice(0, 10);
  const products = typeof r.products === 'string' ? JSON.parse(r.products) : r.products;
  return {
    id: String(r.id), number: Number(r.number), customerId: String(r.customer_id), customerName: (r.customer_name as string | null) ?? null,
    kind: String(r.kind) as ContractRow['kind'], title: String(r.title), level: (r.level as string | null) ?? null,
    startDate: String(r.start_date).slice(0, 10), endDate, value: String(r.value), renewalTerms: (r.renewal_terms as string | null) ?? null,
    status: String(r.status) as ContractRow['status'], ownerId: (r.owner_id as string | null) ?? null, ownerName: (r.owner_name as string | null) ?? null,
    reminderDays: Number(r.reminder_days), remindCustomer: Boolean(r.remind_customer), remindedAt: r.reminded_at == null ? null : toIso(r.reminded_at),
    renewedFromId: (r.renewed_from_id as string | null) ?? null, renewedById: (r.renewed_by_id as string | null) ?? null,
    products: products as { id: string; name: string }[], notes: (r.notes as string | null) ?? null,
    daysLeft: r.status === 'active' ? daysBetween(today, endDate) : null,
    createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  };
}
export type ContractView = ReturnType<typeof presentContract>;

async function loadContract(db: Db, actor: Actor, id: string, now: Date): Promise<ContractView> {
  assertCan(actor, 'contracts', 'read');
  const res = await db.execute(sql`SELECT ${SELECT} FROM ${FROM} WHERE k.id = ${id} AND ${visible(actor)}`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound('Contract');
  return presentContract(row, tehranDay(now));
}

async function setProducts(tx: Db, contractId: string, productIds: string[]) {
  const ids = [...new Set(productIds)];
  if ((await productsByIds(tx, ids)).size !== ids.length) throw invalid('A product does not exist', { productIds: 'unknown product' });
  await tx.delete(contractProducts).where(eq(contractProducts.contractId, contractId));
  if (ids.length) await tx.insert(contractProducts).values(ids.map((productId) => ({ contractId, productId })));
}

async function checkOwner(tx: Db, ownerId: string) {
  const res = await tx.execute(sql`SELECT active FROM users WHERE id = ${ownerId}`);
  const row = res.rows[0] as { active: boolean } | undefined;
  if (!row?.active) throw invalid('The owner must be an active user', { ownerId: 'unknown or deactivated user' });
}

export async function createContract(tx: Db, actor: Actor, clock: Clock, input: ContractCreate, renewedFromId: string | null = null): Promise<ContractView> {
  assertCan(actor, 'contracts', 'create');
  await loadVisibleCustomer(tx, actor, input.customerId);
  if (input.ownerId) await checkOwner(tx, input.ownerId);
  const now = clock.now();
  const today = tehranDay(now);
  const [row] = await tx.insert(contracts).values({
    customerId: input.customerId, kind: input.kind, title: input.title, level: input.level ?? null, startDate: input.startDate, endDate: input.endDate,
    value: input.value, renewalTerms: input.renewalTerms ?? null, ownerId: input.ownerId ?? actor.userId, reminderDays: input.reminderDays,
    remindCustomer: input.remindCustomer, notes: input.notes ?? null, renewedFromId,
    status: input.endDate < today ? 'expired' : 'active', createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  await setProducts(tx, row.id, input.productIds);
  await auditCreate(tx, actor, 'contract', row.id, row.customerId, { number: row.number, title: row.title, startDate: row.startDate, endDate: row.endDate });
  return loadContract(tx, actor, row.id, now);
}

export async function getContract(db: Db, actor: Actor, clock: Clock, id: string) {
  return loadContract(db, actor, id, clock.now());
}

/** A contract's last activity (alias k): its latest change (owner, dates, status, renewal), renewal reminder or creation. */
const CONTRACT_LAST_ACTIVITY = sql`greatest(k.created_at, k.updated_at, k.reminded_at)`;
const ORDER: Record<NonNullable<ContractListQuery['sort']>, SQL> = {
  lastActivity: sql`last_activity_at ASC, k.number`, '-lastActivity': sql`last_activity_at DESC, k.number DESC`,
  endDate: sql`k.end_date ASC, k.number`, '-endDate': sql`k.end_date DESC, k.number DESC`,
  startDate: sql`k.start_date ASC, k.number`, '-startDate': sql`k.start_date DESC, k.number DESC`,
  number: sql`k.number ASC`, '-number': sql`k.number DESC`,
  value: sql`k.value ASC, k.number`, '-value': sql`k.value DESC, k.number DESC`,
  title: sql`k.title ASC, k.number`, '-title': sql`k.title DESC, k.number DESC`,
  created: sql`k.created_at ASC, k.number`, '-created': sql`k.created_at DESC, k.number DESC`,
};

export async function listContracts(db: Db, actor: Actor, clock: Clock, q: ContractListQuery) {
  assertCan(actor, 'contracts', 'read');
  const today = tehranDay(clock.now());
  const where: SQL[] = [visible(actor)];
  if (q.customerId) where.push(sql`k.customer_id = ${q.customerId}`);
  if (q.status?.length) where.push(sql`k.status IN (${sql.join(q.status.map((s) => sql`${s}`), sql`, `)})`);
  if (q.expiringWithinDays !== undefined) where.push(sql`k.status = 'active' AND k.end_date <= ${addDays(today, q.expiringWithinDays)}::date`);
  if (q.ownerId) where.push(q.ownerId === 'me' ? sql`k.owner_id = ${actor.userId}` : q.ownerId === 'none' ? sql`k.owner_id IS NULL` : sql`k.owner_id = ${q.ownerId}`);
  if (q.q) {
    const digits = toLatinDigits(q.q).replace(/^#/, '');
    const t = `%${likeEscape(faNorm(q.q))}%`;
    where.push(/^\d{1,15}$/.test(digits) ? sql`k.number = ${Number(digits)}` : sql`(k.search_title LIKE ${t} OR c.search_doc LIKE ${t})`);
  }
  const cond = sql.join(where, sql` AND `);
  const [agg] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${FROM} WHERE ${cond}`)).rows as { n: number }[];
  // Without a sort: the soonest end first, as the customer card and the renewals view read them.
  const rows = await db.execute(sql`SELECT ${SELECT}, ${CONTRACT_LAST_ACTIVITY} AS last_activity_at FROM ${FROM} WHERE ${cond}
    ORDER BY ${q.sort ? ORDER[q.sort] : sql`k.end_date ASC, k.number ASC`}
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return {
    items: rows.rows.map((r) => ({ ...presentContract(r as Record<string, unknown>, today), lastActivityAt: toIso((r as Record<string, unknown>).last_activity_at) })),
    total: Number(agg.n), page: q.page, pageSize: q.pageSize,
  };
}

export async function lockContract(tx: Db, actor: Actor, id: string) {
  assertCan(actor, 'contracts', 'read');
  const res = await tx.execute(sql`SELECT k.* FROM ${FROM} WHERE k.id = ${id} AND ${visible(actor)} FOR UPDATE OF k`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound('Contract');
  return row;
}

export async function updateContract(tx: Db, actor: Actor, clock: Clock, id: string, patch: ContractUpdate): Promise<ContractView> {
  assertCan(actor, 'contracts', 'update');
  const row = await lockContract(tx, actor, id);
  if (row.status === 'cancelled' || row.status === 'renewed') throw new AppError('CONFLICT', `The contract is ${row.status}; it can no longer change`, { status: row.status });
  const startDate = patch.startDate ?? String(row.start_date).slice(0, 10);
  const endDate = patch.endDate ?? String(row.end_date).slice(0, 10);
  if (startDate > endDate) throw invalid('The contract cannot end before it starts', { endDate: 'before the start' });
  if (patch.ownerId) await checkOwner(tx, patch.ownerId);
  const now = clock.now();
  const { productIds, ...fields } = patch;
  const set: Record<string, unknown> = { ...fields, updatedAt: now };
  // A later end date re-arms the reminder; a date in the past expires it.
  if (patch.endDate && patch.endDate !== String(row.end_date).slice(0, 10)) set.remindedAt = null;
  if (!patch.status) set.status = endDate < tehranDay(now) ? 'expired' : 'active';
  const before = { title: row.title, level: row.level, startDate: String(row.start_date).slice(0, 10), endDate: String(row.end_date).slice(0, 10), value: String(row.value), status: row.status, ownerId: row.owner_id };
  await tx.update(contracts).set(set).where(eq(contracts.id, id));
  if (productIds) await setProducts(tx, id, productIds);
  const after = await loadContract(tx, actor, id, now);
  await auditUpdate(tx, actor, 'contract', id, after.customerId, before, { title: after.title, level: after.level, startDate: after.startDate, endDate: after.endDate, value: after.value, status: after.status, ownerId: after.ownerId });
  return after;
}

/** A renewal is a new contract for the next period, linked to the old one, which becomes 'renewed'. Once only. */
export async function renewContract(tx: Db, actor: Actor, clock: Clock, id: string, input: ContractRenew): Promise<ContractView> {
  assertCan(actor, 'contracts', 'create');
  const row = await lockContract(tx, actor, id);
  if (row.status === 'renewed') throw new AppError('CONFLICT', 'This contract was already renewed', { status: 'renewed' });
  if (row.status === 'cancelled') throw new AppError('CONFLICT', 'A cancelled contract cannot be renewed; make a new one', { status: 'cancelled' });
  const oldStart = String(row.start_date).slice(0, 10);
  const oldEnd = String(row.end_date).slice(0, 10);
  const startDate = input.startDate ?? addDays(oldEnd, 1);
  const endDate = input.endDate ?? sameLengthEnd(oldStart, oldEnd, startDate);
  if (startDate > endDate) throw invalid('The contract cannot end before it starts', { endDate: 'before the start' });
  const products = (await tx.select({ productId: contractProducts.productId }).from(contractProducts).where(eq(contractProducts.contractId, id))).map((p) => p.productId);
  const renewed = await createContract(tx, actor, clock, {
    customerId: String(row.customer_id), kind: row.kind as ContractCreate['kind'], title: String(row.title), level: (row.level as string | null) ?? null,
    startDate, endDate, value: input.value ?? BigInt(String(row.value)), renewalTerms: (row.renewal_terms as string | null) ?? null,
    ownerId: (row.owner_id as string | null) ?? null, reminderDays: Number(row.reminder_days), remindCustomer: Boolean(row.remind_customer),
    productIds: products, notes: null,
  }, id);
  await tx.update(contracts).set({ status: 'renewed', updatedAt: clock.now() }).where(eq(contracts.id, id));
  await auditUpdate(tx, actor, 'contract', id, String(row.customer_id), { status: row.status }, { status: 'renewed' });
  return renewed;
}

/** The SLA level of the customer's tickets: the active contract with a level that ends last. */
export async function contractLevelOf(db: Db, customerId: string, now: Date): Promise<string | null> {
  const today = tehranDay(now);
  const res = await db.execute(sql`SELECT level FROM contracts WHERE customer_id = ${customerId} AND status = 'active' AND level IS NOT NULL
    AND start_date <= ${today}::date AND end_date >= ${today}::date ORDER BY end_date DESC LIMIT 1`);
  return ((res.rows[0] as { level: string } | undefined)?.level) ?? null;
}

/** Customers (alias c) with an active contract ending on `day` (an automation's "contract ends in N days"). */
export function contractsEndingWhere(day: string): SQL {
  return sql`EXISTS (SELECT 1 FROM contracts k WHERE k.customer_id = c.id AND k.status = 'active' AND k.end_date = ${day}::date)`;
}

const SYSTEM = systemActor(DEFAULT_ROLES.admin.permissions);

/**
 * The daily sweep: contracts whose end is within their reminder window get a renewal task for the owner (and an SMS
 * to the customer when chosen and consented) exactly once; contracts past their end expire. Each in its own transaction.
 */
export async function sweepContracts(db: Db, clock: Clock): Promise<{ reminded: number; expired: number }> {
  const now = clock.now();
  const today = tehranDay(now);
  const expired = await db.execute(sql`UPDATE contracts SET status = 'expired', updated_at = ${now} WHERE status = 'active' AND end_date < ${today}::date RETURNING id`);
  const due = await db.execute(sql`SELECT id FROM contracts WHERE status = 'active' AND reminded_at IS NULL
    AND end_date - reminder_days <= ${today}::date ORDER BY end_date LIMIT 500`);
  let reminded = 0;
  for (const { id } of due.rows as { id: string }[]) {
    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const [k] = (await tx.execute(sql`SELECT k.*, c.display_name, c.sms_consent, c.phones FROM contracts k JOIN customers c ON c.id = k.customer_id
        WHERE k.id = ${id} AND k.status = 'active' AND k.reminded_at IS NULL FOR UPDATE OF k`)).rows as Record<string, unknown>[];
      if (!k) return; // another worker got it
      const endDate = String(k.end_date).slice(0, 10);
      const owner = (k.owner_id as string | null) ?? (k.created_by as string | null);
      if (owner) {
        await createTask(tx, { ...SYSTEM, userId: owner }, clock, {
          title: `تمدید قرارداد «${k.title}» — ${k.display_name} (پایان ${endDate})`, customerId: String(k.customer_id), assigneeId: owner,
          dueAt: new Date(`${endDate}T05:30:00Z`).toISOString(), priority: 'high',
        });
      }
      const phones = (typeof k.phones === 'string' ? JSON.parse(k.phones) : k.phones) as { number: string; primary?: boolean }[];
      const phone = phones.find((p) => p.primary)?.number ?? phones[0]?.number;
      if (k.remind_customer && k.sms_consent && phone) {
        await queueMessage(tx, {
          customerId: String(k.customer_id), channel: 'sms', address: phone, subjectType: 'contract', subjectId: id, dedupeKey: `contract-reminder:${id}:${endDate}`,
          body: `${k.display_name} عزیز، قرارداد «${k.title}» شما ${endDate} به پایان می‌رسد. برای تمدید با ما تماس بگیرید.`,
        });
      }
      await tx.update(contracts).set({ remindedAt: now }).where(eq(contracts.id, id));
      reminded++;
    });
  }
  return { reminded, expired: expired.rows.length };
}

/** The customer's contracts for the 360° view and the ticket screen: active first, then the latest others. */
export async function contractsSection(db: Db, actor: Actor, customerId: string, now: Date) {
  if (!can(actor, 'contracts', 'read')) return undefined;
  const today = tehranDay(now);
  const res = await db.execute(sql`SELECT ${SELECT} FROM ${FROM} WHERE k.customer_id = ${customerId} AND ${visible(actor)}
    ORDER BY (k.status = 'active') DESC, k.end_date DESC LIMIT 20`);
  const items = res.rows.map((r) => presentContract(r as Record<string, unknown>, today));
  return { items, activeCount: items.filter((c) => c.status === 'active').length };
}
