/** Reading many customers: the filtered, sorted, paged list; the one-box search; CSV export. All permission-filtered. */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { toIso } from '../../db/values.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/policy.ts';
import { faNorm, faCompact } from '../../../common/fa-normalize.ts';
import { phoneSearchKey } from '../../../common/phone.ts';
import { cleanId } from '../../../common/national-id.ts';
import type { CustomerListQuery } from '../../../common/customer.schemas.ts';
import { listCustomFields, type CustomFieldDef } from './custom-fields.service.ts';
import { likeEscape } from './customer-fields.ts';
import { presentCustomer, type CustomerRow } from './customers.service.ts';

/**
 * The search condition and a relevance expression for one search box text.
 * Phone-like text searches the phone digits; anything else the normalized names/emails/IDs,
 * as a substring (spaced or compact), or word by word — every word must be found, as a substring or, for typos,
 * by trigram word similarity — so "علی کریمی" finds "علي كريمي" and "علی کرمی" but not "سارا کریمی".
 */
export function searchCondition(q: string, alias = 'c'): { where: SQL; rank: SQL } | undefined {
  const a = sql.raw(alias);
  const pk = phoneSearchKey(q);
  if (pk) {
    const pattern = `%${pk}%`;
    return { where: sql`${a}.search_doc LIKE ${pattern}`, rank: sql`0::int` };
  }
  const qn = faNorm(q);
  if (!qn) return undefined;
  const qc = faCompact(q);
  const idDigits = cleanId(q);
  const like = `%${likeEscape(qn)}%`;
  const likeCompact = `%${likeEscape(qc)}%`;
  const parts = [sql`${a}.search_doc LIKE ${like}`];
  if (qc !== qn) parts.push(sql`${a}.search_doc LIKE ${likeCompact}`);
  // Typo tolerance is for names: an email address would match everyone at the same domain.
  const fuzzy = !qn.includes('@');
  const words = qn.split(' ');
  const wordMatch = (w: string) => (fuzzy && w.length >= 3
    ? sql`(${a}.search_doc LIKE ${`%${likeEscape(w)}%`} OR ${w} <% ${a}.search_doc)`
    : sql`${a}.search_doc LIKE ${`%${likeEscape(w)}%`}`);
  if (words.length > 1) parts.push(sql`(${sql.join(words.map(wordMatch), sql` AND `)})`);
  else if (fuzzy && qn.length >= 3) parts.push(sql`${qn} <% ${a}.search_doc`);
  if (/^\d{8,11}$/.test(idDigits) && idDigits !== qn) parts.push(sql`${a}.search_doc LIKE ${`%${idDigits}%`}`);
  return {
    where: sql`(${sql.join(parts, sql` OR `)})`,
    rank: sql`(CASE WHEN ${a}.search_doc LIKE ${likeEscape(qn) + '%'} THEN 2 WHEN ${a}.search_doc LIKE ${like} THEN 1 ELSE 0 END + word_similarity(${qn}, ${a}.search_doc))`,
  };
}

