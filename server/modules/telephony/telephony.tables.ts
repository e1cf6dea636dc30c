import { pgTable, uuid, text, boolean, timestamp, integer, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import type { CallEndOutcome, CallStatus } from '../../../common/telephony.schemas.ts';

/**
 * One phone call with a customer (or an unknown number), from the PBX's events: who rang, who answered, how it ended.
 * Keyed on the provider's call id, so a redelivered event or a second app instance on the same PBX changes nothing.
 */
export const calls = pgTable('calls', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 'ami' | 'webhook'. */
  source: text('source').notNull(),
  /** The provider's id of the call (AMI Linkedid, the webhook's callId); "mehvar:<id>" for a click-to-call until the PBX names it. */
  externalId: text('external_id').notNull(),
  direction: text('direction').$type<'in' | 'out'>().notNull(),
  status: text('status').$type<CallStatus>().notNull(),
  /** The other party's number as the PBX sent it. */
  rawNumber: text('raw_number').notNull(),
  /** E.164 when it parses (what the phone index holds), else the digits. */
  number: text('number').notNull(),
  numberValid: boolean('number_valid').notNull(),
  /** The extension that answered (or rang last). */
  extension: text('extension'),
  rangExtensions: text('rang_extensions').array().notNull().default(sql`'{}'::text[]`),
  /** Users whose screens got the pop-up. */
  notifiedUserIds: uuid('notified_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
  dismissedBy: uuid('dismissed_by').array().notNull().default(sql`'{}'::uuid[]`),
  agentId: uuid('agent_id').references(() => users.id),
  customerId: uuid('customer_id').references(() => customers.id),
  matchCount: integer('match_count').notNull().default(0),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  endedAt: timestamp('ended_at', { withTimezone: true }),
  durationSec: integer('duration_sec'),
  outcome: text('outcome').$type<CallEndOutcome>(),
  recording: text('recording'),
  interactionId: uuid('interaction_id'),
  callbackTaskId: uuid('callback_task_id'),
  notesSavedAt: timestamp('notes_saved_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('calls_source_external').on(t.source, t.externalId),
  index('calls_started').on(t.startedAt.desc(), t.id.desc()),
  index('calls_customer_started').on(t.customerId, t.startedAt.desc()),
  index('calls_agent_started').on(t.agentId, t.startedAt.desc()),
  index('calls_number').on(t.number),
  // The calls log leaves out the timeline entries that a PBX call filed (NOT EXISTS per entry).
  index('calls_interaction').on(t.interactionId),
]);
