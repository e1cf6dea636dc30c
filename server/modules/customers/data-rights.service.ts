/**
 * The customer's data rights: everything held about one customer (JSON export) and its erasure. The customer row,
 * its organization links and the audit rows are this module's own section; every other module registers its part
 * (data-rights.registry.ts), so this file never reads another module's tables.
 */
import { eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditEvent, auditRowsOfCustomer, clearAuditValuesOfCustomer } from '../audit/index.ts';
import { customers, customerRelations, customFieldDefs, customerMerges } from './customers.tables.ts';
import { loadVisibleCustomer, presentCustomer, ownerOf } from './customers.service.ts';
import { customerDataSections, registerCustomerDataSection, type ErasureReport } from './data-rights.registry.ts';
import { rememberErasedContacts } from './erased-contacts.ts';
import { storedPreferences } from './preferences.ts';

export const ERASED_NAME = { fa: 'مشتری حذف‌شده', en: 'Erased customer' } as const;

/** This module's own rows about a customer: its organization links, and the audit trail kept about it. */
export function registerCustomerOwnDataRights(): void {
  registerCustomerDataSection('relations', {
    tables: ['customer_relations'],
    order: 80,
    collect: async (db, customerId) => ({
      relations: await db.select().from(customerRelations).where(or(eq(customerRelations.personId, customerId), eq(customerRelations.organizationId, customerId))),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(customerRelations).where(or(eq(customerRelations.personId, customerId), eq(customerRelations.organizationId, customerId))).returning({ id: customerRelations.id });
      return { deleted: { relations: gone.length } };
    },
  });
  // A merge record keeps the merged records' earlier values (for its undo): erasing either side ends that undo.
  // The preferences live on the customer row; the export lists them as one record, the erasure clears them.
  registerCustomerDataSection('preferences', {
    tables: [],
    order: 80,
    collect: async (db, customerId) => {
      const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
      return { preferences: row ? [storedPreferences(row)] : [] };
    },
    erase: async (tx, customerId) => {
      await tx.update(customers).set({ favouriteProductIds: [], tastes: null, preferredLanguage: null, contactFrom: null, contactTo: null, importantDates: [] }).where(eq(customers.id, customerId));
      return { anonymized: { preferences: 1 } };
    },
  });
  registerCustomerDataSection('merges', {
    tables: ['customer_merges'],
    order: 85,
    collect: async (db, customerId) => ({
      merges: await db.select().from(customerMerges).where(or(eq(customerMerges.survivorId, customerId), eq(customerMerges.loserId, customerId))),
    }),
    erase: async (tx, customerId) => {
      const gone = await tx.delete(customerMerges).where(or(eq(customerMerges.survivorId, customerId), eq(customerMerges.loserId, customerId))).returning({ id: customerMerges.id });
      return { deleted: { merges: gone.length } };
    },
  });
  registerCustomerDataSection('audit', {
    tables: ['audit_log'],
    // last: the other sections' changes are not audited row by row, and the erasure's own audit row comes after
    order: 90,
    collect: async (db, customerId) => ({ audit: await auditRowsOfCustomer(db, customerId) }),
    erase: async (tx, customerId) => ({ anonymized: { auditValues: await clearAuditValuesOfCustomer(tx, customerId) } }),
  });
}

/** Rows as JSON can carry them: Rial amounts (bigint) as text, times as ISO strings. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** Custom field values with the field's labels, so an export reads without the field definitions. */
async function labelledCustomFields(db: Db, custom: Record<string, unknown>) {
  const defs = await db.select().from(customFieldDefs);
  return Object.entries(custom).map(([key, value]) => {
    const def = defs.find((d) => d.key === key);
    return { key, labelFa: def?.labelFa ?? key, labelEn: def?.labelEn ?? key, type: def?.type ?? null, value };
  });
}

export type CustomerDataExport = {
  exportedAt: string;
  customer: ReturnType<typeof presentCustomer>;
  customFields: { key: string; labelFa: string; labelEn: string; type: string | null; value: unknown }[];
  consents: { channel: 'sms' | 'email'; given: boolean; at: string | null }[];
  sections: Record<string, Record<string, unknown[]>>;
};

/** Everything held about one customer: needs customers:export and the customer visible to the actor (404 otherwise). */
export async function exportCustomerData(db: Db, actor: Actor, id: string, now: Date): Promise<CustomerDataExport> {
  assertCan(actor, 'customers', 'export');
  const row = await loadVisibleCustomer(db, actor, id);
  const sections: Record<string, Record<string, unknown[]>> = {};
  for (const [name, s] of customerDataSections()) sections[name] = jsonSafe(await s.collect(db, id)) as Record<string, unknown[]>;
  return {
    exportedAt: now.toISOString(),
    customer: presentCustomer(row, await ownerOf(db, row.ownerId)),
    customFields: await labelledCustomFields(db, row.custom),
    consents: [
      { channel: 'sms', given: row.smsConsent, at: row.smsConsentAt?.toISOString() ?? null },
      { channel: 'email', given: row.emailConsent, at: row.emailConsentAt?.toISOString() ?? null },
    ],
    sections,
  };
}

/** The export is audited in its own short transaction, after the data was gathered. */
export async function auditDataExport(tx: Db, actor: Actor, id: string, format: 'json' | 'pdf', counts: Record<string, number>) {
  await auditEvent(tx, actor, 'customer', id, id, 'export', { format, counts });
}

/** How many rows of each kind an export holds (for the audit row and the PDF summary). */
export function exportCounts(data: CustomerDataExport): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const group of Object.values(data.sections)) for (const [kind, rows] of Object.entries(group)) counts[kind] = rows.length;
  return counts;
}

