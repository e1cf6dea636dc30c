/** Reading many customers: the filtered, sorted, paged list and the Ctrl+K search (what a text looks for: search-plan.ts). All permission-filtered. */
import { sql, type SQL } from 'drizzle-orm';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { toIso } from '../../db/values.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import type { CustomerListQuery } from '../../../common/customer.schemas.ts';
import { listCustomFields, type CustomFieldDef } from './custom-fields.service.ts';
import { likeEscape } from './customer-fields.ts';
import { presentCustomer, type CustomerRow } from './customers.service.ts';
import { withListExtras } from './list-extras.ts';
import { fuzzyPlan, searchConditions, type SearchPart, type SearchPlan } from './search-plan.ts';

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

export async function listConditions(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'sort' | 'page' | 'pageSize'>) {
  const { base, search } = await listFilters(db, actor, query);
  return resolveSearch(db, base, search);
}

/** The list's filters (permission scope included) as one condition, and the search plan of its text. */
/** The condition "member of saved segment id" on alias c, set at boot by the segments module (which reads customers, so customers cannot import it). */
type SegmentFilter = (db: Db, actor: Actor, segmentId: string) => Promise<SQL>;
let segmentFilter: SegmentFilter = async () => { throw new Error('segment filter not set'); };
export function setCustomerSegmentFilter(fn: SegmentFilter): void { segmentFilter = fn; }

async function listFilters(db: Db, actor: Actor, query: Omit<CustomerListQuery, 'sort' | 'page' | 'pageSize'>) {
  const where: SQL[] = [sql`c.deleted_at IS NULL`];
  const scope = customerScopeSql(actor, 'c');
  if (scope) where.push(scope);
  const search = query.q && query.q.trim() ? searchConditions(query.q) : undefined;
  if (query.kind) where.push(sql`c.kind = ${query.kind}`);
  if (query.ids?.length) where.push(sql`c.id IN (${sql.join(query.ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
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
  if (query.segmentId) where.push(sql`(${await segmentFilter(db, actor, query.segmentId)})`);
  // `plain`: the live customers alone, no filter or scope (whose count the statistics may answer: cappedCount).
  return { base: sql.join(where, sql` AND `), search, plain: where.length === 1 };
}

const countCapped = async (db: Db, where: SQL) =>
  ((await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${COUNT_CAP + 1}) x`)).rows[0] as { n: number }).n;

/**
 * The matches of `where`, counted up to COUNT_CAP + 1, as an SQL value. For every live customer (`plain`: no filter,
 * no scope) the statistics answer first: when the planner's estimate of live customers (the customers_live index,
 * kept by ANALYZE and autovacuum, or the embedded maintenance job) is at least twice the cap, the list is "10,000+"
 * without reading 10,001 index entries (2–5 ms a list page at 1M under load, docs/benchmarks.md). Below that, or never
 * analyzed (-1), it counts. The count's subquery is an InitPlan, run only if its branch is taken.
 */
const cappedCount = (where: SQL, plain: boolean) => {
  const count = sql`(SELECT count(*)::int FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${sql.raw(String(COUNT_CAP + 1))}) x)`;
  if (!plain) return count;
  return sql`(CASE WHEN (SELECT reltuples FROM pg_class WHERE oid = 'customers_live'::regclass) >= ${sql.raw(String(2 * COUNT_CAP))}
    THEN ${sql.raw(String(COUNT_CAP + 1))} ELSE ${count} END)`;
};

/**
 * A text that very many customers contain (a common surname or first name) is not ranked: fetching, ranking and
 * counting every one of tens of thousands of matches costs far more than the 50 ms a search may take (bench/).
 * A probe reads the WINDOW most recently updated customers from a covering index (no table reads) and counts the
 * matches among them. With at least DENSE_MIN matches the text is dense: its matches are listed most recently
 * active first by walking that same index (exact order, cost ∝ rows wanted ÷ density) and the total is estimated
 * from the probe. Otherwise the trigram index finds every match, which is then ranked and counted exactly.
 */
const WINDOW = 4000;
const DENSE_MIN = 25;
type Dense = { density: number; estimate: number };

/**
 * Texts that may be dense: names (a common surname), and short numbers — three to six digits («۸۷۶», a ticket number
 * typed in the one search box) are inside thousands of phone numbers (16,074 of 1M customers for «876»: 160 ms to
 * read them all and sort, bench/). A full phone, an ID or an email is selective: the exact path is fast.
 */
const mayBeDense = (plan: SearchPlan) => !!plan.fuzzyWords || /^\d{3,6}$/.test(plan.text);

