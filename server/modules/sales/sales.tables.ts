import { pgTable, uuid, text, timestamp, boolean, bigint, integer, date, numeric, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users, teams } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';

/** Products and services sold. Money is integer Rials (bigint) everywhere. */
export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  kind: text('kind').$type<'product' | 'service'>().notNull().default('product'),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en'),
  category: text('category'),
  unit: text('unit').notNull().default('عدد'),
  /** The list price in Rials; price lists may override it. */
  price: bigint('price', { mode: 'bigint' }).notNull(),
  /** 'standard' pays VAT at the organization's rate; 'exempt' pays none. */
  taxClass: text('tax_class').$type<'standard' | 'exempt'>().notNull().default('standard'),
  active: boolean('active').notNull().default(true),
  description: text('description'),
  /** Bought up and bought again (coffee, filters): offered again to its owner once its repurchase cycle has passed. */
  consumable: boolean('consumable').notNull().default(false),
  /** A consumable's usual days between purchases (required, ≥ 1, for a consumable; null otherwise). */
  repurchaseDays: integer('repurchase_days'),
  /** fa_norm of code and names, for the product picker. */
  searchDoc: text('search_doc').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('products_code_uq').on(sql`lower(${t.code})`),
  index('products_search_trgm').using('gin', sql`${t.searchDoc} gin_trgm_ops`),
  index('products_category').on(t.category),
  check('products_repurchase_cycle', sql`(NOT ${t.consumable} AND ${t.repurchaseDays} IS NULL) OR (${t.consumable} AND ${t.repurchaseDays} >= 1)`),
]);

export const priceLists = pgTable('price_lists', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('price_lists_name_uq').on(t.name)]);

export const priceListItems = pgTable('price_list_items', {
  priceListId: uuid('price_list_id').notNull().references(() => priceLists.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  price: bigint('price', { mode: 'bigint' }).notNull(),
}, (t) => [uniqueIndex('price_list_items_pk').on(t.priceListId, t.productId)]);

export const pipelines = pgTable('pipelines', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('pipelines_one_default').on(t.isDefault).where(sql`is_default`)]);

/** Stages of a pipeline in board order. A deal in a 'won' or 'lost' stage is closed. */
export const pipelineStages = pgTable('pipeline_stages', {
  id: uuid('id').primaryKey().defaultRandom(),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  probability: integer('probability').notNull().default(0),
  outcome: text('outcome').$type<'open' | 'won' | 'lost'>().notNull().default('open'),
}, (t) => [index('pipeline_stages_pipeline').on(t.pipelineId, t.position)]);

export const deals = pgTable('deals', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  pipelineId: uuid('pipeline_id').notNull().references(() => pipelines.id),
  stageId: uuid('stage_id').notNull().references(() => pipelineStages.id),
  title: text('title').notNull(),
  /** fa_norm(title), kept by the database: the search box's trigram index and its rechecks read it instead of normalizing every row again. */
  searchTitle: text('search_title').generatedAlwaysAs(sql`fa_norm(title)`),
  amount: bigint('amount', { mode: 'bigint' }).notNull().default(sql`0`),
  expectedCloseDate: date('expected_close_date'),
  probability: integer('probability'),
  status: text('status').$type<'open' | 'won' | 'lost'>().notNull().default('open'),
  lostReason: text('lost_reason'),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  ownerId: uuid('owner_id').references(() => users.id),
  teamId: uuid('team_id').references(() => teams.id),
  source: text('source'),
  /** Board order within a stage (fractional, so a drop between two cards writes one row). */
  rank: numeric('rank', { precision: 20, scale: 10 }).notNull().default('0'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
}, (t) => [
  index('deals_customer').on(t.customerId, t.createdAt.desc()),
  index('deals_board').on(t.pipelineId, t.stageId, t.rank),
  index('deals_owner').on(t.ownerId, t.status),
  // The search box finds deals by the words of their title (sales.search.ts).
  index('deals_title_trgm').using('gin', sql`${t.searchTitle} gin_trgm_ops`),
]);

export const dealItems = pgTable('deal_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  dealId: uuid('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
  quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
  unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
}, (t) => [index('deal_items_deal').on(t.dealId)]);

/** Each stage change of a deal: the timeline events and the data for pipeline reports. */
export const dealStageEvents = pgTable('deal_stage_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  dealId: uuid('deal_id').notNull().references(() => deals.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
  fromStageId: uuid('from_stage_id'),
  toStageId: uuid('to_stage_id').notNull(),
  /** The reason given when the move closed the deal as lost (kept per event: a reopened deal loses its current reason). */
  lostReason: text('lost_reason'),
  actorId: uuid('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('deal_stage_events_customer').on(t.customerId, t.at.desc()), index('deal_stage_events_deal').on(t.dealId, t.at)]);
