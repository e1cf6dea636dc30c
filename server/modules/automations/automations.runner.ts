/**
 * Running the due runs. Each step is one transaction: lock the run (skipping one another worker holds), check the
 * condition before the first step, do the step's action, append to the log and move the cursor — together, so a run
 * killed midway resumes at the step that did not commit and never repeats one that did. A failing step is retried
 * with backoff (1, 2, 4 minutes …) and after MAX_ATTEMPTS the run fails with the error in its log, and every active
 * admin gets an in-app notice (once per run) that links to the automation.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { roles, users } from '../auth/index.ts';
import { notify } from '../notifications/index.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { compileRules, compileContext } from '../segments/index.ts';
import { automations, automationRuns, type RunLogEntry } from './automations.tables.ts';
import { runAction } from './automations.actions.ts';
import { runningAutomation } from './automations.context.ts';

export const MAX_ATTEMPTS = 4;
const ACTIVE = ['pending', 'waiting'] as const;
type RunRow = typeof automationRuns.$inferSelect;

const entry = (step: number, action: string, outcome: string, detail: string | null, at: Date): RunLogEntry => ({ step, action, outcome, detail, at: at.toISOString() });

async function finish(tx: Db, run: RunRow, status: 'done' | 'skipped' | 'failed', log: RunLogEntry[], now: Date, error: string | null = null) {
  await tx.update(automationRuns).set({ status, log, error, finishedAt: now, updatedAt: now, dueAt: null }).where(eq(automationRuns.id, run.id));
}

async function conditionHolds(tx: Db, clock: Clock, run: RunRow): Promise<boolean> {
  const rules = run.definition.conditions;
  if (!rules) return true;
  const cond = compileRules(rules, await compileContext(tx, null, clock));
  const r = await tx.execute(sql`SELECT 1 FROM customers c WHERE c.id = ${run.customerId} AND c.deleted_at IS NULL AND ${cond}`);
  return r.rows.length > 0;
}

/** One step of one run; true when the next step is due at once. */
async function step(database: Database, clock: Clock, runId: string): Promise<boolean> {
  return withTx(database, async (tx) => {
    const now = clock.now();
    const [run] = await tx.select().from(automationRuns)
      .where(and(eq(automationRuns.id, runId), inArray(automationRuns.status, [...ACTIVE]), lte(automationRuns.dueAt, now))).for('update', { skipLocked: true });
    if (!run) return false;
    const [a] = await tx.select({ enabled: automations.enabled, deletedAt: automations.deletedAt, createdBy: automations.createdBy }).from(automations).where(eq(automations.id, run.automationId));
    const log = [...run.log];
    if (!a || a.deletedAt || !a.enabled) {
      await finish(tx, run, 'skipped', [...log, entry(run.step, '-', 'stopped', 'the automation was switched off', now)], now);
      return false;
    }
    const [alive] = (await tx.execute(sql`SELECT 1 FROM customers c WHERE c.id = ${run.customerId} AND c.deleted_at IS NULL`)).rows;
    if (!alive) {
      await finish(tx, run, 'skipped', [...log, entry(run.step, '-', 'stopped', 'the customer is gone', now)], now);
      return false;
    }
    if (run.step === 0 && !log.some((l) => l.action === 'condition')) {
      const ok = await conditionHolds(tx, clock, run);
      log.push(entry(0, 'condition', ok ? 'met' : 'not met', null, now));
      if (!ok) { await finish(tx, run, 'skipped', log, now); return false; }
    }
    const action = run.definition.actions[run.step];
    if (!action) { await finish(tx, run, 'done', log, now); return false; }
    const r = await runningAutomation.run({ automationId: run.automationId }, () =>
      runAction(tx, clock, { runId: run.id, automationId: run.automationId, step: run.step, customerId: run.customerId, authorId: a.createdBy, context: run.context }, action));
    log.push(entry(run.step, action.kind, r.outcome, r.detail ?? null, now));
    if (r.insert?.length) {
      // A branch: the chosen steps go right after it in this run's own copy of the definition (the rule is untouched).
      const actions = [...run.definition.actions.slice(0, run.step + 1), ...r.insert, ...run.definition.actions.slice(run.step + 1)];
      run.definition = { ...run.definition, actions };
      await tx.update(automationRuns).set({ definition: run.definition }).where(eq(automationRuns.id, run.id));
    }
    if (r.postponeUntil) {
      await tx.update(automationRuns).set({ status: 'waiting', dueAt: r.postponeUntil, log, updatedAt: now }).where(eq(automationRuns.id, run.id));
      return false;
    }
    const next = run.step + 1;
    if (next >= run.definition.actions.length) {
      await tx.update(automationRuns).set({ step: next, attempts: 0 }).where(eq(automationRuns.id, run.id));
      await finish(tx, { ...run, step: next }, 'done', log, now);
      return false;
    }
    await tx.update(automationRuns).set({
      step: next, attempts: 0, log, updatedAt: now, status: r.waitUntil ? 'waiting' : 'pending', dueAt: r.waitUntil ?? now,
    }).where(eq(automationRuns.id, run.id));
    return !r.waitUntil;
  });
}

