import { pgTable, uuid, text, timestamp, integer, boolean, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { products } from '../sales/sales.tables.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import type { Question, SURVEY_TRIGGERS } from '../../../common/survey.schemas.ts';

/** A survey: its questions (Persian and English), when it is sent (trigger), how (SMS/email), and its anonymous link. */
export const surveys = pgTable('surveys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  status: text('status').$type<'draft' | 'active' | 'archived'>().notNull().default('draft'),
  /** The metric of the first scored question (nps, csat, ces), the survey's headline number; null: none. */
  metric: text('metric').$type<'nps' | 'csat' | 'ces'>(),
  questions: jsonb('questions').$type<Question[]>().notNull(),
  trigger: jsonb('trigger').$type<{ type: (typeof SURVEY_TRIGGERS)[number]; delayMinutes: number; everyMonths: number }>().notNull(),
  channel: text('channel').$type<'sms' | 'email'>().notNull().default('sms'),
  intro: jsonb('intro').$type<{ fa: string; en: string }>().notNull(),
  thanks: jsonb('thanks').$type<{ fa: string; en: string }>().notNull(),
  anonymousEnabled: boolean('anonymous_enabled').notNull().default(false),
  /** The unguessable key of the walk-in link, QR code and website widget. */
  anonymousKey: text('anonymous_key').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('surveys_anonymous_key_uq').on(t.anonymousKey)]);

/**
 * One survey asked of one customer: scheduled (by a trigger or by hand), then sent with a single-customer link (only
 * the token's hash is kept), or skipped (fatigue, no consent, no address). A trigger's source (the ticket or invoice)
 * gets at most one invitation per survey.
 */
export const surveyInvitations = pgTable('survey_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  surveyId: uuid('survey_id').notNull().references(() => surveys.id),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  channel: text('channel').$type<'sms' | 'email'>().notNull(),
  trigger: text('trigger').notNull(),
  sourceType: text('source_type').$type<'ticket' | 'document'>(),
  sourceId: uuid('source_id'),
  status: text('status').$type<'scheduled' | 'sent' | 'answered' | 'skipped'>().notNull().default('scheduled'),
  skipReason: text('skip_reason'),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  tokenHash: text('token_hash'),
  messageId: uuid('message_id'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('survey_invitations_token_uq').on(t.tokenHash),
  uniqueIndex('survey_invitations_source_uq').on(t.surveyId, t.sourceType, t.sourceId).where(sql`source_id IS NOT NULL`),
  index('survey_invitations_due').on(t.scheduledAt).where(sql`status = 'scheduled'`),
  index('survey_invitations_customer').on(t.customerId, t.sentAt),
]);

/**
 * An answer: from an invitation (one per invitation; changing it within the edit window updates it), from the
 * anonymous link, or a score texted back. `score` is the headline question's; unhappy answers open a follow-up (the
 * "loop") that someone closes by saying what was done.
 */
export const surveyResponses = pgTable('survey_responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  surveyId: uuid('survey_id').notNull().references(() => surveys.id),
  invitationId: uuid('invitation_id').references(() => surveyInvitations.id),
  customerId: uuid('customer_id').references(() => customers.id),
  metric: text('metric').$type<'nps' | 'csat' | 'ces'>(),
  score: integer('score'),
  answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
  comment: text('comment'),
  /** How it came: web (the link), anonymous (walk-in link/QR/widget), sms_reply. */
  channel: text('channel').notNull(),
  sourceType: text('source_type').$type<'ticket' | 'document'>(),
  sourceId: uuid('source_id'),
  /** Who the answer is about, for "by agent" and "by product": the ticket's assignee or the invoice's owner, its product. */
  agentId: uuid('agent_id').references(() => users.id),
  productId: uuid('product_id').references(() => products.id),
  /** Anonymous answers: a keyed hash of the address, to limit repeats without keeping the address. */
  clientHash: text('client_hash'),
  loopStatus: text('loop_status').$type<'open' | 'closed'>(),
  loopTaskId: uuid('loop_task_id').references(() => tasks.id),
  loopOwnerId: uuid('loop_owner_id').references(() => users.id),
  loopNote: text('loop_note'),
  loopClosedBy: uuid('loop_closed_by').references(() => users.id),
  loopClosedAt: timestamp('loop_closed_at', { withTimezone: true }),
  /** A promoter asked for a review or a referral. */
  askedKind: text('asked_kind').$type<'review' | 'referral'>(),
  askedAt: timestamp('asked_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('survey_responses_invitation_uq').on(t.invitationId).where(sql`invitation_id IS NOT NULL`),
  index('survey_responses_metric').on(t.metric, t.createdAt),
  index('survey_responses_customer').on(t.customerId, t.createdAt),
  index('survey_responses_source').on(t.sourceType, t.sourceId),
  index('survey_responses_open_loops').on(t.loopStatus).where(sql`loop_status = 'open'`),
]);

/** Feedback from every channel: survey comments, texts, calls, visits, social media — tagged by topic and sentiment. */
export const feedback = pgTable('feedback', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').references(() => customers.id),
  channel: text('channel').notNull(),
  text: text('text').notNull(),
  sentiment: text('sentiment').$type<'positive' | 'neutral' | 'negative'>(),
  topics: text('topics').array().notNull().default(sql`'{}'::text[]`),
  productId: uuid('product_id').references(() => products.id),
  ticketId: uuid('ticket_id'),
  responseId: uuid('response_id').references(() => surveyResponses.id),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('feedback_created').on(t.createdAt),
  index('feedback_customer').on(t.customerId, t.createdAt),
  index('feedback_topics_gin').using('gin', t.topics),
  uniqueIndex('feedback_response_uq').on(t.responseId).where(sql`response_id IS NOT NULL`),
]);

/** A feedback topic and the keywords that tag feedback with it automatically. */
export const feedbackTopics = pgTable('feedback_topics', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('feedback_topics_name_uq').on(t.name)]);