/**
 * The probe in two steps: the most recent FIRST customers, then the whole WINDOW only when at least ESCALATE of those
 * match. A text with fewer is far from dense (at the dense threshold, 6.25 matches are expected in 1,000; ≤ 1 happens
 * 1.4 % of the time, and then the exact path still answers, only slower). Most texts stop at the first step, a quarter
 * of the reading (the window's rows are the recently updated ones, whose pages the index cannot vouch for: up to a
 * third of them are read from the table under load).
 */
const FIRST = 1000;
const ESCALATE = 2;

/**
 * Texts found dense lately, per database handle, for DENSE_TTL_MS: a common name is what people search most, and its
 * density changes slowly. Only the decision and the estimate are kept — the listed rows are always read — and only
 * dense answers: a text that was not dense is probed again next time (a new name must not wait to be found exactly).
 */
const denseSeen = new WeakMap<object, Map<string, { until: number; dense: Dense }>>();
const DENSE_TTL_MS = 60_000;
const DENSE_SEEN_MAX = 500;

async function probeDensity(db: Db, plan: SearchPlan): Promise<Dense | undefined> {
  let seen = denseSeen.get(db);
  if (!seen) denseSeen.set(db, (seen = new Map()));
  const hit = seen.get(plan.testKey);
  if (hit && hit.until > Date.now()) return hit.dense;
  const dense = await probeWindow(db, plan.test);
  seen.delete(plan.testKey);
  if (!dense) return undefined;
  if (seen.size >= DENSE_SEEN_MAX) seen.delete(seen.keys().next().value!);
  seen.set(plan.testKey, { until: Date.now() + DENSE_TTL_MS, dense });
  return dense;
}

async function probeWindow(db: Db, match: SQL): Promise<Dense | undefined> {
  const probe = async (window: number) => {
    const res = await db.execute(sql`
      SELECT count(*) FILTER (WHERE ${match})::int AS m, count(*)::int AS w,
        (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'customers'::regclass) AS total
      FROM (SELECT c.search_doc FROM customers c WHERE c.deleted_at IS NULL ORDER BY c.updated_at DESC NULLS LAST, c.id LIMIT ${window}) c`);
    return res.rows[0] as { m: number; w: number; total: string | number };
  };
  const first = await probe(FIRST);
  if (first.m < ESCALATE || first.w < FIRST) return undefined;
  const { m, w, total } = await probe(WINDOW);
  if (m < DENSE_MIN || w < WINDOW) return undefined;
  const density = m / w;
  return { density, estimate: Math.max(Math.round((density * Number(total)) / 100) * 100, m) };
}

