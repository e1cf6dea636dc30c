import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, index } from 'drizzle-orm/pg-core';
import type { LeadConsent, LeadField, OwnerRule } from '../../../common/leads.schemas.ts';

type Bi = { fa: string; en: string };
type ThankYou = { kind: 'message'; text: Bi } | { kind: 'redirect'; url: string };

/** An embeddable lead form; `token` is the public, unguessable part of its address. `rrNext` is the round robin's turn. */
export const leadForms = pgTable('lead_forms', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  token: text('token').notNull().unique(),
  title: jsonb('title').$type<Bi>().notNull(),
  fields: jsonb('fields').$type<LeadField[]>().notNull(),
  consents: jsonb('consents').$type<LeadConsent[]>().notNull(),
  thankYou: jsonb('thank_you').$type<ThankYou>().notNull(),
  language: text('language').$type<'fa' | 'en'>().notNull().default('fa'),
  ownerRule: jsonb('owner_rule').$type<OwnerRule>().notNull(),
  rrNext: integer('rr_next').notNull().default(0),
  createDeal: boolean('create_deal').notNull().default(false),
  stageId: uuid('stage_id'),
  proofOfWork: integer('proof_of_work').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
});

/** One accepted submission: what was sent, the consent texts as shown, and what it made. The address only as a keyed hash. */
export const leadSubmissions = pgTable('lead_submissions', {
  id: uuid('id').primaryKey().defaultRandom(),
  formId: uuid('form_id').notNull(),
  customerId: uuid('customer_id'),
  dealId: uuid('deal_id'),
  outcome: text('outcome').$type<'created' | 'updated' | 'erased'>().notNull(),
  ipHash: text('ip_hash').notNull(),
  payload: jsonb('payload').$type<Record<string, string>>().notNull(),
  consents: jsonb('consents').$type<{ channel: 'sms' | 'email'; text: string; at: string }[]>().notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('lead_submissions_form_idx').on(t.formId, t.at.desc()), index('lead_submissions_customer_idx').on(t.customerId)]);

/** Proof-of-work challenges already spent (a challenge answers once); kept until they expire. */
export const leadPowSpent = pgTable('lead_pow_spent', {
  challenge: text('challenge').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
