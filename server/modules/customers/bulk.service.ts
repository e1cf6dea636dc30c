/**
 * Many customers at once (an import's chunk): the same derivations and checks as createCustomer, and the same
 * duplicate keys as findDuplicates, in a fixed number of statements per chunk instead of several per record.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertCan, customerScopeSql, userBrief, type Actor } from '../auth/index.ts';
import { auditCreateMany } from '../audit/index.ts';
import type { CustomerCreate } from '../../../common/customer.schemas.ts';
import type { Clock } from '../../clock.ts';
import { customers } from './customers.tables.ts';
import { buildSearchDoc, displayNameOf, emailKeysOf, phoneKeysOf, withPrimaryPhone } from './customer-fields.ts';
import { checkCustomValuesWith, listCustomFields } from './custom-fields.service.ts';
import { serverSecret } from '../settings/index.ts';
import { erasedContactMatchMany } from './erased-contacts.ts';
import { insertRowsJson } from '../../db/bulk-insert.ts';
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
  const res = await db.execute(sql`SELECT * FROM (${sql.join(branches, sql` UNION `)}) d ORDER BY d.created_at, d.id`);
  const rows = res.rows as DuplicateRow[];
  return queries.map((q) => rows.flatMap((r) => {
    const m = duplicateMatch(q, r);
    return m.matchedOn.length ? [m] : [];
  }).slice(0, 10));
}

export type BulkItem = { id: string; input: CustomerCreate; extras: CreateExtras };

/**
 * Creates the items whose checks pass, in one insert and one audit insert; returns each item's problem (null: created).
 * No duplicate check (the caller decided) and no organizations (a person's links need records that exist).
 */
export async function createCustomersBulk(tx: Db, actor: Actor, clock: Clock, items: BulkItem[]): Promise<(string | null)[]> {
  assertCan(actor, 'customers', 'create');
  const defs = await listCustomFields(tx, { activeOnly: true });
  const owners = new Map<string, { teamId: string | null } | null>();
  for (const ownerId of new Set(items.map((i) => (i.input.ownerId === undefined ? actor.userId : i.input.ownerId)).filter((o): o is string => Boolean(o)))) {
    const u = await userBrief(tx, ownerId);
    owners.set(ownerId, u && u.active ? { teamId: u.teamId } : null);
  }
  const now = clock.now();
  const secret = await serverSecret(tx);
  // An erased person comes back only with renewed consent, which a file cannot carry: such a row is refused.
  const erasedKinds = await erasedContactMatchMany(tx, secret, items.map(({ input }) => ({ phones: phoneKeysOf(input.phones), emails: emailKeysOf(input.emails), nationalId: input.nationalId })));
  const problems: (string | null)[] = [];
  const values: (typeof customers.$inferInsert)[] = [];
  for (const [k, { id, input, extras }] of items.entries()) {
    try {
      if (input.organizations.length || input.teamId) throw new AppError('VALIDATION_FAILED', 'Organizations and teams are not set in bulk');
      const erased = erasedKinds[k];
      if (erased.length) throw new AppError('ERASED_CONTACT', 'This contact belongs to an erased customer; add it by hand only if the person consented again', { matchedOn: erased.join(', ') });
      const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
      const owner = ownerId ? owners.get(ownerId) : null;
      if (ownerId && !owner) throw new AppError('VALIDATION_FAILED', 'The owner must be an active user', { ownerId: 'unknown or inactive user' });
      const custom = checkCustomValuesWith(defs, input.custom, null);
      const phones = withPrimaryPhone(input.phones);
      const { force: _force, organizations: _o, consentAgain: _c, ...fields } = input;
      values.push({
        ...fields, id, phones, custom, ownerId, teamId: owner?.teamId ?? null,
        displayName: displayNameOf(input), phoneKeys: phoneKeysOf(phones), emailKeys: emailKeysOf(input.emails),
        searchDoc: buildSearchDoc({ ...input, phones, custom }),
        smsConsentAt: input.smsConsent ? now : null, emailConsentAt: input.emailConsent ? now : null,
        createdBy: actor.userId, createdAt: now, updatedAt: now,
        externalId: extras.externalId ?? null, importBatchId: extras.importBatchId ?? null,
      });
      problems.push(null);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const d = err.details && typeof err.details === 'object' ? Object.entries(err.details as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join('; ') : '';
      problems.push(d ? `${err.message} (${d})` : err.message);
    }
  }
  if (values.length) {
    // One statement each, whatever the chunk's size (server/db/bulk-insert.ts).
    await insertRowsJson(tx, customers, values);
    await auditCreateMany(tx, actor, 'customer', values.map((v) => ({ entityId: v.id!, customerId: v.id!, snapshot: { displayName: v.displayName } })));
  }
  return problems;
}
