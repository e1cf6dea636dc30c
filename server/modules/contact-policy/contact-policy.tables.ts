import { pgTable, uuid, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Numbers and email addresses that never get marketing (campaigns, marketing automation steps), whether or not they
 * belong to a customer: an admin's entries (with a reason) and opt-out keywords texted from a number on no customer.
 * Addresses are stored normalized (phones E.164, emails lower case), one row per channel and address.
 */
export const suppressions = pgTable('marketing_suppressions', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel').$type<'sms' | 'email'>().notNull(),
  address: text('address').notNull(),
  reason: text('reason').notNull(),
  source: text('source').$type<'admin' | 'opt_out'>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('marketing_suppressions_address_uq').on(t.channel, t.address)]);
