/**
 * The preferences kept on the customer row: read and written as one shape, with the same permission as editing the
 * customer (customers:update on a customer in scope) and each changed field in the audit trail like any other edit.
 * Favourite products are checked against the catalog by the preferences module, above sales.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditUpdate } from '../audit/index.ts';
import { customers } from './customers.tables.ts';
import { loadVisibleCustomer, type CustomerRow } from './customers.service.ts';
import { hmOf, minutesOf, type ImportantDate, type PreferencesInput } from '../../../common/preferences.schemas.ts';

/** The stored preferences of a row, products as ids (names are added by the caller that may read the catalog). */
export function storedPreferences(c: CustomerRow) {
  return {
    customerId: c.id,
    favouriteProductIds: c.favouriteProductIds,
    tastes: c.tastes,
    preferredChannel: (c.preferredChannel ?? null) as PreferencesInput['preferredChannel'],
    contactFrom: c.contactFrom === null ? null : hmOf(c.contactFrom),
    contactTo: c.contactTo === null ? null : hmOf(c.contactTo),
    language: c.preferredLanguage ?? null,
    importantDates: c.importantDates.map((d) => ({ ...d, year: d.year ?? null })),
  };
}
export type StoredPreferences = ReturnType<typeof storedPreferences>;

/** A customer's preferences as the reader may see them (404 outside their scope). */
export async function customerPreferences(db: Db, actor: Actor, id: string): Promise<StoredPreferences> {
  return storedPreferences(await loadVisibleCustomer(db, actor, id));
}

const auditable = (p: StoredPreferences) => {
  const { customerId: _c, language, ...rest } = p;
  return { ...rest, preferredLanguage: language } as Record<string, unknown>;
};

/** Replaces the preferences (a PUT): the check comes before any write; one audit row per changed field. */
export async function setCustomerPreferences(tx: Db, actor: Actor, clock: Clock, id: string, input: PreferencesInput): Promise<StoredPreferences> {
  assertCan(actor, 'customers', 'update');
  const before = await loadVisibleCustomer(tx, actor, id, { forUpdate: true });
  const importantDates: ImportantDate[] = input.importantDates.map((d) => ({ label: d.label, kind: d.kind, calendar: d.calendar, month: d.month, day: d.day, year: d.year ?? null }));
  const [row] = await tx.update(customers).set({
    favouriteProductIds: input.favouriteProductIds,
    tastes: input.tastes,
    preferredChannel: input.preferredChannel,
    preferredLanguage: input.language,
    contactFrom: input.contactFrom === null ? null : minutesOf(input.contactFrom),
    contactTo: input.contactTo === null ? null : minutesOf(input.contactTo),
    importantDates,
    updatedAt: clock.now(),
  }).where(eq(customers.id, id)).returning();
  const after = storedPreferences(row);
  await auditUpdate(tx, actor, 'customer', id, id, auditable(storedPreferences(before)), auditable(after));
  return after;
}
