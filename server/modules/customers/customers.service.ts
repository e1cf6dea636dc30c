/** Customer use cases: create (with duplicate warning), read one, update with audit, soft delete. */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customers, customerRelations } from './customers.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, assertTeamExists, customerScopeSql, userBrief, type Actor } from '../auth/index.ts';
import { auditCreate, auditDelete, auditEvent, auditUpdate } from '../audit/index.ts';
import { serverSecret } from '../settings/index.ts';
import { erasedContactMatch, forgetErasedContacts } from './erased-contacts.ts';
import { emitDomainEvent, recordWebhookEvent } from '../webhooks/index.ts';
import { buildSearchDoc, displayNameOf, emailKeysOf, phoneKeysOf, withPrimaryPhone } from './customer-fields.ts';
import { validateCustomValues } from './custom-fields.service.ts';
import type { CustomerCreate, CustomerUpdate } from '../../../common/customer.schemas.ts';
import type { Clock } from '../../clock.ts';

export type CustomerRow = typeof customers.$inferSelect;

export function presentCustomer(c: CustomerRow, owner?: { id: string; name: string } | null) {
  return {
    id: c.id, kind: c.kind, firstName: c.firstName, lastName: c.lastName, orgName: c.orgName, latinName: c.latinName,
    displayName: c.displayName, title: c.title, gender: c.gender, phones: c.phones, emails: c.emails, addresses: c.addresses,
    city: c.city, province: c.province, nationalId: c.nationalId, companyNationalId: c.companyNationalId,
    economicCode: c.economicCode, registrationNo: c.registrationNo, birthday: c.birthday, preferredChannel: c.preferredChannel,
    contactHours: c.contactHours, interests: c.interests, tags: c.tags, ownerId: c.ownerId, owner: owner ?? null, teamId: c.teamId,
    source: c.source, lifecycleStage: c.lifecycleStage, smsConsent: c.smsConsent, smsConsentAt: c.smsConsentAt,
    emailConsent: c.emailConsent, emailConsentAt: c.emailConsentAt, custom: c.custom, createdAt: c.createdAt, updatedAt: c.updatedAt,
    referredByCustomerId: c.referredByCustomerId,
  };
}
export type CustomerView = ReturnType<typeof presentCustomer>;

/** Loads a customer the actor may see (404 otherwise: a hidden record and a missing one look the same). */
export async function loadVisibleCustomer(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}): Promise<CustomerRow> {
  assertCan(actor, 'customers', 'read');
  const scope = customerScopeSql(actor, 'customers');
  const q = db.select().from(customers).where(and(eq(customers.id, id), isNull(customers.deletedAt), scope ?? sql`true`));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Customer');
  return row;
}

export async function ownerOf(db: Db, ownerId: string | null) {
  if (!ownerId) return null;
  const u = await userBrief(db, ownerId);
  return u ? { id: u.id, name: u.name } : null;
}

export type DuplicateQuery = { phones?: string[]; emails?: string[]; nationalId?: string | null; companyNationalId?: string | null; externalId?: string | null; excludeId?: string };
export type DuplicateMatch = { id: string | null; displayName: string | null; hidden: boolean; matchedOn: ('phone' | 'email' | 'nationalId' | 'companyNationalId' | 'externalId' | 'name' | 'similarName')[] };

/** Records sharing a phone, email or national ID. Records the actor may not see are reported without details. */
export async function findDuplicates(db: Db, actor: Actor, q: DuplicateQuery): Promise<DuplicateMatch[]> {
  const conds = [];
  if (q.phones?.length) conds.push(sql`c.phone_keys && ${sql.param(q.phones)}::text[]`);
  if (q.emails?.length) conds.push(sql`c.email_keys && ${sql.param(q.emails)}::text[]`);
  if (q.nationalId) conds.push(sql`c.national_id = ${q.nationalId}`);
  if (q.companyNationalId) conds.push(sql`c.company_national_id = ${q.companyNationalId}`);
  if (q.externalId) conds.push(sql`c.external_id = ${q.externalId}`);
  if (!conds.length) return [];
  const scope = customerScopeSql(actor, 'c');
  const res = await db.execute(sql`
    SELECT c.id, c.display_name, c.phone_keys, c.email_keys, c.national_id, c.company_national_id, c.external_id,
           ${scope ?? sql`true`} AS visible
    FROM customers c
    WHERE c.deleted_at IS NULL AND (${sql.join(conds, sql` OR `)}) ${q.excludeId ? sql`AND c.id <> ${q.excludeId}` : sql``}
    LIMIT 10`);
  return (res.rows as DuplicateRow[]).map((r) => duplicateMatch(q, r));
}

