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
import { coversPermissions } from './key-permissions.ts';
import type { RolePermissions } from '../../../common/permissions.ts';

/** May manage other users' keys: edits users and keys, from a session (a key never manages keys). */
const isKeyAdmin = (actor: Actor) => can(actor, 'users', 'update') && actor.via !== 'api_key';

/** Whether the actor may see or revoke a key of `userId` (made by `createdBy`, whose role grants `userPermissions`). */
function mayManage(actor: Actor, key: { userId: string; createdBy: string | null; userPermissions: RolePermissions }): boolean {
  if (key.userId === actor.userId || key.createdBy === actor.userId) return true;
  return isKeyAdmin(actor) && coversPermissions(actor.permissions, key.userPermissions);
}

export async function issueApiKey(db: Db, actor: Actor, input: { name: string; userId?: string }) {
  assertCan(actor, 'api_keys', 'create');
  // A key acting with narrowed permissions must not make one that would be judged by its user's role alone.
  if (actor.via === 'api_key') throw new AppError('FORBIDDEN', 'API keys are made from a logged-in session, not with another key');
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId) {
    const [target] = await db.select({ permissions: roles.permissions }).from(users).innerJoin(roles, eq(roles.id, users.roleId)).where(eq(users.id, userId));
    if (!target) throw notFound('User');
    if (!isKeyAdmin(actor) || !coversPermissions(actor.permissions, target.permissions)) {
      throw new AppError('FORBIDDEN', 'You may make API keys only for yourself, or as an admin for users with no more rights than you', { userId });
    }
  }
  const { key, row } = await createApiKey(db, { userId, name: input.name, createdBy: actor.userId });
  return { key, id: row.id, name: row.name, prefix: row.prefix, userId, createdAt: row.createdAt };
}

const keyColumns = {
  id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, userId: apiKeys.userId, createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt, userPermissions: roles.permissions,
};

export async function listApiKeys(db: Db, actor: Actor) {
  assertCan(actor, 'api_keys', 'read');
  const rows = await db.select(keyColumns).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .orderBy(asc(apiKeys.createdAt));
  return rows.filter((k) => mayManage(actor, k)).map(({ userPermissions: _p, createdBy: _c, ...k }) => k);
}

export async function revokeApiKey(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'api_keys', 'delete');
  const [k] = await db.select(keyColumns).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} IS NULL`));
  // A key the actor may not manage is answered as if it did not exist.
  if (!k || !mayManage(actor, k)) throw notFound('API key');
  await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
}
