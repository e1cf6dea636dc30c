/** Server-side sessions, API keys and the actor behind a request. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import { apiKeys, roles, sessions, users } from './auth.tables.ts';
import type { Actor } from './policy.ts';
import type { Clock } from '../../clock.ts';
import { intersectPermissions, keyPermissions } from './key-permissions.ts';
import type { RolePermissions } from '../../../common/permissions.ts';
import { endStreams } from '../../realtime/bus.ts';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export async function createSession(db: Db, clock: Clock, userId: string, days: number, meta: { ip?: string; userAgent?: string }) {
  const token = newToken();
  const csrfToken = newToken(24);
  const now = clock.now();
  await db.insert(sessions).values({
    id: sha256(token), userId, csrfToken, ip: meta.ip, userAgent: meta.userAgent?.slice(0, 300),
    createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + days * 86400_000),
  });
  return { token, csrfToken };
}

/** Ends one session, and its event streams on every app instance. */
export async function deleteSession(db: Db, token: string) {
  const [gone] = await db.delete(sessions).where(eq(sessions.id, sha256(token))).returning({ id: sessions.id, userId: sessions.userId });
  if (gone) await endStreams(db, gone.userId, gone.id);
}

/** Ends every session of the user and all their event streams (an API key's too), on every app instance. */
export async function deleteUserSessions(db: Db, userId: string) {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await endStreams(db, userId);
}

const actorColumns = {
  userId: users.id, name: users.name, email: users.email, teamId: users.teamId, roleKey: roles.key, permissions: roles.permissions,
};

/** What a session cookie stands for: its user as an actor, its CSRF token and its stored id. */
export type SessionAnswer = { actor: Actor; csrfToken: string; sessionId: string };

/** Slides a session's expiry to `days` from now; returns the new expiry. */
export async function slideSession(db: Db, sessionId: string, now: Date, days: number): Promise<Date> {
  const expiresAt = new Date(now.getTime() + days * 86400_000);
  await db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.id, sessionId));
  return expiresAt;
}

/**
 * The session stored under `sessionId` (the SHA-256 of its token) if it has not expired and its user is active, with
 * when it was last seen and when it expires; slides the expiry at most once a minute.
 */
export async function loadSession(db: Db, clock: Clock, sessionId: string, days: number): Promise<{ answer: SessionAnswer; lastSeenAt: Date; expiresAt: Date } | undefined> {
  const now = clock.now();
  const [row] = await db.select({ ...actorColumns, csrfToken: sessions.csrfToken, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, sessionId: sessions.id })
    .from(sessions).innerJoin(users, eq(users.id, sessions.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, now), eq(users.active, true)));
  if (!row) return undefined;
  let { lastSeenAt, expiresAt } = row;
  if (now.getTime() - lastSeenAt.getTime() > 60_000) {
    expiresAt = await slideSession(db, row.sessionId, now, days);
    lastSeenAt = now;
  }
  const actor: Actor = { userId: row.userId, name: row.name, email: row.email, teamId: row.teamId, roleKey: row.roleKey, permissions: row.permissions, via: 'session' };
  return { answer: { actor, csrfToken: row.csrfToken, sessionId: row.sessionId }, lastSeenAt, expiresAt };
}

/** The session's user (active only) and its CSRF token; slides the expiry at most once a minute. */
export async function actorFromSession(db: Db, clock: Clock, token: string, days: number): Promise<SessionAnswer | undefined> {
  return (await loadSession(db, clock, sha256(token), days))?.answer;
}

/** Active users as actors (for work done on their behalf, e.g. what a realtime event may show them). */
export async function actorsOfUsers(db: Db, userIds: string[]): Promise<Actor[]> {
  if (userIds.length === 0) return [];
  const rows = await db.select(actorColumns).from(users).innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(inArray(users.id, userIds), eq(users.active, true)));
  return rows.map((r) => ({ userId: r.userId, name: r.name, email: r.email, teamId: r.teamId, roleKey: r.roleKey, permissions: r.permissions, via: 'system' as const }));
}

/** API keys look like "mhv_<prefix>_<secret>"; only a SHA-256 of the whole key is stored. */
export async function createApiKey(db: Db, input: { userId: string; name: string; createdBy: string; permissions?: RolePermissions | null; rateLimitPerMinute?: number }) {
  const prefix = newToken(6);
  const key = `mhv_${prefix}_${newToken(32)}`;
  const [row] = await db.insert(apiKeys).values({
    userId: input.userId, name: input.name, prefix, keyHash: sha256(key), createdBy: input.createdBy,
    permissions: input.permissions ?? null, ...(input.rateLimitPerMinute ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}),
  }).returning();
  return { key, row };
}

/** An API key's actor with what the HTTP layer needs to count its requests. */
export type KeyActor = { actor: Actor; keyId: string; rateLimitPerMinute: number };

/**
 * The actor behind an API key: its user, with only what both the user and the key's creator may do now (see
 * keyPermissions), narrowed further by the key's own list when it has one. A key stops when its user or its creator
 * is deactivated.
 */
export async function actorFromApiKey(db: Db, clock: Clock, key: string): Promise<KeyActor | undefined> {
  const creator = alias(users, 'key_creator');
  const creatorRole = alias(roles, 'key_creator_role');
  const [row] = await db.select({ ...actorColumns, keyId: apiKeys.id, createdBy: apiKeys.createdBy, keyPermissions: apiKeys.permissions, rateLimitPerMinute: apiKeys.rateLimitPerMinute, lastUsedAt: apiKeys.lastUsedAt, creatorActive: creator.active, creatorPermissions: creatorRole.permissions })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .leftJoin(creator, eq(creator.id, apiKeys.createdBy)).leftJoin(creatorRole, eq(creatorRole.id, creator.roleId))
    .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt), eq(users.active, true)));
  if (!row) return undefined;
  // Keys from before creators were recorded (no created_by) carry their user's role, as they always did.
  const selfMade = row.createdBy === null || row.createdBy === row.userId;
  if (!selfMade && (!row.creatorActive || !row.creatorPermissions)) return undefined;
  // At most one write a minute per key: a busy integration must not turn every read into a write.
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.keyId));
  }
  const cut = keyPermissions(row.permissions, row.creatorPermissions ?? {}, selfMade);
  const permissions = row.keyPermissions ? intersectPermissions(cut, row.keyPermissions) : cut;
  const actor: Actor = { userId: row.userId, name: row.name, email: row.email, teamId: row.teamId, roleKey: row.roleKey, permissions, via: 'api_key' };
  return { actor, keyId: row.keyId, rateLimitPerMinute: row.rateLimitPerMinute };
}

export async function purgeExpiredSessions(db: Db, clock: Clock) {
  await db.delete(sessions).where(sql`${sessions.expiresAt} < ${clock.now()}`);
}
