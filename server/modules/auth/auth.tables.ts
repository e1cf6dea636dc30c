import { pgTable, uuid, text, boolean, timestamp, jsonb, integer, index, uniqueIndex, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { RolePermissions } from '../../../common/permissions.ts';

export const teams = pgTable('teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const roles = pgTable('roles', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull(),
  name: text('name').notNull(),
  permissions: jsonb('permissions').$type<RolePermissions>().notNull(),
  builtIn: boolean('built_in').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('roles_key_uq').on(t.key)]);

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roleId: uuid('role_id').notNull().references(() => roles.id),
  teamId: uuid('team_id').references(() => teams.id),
  locale: text('locale').$type<'fa' | 'en'>().notNull().default('fa'),
  calendar: text('calendar').$type<'jalali' | 'gregorian'>().notNull().default('jalali'),
  currency: text('currency').$type<'IRR' | 'IRT'>().notNull().default('IRT'),
  timeZone: text('time_zone').notNull().default('Asia/Tehran'),
  active: boolean('active').notNull().default(true),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`)]);

export const sessions = pgTable('sessions', {
  /** SHA-256 of the cookie token: a database leak does not leak live sessions. */
  id: text('id').primaryKey(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [index('sessions_user_idx').on(t.userId)]);

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  /** The key's own, narrower permissions (null: all its user may do). Applied on top of the user/creator cut. */
  permissions: jsonb('permissions').$type<RolePermissions>(),
  /** Requests a minute this key may make (api_key_rate_windows counts them). */
  rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Written at most once a minute per key (not on every request). */
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
}, (t) => [uniqueIndex('api_keys_hash_uq').on(t.keyHash)]);

/**
 * Fixed one-minute windows of requests per API key, counted in the database so every app instance shares them.
 * Old windows are purged by the api-usage job.
 */
export const apiKeyRateWindows = pgTable('api_key_rate_windows', {
  keyId: uuid('key_id').notNull().references(() => apiKeys.id, { onDelete: 'cascade' }),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  count: integer('count').notNull(),
}, (t) => [primaryKey({ columns: [t.keyId, t.windowStart] }), index('api_key_rate_windows_start_idx').on(t.windowStart)]);

/**
 * Idempotency-Key answers per user: the request's hash, and (once it succeeded) its status and body, replayed for 24 h.
 * A row without a status is a request still in flight.
 */
export const idempotencyKeys = pgTable('idempotency_keys', {
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  status: integer('status'),
  response: text('response'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)]);

/**
 * One row per failed password check (login or password change), under each key it counts against: 'acct:<email>'
 * (unknown devices), 'ip:<addr>' (unknown devices), 'pair:<email>|<addr>' and 'dev:<email>|<device>' (a known
 * browser). Rows older than the throttle's hour are deleted as new ones come.
 */
export const loginFailures = pgTable('login_failures', {
  id: uuid('id').primaryKey().defaultRandom(),
  key: text('key').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
}, (t) => [index('login_failures_key_at_idx').on(t.key, t.at), index('login_failures_at_idx').on(t.at)]);