/** Ids of the `limit` most recently updated matches after `offset`, walking the covering index in order. */
async function denseIds(db: Db, match: SQL, density: number, offset: number, limit: number): Promise<string[]> {
  // Walk far enough to find the rows wanted at the probed density (with margin), widening if the guess fell short.
  for (let walk = Math.ceil(((offset + limit) / density) * 2) + 500; ; walk *= 4) {
    const res = await db.execute(sql`
      SELECT c.id FROM (SELECT c.id, c.search_doc, c.updated_at FROM customers c WHERE c.deleted_at IS NULL
        ORDER BY c.updated_at DESC NULLS LAST, c.id LIMIT ${walk}) c
      WHERE ${match} LIMIT ${limit} OFFSET ${offset}`);
    if (res.rows.length === limit || walk >= 50_000_000) return res.rows.map((r) => String((r as { id: string }).id));
    const seen = (await db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM customers c WHERE c.deleted_at IS NULL LIMIT ${walk}) x`)).rows[0] as { n: number };
    if (seen.n < walk) return res.rows.map((r) => String((r as { id: string }).id)); // walked every customer
  }
}

/** The filters joined with the exact search, or with the fuzzy one when nothing matches exactly; with the count. */
async function resolveSearch(db: Db, base: SQL, search: SearchPlan | undefined): Promise<{ where: SQL; rank?: SQL; n: number }> {
  if (!search) return { where: base, n: await countCapped(db, base) };
  if (search.key) {
    const owners = sql`${base} AND ${search.key}`;
    const n = await countCapped(db, owners);
    if (n > 0) return { where: owners, rank: sql`0::int`, n };
  }
  const exact = sql`${base} AND ${search.exact.where}`;
  const n = await countCapped(db, exact);
  const near = n > 0 ? undefined : await fuzzyPlan(db, search);
  if (!near) return { where: exact, rank: search.exact.rank, n };
  const fuzzy = sql`${base} AND ${near.where}`;
  return { where: fuzzy, rank: near.rank, n: await countCapped(db, fuzzy) };
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
  // The (last_activity_at DESC NULLS LAST, id) index, or its reverse; never-touched records come last (first reversed).
  lastActivity: sql`c.last_activity_at ASC NULLS FIRST, c.id DESC`,
  '-lastActivity': sql`c.last_activity_at DESC NULLS LAST, c.id ASC`,
};
/** A plain list (no search text, no sort chosen) shows the most recently touched customers first. */
export const DEFAULT_CUSTOMER_SORT = '-lastActivity';

/** Totals are exact up to this many rows; above it the list says "10,000+" rather than counting a million rows. */
export const COUNT_CAP = 10_000;

export async function listCustomers(db: Db, actor: Actor, query: CustomerListQuery, now: Date = new Date()) {
  const page = await listCustomersPage(db, actor, query);
  return { ...page, items: await withListExtras(db, actor, page.items, now) };
}

async function listCustomersPage(db: Db, actor: Actor, query: CustomerListQuery) {
  assertCan(actor, 'customers', 'read');
  const offset = (query.page - 1) * query.pageSize;
  const page = { page: query.page, pageSize: query.pageSize };
  const dense = await denseSearch(db, actor, query, offset, query.pageSize);
  if (dense) return { items: dense.items, total: dense.estimate, totalCapped: false, totalEstimated: true, ...page };
  const { base, search, plain } = await listFilters(db, actor, query);
  const page1 = async (where: SQL, order: SQL) => {
    // The page and the total in one statement: the matches are read once (a search's matches are few here; a
    // very common text took the dense path above).
    const res = await db.execute(sql`
      SELECT ${PRESENTED}, u.name AS owner_name, count(*) OVER ()::int AS total_n FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      WHERE ${where} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${offset}`);
    const rows = res.rows as Record<string, unknown>[];
    // Past the last page the window count is lost with the rows: count on its own.
    const n = rows.length ? Number(rows[0].total_n) : offset > 0 ? await countCapped(db, where) : 0;
    return { items: rows.map(({ total_n: _t, ...r }) => presentRaw(r)), n };
  };
  const done = (r: { items: ReturnType<typeof presentRaw>[]; n: number }) => ({
    items: r.items, total: Math.min(r.n, COUNT_CAP), totalCapped: r.n > COUNT_CAP, totalEstimated: false, ...page,
  });
  if (!search) {
    // The page and its total in one statement; past the last page there is no row to carry the total.
    const res = await db.execute(sql`
      SELECT ${PRESENTED}, u.name AS owner_name, ${cappedCount(base, plain)} AS total_n FROM customers c LEFT JOIN users u ON u.id = c.owner_id
      WHERE ${base} ORDER BY ${ORDER[query.sort ?? DEFAULT_CUSTOMER_SORT]} LIMIT ${query.pageSize} OFFSET ${offset}`);
    const rows = res.rows as Record<string, unknown>[];
    const n = rows.length ? Number(rows[0].total_n) : offset > 0 ? await countCapped(db, base) : 0;
    return done({ items: rows.map(({ total_n: _t, ...r }) => presentRaw(r)), n });
  }
  const orderBy = (rank: SQL) => (query.sort ? ORDER[query.sort] : sql`${rank} DESC, c.updated_at DESC, c.id`);
  if (search.key) {
    const owners = await page1(sql`${base} AND ${search.key}`, orderBy(sql`0::int`));
    if (owners.n > 0) return done(owners);
  }
  const exact = await page1(sql`${base} AND ${search.exact.where}`, orderBy(search.exact.rank));
  if (exact.n > 0) return done(exact);
  const near = await fuzzyPlan(db, search);
  return done(near ? await page1(sql`${base} AND ${near.where}`, orderBy(near.rank)) : exact);
}

/**
 * The dense path (see probeDensity) for a plain search: a text and nothing else to filter on, no explicit sort, and
 * an actor who sees every customer. Anything more specific takes the exact path, whose cost the filters bound.
 */
async function denseSearch(db: Db, actor: Actor, query: CustomerListQuery, offset: number, limit: number) {
  const { q, sort, page: _p, pageSize: _s, ...filters } = query;
  const filtered = Object.values(filters).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0));
  if (!q?.trim() || sort || filtered || customerScopeSql(actor, 'c')) return undefined;
  const plan = searchConditions(q);
  if (!plan || !mayBeDense(plan)) return undefined;
  const dense = await probeDensity(db, plan);
  if (!dense) return undefined;
  const ids = await denseIds(db, plan.test, dense.density, offset, limit);
  if (!ids.length) return { items: [], estimate: dense.estimate };
  const rows = await db.execute(sql`
    SELECT ${PRESENTED}, u.name AS owner_name FROM customers c LEFT JOIN users u ON u.id = c.owner_id
    WHERE c.id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) ORDER BY c.updated_at DESC NULLS LAST, c.id`);
  return { items: rows.rows.map((r) => presentRaw(r as Record<string, unknown>)), estimate: dense.estimate };
}

/**
 * The customers columns presentRaw shows, for list pages and exports: `c.*` also carried search_doc, the phone and
 * email keys and the import/erasure bookkeeping (~30 % of a row's bytes at 1M), parsed and then dropped per row.
 */
export const PRESENTED = sql.raw(['id', 'kind', 'first_name', 'last_name', 'org_name', 'latin_name', 'display_name', 'title', 'gender',
  'phones', 'emails', 'addresses', 'city', 'province', 'national_id', 'company_national_id', 'economic_code', 'registration_no',
  'birthday', 'preferred_channel', 'contact_hours', 'interests', 'tags', 'owner_id', 'team_id', 'source', 'lifecycle_stage',
  'sms_consent', 'sms_consent_at', 'email_consent', 'email_consent_at', 'custom', 'created_at', 'updated_at',
  'referred_by_customer_id', 'last_activity_at'].map((col) => `c.${col}`).join(', '));

/** snake_case column → camelCase key, computed once per column name (a list page converts ~55 columns × 25 rows). */
const camelKeys = new Map<string, string>();
const camelKey = (k: string) => {
  let c = camelKeys.get(k);
  if (c === undefined) { c = k.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()); if (camelKeys.size < 1000) camelKeys.set(k, c); }
  return c;
};

/** Turns a raw snake_case customers row (from SQL) into the presented shape. */
export function presentRaw(r: Record<string, unknown>) {
  const camel: Record<string, unknown> = {};
  for (const k in r) camel[camelKey(k)] = r[k];
  const row = camel as unknown as CustomerRow & { ownerName?: string | null };
  for (const k of ['createdAt', 'updatedAt', 'smsConsentAt', 'emailConsentAt', 'lastActivityAt'] as const) {
    const v = row[k] as unknown;
    if (typeof v === 'string') (row as Record<string, unknown>)[k] = new Date(toIso(v));
  }
  if (row.birthday && typeof row.birthday !== 'string') row.birthday = new Date(row.birthday as unknown as Date).toISOString().slice(0, 10);
  return { ...presentCustomer(row, row.ownerId ? { id: row.ownerId, name: row.ownerName ?? '' } : null), lastActivityAt: row.lastActivityAt ?? null };
}

type SearchHit = { id: string; displayName: string; kind: 'person' | 'organization'; phone: string | null; email: string | null; lifecycleStage: string; city: string | null };

/**
 * The Ctrl+K box: best exact matches first, topped up with near (typo) matches when there are too few — unless
 * `fuzzy` is false (the one search box asks for near matches only when no kind of record matched exactly).
 */
export async function quickSearch(db: Db, actor: Actor, q: string, limit: number, fuzzy = true) {
  assertCan(actor, 'customers', 'read');
  const plan = searchConditions(q);
  if (!plan) return { items: [] };
  const scope = customerScopeSql(actor, 'c');
  const base = sql`c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}`;
  const columns = sql`c.id, c.display_name AS "displayName", c.kind, c.phones->0->>'number' AS phone, c.emails->0->>'address' AS email,
           c.lifecycle_stage AS "lifecycleStage", c.city`;
  const run = async (part: SearchPart, extra: SQL, n: number) => (await db.execute(sql`
    SELECT ${columns}
    FROM customers c
    WHERE ${base} AND ${part.where} AND ${extra}
    ORDER BY ${part.rank} DESC, c.updated_at DESC LIMIT ${n}`)).rows as SearchHit[];
  if (plan.key) {
    const owners = await run({ where: plan.key, rank: sql`0::int` }, sql`true`, limit);
    if (owners.length) return { items: owners };
  }
  // A text very many customers contain: the most recently active of them (see probeDensity).
  const dense = !scope && mayBeDense(plan) ? await probeDensity(db, plan) : undefined;
  if (dense) {
    const ids = await denseIds(db, plan.test, dense.density, 0, limit);
    const rows = ids.length ? (await db.execute(sql`SELECT ${columns} FROM customers c WHERE c.id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
      ORDER BY c.updated_at DESC NULLS LAST, c.id`)).rows as SearchHit[] : [];
    return { items: rows };
  }
  const items = await run(plan.exact, sql`true`, limit);
  const near = fuzzy && items.length < limit ? await fuzzyPlan(db, plan) : undefined;
  if (near) items.push(...await run(near, sql`NOT ${plan.test}`, limit - items.length));
  return { items };
}
