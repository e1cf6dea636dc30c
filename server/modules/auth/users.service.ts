/** Users: login, the first admin, and user management. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { roles, users } from './auth.tables.ts';
import { hashPassword, verifyPassword, dummyPasswordHash } from './password.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from './policy.ts';
import { deleteUserSessions } from './sessions.service.ts';
import { assertTeamExists, roleByKey } from './roles.service.ts';
import { assertAcceptablePassword } from './password-policy.ts';

export function presentUser(u: typeof users.$inferSelect, roleKey?: string) {
  return {
    id: u.id, email: u.email, name: u.name, roleId: u.roleId, roleKey: roleKey ?? null, teamId: u.teamId,
    locale: u.locale, calendar: u.calendar, currency: u.currency, timeZone: u.timeZone, active: u.active,
    lastLoginAt: u.lastLoginAt, createdAt: u.createdAt,
  };
}

export async function countUsers(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n;
}

/** Creates an admin (first start or CLI). Refuses a weak password and a second account with the same email. */
export async function createAdmin(db: Db, input: { email: string; password: string; name?: string }) {
  const email = input.email.trim().toLowerCase();
  assertAcceptablePassword(input.password, { email, name: input.name });
  const role = await roleByKey(db, 'admin');
  const [existing] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email));
  if (existing) throw new AppError('CONFLICT', `A user with email ${email} exists`);
  const [u] = await db.insert(users).values({ email, name: input.name ?? 'Admin', passwordHash: await hashPassword(input.password), roleId: role.id }).returning();
  return presentUser(u, 'admin');
}

/** Checks email + password. Same work whether or not the account exists. */
export async function authenticate(db: Db, email: string, password: string) {
  const [u] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!u) {
    await verifyPassword(password, await dummyPasswordHash());
    return undefined;
  }
  const ok = await verifyPassword(password, u.passwordHash);
  return ok && u.active ? u : undefined;
}

/** A user's name, team and whether they are active, for other modules that assign people (owners, assignees). */
export async function userBrief(db: Db, id: string): Promise<{ id: string; name: string; teamId: string | null; active: boolean } | undefined> {
  const [u] = await db.select({ id: users.id, name: users.name, teamId: users.teamId, active: users.active }).from(users).where(eq(users.id, id));
  return u;
}

export async function recordLogin(db: Db, userId: string, at: Date) {
  await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, userId));
}

export async function listUsers(db: Db, actor: Actor) {
  assertCan(actor, 'users', 'read');
  const rows = await db.select({ u: users, roleKey: roles.key }).from(users).innerJoin(roles, eq(roles.id, users.roleId)).orderBy(asc(users.name));
  return rows.map((r) => presentUser(r.u, r.roleKey));
}

export async function getUser(db: Db, id: string) {
  const [r] = await db.select({ u: users, roleKey: roles.key }).from(users).innerJoin(roles, eq(roles.id, users.roleId)).where(eq(users.id, id));
  if (!r) throw notFound('User');
  return presentUser(r.u, r.roleKey);
}

export async function createUser(db: Db, actor: Actor, input: { email: string; name: string; password: string; roleId: string; teamId?: string | null; locale: 'fa' | 'en' }) {
  assertCan(actor, 'users', 'create');
  const [role] = await db.select().from(roles).where(eq(roles.id, input.roleId));
  if (!role) throw new AppError('VALIDATION_FAILED', 'Unknown role', { roleId: 'unknown role' });
  await assertTeamExists(db, input.teamId);
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, input.email));
  if (existing) throw new AppError('CONFLICT', `A user with email ${input.email} exists`);
  assertAcceptablePassword(input.password, input);
  const [u] = await db.insert(users).values({ ...input, passwordHash: await hashPassword(input.password) }).returning();
  return presentUser(u, role.key);
}

export async function updateUser(db: Db, actor: Actor, id: string, input: { name?: string; roleId?: string; teamId?: string | null; active?: boolean; password?: string }) {
  assertCan(actor, 'users', 'update');
  const [current] = await db.select().from(users).where(eq(users.id, id));
  if (!current) throw notFound('User');
  if (id === actor.userId && (input.active === false || input.roleId)) {
    throw new AppError('UNPROCESSABLE', 'You cannot deactivate yourself or change your own role');
  }
  if (input.roleId) {
    const [role] = await db.select().from(roles).where(eq(roles.id, input.roleId));
    if (!role) throw new AppError('VALIDATION_FAILED', 'Unknown role', { roleId: 'unknown role' });
  }
  await assertTeamExists(db, input.teamId);
  const { password, ...rest } = input;
  if (password) assertAcceptablePassword(password, { email: current.email, name: input.name ?? current.name });
  const patch: Partial<typeof users.$inferInsert> = { ...rest, updatedAt: new Date() };
  if (password) patch.passwordHash = await hashPassword(password);
  await db.update(users).set(patch).where(eq(users.id, id));
  // Deactivation, a role change or a new password ends that user's sessions (and their event streams) at once; API
  // keys stop with the account.
  if (input.active === false || (input.roleId && input.roleId !== current.roleId) || password) await deleteUserSessions(db, id);
  return getUser(db, id);
}

export async function updatePreferences(db: Db, actor: Actor, input: Partial<Pick<typeof users.$inferInsert, 'locale' | 'calendar' | 'currency' | 'timeZone'>>) {
  await db.update(users).set({ ...input, updatedAt: new Date() }).where(eq(users.id, actor.userId));
  return getUser(db, actor.userId);
}