/** A step threw: its transaction rolled back (nothing of it stays); count the attempt, retry later or fail. */
async function recordFailure(database: Database, clock: Clock, runId: string, err: unknown): Promise<void> {
  const message = err instanceof AppError ? `${err.code}: ${err.message}` : 'internal error';
  if (!(err instanceof AppError)) console.error('automation step failed', err);
  await withTx(database, async (tx) => {
    const now = clock.now();
    const [run] = await tx.select().from(automationRuns).where(eq(automationRuns.id, runId)).for('update');
    if (!run || !ACTIVE.includes(run.status as never)) return;
    const attempts = run.attempts + 1;
    const action = run.definition.actions[run.step]?.kind ?? '-';
    const log = [...run.log, entry(run.step, action, attempts >= MAX_ATTEMPTS ? 'failed' : 'retrying', message, now)];
    if (attempts >= MAX_ATTEMPTS) {
      await tx.update(automationRuns).set({ attempts }).where(eq(automationRuns.id, runId));
      await finish(tx, run, 'failed', log, now, message);
      await alertAdmins(tx, run, action, message);
      return;
    }
    await tx.update(automationRuns).set({ attempts, log, error: message, updatedAt: now, dueAt: new Date(now.getTime() + 60_000 * 2 ** (attempts - 1)) }).where(eq(automationRuns.id, runId));
  });
}

/** A run gave up: each active admin is told (in their language), once per run, with a link to the automation. */
async function alertAdmins(tx: Db, run: RunRow, action: string, message: string): Promise<void> {
  const [a] = await tx.select({ name: automations.name }).from(automations).where(eq(automations.id, run.automationId));
  const admins = await tx.select({ id: users.id, locale: users.locale }).from(users).innerJoin(roles, eq(roles.id, users.roleId))
    .where(and(eq(users.active, true), eq(roles.key, 'admin')));
  for (const u of admins) {
    const fa = u.locale !== 'en';
    await notify(tx, {
      userId: u.id, kind: 'automation_failed', link: `/automations?automation=${run.automationId}`, dedupeKey: `automation-failed:${run.id}:${u.id}`,
      title: fa ? `خودکارسازی «${a?.name ?? ''}» پس از ${toPersianDigits(MAX_ATTEMPTS)} تلاش ناموفق ماند` : `Automation "${a?.name ?? ''}" failed after ${MAX_ATTEMPTS} attempts`,
      body: `${fa ? `گام ${toPersianDigits(run.step + 1)}` : `Step ${run.step + 1}`} (${action}): ${message}`,
    });
  }
}

/** Runs one run as far as it can go now (until a wait, a postponement, the end, or a failure). */
export async function processRun(database: Database, clock: Clock, runId: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    let more: boolean;
    try { more = await step(database, clock, runId); } catch (err) { await recordFailure(database, clock, runId, err); return; }
    if (!more) return;
  }
}

/** Every due run, oldest first (up to `limit` per call). */
export async function processDueRuns(database: Database, clock: Clock, limit = 500): Promise<number> {
  const due = await database.db.select({ id: automationRuns.id }).from(automationRuns)
    .where(and(inArray(automationRuns.status, [...ACTIVE]), lte(automationRuns.dueAt, clock.now()))).orderBy(asc(automationRuns.dueAt)).limit(limit);
  for (const r of due) await processRun(database, clock, r.id);
  return due.length;
}
