import { pgTable, uuid, text, timestamp, bigint, integer, date, numeric, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { deals, products } from '../sales/sales.tables.ts';
import type { DocumentStatus } from '../../../common/documents.schemas.ts';

export type PartySnapshot = { name: string; economicCode?: string; nationalId?: string; registrationNumber?: string; postalCode?: string; address?: string; phone?: string };
export type DocumentFee = { label: string; amount: string /* Rials, bigint as text in JSON */ };

/** Quotes (پیش‌فاکتور), invoices (فاکتور) and credit notes. Totals are computed by the server in integer Rials. */
export const documents = pgTable('documents', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<'quote' | 'invoice' | 'credit_note'>().notNull(),
  /** Null while a draft; given from the series (kind, Jalali fiscal year) when the document is first issued. */
  number: text('number'),
  fiscalYear: integer('fiscal_year'),
  seq: integer('seq'),
  status: text('status').$type<DocumentStatus>().notNull().default('draft'),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  dealId: uuid('deal_id').references(() => deals.id),
  /** Invoice made from a quote; credit note made for an invoice. */
  sourceId: uuid('source_id'),
  issueDate: date('issue_date').notNull(),
  validUntil: date('valid_until'),
  dueDate: date('due_date'),
  seller: jsonb('seller').$type<PartySnapshot>().notNull(),
  buyer: jsonb('buyer').$type<PartySnapshot>().notNull(),
  /** Whole-document discount in Rials, applied after line discounts and before taxes (spread over lines pro rata). */
  discount: bigint('discount', { mode: 'bigint' }).notNull().default(sql`0`),
  /** VAT in basis points (1000 = 10%) at the time of writing. */
  vatRateBp: integer('vat_rate_bp').notNull(),
  fees: jsonb('fees').$type<DocumentFee[]>().notNull().default([]),
  subtotal: bigint('subtotal', { mode: 'bigint' }).notNull().default(sql`0`),
  lineDiscountTotal: bigint('line_discount_total', { mode: 'bigint' }).notNull().default(sql`0`),
  taxTotal: bigint('tax_total', { mode: 'bigint' }).notNull().default(sql`0`),
  feeTotal: bigint('fee_total', { mode: 'bigint' }).notNull().default(sql`0`),
  grandTotal: bigint('grand_total', { mode: 'bigint' }).notNull().default(sql`0`),
  paidTotal: bigint('paid_total', { mode: 'bigint' }).notNull().default(sql`0`),
  terms: text('terms'),
  notes: text('notes'),
  locale: text('locale').$type<'fa' | 'en'>().notNull().default('fa'),
  publicTokenHash: text('public_token_hash'),
  publicExpiresAt: timestamp('public_expires_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  ownerId: uuid('owner_id').references(() => users.id),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('documents_number_uq').on(t.kind, t.number),
  uniqueIndex('documents_public_token_uq').on(t.publicTokenHash),
  index('documents_customer').on(t.customerId, t.createdAt.desc()),
  index('documents_kind_status').on(t.kind, t.status, t.issueDate),
  index('documents_source').on(t.sourceId),
  // The search box finds a document by any part of its number typed with or without separators (documents.search.ts).
  index('documents_number_key_trgm').using('gin', sql`regexp_replace(lower(${t.number}), '[^a-z0-9]', '', 'g') gin_trgm_ops`),
]);

export const documentLines = pgTable('document_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  productId: uuid('product_id').references(() => products.id),
  code: text('code'),
  description: text('description').notNull(),
  quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
  unit: text('unit'),
  unitPrice: bigint('unit_price', { mode: 'bigint' }).notNull(),
  discount: bigint('discount', { mode: 'bigint' }).notNull().default(sql`0`),
  taxable: integer('taxable').notNull().default(1),
  /** Computed: share of the document discount, VAT and the line total after both. */
  docDiscountShare: bigint('doc_discount_share', { mode: 'bigint' }).notNull().default(sql`0`),
  tax: bigint('tax', { mode: 'bigint' }).notNull().default(sql`0`),
  total: bigint('total', { mode: 'bigint' }).notNull().default(sql`0`),
}, (t) => [index('document_lines_doc').on(t.documentId, t.position), index('document_lines_product').on(t.productId)]);

export const payments = pgTable('payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull().references(() => documents.id),
  customerId: uuid('customer_id').notNull(),
  amount: bigint('amount', { mode: 'bigint' }).notNull(),
  method: text('method').$type<'cash' | 'card' | 'transfer' | 'cheque' | 'pos' | 'online' | 'other'>().notNull(),
  reference: text('reference'),
  paidAt: timestamp('paid_at', { withTimezone: true }).notNull(),
  note: text('note'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('payments_document').on(t.documentId), index('payments_customer').on(t.customerId, t.paidAt.desc())]);

/** The next number of each series (document kind × Jalali fiscal year), taken under a row lock. */
export const documentCounters = pgTable('document_counters', {
  kind: text('kind').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  last: integer('last').notNull().default(0),
}, (t) => [uniqueIndex('document_counters_pk').on(t.kind, t.fiscalYear)]);

/** What happened to a document (sent, viewed, accepted, paid, cancelled …): the document's own history and timeline. */
export const documentEvents = pgTable('document_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  documentId: uuid('document_id').notNull().references(() => documents.id, { onDelete: 'cascade' }),
  customerId: uuid('customer_id').notNull(),
  type: text('type').notNull(),
  actorId: uuid('actor_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('document_events_doc').on(t.documentId, t.at), index('document_events_customer').on(t.customerId, t.at.desc())]);