/** A candidate row of a duplicate lookup, as the SQL above (and the bulk lookup) selects it. */
export type DuplicateRow = { id: string; display_name: string; phone_keys: string[]; email_keys: string[]; national_id: string | null; company_national_id: string | null; external_id: string | null; visible: boolean };

/** What a candidate shares with the query, and the candidate as the reader may see it (a hidden one without its name). */
export function duplicateMatch(q: DuplicateQuery, r: DuplicateRow): DuplicateMatch {
  const matchedOn: DuplicateMatch['matchedOn'] = [];
  if (q.phones?.some((p) => r.phone_keys.includes(p))) matchedOn.push('phone');
  if (q.emails?.some((e) => r.email_keys.includes(e))) matchedOn.push('email');
  if (q.nationalId && r.national_id === q.nationalId) matchedOn.push('nationalId');
  if (q.companyNationalId && r.company_national_id === q.companyNationalId) matchedOn.push('companyNationalId');
  if (q.externalId && r.external_id === q.externalId) matchedOn.push('externalId');
  return r.visible ? { id: r.id, displayName: r.display_name, hidden: false, matchedOn } : { id: null, displayName: null, hidden: true, matchedOn };
}

async function assertAssignableOwner(db: Db, ownerId: string | null | undefined) {
  if (!ownerId) return null;
  const u = await userBrief(db, ownerId);
  if (!u || !u.active) throw new AppError('VALIDATION_FAILED', 'The owner must be an active user', { ownerId: 'unknown or inactive user' });
  return u;
}

/**
 * Sets a person's organizations to the given ones among those the actor may see. An organization the actor may not
 * see is answered 404 as if it did not exist (and nothing is written); links to hidden organizations that someone
 * else made are kept, since the actor cannot see them to remove them.
 */
async function setOrganizations(tx: Db, actor: Actor, personId: string, orgs: { organizationId: string; roleTitle: string | null }[]) {
  const ids = [...new Set(orgs.map((o) => o.organizationId))];
  const scope = customerScopeSql(actor, 'c');
  if (ids.length) {
    const res = await tx.execute(sql`SELECT c.id, c.kind FROM customers c WHERE c.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})
      AND c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}`);
    const found = res.rows as { id: string; kind: string }[];
    if (found.length !== ids.length) throw notFound('Organization');
    if (found.some((f) => f.kind !== 'organization')) throw new AppError('VALIDATION_FAILED', 'Not an organization', { organizations: 'each must be an organization' });
  }
  await tx.execute(sql`DELETE FROM customer_relations r WHERE r.person_id = ${personId}
    ${scope ? sql`AND EXISTS (SELECT 1 FROM customers c WHERE c.id = r.organization_id AND ${scope})` : sql``}`);
  // The same organization twice: the last role title given wins.
  const unique = [...new Map(orgs.map((o) => [o.organizationId, o])).values()];
  if (unique.length) await tx.insert(customerRelations).values(unique.map((o) => ({ personId, organizationId: o.organizationId, roleTitle: o.roleTitle })));
}

/**
 * The referrer must be another live customer the actor may see (a hidden one reads as unknown); not the customer
 * itself. Customers are one business's records, so "the same organization" is any record of this install.
 */
async function assertReferrer(tx: Db, actor: Actor, customerId: string | null, referrerId: string | null | undefined) {
  if (!referrerId) return;
  if (referrerId === customerId) throw new AppError('VALIDATION_FAILED', 'A customer cannot refer themselves', { referredByCustomerId: 'not the customer itself' });
  await loadVisibleCustomer(tx, actor, referrerId).catch(() => {
    throw new AppError('VALIDATION_FAILED', 'The referrer is not a known customer', { referredByCustomerId: 'unknown customer' });
  });
}

/** What an import adds to a created record: the file's own customer code and the batch (for undo). */
export type CreateExtras = { externalId?: string | null; importBatchId?: string | null };

