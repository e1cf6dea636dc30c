/**
 * Automations as records: list, read, create, change (a change to the trigger, condition or actions makes a new
 * version; runs in flight keep the definition they started with), delete, start by hand on chosen customers, and
 * the run log. Managing needs settings:update (the admin's); reading settings:read, and a run is shown only when
 * its customer is in the reader's scope.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, type Actor } from '../auth/index.ts';
import { compileContext, compileRules, savedSegmentWhere } from '../segments/index.ts';
import type { AutomationInput, AutomationUpdate } from '../../../common/automations.schemas.ts';
import { automations, automationRuns } from './automations.tables.ts';
import { startManually } from './automations.triggers.ts';
import { checkFieldValue } from './automations.steps.ts';
import { webhookEndpoints } from '../webhooks/index.ts';

type AutomationRow = typeof automations.$inferSelect;

async function runCounts(db: Db, ids: string[]) {
  const out = new Map<string, { total: number; active: number; done: number; failed: number }>();
  if (!ids.length) return out;
  const rows = await db.select({
    id: automationRuns.automationId, total: sql<number>`count(*)::int`, active: sql<number>`count(*) FILTER (WHERE status IN ('pending', 'waiting'))::int`,
    done: sql<number>`count(*) FILTER (WHERE status = 'done')::int`, failed: sql<number>`count(*) FILTER (WHERE status = 'failed')::int`,
  }).from(automationRuns).where(inArray(automationRuns.automationId, ids)).groupBy(automationRuns.automationId);
  for (const r of rows) out.set(r.id, { total: r.total, active: r.active, done: r.done, failed: r.failed });
  return out;
}

function present(a: AutomationRow, runs = { total: 0, active: 0, done: 0, failed: 0 }) {
  return {
    id: a.id, name: a.name, description: a.description, trigger: a.trigger, conditions: a.conditions ?? null, actions: a.actions,
    enabled: a.enabled, version: a.version, template: a.template, runs, createdAt: a.createdAt, updatedAt: a.updatedAt,
  };
}

async function load(db: Db, id: string, forUpdate = false): Promise<AutomationRow> {
  const q = db.select().from(automations).where(and(eq(automations.id, id), isNull(automations.deletedAt)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Automation');
  return row;
}

/**
 * The condition compiles, a segment the schedule names exists and is seen by the author, and the steps name what
 * exists: a branch's condition compiles, a field may be set to that value, a webhook step's endpoint is registered.
 */
async function check(tx: Db, actor: Actor, clock: Clock, input: Pick<AutomationInput, 'trigger' | 'conditions'> & { actions?: AutomationInput['actions'] }) {
  await checkSteps(tx, actor, clock, input.actions ?? []);
  if (input.conditions) {
    try { compileRules(input.conditions, await compileContext(tx, actor, clock)); } catch (err) {
      if (err instanceof AppError) throw new AppError('VALIDATION_FAILED', err.message, { conditions: err.details ?? err.message });
      throw err;
    }
  }
  if (input.trigger.kind === 'schedule' && input.trigger.rule.type === 'segment') await savedSegmentWhere(tx, actor, clock, input.trigger.rule.segmentId);
}

async function checkSteps(tx: Db, actor: Actor, clock: Clock, actions: AutomationInput['actions']) {
  const all = actions.flatMap((a) => (a.kind === 'branch' ? [a, ...a.then, ...a.else] : [a]));
  for (const [i, a] of all.entries()) {
    if (a.kind === 'branch') {
      try { compileRules(a.condition, await compileContext(tx, actor, clock)); } catch (err) {
        if (err instanceof AppError) throw new AppError('VALIDATION_FAILED', err.message, { [`actions.${i}.condition`]: err.details ?? err.message });
        throw err;
      }
    }
    if (a.kind === 'setField') checkFieldValue(a.field, a.value);
    if (a.kind === 'webhook') {
      const [ep] = await tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(and(eq(webhookEndpoints.id, a.endpointId), isNull(webhookEndpoints.deletedAt)));
      if (!ep) throw new AppError('VALIDATION_FAILED', 'Choose a webhook endpoint registered in the settings', { endpointId: 'not a registered endpoint' });
    }
  }
}

export async function listAutomations(db: Db, actor: Actor) {
  assertCan(actor, 'settings', 'read');
  const rows = await db.select().from(automations).where(isNull(automations.deletedAt)).orderBy(desc(automations.createdAt)).limit(500);
  const counts = await runCounts(db, rows.map((r) => r.id));
  return rows.map((r) => present(r, counts.get(r.id)));
}

export async function getAutomation(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'settings', 'read');
  const a = await load(db, id);
  return present(a, (await runCounts(db, [id])).get(id));
}

