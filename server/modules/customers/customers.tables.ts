import { pgTable, type AnyPgColumn, uuid, text, boolean, timestamp, jsonb, date, index, uniqueIndex, integer } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users, teams } from '../auth/auth.tables.ts';
import type { Phone, Email, Address, CustomFieldType, GENDERS } from '../../../common/customer.schemas.ts';
import type { ImportantDate } from '../../../common/preferences.schemas.ts';

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<'person' | 'organization'>().notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  orgName: text('org_name'),
  latinName: text('latin_name'),
  displayName: text('display_name').notNull(),
  title: text('title'),
  gender: text('gender').$type<(typeof GENDERS)[number]>(),
  phones: jsonb('phones').$type<Phone[]>().notNull().default([]),
  phoneKeys: text('phone_keys').array().notNull().default(sql`'{}'::text[]`),
  emails: jsonb('emails').$type<Email[]>().notNull().default([]),
  emailKeys: text('email_keys').array().notNull().default(sql`'{}'::text[]`),
  addresses: jsonb('addresses').$type<Address[]>().notNull().default([]),
  city: text('city'),
  province: text('province'),
  nationalId: text('national_id'),
  companyNationalId: text('company_national_id'),
  economicCode: text('economic_code'),
  registrationNo: text('registration_no'),
  birthday: date('birthday'),
  /** Month × 100 + day of the birthday in the Jalali calendar (SQL jalali_md), kept by the database: birthday segments compare it. */
  birthdayJmd: integer('birthday_jmd').generatedAlwaysAs(sql`jalali_md(birthday)`),
  preferredChannel: text('preferred_channel'),
  contactHours: text('contact_hours'),
  interests: text('interests').array().notNull().default(sql`'{}'::text[]`),
  /** Remembered preferences (common/preferences.schemas.ts): favourite products (no FK: sales sits above customers). */
  favouriteProductIds: uuid('favourite_product_ids').array().notNull().default(sql`'{}'::uuid[]`),
  tastes: text('tastes'),
  preferredLanguage: text('preferred_language').$type<'fa' | 'en'>(),
  /** Preferred contact hours, minutes after midnight Tehran time; contact_to < contact_from spans midnight. */
  contactFrom: integer('contact_from'),
  contactTo: integer('contact_to'),
  importantDates: jsonb('important_dates').$type<ImportantDate[]>().notNull().default([]),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  ownerId: uuid('owner_id').references(() => users.id),
  teamId: uuid('team_id').references(() => teams.id),
  /** The customer who referred this one (the club's referral bonus goes to them with this one's first paid invoice). */
  referredByCustomerId: uuid('referred_by_customer_id').references((): AnyPgColumn => customers.id, { onDelete: 'set null' }),
  source: text('source'),
  lifecycleStage: text('lifecycle_stage').notNull().default('lead'),
  smsConsent: boolean('sms_consent').notNull().default(false),
  smsConsentAt: timestamp('sms_consent_at', { withTimezone: true }),
  emailConsent: boolean('email_consent').notNull().default(false),
  emailConsentAt: timestamp('email_consent_at', { withTimezone: true }),
  custom: jsonb('custom').$type<Record<string, unknown>>().notNull().default({}),
  /** fa_norm of names, ids, emails and phone forms: the one column the search box looks in. */
  searchDoc: text('search_doc').notNull().default(''),
  createdBy: uuid('created_by'),
  /** The customer's code in the business's own files (کد مشتری), matched on import. */
  externalId: text('external_id'),
  /** The import batch that created this record (an import can be undone as a whole). No FK: imports sits above. */
  importBatchId: uuid('import_batch_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  /** Set with deletedAt when this record was merged into another (the survivor); cleared when the merge is undone. */
  mergedInto: uuid('merged_into'),
  /** Set when the customer's data was erased (the row stays, anonymized, for the invoices the law keeps). */
  erasedAt: timestamp('erased_at', { withTimezone: true }),
  /** The latest touch: an interaction or call, a ticket, a document (kept by touchCustomer; the list's default order). */
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
}, (t) => [
  index('customers_search_trgm').using('gin', sql`${t.searchDoc} gin_trgm_ops`),
  // No pending list (fastupdate): every lookup would scan it whole, and an import looks up each key of each chunk
  // while it adds thousands of keys (measured: 5 ms a probe after 20k inserted rows, against 0.02 ms without).
  index('customers_phone_keys').using('gin', t.phoneKeys).with({ fastupdate: false }),
  index('customers_email_keys').using('gin', t.emailKeys).with({ fastupdate: false }),
  index('customers_tags').using('gin', t.tags),
  index('customers_custom').using('gin', sql`${t.custom} jsonb_path_ops`),
  index('customers_national_id').on(t.nationalId),
  index('customers_company_national_id').on(t.companyNationalId),
  index('customers_owner').on(t.ownerId),
  // The few deleted customers, so "not deleted" tests elsewhere (tasks) are an anti-join with a tiny set.
  index('customers_deleted').on(t.id).where(sql`deleted_at IS NOT NULL`),
  // The live customers, narrow: the list's capped count ("10,000+") reads 10,001 entries of it instead of ~850 table
  // pages (10.3 → 2.8 ms at 1M; it was 28 % of PostgreSQL's time under the load mix: docs/benchmarks.md).
  index('customers_live').on(t.id).where(sql`deleted_at IS NULL`),
  index('customers_updated').on(t.updatedAt.desc(), t.id),
  index('customers_created').on(t.createdAt.desc(), t.id),
  index('customers_last_activity').on(t.lastActivityAt.desc().nullsLast(), t.id),
  index('customers_display_name').on(t.displayName, t.id),
  index('customers_stage').on(t.lifecycleStage),
  // Segments read the distinct cities and provinces from these (a skip scan) and normalize each once.
  index('customers_city').on(t.city),
  index('customers_province').on(t.province),
  index('customers_external_id').on(t.externalId),
  index('customers_import_batch').on(t.importBatchId),
]);