export async function createCustomer(tx: Db, actor: Actor, clock: Clock, input: CustomerCreate, extras: CreateExtras = {}) {
  assertCan(actor, 'customers', 'create');
  const phones = withPrimaryPhone(input.phones);
  const emails = input.emails;
  // An erased person comes back only with their renewed consent (then the block on their contacts is lifted).
  const contacts = { phones: phoneKeysOf(phones), emails: emailKeysOf(emails), nationalId: input.nationalId };
  const secret = await serverSecret(tx);
  const erased = await erasedContactMatch(tx, secret, contacts);
  if (erased.length && !input.consentAgain) {
    throw new AppError('ERASED_CONTACT', 'This contact belongs to an erased customer; create it only if the person consented again', { matchedOn: erased });
  }
  if (erased.length) await forgetErasedContacts(tx, secret, contacts);
  if (!input.force) {
    const matches = await findDuplicates(tx, actor, { phones: phoneKeysOf(phones), emails: emailKeysOf(emails), nationalId: input.nationalId, companyNationalId: input.companyNationalId });
    if (matches.length) throw new AppError('DUPLICATE', 'A customer with the same phone, email or national ID exists', { matches });
  }
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  const owner = await assertAssignableOwner(tx, ownerId);
  await assertReferrer(tx, actor, null, input.referredByCustomerId);
  await assertTeamExists(tx, input.teamId);
  const custom = await validateCustomValues(tx, input.custom, null);
  const now = clock.now();
  const { force: _force, consentAgain: _consentAgain, organizations, ...fields } = input;
  const values = {
    ...fields, phones, emails, custom, ownerId, teamId: input.teamId ?? owner?.teamId ?? null,
    displayName: displayNameOf(input), phoneKeys: phoneKeysOf(phones), emailKeys: emailKeysOf(emails),
    searchDoc: buildSearchDoc({ ...input, phones, emails, custom }),
    smsConsentAt: input.smsConsent ? now : null, emailConsentAt: input.emailConsent ? now : null,
    createdBy: actor.userId, createdAt: now, updatedAt: now,
    // Someone who just came in (a call, a form, a visit) is the latest activity; an imported file's rows are not touches.
    lastActivityAt: extras.importBatchId ? null : now,
    externalId: extras.externalId ?? null, importBatchId: extras.importBatchId ?? null,
  };
  const [row] = await tx.insert(customers).values(values).returning();
  if (input.kind === 'person' && organizations.length) await setOrganizations(tx, actor, row.id, organizations);
  await auditCreate(tx, actor, 'customer', row.id, row.id, { displayName: row.displayName });
  if (erased.length) await auditEvent(tx, actor, 'customer', row.id, row.id, 'consent', { consentAgain: true, matchedOn: erased, at: now.toISOString() });
  const view = presentCustomer(row, owner ? await ownerOf(tx, owner.id) : null);
  await recordWebhookEvent(tx, 'customer.created', view, { at: now });
  return view;
}

/** Fields of a record the audit compares (user-facing, stable names). */
const auditable = (c: CustomerRow) => {
  const { searchDoc: _s, phoneKeys: _p, emailKeys: _e, createdAt: _c, updatedAt: _u, deletedAt: _d, createdBy: _b, importBatchId: _i, birthdayJmd: _j, ...rest } = c;
  return rest as Record<string, unknown>;
};

/** The API names of the fields an update changed; a custom field as custom.<key>. */
function changedFieldsOf(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const out: string[] = [];
  for (const k of Object.keys(after)) {
    if (k === 'custom' || k === 'displayName' || same(before[k], after[k])) continue;
    out.push(k);
  }
  const bc = (before.custom ?? {}) as Record<string, unknown>, ac = (after.custom ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(bc), ...Object.keys(ac)])) if (!same(bc[k], ac[k])) out.push(`custom.${k}`);
  return out.sort();
}