export async function createAutomation(tx: Db, actor: Actor, clock: Clock, input: AutomationInput) {
  assertCan(actor, 'settings', 'update');
  await check(tx, actor, clock, input);
  const now = clock.now();
  const [row] = await tx.insert(automations).values({
    name: input.name, description: input.description, trigger: input.trigger, conditions: input.conditions, actions: input.actions,
    enabled: input.enabled, template: input.template, createdBy: actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  return present(row);
}

export async function updateAutomation(tx: Db, actor: Actor, clock: Clock, id: string, input: AutomationUpdate) {
  assertCan(actor, 'settings', 'update');
  const a = await load(tx, id, true);
  const trigger = input.trigger ?? a.trigger;
  const conditions = input.conditions !== undefined ? input.conditions : a.conditions ?? null;
  await check(tx, actor, clock, { trigger, conditions, actions: input.actions });
  const changed = (input.trigger !== undefined && JSON.stringify(input.trigger) !== JSON.stringify(a.trigger))
    || (input.conditions !== undefined && JSON.stringify(input.conditions) !== JSON.stringify(a.conditions ?? null))
    || (input.actions !== undefined && JSON.stringify(input.actions) !== JSON.stringify(a.actions));
  const [row] = await tx.update(automations).set({
    ...input, conditions, version: changed ? a.version + 1 : a.version, updatedAt: clock.now(),
    // A new schedule picks its first day afresh.
    ...(input.trigger !== undefined && JSON.stringify(input.trigger) !== JSON.stringify(a.trigger) ? { scheduledOn: null } : {}),
  }).where(eq(automations.id, id)).returning();
  return present(row, (await runCounts(tx, [id])).get(id));
}

export async function deleteAutomation(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'settings', 'update');
  await load(tx, id, true);
  await tx.update(automations).set({ deletedAt: clock.now(), enabled: false }).where(eq(automations.id, id));
}

/** Starts the automation for the chosen customers (those the starter may see); a disabled automation cannot start. */
export async function runAutomationManually(tx: Db, actor: Actor, clock: Clock, id: string, customerIds: string[]) {
  assertCan(actor, 'settings', 'update');
  assertCan(actor, 'customers', 'read');
  const a = await load(tx, id, true);
  if (!a.enabled) throw new AppError('CONFLICT', 'The automation is switched off', { enabled: false });
  const scope = customerScopeSql(actor, 'c');
  const ids = [...new Set(customerIds)];
  const where = sql`c.id IN (${sql.join(ids.map((c) => sql`${c}::uuid`), sql`, `)})${scope ? sql` AND ${scope}` : sql``}`;
  const started = await startManually(tx, a, where, `manual:${randomUUID()}`, clock.now());
  return { started, skipped: ids.length - started };
}

export function presentRun(r: typeof automationRuns.$inferSelect & { automationName: string; customerName: string }) {
  return {
    id: r.id, automationId: r.automationId, automationName: r.automationName, version: r.version, customerId: r.customerId, customerName: r.customerName,
    occurrence: r.occurrence, status: r.status, step: r.step, steps: r.definition.actions.length, dueAt: r.dueAt, error: r.error, log: r.log,
    createdAt: r.createdAt, finishedAt: r.finishedAt,
  };
}

/** Runs of one automation, or of one customer, newest first; only customers in the reader's scope. */
export async function listRuns(db: Db, actor: Actor, by: { automationId?: string; customerId?: string }, limit = 200) {
  assertCan(actor, 'settings', 'read');
  assertCan(actor, 'customers', 'read');
  if (by.automationId) await load(db, by.automationId);
  const scope = customerScopeSql(actor, 'c');
  const rows = (await db.execute(sql`
    SELECT r.id FROM automation_runs r JOIN customers c ON c.id = r.customer_id
    WHERE ${by.automationId ? sql`r.automation_id = ${by.automationId}` : sql`true`} AND ${by.customerId ? sql`r.customer_id = ${by.customerId}` : sql`true`}
      ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY r.created_at DESC, r.id LIMIT ${limit}`)).rows as { id: string }[];
  if (!rows.length) return [];
  const full = await db.select({ run: automationRuns, automationName: automations.name, customerName: sql<string>`(SELECT display_name FROM customers WHERE id = ${automationRuns.customerId})` })
    .from(automationRuns).innerJoin(automations, eq(automations.id, automationRuns.automationId)).where(inArray(automationRuns.id, rows.map((r) => r.id)))
    .orderBy(desc(automationRuns.createdAt), automationRuns.id);
  return full.map((f) => presentRun({ ...f.run, automationName: f.automationName, customerName: f.customerName }));
}
