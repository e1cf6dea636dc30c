import { pgTable, uuid, text, timestamp, integer, boolean, bigserial, bigint, date, index, uniqueIndex, primaryKey, jsonb } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users, teams } from '../auth/auth.tables.ts';
import { customers } from '../customers/customers.tables.ts';
import { products } from '../sales/sales.tables.ts';

export { TICKET_STATUSES, TICKET_PRIORITIES, TICKET_CHANNELS, CONTRACT_KINDS, CONTRACT_STATUSES } from '../../../common/support.schemas.ts';
import { TICKET_STATUSES, TICKET_PRIORITIES, TICKET_CHANNELS, CONTRACT_KINDS, CONTRACT_STATUSES } from '../../../common/support.schemas.ts';
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/**
 * A support ticket. SLA deadlines are stored as instants computed in business time when the ticket is created (and
 * moved later while the ticket waits on the customer), so lists filter and sort on them with plain indexes.
 */
export const tickets = pgTable('tickets', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Human number shown as #1234; one sequence for the whole organization. */
  number: bigserial('number', { mode: 'number' }).notNull(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  channel: text('channel').$type<TicketChannel>().notNull(),
  subject: text('subject').notNull(),
  description: text('description'),
  category: text('category'),
  productId: uuid('product_id').references(() => products.id),
  priority: text('priority').$type<TicketPriority>().notNull().default('normal'),
  status: text('status').$type<TicketStatus>().notNull().default('new'),
  assigneeId: uuid('assignee_id').references(() => users.id),
  teamId: uuid('team_id').references(() => teams.id),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  slaPolicyId: uuid('sla_policy_id'),
  firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
  resolutionDueAt: timestamp('resolution_due_at', { withTimezone: true }),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  /** While waiting on the customer the resolution clock stops; resuming moves resolutionDueAt by the paused business time. */
  pausedAt: timestamp('paused_at', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  mergedIntoId: uuid('merged_into_id'),
  /** The recurring problem this ticket belongs to (support's problem groups). */
  problemGroupId: uuid('problem_group_id'),
  /** A person put the ticket in its group (or confirmed the group, or said it is no recurring problem): regrouping keeps it. */
  problemPinned: boolean('problem_pinned').notNull().default(false),
  /** fa_norm of number, subject and description, for search. */
  searchDoc: text('search_doc').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tickets_number_uq').on(t.number),
  index('tickets_customer').on(t.customerId, t.createdAt),
  index('tickets_assignee_open').on(t.assigneeId, t.status),
  index('tickets_open_due').on(t.resolutionDueAt).where(sql`status NOT IN ('resolved', 'closed')`),
  index('tickets_problem_group').on(t.problemGroupId, t.createdAt),
  index('tickets_search_trgm').using('gin', sql`${t.searchDoc} gin_trgm_ops`),
]);

/**
 * The conversation: public replies to the customer (sent by email/SMS through the outbox), the customer's own words
 * (logged or received), internal notes, and each agent's summary of their part (shown on the customer's timeline).
 */
export const ticketMessages = pgTable('ticket_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Conversation order (several messages may share a timestamp). */
  seq: bigserial('seq', { mode: 'number' }).notNull(),
  ticketId: uuid('ticket_id').notNull().references(() => tickets.id),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  kind: text('kind').$type<'reply' | 'customer' | 'note' | 'summary'>().notNull(),
  body: text('body').notNull(),
  /** For replies: how it went out (email, sms) or 'none' when only logged; for customer messages: where it came from. */
  channel: text('channel'),
  /** The message-log row (messages table) of a reply sent by email or SMS. */
  messageId: uuid('message_id'),
  authorId: uuid('author_id').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('ticket_messages_ticket').on(t.ticketId, t.seq),
  index('ticket_messages_customer_summary').on(t.customerId, t.createdAt).where(sql`kind = 'summary'`),
]);

/** First-response and resolution targets, in business minutes, per priority (and optionally per contract level). */
export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  priority: text('priority').$type<TicketPriority>().notNull(),
  /** null: the default for tickets without a contract of a named level. */
  contractLevel: text('contract_level'),
  firstResponseMinutes: integer('first_response_minutes').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('sla_policies_priority_level_uq').on(t.priority, sql`coalesce(${t.contractLevel}, '')`),
]);