function customFilterSql(defs: CustomFieldDef[], filter: Record<string, unknown>): SQL[] {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const out: SQL[] = [];
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    const def = byKey.get(key);
    if (!def) { errors[`custom.${key}`] = 'unknown custom field'; continue; }
    const range = typeof value === 'object' && value !== null ? value as { min?: unknown; max?: unknown } : undefined;
    switch (def.type) {
      case 'text':
        if (typeof value !== 'string') { errors[`custom.${key}`] = 'expects text'; break; }
        out.push(sql`fa_norm(c.custom->>${key}) LIKE ${`%${likeEscape(faNorm(value))}%`}`);
        break;
      case 'number': {
        const num = sql`(CASE WHEN jsonb_typeof(c.custom->${key}) = 'number' THEN (c.custom->>${key})::numeric END)`;
        if (range) {
          if (range.min !== undefined) { const n = Number(range.min); if (!Number.isFinite(n)) errors[`custom.${key}`] = 'min must be a number'; else out.push(sql`${num} >= ${n}`); }
          if (range.max !== undefined) { const n = Number(range.max); if (!Number.isFinite(n)) errors[`custom.${key}`] = 'max must be a number'; else out.push(sql`${num} <= ${n}`); }
        } else {
          const n = Number(value);
          if (!Number.isFinite(n)) errors[`custom.${key}`] = 'expects a number'; else out.push(sql`${num} = ${n}`);
        }
        break;
      }
      case 'date': {
        const iso = /^\d{4}-\d{2}-\d{2}$/;
        if (range) {
          if (range.min !== undefined) { if (!iso.test(String(range.min))) errors[`custom.${key}`] = 'min must be YYYY-MM-DD'; else out.push(sql`c.custom->>${key} >= ${String(range.min)}`); }
          if (range.max !== undefined) { if (!iso.test(String(range.max))) errors[`custom.${key}`] = 'max must be YYYY-MM-DD'; else out.push(sql`c.custom->>${key} <= ${String(range.max)}`); }
        } else if (iso.test(String(value))) out.push(sql`c.custom->>${key} = ${String(value)}`);
        else errors[`custom.${key}`] = 'expects YYYY-MM-DD';
        break;
      }
      case 'boolean':
        if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') { errors[`custom.${key}`] = 'expects true or false'; break; }
        out.push(sql`c.custom @> ${JSON.stringify({ [key]: value === true || value === 'true' })}::jsonb`);
        break;
      case 'select':
        if (typeof value !== 'string') { errors[`custom.${key}`] = 'expects an option'; break; }
        out.push(sql`c.custom @> ${JSON.stringify({ [key]: value })}::jsonb`);
        break;
      case 'multi_select':
        if (typeof value !== 'string') { errors[`custom.${key}`] = 'expects an option'; break; }
        out.push(sql`c.custom @> ${JSON.stringify({ [key]: [value] })}::jsonb`);
        break;
    }
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Invalid custom field filter', errors);
  return out;
}

async function listConditions(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'sort' | 'page' | 'pageSize'>) {
  const where: SQL[] = [sql`c.deleted_at IS NULL`];
  const scope = customerScopeSql(actor, 'c');
  if (scope) where.push(scope);
  let rank: SQL | undefined;
  if (query.q && query.q.trim()) {
    const s = searchCondition(query.q);
    if (s) { where.push(s.where); rank = s.rank; }
  }
  if (query.kind) where.push(sql`c.kind = ${query.kind}`);
  if (query.stage?.length) where.push(sql`c.lifecycle_stage IN (${sql.join(query.stage.map((s) => sql`${s}`), sql`, `)})`);
  if (query.source?.length) where.push(sql`c.source IN (${sql.join(query.source.map((s) => sql`${s}`), sql`, `)})`);
  if (query.tag?.length) where.push(sql`c.tags && ${sql.param(query.tag)}::text[]`);
  if (query.ownerId === 'me') where.push(sql`c.owner_id = ${actor.userId}`);
  else if (query.ownerId === 'none') where.push(sql`c.owner_id IS NULL`);
  else if (query.ownerId) where.push(sql`c.owner_id = ${query.ownerId}`);
  if (query.city) where.push(sql`fa_norm(c.city) = ${faNorm(query.city)}`);
  if (query.smsConsent !== undefined) where.push(sql`c.sms_consent = ${query.smsConsent}`);
  if (query.createdFrom) where.push(sql`c.created_at >= ${query.createdFrom}::date`);
  if (query.createdTo) where.push(sql`c.created_at < (${query.createdTo}::date + 1)`);
  if (query.custom && Object.keys(query.custom).length) where.push(...customFilterSql(await listCustomFields(db), query.custom));
  return { where: sql.join(where, sql` AND `), rank };
}

const ORDER: Record<string, SQL> = {
  name: sql`c.display_name ASC, c.id ASC`,
  '-name': sql`c.display_name DESC, c.id DESC`,
  // Exactly the order of the (created_at DESC NULLS LAST, id) and (updated_at DESC NULLS LAST, id) indexes, or its
  // reverse: otherwise no index serves it and the default list sorts every row (1.7 s at 1M customers, bench/).
  created: sql`c.created_at ASC NULLS FIRST, c.id DESC`,
  '-created': sql`c.created_at DESC NULLS LAST, c.id ASC`,
  updated: sql`c.updated_at ASC NULLS FIRST, c.id DESC`,
  '-updated': sql`c.updated_at DESC NULLS LAST, c.id ASC`,
};

