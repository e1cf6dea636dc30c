/**
 * The marketing contact policy's settings (quiet hours, frequency cap) and the suppression list: read by anyone who
 * sends, changed by an admin only, every change audited (who, when, from what to what, and why for the list).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, systemActor, type Actor } from '../auth/index.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { auditCreate, auditDelete, auditUpdate, listEntityAudit } from '../audit/index.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { toLatinDigits } from '../../../common/fa-normalize.ts';
import { toIso } from '../../db/values.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { contactPolicy, type ContactPolicy, type SuppressionChannel, type SuppressionInput } from '../../../common/contact-policy.schemas.ts';
import { suppressions } from './contact-policy.tables.ts';

const KEY = 'marketing.contactPolicy';
/** The policy is one record: its audit rows carry this fixed id. */
export const CONTACT_POLICY_ENTITY_ID = '00000000-0000-0000-0000-000000000018';
const SYSTEM = systemActor(DEFAULT_ROLES.admin.permissions);

/** The stored policy, or the defaults (a stored value that no longer parses falls back to them too). */
export async function readContactPolicy(db: Db): Promise<ContactPolicy> {
  const parsed = contactPolicy.safeParse((await readSetting(db, KEY)) ?? {});
  return parsed.success ? parsed.data : contactPolicy.parse({});
}

export async function getContactPolicy(db: Db, actor: Actor): Promise<ContactPolicy> {
  assertCan(actor, 'settings', 'read');
  return readContactPolicy(db);
}

export async function setContactPolicy(tx: Db, actor: Actor, input: ContactPolicy): Promise<ContactPolicy> {
  assertCan(actor, 'settings', 'update');
  const before = await readContactPolicy(tx);
  await writeSetting(tx, actor.userId, KEY, input);
  await auditUpdate(tx, actor, 'contact_policy', CONTACT_POLICY_ENTITY_ID, null, before, input);
  return input;
}

/** A phone as E.164 (Iranian forms and Persian digits accepted), an email in lower case; anything else is refused. */
export function normalizeAddress(channel: SuppressionChannel, address: string): string {
  if (channel === 'sms') {
    const p = normalizePhone(address);
    if (!p.ok) throw new AppError('VALIDATION_FAILED', 'Not a phone number', { address: 'not a phone number' });
    return p.e164;
  }
  const e = toLatinDigits(address).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new AppError('VALIDATION_FAILED', 'Not an email address', { address: 'not an email address' });
  return e;
}

type Row = typeof suppressions.$inferSelect;
const present = (r: Row & { createdByName?: string | null }) => ({
  id: r.id, channel: r.channel, address: r.address, reason: r.reason, source: r.source, createdBy: r.createdBy,
  createdByName: r.createdByName ?? null, createdAt: toIso(r.createdAt),
});

export async function listSuppressions(db: Db, actor: Actor, q: { q?: string; channel?: SuppressionChannel; limit: number; offset: number }) {
  assertCan(actor, 'settings', 'update');
  const where: SQL[] = [];
  if (q.channel) where.push(sql`s.channel = ${q.channel}`);
  if (q.q) {
    // A number typed as 0912… is stored as +98912…: search by its digits after the leading 0.
    const latin = toLatinDigits(q.q).trim().toLowerCase();
    const needle = /^0\d/.test(latin) ? latin.slice(1) : latin;
    where.push(sql`s.address LIKE ${'%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`);
  }
  const cond = where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``;
  const rows = (await db.execute(sql`SELECT s.id, s.channel, s.address, s.reason, s.source, s.created_by AS "createdBy", s.created_at AS "createdAt",
      u.name AS "createdByName", count(*) OVER ()::int AS total
    FROM marketing_suppressions s LEFT JOIN users u ON u.id = s.created_by ${cond}
    ORDER BY s.created_at DESC, s.id LIMIT ${q.limit} OFFSET ${q.offset}`)).rows as (Row & { createdByName: string | null; total: number })[];
  let total = rows[0]?.total ?? 0;
  if (!rows.length && q.offset > 0) {
    const [n] = (await db.execute(sql`SELECT count(*)::int AS n FROM marketing_suppressions s ${cond}`)).rows as { n: number }[];
    total = n.n;
  }
  return { items: rows.map(present), total };
}

export async function addSuppression(tx: Db, actor: Actor, clock: Clock, input: SuppressionInput) {
  assertCan(actor, 'settings', 'update');
  const address = normalizeAddress(input.channel, input.address);
  const [row] = await tx.insert(suppressions).values({ channel: input.channel, address, reason: input.reason, source: 'admin', createdBy: actor.userId, createdAt: clock.now() })
    .onConflictDoNothing().returning();
  if (!row) throw new AppError('CONFLICT', 'This address is already on the suppression list', { address: 'already on the list' });
  await auditCreate(tx, actor, 'suppression', row.id, null, { channel: row.channel, address: row.address, reason: row.reason, source: row.source });
  return present(row);
}

export async function removeSuppression(tx: Db, actor: Actor, id: string, reason: string) {
  assertCan(actor, 'settings', 'update');
  const [row] = await tx.delete(suppressions).where(eq(suppressions.id, id)).returning();
  if (!row) throw notFound('Suppression');
  await auditDelete(tx, actor, 'suppression', row.id, null, { channel: row.channel, address: row.address, reason, addedFor: row.reason });
}

/**
 * An opt-out keyword texted from a number on no customer puts the number on the list (source opt_out); an opt-in
 * keyword from it takes that entry off again (an admin's entry stays: it has its own reason). Audited as the system.
 */
export async function unknownNumberConsent(tx: Db, clock: Clock, phone: string, consent: boolean): Promise<void> {
  const p = normalizePhone(phone);
  if (!p.ok) return; // a short code or a sender name: nothing to suppress
  if (!consent) {
    const [row] = await tx.insert(suppressions).values({ channel: 'sms', address: p.e164, reason: 'opt-out keyword (SMS)', source: 'opt_out', createdAt: clock.now() })
      .onConflictDoNothing().returning();
    if (row) await auditCreate(tx, SYSTEM, 'suppression', row.id, null, { channel: 'sms', address: row.address, reason: row.reason, source: 'opt_out' });
    return;
  }
  const [row] = await tx.delete(suppressions).where(and(eq(suppressions.channel, 'sms'), eq(suppressions.address, p.e164), eq(suppressions.source, 'opt_out'))).returning();
  if (row) await auditDelete(tx, SYSTEM, 'suppression', row.id, null, { channel: 'sms', address: row.address, reason: 'opt-in keyword (SMS)', addedFor: row.reason });
}

/** Changes to the policy and the list, newest first (admins). */
export async function contactPolicyLog(db: Db, actor: Actor, limit = 100) {
  assertCan(actor, 'settings', 'update');
  return { items: await listEntityAudit(db, ['contact_policy', 'suppression'], limit) };
}