/**
 * Service, maintenance and subscription contracts. `level` names the SLA policies that apply to the customer's tickets
 * while the contract is active; a renewal is a new contract pointing back to the one it renews.
 */
export const contracts = pgTable('contracts', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: bigserial('number', { mode: 'number' }).notNull(),
  customerId: uuid('customer_id').notNull().references(() => customers.id),
  kind: text('kind').$type<(typeof CONTRACT_KINDS)[number]>().notNull(),
  title: text('title').notNull(),
  /** fa_norm(title), kept by the database for the search box (see deals.search_title). */
  searchTitle: text('search_title').generatedAlwaysAs(sql`fa_norm(title)`),
  level: text('level'),
  startDate: date('start_date').notNull(),
  endDate: date('end_date').notNull(),
  /** Integer Rials. */
  value: bigint('value', { mode: 'bigint' }).notNull().default(sql`0`),
  renewalTerms: text('renewal_terms'),
  status: text('status').$type<(typeof CONTRACT_STATUSES)[number]>().notNull().default('active'),
  ownerId: uuid('owner_id').references(() => users.id),
  /** Days before the end when the owner gets a renewal task (and the customer an SMS, when chosen). */
  reminderDays: integer('reminder_days').notNull().default(30),
  remindCustomer: boolean('remind_customer').notNull().default(false),
  remindedAt: timestamp('reminded_at', { withTimezone: true }),
  renewedFromId: uuid('renewed_from_id'),
  notes: text('notes'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('contracts_number_uq').on(t.number),
  index('contracts_customer').on(t.customerId, t.endDate),
  index('contracts_active_end').on(t.endDate).where(sql`status = 'active'`),
  uniqueIndex('contracts_one_renewal').on(t.renewedFromId).where(sql`renewed_from_id IS NOT NULL`),
  // The search box finds contracts by the words of their title (support.search.ts).
  index('contracts_title_trgm').using('gin', sql`${t.searchTitle} gin_trgm_ops`),
]);

export const contractProducts = pgTable('contract_products', {
  contractId: uuid('contract_id').notNull().references(() => contracts.id, { onDelete: 'cascade' }),
  productId: uuid('product_id').notNull().references(() => products.id),
}, (t) => [primaryKey({ columns: [t.contractId, t.productId] })]);

/**
 * A recurring problem: tickets that describe the same thing, found by server/analytics/problem-groups.ts and kept
 * between regroupings. Once a person confirms, splits, merges or renames a group, its tickets are pinned to it.
 */
export const problemGroups = pgTable('problem_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  label: text('label').notNull(),
  /** A person named the group: regrouping keeps the name instead of taking a member's subject. */
  labelEdited: boolean('label_edited').notNull().default(false),
  terms: text('terms').array().notNull().default(sql`'{}'::text[]`),
  confirmed: boolean('confirmed').notNull().default(false),
  confirmedBy: uuid('confirmed_by').references(() => users.id),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  /** The group's profile from the last regrouping (GroupProfile), for placing new tickets without regrouping. */
  profile: jsonb('profile'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The vocabulary (ProblemModel) of the last regrouping; one row. */
export const problemIndex = pgTable('problem_index', {
  id: integer('id').primaryKey(),
  /** Changes whenever the model or any group's profile changes, so app instances know to reload their copy. */
  version: uuid('version').notNull().defaultRandom(),
  model: jsonb('model').notNull(),
  ticketCount: integer('ticket_count').notNull(),
  builtAt: timestamp('built_at', { withTimezone: true }).notNull(),
});

/** Round-robin assignment: the turn (a counter, not a time: several tickets may share an instant) and time each agent last received a ticket from the rotation. */
export const supportRotation = pgTable('support_rotation', {
  userId: uuid('user_id').primaryKey().references(() => users.id),
  lastTurn: bigint('last_turn', { mode: 'number' }).notNull(),
  lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }).notNull(),
});

/** Ticket categories an admin defines: the key tickets store and its names in both languages (common/ticket-categories.schemas.ts). */
export const ticketCategories = pgTable('ticket_categories', {
  key: text('key').primaryKey(),
  labelFa: text('label_fa').notNull(),
  labelEn: text('label_en').notNull(),
  /** An inactive category is no longer offered for new tickets; the tickets filed under it keep its names. */
  active: boolean('active').notNull().default(true),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