/** Totals are exact up to this many rows; above it the list says "10,000+" rather than counting a million rows. */
export const COUNT_CAP = 10_000;

export async function listCustomers(db: Db, actor: Actor, query: CustomerListQuery) {
  assertCan(actor, 'customers', 'read');
  const { where, rank } = await listConditions(db, actor, query);
  const order = rank && !query.sort ? sql`${rank} DESC, c.updated_at DESC, c.id` : ORDER[query.sort ?? '-updated'];
  const offset = (query.page - 1) * query.pageSize;
  const rows = await db.execute(sql`
    SELECT c.*, u.name AS owner_name FROM customers c LEFT JOIN users u ON u.id = c.owner_id
    WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset}`);
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${COUNT_CAP + 1}) x`)).rows as { n: number }[];
  return {
    items: rows.rows.map((r) => presentRaw(r as Record<string, unknown>)),
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Turns a raw snake_case customers row (from SQL) into the presented shape. */
export function presentRaw(r: Record<string, unknown>) {
  const camel = Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()), v]));
  const row = camel as unknown as CustomerRow & { ownerName?: string | null };
  for (const k of ['createdAt', 'updatedAt', 'smsConsentAt', 'emailConsentAt'] as const) {
    const v = row[k] as unknown;
    if (typeof v === 'string') (row as Record<string, unknown>)[k] = new Date(toIso(v));
  }
  if (row.birthday && typeof row.birthday !== 'string') row.birthday = new Date(row.birthday as unknown as Date).toISOString().slice(0, 10);
  return presentCustomer(row, row.ownerId ? { id: row.ownerId, name: row.ownerName ?? '' } : null);
}

/** The Ctrl+K box: best matches first, a few fields each. */
export async function quickSearch(db: Db, actor: Actor, q: string, limit: number) {
  assertCan(actor, 'customers', 'read');
  const s = searchCondition(q);
  if (!s) return { items: [] };
  const scope = customerScopeSql(actor, 'c');
  const res = await db.execute(sql`
    SELECT c.id, c.display_name AS "displayName", c.kind, c.phones->0->>'number' AS phone, c.emails->0->>'address' AS email,
           c.lifecycle_stage AS "lifecycleStage", c.city
    FROM customers c
    WHERE c.deleted_at IS NULL AND ${s.where} ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY ${s.rank} DESC, c.updated_at DESC LIMIT ${limit}`);
  return { items: res.rows };
}

const CSV_COLUMNS = ['id', 'kind', 'displayName', 'firstName', 'lastName', 'orgName', 'latinName', 'phones', 'emails', 'city', 'province',
  'nationalId', 'companyNationalId', 'economicCode', 'birthday', 'lifecycleStage', 'source', 'tags', 'owner', 'smsConsent', 'emailConsent', 'createdAt'] as const;

function csvCell(v: unknown): string {
  let s = v == null ? '' : Array.isArray(v) ? v.join('; ') : v instanceof Date ? v.toISOString() : String(v);
  // Cells that a spreadsheet would run as a formula are prefixed (CSV injection); a plain signed number such as
  // an E.164 phone is left as it is.
  if (/^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-][\d ]+$/.test(s))) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV of every customer matching the filters (export permission), streamed in pages of 1,000. */
export async function* exportCustomersCsv(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'page' | 'pageSize'>) {
  assertCan(actor, 'customers', 'export');
  const { where } = await listConditions(db, actor, query);
  yield '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n';
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const res = await db.execute(sql`
      SELECT c.*, u.name AS owner_name, c.created_at::text AS created_key FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      WHERE ${where} ${after ? sql`AND (c.created_at, c.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
      ORDER BY c.created_at, c.id LIMIT 1000`);
    if (!res.rows.length) return;
    for (const r of res.rows as Record<string, unknown>[]) {
      const c = presentRaw(r);
      const values: Record<string, unknown> = { ...c, phones: c.phones.map((p) => p.number), emails: c.emails.map((e) => e.address), owner: c.owner?.name };
      yield CSV_COLUMNS.map((k) => csvCell(values[k])).join(',') + '\r\n';
    }
    const last = res.rows[res.rows.length - 1] as { created_key: string; id: string };
    after = { at: last.created_key, id: last.id };
  }
}
