import { eq, asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { roles, teams, users } from './auth.tables.ts';
import { DEFAULT_ROLES, ROLE_KEYS, type RolePermissions } from '../../../common/permissions.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from './policy.ts';
import { countOf } from '../../../common/plural.ts';

/**
 * Creates the built-in roles that are missing, and gives existing built-in roles the default grants for objects added
 * since they were made (a new module's objects); grants an admin has edited are left as they are. Idempotent; runs on
 * every start.
 */
export async function ensureBuiltInRoles(db: Db): Promise<void> {
  for (const key of ROLE_KEYS) {
    const defaults = DEFAULT_ROLES[key].permissions;
    await db.insert(roles).values({ key, name: DEFAULT_ROLES[key].name, permissions: defaults, builtIn: true }).onConflictDoNothing();
    const [row] = await db.select().from(roles).where(eq(roles.key, key));
    const current = row.permissions as RolePermissions;
    const missing = Object.fromEntries(Object.entries(defaults).filter(([object]) => !(object in current)));
    if (Object.keys(missing).length) await db.update(roles).set({ permissions: { ...current, ...missing } }).where(eq(roles.id, row.id));
  }
}

export async function roleByKey(db: Db, key: string) {
  const [r] = await db.select().from(roles).where(eq(roles.key, key));
  if (!r) throw notFound('Role');
  return r;
}

export async function listRoles(db: Db, actor: Actor) {
  assertCan(actor, 'users', 'read');
  return db.select().from(roles).orderBy(asc(roles.createdAt), asc(roles.key));
}

export async function createRole(db: Db, actor: Actor, input: { key: string; name: string; permissions: RolePermissions }) {
  assertCan(actor, 'roles', 'create');
  const [r] = await db.insert(roles).values({ ...input, builtIn: false }).onConflictDoNothing().returning();
  if (!r) throw new AppError('CONFLICT', `A role with key "${input.key}" exists`);
  return r;
}

export async function updateRole(db: Db, actor: Actor, id: string, input: { name?: string; permissions?: RolePermissions }) {
  assertCan(actor, 'roles', 'update');
  const [current] = await db.select().from(roles).where(eq(roles.id, id));
  if (!current) throw notFound('Role');
  if (current.key === 'admin' && input.permissions) {
    // The admin role must keep managing roles and users, or nobody could undo a mistake.
    for (const o of ['roles', 'users'] as const) {
      const p = input.permissions[o];
      if (!p || !p.ops.includes('update') || !p.ops.includes('read')) throw new AppError('UNPROCESSABLE', 'The admin role must keep read and update on users and roles');
    }
  }
  const [r] = await db.update(roles).set({ ...input, updatedAt: sql`now()` }).where(eq(roles.id, id)).returning();
  return r;
}

export async function deleteRole(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'roles', 'delete');
  const [current] = await db.select().from(roles).where(eq(roles.id, id));
  if (!current) throw notFound('Role');
  if (current.builtIn) throw new AppError('UNPROCESSABLE', 'Built-in roles cannot be deleted');
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.roleId, id));
  if (n > 0) throw new AppError('CONFLICT', `${countOf(n, 'user still has', 'users still have')} this role`);
  await db.delete(roles).where(eq(roles.id, id));
}

export async function listTeams(db: Db, actor: Actor) {
  assertCan(actor, 'users', 'read');
  return db.select().from(teams).orderBy(asc(teams.name));
}

export async function createTeam(db: Db, actor: Actor, input: { name: string }) {
  assertCan(actor, 'users', 'create');
  const [t] = await db.insert(teams).values(input).returning();
  return t;
}

/** A team id given in a request must name a team (400 naming the field otherwise, not a foreign-key failure). */
export async function assertTeamExists(db: Db, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  if (!team) throw new AppError('VALIDATION_FAILED', 'Unknown team', { teamId: 'unknown team' });
}
