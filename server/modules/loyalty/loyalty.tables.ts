import { pgTable, uuid, text, timestamp, bigint, jsonb, index, uniqueIndex, check, integer, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { customers } from '../customers/customers.tables.ts';
import type { LedgerKind, Program } from '../../../common/loyalty.schemas.ts';

/** The one program's settings (row id 'default'); absent until an admin saves them (defaults apply). */
export const loyaltyProgram = pgTable('loyalty_program', {
  id: text('id').primaryKey(),
  settings: jsonb('settings').$type<Program>().notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A member's balance row: every ledger write locks it (SELECT … FOR UPDATE), so concurrent redemptions queue on it
 * and each sees the balance the previous one left. The CHECK is a last guard, never the path a refusal takes.
 */
export const loyaltyMembers = pgTable('loyalty_members', {
  customerId: uuid('customer_id').primaryKey().references(() => customers.id, { onDelete: 'cascade' }),
  balance: bigint('balance', { mode: 'number' }).notNull().default(0),
  tier: text('tier'),
  tierSince: timestamp('tier_since', { withTimezone: true }),
  joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('loyalty_members_balance_nonneg', sql`${t.balance} >= 0`), index('loyalty_members_tier').on(t.tier)]);

/**
 * The points ledger: append-only (no UPDATE or DELETE but a customer's erasure). Points are signed (earn and a
 * positive adjustment add; redeem, expire, reverse and a negative adjustment take). `lotId` names the earning an
 * expiry or a reversal takes from; redemptions take from the oldest earnings first (FIFO, computed, see points.ts).
 */
export const loyaltyLedger = pgTable('loyalty_ledger', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  kind: text('kind').$type<LedgerKind>().notNull(),
  points: bigint('points', { mode: 'number' }).notNull(),
  balanceAfter: bigint('balance_after', { mode: 'number' }).notNull(),
  /** Rials spent that this entry counts for a spend-based tier (an invoice's earning; its reversal negative). */
  spend: bigint('spend', { mode: 'number' }).notNull().default(0),
  reason: text('reason').notNull().default(''),
  /** invoice, credit_note, document (a redemption on a quote/invoice), bonus:<event>, reward … */
  sourceType: text('source_type'),
  sourceId: text('source_id'),
  lotId: uuid('lot_id'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  actorId: uuid('actor_id'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [
  index('loyalty_ledger_customer').on(t.customerId, t.at.desc()),
  // An invoice earns once and is reversed once; a bonus is given once per reference.
  uniqueIndex('loyalty_ledger_source_uq').on(t.customerId, t.kind, t.sourceType, t.sourceId).where(sql`${t.sourceId} IS NOT NULL AND ${t.kind} IN ('earn', 'reverse')`),
  uniqueIndex('loyalty_ledger_expiry_uq').on(t.lotId).where(sql`${t.kind} = 'expire'`),
]);

/** Tier changes, for the timeline (and the SMS that announced an upgrade). */
export const loyaltyTierChanges = pgTable('loyalty_tier_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  fromTier: text('from_tier'),
  toTier: text('to_tier'),
  direction: text('direction').$type<'up' | 'down'>().notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('loyalty_tier_changes_customer').on(t.customerId, t.at.desc())]);

/** The rewards catalog: what points buy (a redemption is a ledger entry, sourceType 'reward', sourceId the reward). */
export const loyaltyRewards = pgTable('loyalty_rewards', {
  id: uuid('id').primaryKey().defaultRandom(),
  nameFa: text('name_fa').notNull(),
  nameEn: text('name_en').notNull().default(''),
  description: text('description').notNull().default(''),
  points: bigint('points', { mode: 'number' }).notNull(),
  /** Units left; null = not counted. A redemption locks the row and takes one; never below zero. */
  stock: integer('stock'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('loyalty_rewards_points_pos', sql`${t.points} > 0`), check('loyalty_rewards_stock_nonneg', sql`${t.stock} IS NULL OR ${t.stock} >= 0`)]);

/**
 * One-time codes for the member's page: texted through the outbox, stored only as a keyed hash, a few minutes long,
 * a few attempts each. The phone is kept (E.164) to count the codes asked for it (rate limit).
 */
export const loyaltyLoginCodes = pgTable('loyalty_login_codes', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
  phone: text('phone').notNull(),
  codeHash: text('code_hash').notNull(),
  attempts: integer('attempts').notNull().default(0),
  ip: text('ip'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('loyalty_login_codes_phone').on(t.phone, t.createdAt.desc()), index('loyalty_login_codes_ip').on(t.ip, t.createdAt.desc())]);

/** A member's short session on the public page (the cookie holds the token; only its hash is stored). */
export const loyaltyMemberSessions = pgTable('loyalty_member_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [index('loyalty_member_sessions_customer').on(t.customerId)]);

/** A review the customer left (on Google Maps, Instagram, the website, in store…), recorded by staff; the program's review bonus is given once per review. */
export const loyaltyReviews = pgTable('loyalty_reviews', {
  id: uuid('id').primaryKey().defaultRandom(),
  customerId: uuid('customer_id').notNull().references(() => customers.id, { onDelete: 'cascade' }),
  rating: integer('rating').notNull(),
  source: text('source').$type<'google_maps' | 'instagram' | 'website' | 'in_store' | 'other'>().notNull(),
  text: text('text'),
  link: text('link'),
  recordedBy: uuid('recorded_by'),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('loyalty_reviews_customer').on(t.customerId, t.at.desc()), check('loyalty_reviews_rating', sql`${t.rating} BETWEEN 1 AND 5`)]);