/** A person's membership in an organization, with their role/title there. */
export const customerRelations = pgTable('customer_relations', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  organizationId: uuid('organization_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  roleTitle: text('role_title'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('customer_relations_uq').on(t.personId, t.organizationId),
  index('customer_relations_org').on(t.organizationId),
]);

export const customFieldDefs = pgTable('custom_field_defs', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull(),
  labelFa: text('label_fa').notNull(),
  labelEn: text('label_en').notNull(),
  type: text('type').$type<CustomFieldType>().notNull(),
  options: jsonb('options').$type<{ value: string; labelFa: string; labelEn: string }[]>().notNull().default([]),
  required: boolean('required').notNull().default(false),
  min: integer('min'),
  max: integer('max'),
  position: integer('position').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('custom_field_defs_key_uq').on(t.key)]);

export const savedViews = pgTable('saved_views', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  query: jsonb('query').$type<Record<string, unknown>>().notNull(),
  shared: boolean('shared').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('saved_views_user').on(t.userId)]);

/**
 * One merge of two customer records: who survived, what each mover moved (row ids per table), the survivor's values
 * before the merge, so the merge can be undone for 30 days.
 */
export const customerMerges = pgTable('customer_merges', {
  id: uuid('id').primaryKey().defaultRandom(),
  survivorId: uuid('survivor_id').notNull().references(() => customers.id),
  loserId: uuid('loser_id').notNull().references(() => customers.id),
  actorId: uuid('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull(),
  /** The choice per field as given ({field: 'survivor' | 'loser'}). */
  choices: jsonb('choices').$type<Record<string, 'survivor' | 'loser'>>().notNull().default({}),
  /** The survivor's columns the merge changed, with their values before it. */
  survivorBefore: jsonb('survivor_before').$type<Record<string, unknown>>().notNull(),
  /** Mover name → table → ids of the rows moved from the loser to the survivor. */
  moved: jsonb('moved').$type<Record<string, Record<string, string[]>>>().notNull(),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  undoneBy: uuid('undone_by'),
}, (t) => [
  index('customer_merges_survivor').on(t.survivorId, t.at.desc()),
  index('customer_merges_loser').on(t.loserId),
]);
