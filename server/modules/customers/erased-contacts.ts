/** Keyed hashes of erased contacts: written on erasure, matched on create and import, removed on renewed consent. */
import { createHmac } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { cleanId } from '../../../common/national-id.ts';
import { erasedContacts } from './erased-contacts.tables.ts';

export type ContactKeys = { phones?: string[]; emails?: string[]; nationalId?: string | null };
type Kind = 'phone' | 'email' | 'national_id';

/** Normalizes as the customer record does: phones to E.164 (Iran by default), emails lowercase, IDs to Latin digits. */
export function normalizedContacts(c: ContactKeys): { kind: Kind; value: string }[] {
  const out: { kind: Kind; value: string }[] = [];
  for (const p of c.phones ?? []) {
    const n = normalizePhone(p);
    if (n.ok) out.push({ kind: 'phone', value: n.e164 });
  }
  for (const e of c.emails ?? []) {
    const v = e.trim().toLowerCase();
    if (v) out.push({ kind: 'email', value: v });
  }
  if (c.nationalId) {
    const v = cleanId(c.nationalId);
    if (v) out.push({ kind: 'national_id', value: v });
  }
  return [...new Map(out.map((o) => [`${o.kind}:${o.value}`, o])).values()];
}

export function contactHash(secret: string, kind: Kind, value: string): string {
  return createHmac('sha256', secret).update(`${kind}:${value}`).digest('hex');
}

const hashesOf = (secret: string, c: ContactKeys) => normalizedContacts(c).map((o) => ({ kind: o.kind, hash: contactHash(secret, o.kind, o.value) }));

/** Which of the given contacts belong to an erased customer (the kinds that matched; empty when none). */
export async function erasedContactMatch(db: Db, secret: string, c: ContactKeys): Promise<Kind[]> {
  const hashes = hashesOf(secret, c);
  if (!hashes.length) return [];
  const rows = await db.select({ kind: erasedContacts.kind }).from(erasedContacts).where(inArray(erasedContacts.hash, hashes.map((h) => h.hash)));
  return [...new Set(rows.map((r) => r.kind))];
}

/** erasedContactMatch for many contacts in one statement: each one's matched kinds, in order. */
export async function erasedContactMatchMany(db: Db, secret: string, cs: ContactKeys[]): Promise<Kind[][]> {
  // Most databases have erased nobody: then no contact can match, and the keyed hashes (a tenth of an import's CPU)
  // are not worth making.
  const [{ any }] = (await db.execute(sql`SELECT EXISTS (SELECT 1 FROM erased_contacts) AS any`)).rows as { any: boolean }[];
  if (!any) return cs.map(() => []);
  const each = cs.map((c) => hashesOf(secret, c));
  const all = [...new Set(each.flatMap((h) => h.map((x) => x.hash)))];
  if (!all.length) return cs.map(() => []);
  const rows = await db.select({ hash: erasedContacts.hash, kind: erasedContacts.kind }).from(erasedContacts).where(sql`${erasedContacts.hash} = ANY(${sql.param(all)}::text[])`);
  if (!rows.length) return cs.map(() => []);
  const kindOf = new Map(rows.map((r) => [r.hash, r.kind as Kind]));
  return each.map((hs) => [...new Set(hs.flatMap((h) => (kindOf.has(h.hash) ? [kindOf.get(h.hash)!] : [])))]);
}

export async function rememberErasedContacts(tx: Db, secret: string, c: ContactKeys, now: Date): Promise<number> {
  const hashes = hashesOf(secret, c);
  if (!hashes.length) return 0;
  await tx.insert(erasedContacts).values(hashes.map((h) => ({ ...h, erasedAt: now }))).onConflictDoNothing();
  return hashes.length;
}

/** The person consented again: their contacts are no longer blocked. */
export async function forgetErasedContacts(tx: Db, secret: string, c: ContactKeys): Promise<number> {
  const hashes = hashesOf(secret, c);
  if (!hashes.length) return 0;
  const gone = await tx.delete(erasedContacts).where(inArray(erasedContacts.hash, hashes.map((h) => h.hash))).returning({ hash: erasedContacts.hash });
  return gone.length;
}
