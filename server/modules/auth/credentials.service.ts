/** Checking a password under the throttle (login, password change) and changing one's own password. */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { users } from './auth.tables.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { attemptSucceeded, beginAttempt, type Attempter } from './throttle.service.ts';
import { authenticate } from './users.service.ts';
import { createSession, deleteUserSessions } from './sessions.service.ts';
import type { Actor } from './policy.ts';

function throttled(v: { retryAfterSec: number; reason: string }) {
  return new AppError('RATE_LIMITED', 'Too many failed attempts; wait and try again', { retryAfterSec: v.retryAfterSec, reason: v.reason });
}

/** The user behind an email and password, or RATE_LIMITED (before the password is looked at) / UNAUTHENTICATED. */
export async function checkLogin(db: Db, clock: Clock, who: Attempter, password: string) {
  const verdict = await beginAttempt(db, clock, who);
  if (!verdict.allowed) throw throttled(verdict);
  const user = await authenticate(db, who.email, password);
  if (!user) throw new AppError('UNAUTHENTICATED', 'Wrong email or password');
  await attemptSucceeded(db, verdict.attempt);
  return user;
}

/**
 * The signed-in user's current password, checked under the same throttle as a login (a stolen session must not become
 * a way to guess it). Runs outside the change's transaction so a wrong guess stays counted.
 */
export async function checkCurrentPassword(db: Db, clock: Clock, who: Attempter, userId: string, password: string): Promise<void> {
  const verdict = await beginAttempt(db, clock, who);
  if (!verdict.allowed) throw throttled(verdict);
  const [u] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  if (!u || !(await verifyPassword(password, u.hash))) {
    throw new AppError('VALIDATION_FAILED', 'The current password is not right', { currentPassword: 'wrong password' });
  }
  await attemptSucceeded(db, verdict.attempt);
}

/**
 * Sets the signed-in user's new password (after checkCurrentPassword) and ends every session of theirs — their event
 * streams close with them — then opens a fresh one for this browser: a token that might have leaked before the change
 * does not survive it.
 */
export async function changeOwnPassword(tx: Db, clock: Clock, actor: Actor, newPassword: string, opts: { sessionDays: number; ip?: string; userAgent?: string }) {
  const [u] = await tx.select().from(users).where(eq(users.id, actor.userId));
  if (!u) throw new AppError('UNAUTHENTICATED', 'Please log in');
  assertAcceptablePassword(newPassword, { email: u.email, name: u.name }, 'newPassword');
  if (await verifyPassword(newPassword, u.passwordHash)) {
    throw new AppError('VALIDATION_FAILED', 'The new password must differ from the current one', { newPassword: 'same as the current password' });
  }
  await tx.update(users).set({ passwordHash: await hashPassword(newPassword), updatedAt: clock.now() }).where(eq(users.id, u.id));
  await deleteUserSessions(tx, u.id);
  return createSession(tx, clock, u.id, opts.sessionDays, { ip: opts.ip, userAgent: opts.userAgent });
}