export type ErasureAnswer = {
  customerId: string;
  erasedAt: string;
  deleted: Record<string, number>;
  anonymized: Record<string, number>;
  kept: Record<string, number>;
  blockedContacts: number;
  notes: string[];
};

const sameName = (a: string, b: string) => faNorm(a).replace(/\s+/g, ' ').trim() === faNorm(b).replace(/\s+/g, ' ').trim();

/**
 * Erases a customer in the caller's transaction: every section removes or anonymizes its rows, issued invoices are
 * kept as issued, the customer row is anonymized and hidden, and keyed hashes of its phones, emails and national ID
 * block re-creating it without renewed consent. `confirm` must be the customer's display name.
 */
export async function eraseCustomer(tx: Db, actor: Actor, clock: Clock, secret: string, id: string, confirm: string): Promise<ErasureAnswer> {
  assertCan(actor, 'customers', 'delete');
  const row = await loadVisibleCustomer(tx, actor, id, { forUpdate: true });
  if (!sameName(confirm, row.displayName)) {
    throw new AppError('VALIDATION_FAILED', 'Type the customer’s name exactly to confirm the erasure', { confirm: 'must be the customer’s name' });
  }
  const now = clock.now();
  const blockedContacts = await rememberErasedContacts(tx, secret, { phones: row.phoneKeys, emails: row.emailKeys, nationalId: row.nationalId }, now);
  const total: ErasureAnswer = { customerId: id, erasedAt: now.toISOString(), deleted: {}, anonymized: {}, kept: {}, blockedContacts, notes: [] };
  const add = (into: Record<string, number>, from: Record<string, number> | undefined) => {
    for (const [k, v] of Object.entries(from ?? {})) into[k] = (into[k] ?? 0) + v;
  };
  for (const [, s] of customerDataSections()) {
    const r: ErasureReport = await s.erase(tx, id, { now, actorId: actor.userId });
    add(total.deleted, r.deleted);
    add(total.anonymized, r.anonymized);
    add(total.kept, r.kept);
    total.notes.push(...(r.notes ?? []));
  }
  await tx.update(customers).set({
    firstName: null, lastName: null, orgName: row.kind === 'organization' ? ERASED_NAME.fa : null, latinName: ERASED_NAME.en,
    displayName: ERASED_NAME.fa, title: null, gender: null, phones: [], phoneKeys: [], emails: [], emailKeys: [], addresses: [],
    city: null, province: null, nationalId: null, companyNationalId: null, economicCode: null, registrationNo: null, birthday: null,
    preferredChannel: null, contactHours: null, interests: [], tags: [], source: null,
    favouriteProductIds: [], tastes: null, preferredLanguage: null, contactFrom: null, contactTo: null, importantDates: [],
    smsConsent: false, smsConsentAt: null, emailConsent: false, emailConsentAt: null,
    custom: {}, searchDoc: '', erasedAt: now, deletedAt: now, updatedAt: now,
  }).where(eq(customers.id, id));
  total.anonymized.customer = 1;
  await auditEvent(tx, actor, 'customer', id, id, 'erase', { deleted: total.deleted, anonymized: total.anonymized, kept: total.kept, blockedContacts });
  return total;
}