export async function updateCustomer(tx: Db, actor: Actor, clock: Clock, id: string, input: CustomerUpdate) {
  assertCan(actor, 'customers', 'update');
  const before = await loadVisibleCustomer(tx, actor, id, { forUpdate: true });
  const { organizations, custom: customInput, ...fields } = input;
  const merged = { ...before, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as CustomerRow;
  if (input.phones) merged.phones = withPrimaryPhone(input.phones);
  if (merged.kind === 'organization' && !merged.orgName) throw new AppError('VALIDATION_FAILED', 'An organization needs a name', { orgName: 'required' });
  if (merged.kind === 'person' && !merged.firstName && !merged.lastName) throw new AppError('VALIDATION_FAILED', 'A person needs a first or last name', { lastName: 'required' });
  if (input.ownerId !== undefined && input.ownerId !== before.ownerId) await assertAssignableOwner(tx, input.ownerId);
  if (input.teamId !== before.teamId) await assertTeamExists(tx, input.teamId);
  if (input.referredByCustomerId !== undefined && input.referredByCustomerId !== before.referredByCustomerId) await assertReferrer(tx, actor, id, input.referredByCustomerId);
  if (customInput) merged.custom = await validateCustomValues(tx, customInput, before.custom);
  if (input.phones || input.emails || input.nationalId || input.companyNationalId) {
    const matches = await findDuplicates(tx, actor, {
      phones: input.phones ? phoneKeysOf(merged.phones).filter((p) => !before.phoneKeys.includes(p)) : undefined,
      emails: input.emails ? emailKeysOf(merged.emails).filter((e) => !before.emailKeys.includes(e)) : undefined,
      nationalId: input.nationalId && input.nationalId !== before.nationalId ? input.nationalId : undefined,
      companyNationalId: input.companyNationalId && input.companyNationalId !== before.companyNationalId ? input.companyNationalId : undefined,
      excludeId: id,
    });
    if (matches.length) throw new AppError('DUPLICATE', 'Another customer has the same phone, email or national ID', { matches });
  }
  const now = clock.now();
  if (input.smsConsent !== undefined && input.smsConsent !== before.smsConsent) merged.smsConsentAt = now;
  if (input.emailConsent !== undefined && input.emailConsent !== before.emailConsent) merged.emailConsentAt = now;
  merged.displayName = displayNameOf(merged);
  merged.phoneKeys = phoneKeysOf(merged.phones);
  merged.emailKeys = emailKeysOf(merged.emails);
  merged.searchDoc = buildSearchDoc(merged);
  merged.updatedAt = now;
  // birthday_jmd is the database's own (a generated column): never written.
  const { id: _id, createdAt: _c, createdBy: _b, deletedAt: _d, birthdayJmd: _j, ...patch } = merged;
  const [row] = await tx.update(customers).set(patch).where(eq(customers.id, id)).returning();
  await auditUpdate(tx, actor, 'customer', id, id, auditable(before), auditable(row));
  if (organizations && row.kind === 'person') await setOrganizations(tx, actor, id, organizations);
  const view = presentCustomer(row, await ownerOf(tx, row.ownerId));
  const changedFields = changedFieldsOf(auditable(before), auditable(row));
  await recordWebhookEvent(tx, 'customer.updated', { ...view, changedFields }, { at: now });
  if (row.lifecycleStage !== before.lifecycleStage) {
    await emitDomainEvent(tx, 'customer.stage_changed', { id: row.id, from: before.lifecycleStage, to: row.lifecycleStage }, { at: now });
  }
  return view;
}

export async function deleteCustomer(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'customers', 'delete');
  await loadVisibleCustomer(tx, actor, id, { forUpdate: true });
  await tx.update(customers).set({ deletedAt: clock.now() }).where(eq(customers.id, id));
  await auditDelete(tx, actor, 'customer', id, id);
}

export async function getCustomer(db: Db, actor: Actor, id: string) {
  const row = await loadVisibleCustomer(db, actor, id);
  return presentCustomer(row, await ownerOf(db, row.ownerId));
}

export async function organizationsOf(db: Db, actor: Actor, customer: CustomerRow) {
  const scope = customerScopeSql(actor, 'c');
  const res = customer.kind === 'person'
    ? await db.execute(sql`SELECT c.id, c.display_name AS "displayName", r.role_title AS "roleTitle" FROM customer_relations r
        JOIN customers c ON c.id = r.organization_id WHERE r.person_id = ${customer.id} AND c.deleted_at IS NULL AND ${scope ?? sql`true`} ORDER BY c.display_name`)
    : await db.execute(sql`SELECT c.id, c.display_name AS "displayName", r.role_title AS "roleTitle" FROM customer_relations r
        JOIN customers c ON c.id = r.person_id WHERE r.organization_id = ${customer.id} AND c.deleted_at IS NULL AND ${scope ?? sql`true`} ORDER BY c.display_name LIMIT 200`);
  return res.rows as { id: string; displayName: string; roleTitle: string | null }[];
}

/**
 * Keeps the lists honest: a new touch (interaction, call, ticket, document) moves the customer up, both in "recently
 * updated" and in "last activity" (the list's default order and its "last contact" column).
 */
export async function touchCustomer(tx: Db, customerId: string, now: Date, at: Date = now) {
  const when = at.getTime() < now.getTime() ? at : now; // a call logged later happened when it happened
  await tx.execute(sql`UPDATE customers SET updated_at = GREATEST(updated_at, ${now}), last_activity_at = GREATEST(last_activity_at, ${when})
    WHERE id = ${customerId} AND (updated_at < ${now} OR last_activity_at IS NULL OR last_activity_at < ${when})`);
}

/**
 * Fresh planner statistics after many rows were added at once (an import). Embedded PGlite has no autovacuum: without
 * this the duplicate lookups keep the plan made for an almost empty table and scan every row (measured: 27 rows/s on
 * 5,000 rows instead of hundreds).
 */
export async function refreshCustomerStats(db: Db) {
  await db.execute(sql`ANALYZE customers`);
}
