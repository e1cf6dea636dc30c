/**
 * Many customers at once (an import's chunk): the same derivations and checks as createCustomer, and the same
 * duplicate keys as findDuplicates, in a fixed number of statements per chunk instead of several per record.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { UNPREPARED } from '../../db/prepared.ts';
import { customerScopeSql, type Actor } from '../auth/index.ts';
import type { CustomerCreate } from '../../../common/customer.schemas.ts';
import type { Clock } from '../../clock.ts';
import { bulkSetup, erasedProblems, insertPreparedCtes, prepareCustomer } from './bulk-prepared.ts';
import { duplicateMatch, type CreateExtras, type DuplicateMatch, type DuplicateQuery, type DuplicateRow } from './customers.service.ts';

/** findDuplicates for each query, in one statement. */
export async function findDuplicatesMany(db: Db, actor: Actor, queries: DuplicateQuery[]): Promise<DuplicateMatch[][]> {
  const phones = [...new Set(queries.flatMap((q) => q.phones ?? []))];
  const emails = [...new Set(queries.flatMap((q) => q.emails ?? []))];
  const nids = [...new Set(queries.flatMap((q) => (q.nationalId ? [q.nationalId] : [])))];
  const cnids = [...new Set(queries.flatMap((q) => (q.companyNationalId ? [q.companyNationalId] : [])))];
  const ext = [...new Set(queries.flatMap((q) => (q.externalId ? [q.externalId] : [])))];
  // One branch per key kind, each a lookup in its own index: a phone or email probes the GIN index once per key
  // (an OR of array overlaps over the whole chunk's keys is planned as a scan that compares every row with every key).
  const scope = customerScopeSql(actor, 'c');
  const cols = sql`c.id, c.display_name, c.phone_keys, c.email_keys, c.national_id, c.company_national_id, c.external_id, c.created_at, ${scope ?? sql`true`} AS visible`;
  const branches = [];
  if (phones.length) branches.push(sql`SELECT ${cols} FROM unnest(${sql.param(phones)}::text[]) AS k(v) JOIN customers c ON c.phone_keys && ARRAY[k.v] WHERE c.deleted_at IS NULL`);
  if (emails.length) branches.push(sql`SELECT ${cols} FROM unnest(${sql.param(emails)}::text[]) AS k(v) JOIN customers c ON c.email_keys && ARRAY[k.v] WHERE c.deleted_at IS NULL`);
  if (nids.length) branches.push(sql`SELECT ${cols} FROM customers c WHERE c.national_id = ANY(${sql.param(nids)}::text[]) AND c.deleted_at IS NULL`);
  if (cnids.length) branches.push(sql`SELECT ${cols} FROM customers c WHERE c.company_national_id = ANY(${sql.param(cnids)}::text[]) AND c.deleted_at IS NULL`);
  if (ext.length) branches.push(sql`SELECT ${cols} FROM customers c WHERE c.external_id = ANY(${sql.param(ext)}::text[]) AND c.deleted_at IS NULL`);
  if (!branches.length) return queries.map(() => []);
  // UNION: a record found by several keys comes once.
  // Planned for its keys each time (never a prepared generic plan: it would scan every customer for every key).
  const res = await db.execute(sql`${sql.raw(UNPREPARED)}SELECT * FROM (${sql.join(branches, sql` UNION `)}) d ORDER BY d.created_at, d.id`);
  const rows = res.rows as DuplicateRow[];
  return queries.map((q) => rows.flatMap((r) => {
    const m = duplicateMatch(q, r);
    return m.matchedOn.length ? [m] : [];
  }).slice(0, 10));
}

export type BulkItem = { id: string; input: CustomerCreate; extras: CreateExtras };

/**
 * Creates the items whose checks pass, in one statement (customers and their audit rows); returns each item's problem
 * (null: created). No duplicate check (the caller decided) and no organizations (a person's links need records that
 * exist). An import prepares its rows ahead instead (bulk-prepared.ts); this is the same in one call.
 */
export async function createCustomersBulk(tx: Db, actor: Actor, clock: Clock, items: BulkItem[]): Promise<(string | null)[]> {
  const setup = await bulkSetup(tx, actor, items.map((i) => i.input.ownerId));
  const now = clock.now();
  const prepared = items.map((item) => prepareCustomer(setup, now, item));
  const good = prepared.flatMap((p) => (p.ok ? [p.row] : []));
  const erased = new Map((await erasedProblems(tx, setup, good)).map((e, k) => [good[k].id, e]));
  const problems = prepared.map((p) => (p.ok ? erased.get(p.row.id) ?? null : p.problem));
  const ctes = insertPreparedCtes(setup, good.filter((r) => !erased.get(r.id)));
  if (ctes) await tx.execute(sql`WITH ${ctes} SELECT 1`);
  return problems;
}
