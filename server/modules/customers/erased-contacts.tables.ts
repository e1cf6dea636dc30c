import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Contacts of erased customers, kept only as keyed hashes (HMAC-SHA256 with the server secret) of the normalized
 * phone (E.164), email (lowercase) and national ID: enough to refuse re-creating or re-importing an erased person
 * without their consent, not enough to read who they were. No link to the erased record is kept.
 */
export const erasedContacts = pgTable('erased_contacts', {
  hash: text('hash').primaryKey(),
  kind: text('kind').$type<'phone' | 'email' | 'national_id'>().notNull(),
  erasedAt: timestamp('erased_at', { withTimezone: true }).notNull().defaultNow(),
});
