/**
 * API keys: who may make, see and revoke them. A key is made for yourself, or by a key admin for a user whose
 * permissions the admin's cover; what a key may do at use time is in key-permissions.ts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apiKeys, roles, users } from './auth.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, can, type Actor } from './policy.ts';
import { createApiKey } from './sessions.service.ts';
import { coversPermissions, keyPermissions, requestedBeyond } from './key-permissions.ts';
import type { RolePermissions } from '../../../common/permissions.ts';

/** May manage other users' keys: edits users and keys, from a session (a key never manages keys). */
const isKeyAdmin = (actor: Actor) => can(actor, 'users', 'update') && actor.via !== 'api_key';

/** Whether the actor may see or revoke a key of `userId` (made by `createdBy`, whose role grants `userPermissions`). */
function mayManage(actor: Actor, key: { userId: string; createdBy: string | null; userPermissions: RolePermissions }): boolean {
  if (key.userId === actor.userId || key.createdBy === actor.userId) return true;
  return isKeyAdmin(actor) && coversPermissions(actor.permissions, key.userPermissions);
}

export type ApiKeyInput = { name: string; userId?: string; permissions?: RolePermissions; rateLimitPerMinute?: number };

export async function issueApiKey(db: Db, actor: Actor, input: ApiKeyInput) {
  assertCan(actor, 'api_keys', 'create');
  // A key acting with narrowed permissions must not make one that would be judged by its user's role alone.
  if (actor.via === 'api_key') throw new AppError('FORBIDDEN', 'API keys are made from a logged-in session, not with another key');
  const userId = input.userId ?? actor.userId;
  // What the key could do with no list of its own: its user's permissions cut by its creator's (see keyPermissions).
  let allowed = actor.permissions;
  if (userId !== actor.userId) {
    const [target] = await db.select({ permissions: roles.permissions }).from(users).innerJoin(roles, eq(roles.id, users.roleId)).where(eq(users.id, userId));
    if (!target) throw notFound('User');
    if (!isKeyAdmin(actor) || !coversPermissions(actor.permissions, target.permissions)) {
      throw new AppError('FORBIDDEN', 'You may make API keys only for yourself, or as an admin for users with no more rights than you', { userId });
    }
    allowed = keyPermissions(target.permissions, actor.permissions, false);
  }
  let permissions: RolePermissions | null = null;
  if (input.permissions) {
    const problems = requestedBeyond(allowed, input.permissions);
    if (Object.keys(problems).length) {
      throw new AppError('VALIDATION_FAILED', `A key cannot do more than its user: ${Object.keys(problems).map((k) => k.slice('permissions.'.length)).join(', ')}`, problems);
    }
    // Stored without empty entries, so the list says exactly what the key may do.
    permissions = Object.fromEntries(Object.entries(input.permissions).filter(([, p]) => p && p.ops.length > 0)) as RolePermissions;
  }
  const { key, row } = await createApiKey(db, { userId, name: input.name, createdBy: actor.userId, permissions, rateLimitPerMinute: input.rateLimitPerMinute });
  return { key, id: row.id, name: row.name, prefix: row.prefix, userId, permissions: row.permissions, rateLimitPerMinute: row.rateLimitPerMinute, createdAt: row.createdAt };
}

const keyColumns = {
  id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, userId: apiKeys.userId, createdBy: apiKeys.createdBy,
  permissions: apiKeys.permissions, rateLimitPerMinute: apiKeys.rateLimitPerMinute,
  createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, userPermissions: roles.permissions,
};

export async function listApiKeys(db: Db, actor: Actor) {
  assertCan(actor, 'api_keys', 'read');
  const rows = await db.select(keyColumns).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .orderBy(asc(apiKeys.createdAt));
  return rows.filter((k) => mayManage(actor, k)).map(({ userPermissions: _p, createdBy: _c, ...k }) => k);
}

/** A live key the actor may manage; any other is answered as if it did not exist. */
async function manageableKey(db: Db, actor: Actor, id: string) {
  const [k] = await db.select(keyColumns).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} IS NULL`));
  if (!k || !mayManage(actor, k)) throw notFound('API key');
  return k;
}

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'api_keys', 'delete');
  await manageableKey(db, actor, id);
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
}

/** Renames a key or changes its requests-a-minute limit (from a session: a key does not manage keys). */
export async function updateApiKey(db: Db, actor: Actor, id: string, input: { name?: string; rateLimitPerMinute?: number }) {
  assertCan(actor, 'api_keys', 'create');
  if (actor.via === 'api_key') throw new AppError('FORBIDDEN', 'API keys are managed from a logged-in session, not with another key');
  await manageableKey(db, actor, id);
  const [row] = await db.update(apiKeys).set(input).where(eq(apiKeys.id, id)).returning();
  const { keyHash: _h, createdBy: _c, ...view } = row;
  return view;
}
