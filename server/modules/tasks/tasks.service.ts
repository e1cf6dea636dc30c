/** Follow-up tasks and promises: create, update, complete, list by bucket, with audit and permission checks. */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { toIso } from '../../db/values.ts';
import { tasks } from './tasks.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, customerScopeSql, taskScopeSql, can, userBrief, type Actor } from '../auth/index.ts';
import { auditCreate, auditDelete, auditUpdate } from '../audit/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { TaskCreate, TaskListQuery, TaskUpdate } from '../../../common/activity.schemas.ts';
import type { Clock } from '../../clock.ts';

export type TaskRow = typeof tasks.$inferSelect;

/** Notified after a task's reminder is set or moved, so the job queue can schedule it (see tasks.jobs.ts). */
type ReminderHook = (task: { id: string; reminderAt: Date }) => Promise<void>;
let onReminderSet: ReminderHook = async () => {};
export function setReminderHook(fn: ReminderHook) { onReminderSet = fn; }

const SELECT = sql`t.*, c.display_name AS customer_name, a.name AS assignee_name`;
const FROM = sql`tasks t LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN users a ON a.id = t.assignee_id`;

export function presentTaskRaw(r: Record<string, unknown>, now: Date) {
  const d = (v: unknown) => (v == null ? null : toIso(v));
  const dueAt = d(r.due_at);
  return {
    id: r.id as string, title: r.title as string, description: (r.description as string) ?? null,
    customerId: (r.customer_id as string) ?? null, customerName: (r.customer_name as string) ?? null,
    interactionId: (r.interaction_id as string) ?? null, isPromise: Boolean(r.is_promise), dueAt,
    assigneeId: r.assignee_id as string, assigneeName: (r.assignee_name as string) ?? null, createdBy: (r.created_by as string) ?? null,
    priority: r.priority as TaskRow['priority'], status: r.status as TaskRow['status'], reminderAt: d(r.reminder_at), remindedAt: d(r.reminded_at),
    completedAt: d(r.completed_at), createdAt: d(r.created_at)!, updatedAt: d(r.updated_at)!,
    overdue: r.status === 'open' && dueAt !== null && new Date(dueAt) < now,
  };
}
export type TaskView = ReturnType<typeof presentTaskRaw>;

export async function taskById(db: Db, actor: Actor, id: string, clock: Clock) {
  const scope = taskScopeSql(actor, 't');
  const custScope = customerScopeSql(actor, 'c');
  const res = await db.execute(sql`SELECT ${SELECT} FROM ${FROM} WHERE t.id = ${id} AND t.deleted_at IS NULL AND c.deleted_at IS NULL
    ${scope ? sql`AND ${scope}` : sql``} ${custScope ? sql`AND (t.customer_id IS NULL OR ${custScope})` : sql``}`);
  const r = res.rows[0] as Record<string, unknown> | undefined;
  if (!r) throw notFound('Task');
  return presentTaskRaw(r, clock.now());
}

async function assertAssignee(db: Db, assigneeId: string) {
  const u = await userBrief(db, assigneeId);
  if (!u || !u.active) throw new AppError('VALIDATION_FAILED', 'The assignee must be an active user', { assigneeId: 'unknown or inactive user' });
}

export async function createTask(tx: Db, actor: Actor, clock: Clock, input: TaskCreate & { interactionId?: string; isPromise?: boolean }) {
  assertCan(actor, 'tasks', 'create');
  if (input.customerId) await loadVisibleCustomer(tx, actor, input.customerId);
  const assigneeId = input.assigneeId ?? actor.userId;
  if (assigneeId !== actor.userId) await assertAssignee(tx, assigneeId);
  if (input.reminderAt && input.dueAt && new Date(input.reminderAt) > new Date(input.dueAt)) {
    throw new AppError('VALIDATION_FAILED', 'The reminder must not be after the due time', { reminderAt: 'after the due time' });
  }
  const now = clock.now();
  const [row] = await tx.insert(tasks).values({
    title: input.title, description: input.description ?? null, customerId: input.customerId ?? null,
    interactionId: input.interactionId ?? null, isPromise: input.isPromise ?? false,
    dueAt: input.dueAt ? new Date(input.dueAt) : null, assigneeId, createdBy: actor.userId, priority: input.priority,
    reminderAt: input.reminderAt ? new Date(input.reminderAt) : null, createdAt: now, updatedAt: now,
  }).returning();
  await auditCreate(tx, actor, 'task', row.id, row.customerId, { title: row.title, isPromise: row.isPromise });
  if (row.reminderAt) await onReminderSet({ id: row.id, reminderAt: row.reminderAt });
  return taskById(tx, actor, row.id, clock);
}

async function loadTaskForWrite(tx: Db, actor: Actor, id: string) {
  const scope = taskScopeSql(actor, 'tasks');
  const [row] = await tx.select().from(tasks).where(and(eq(tasks.id, id), isNull(tasks.deletedAt), scope ?? sql`true`)).for('update');
  if (!row) throw notFound('Task');
  if (row.customerId) await loadVisibleCustomer(tx, actor, row.customerId);
  return row;
}

export async function updateTask(tx: Db, actor: Actor, clock: Clock, id: string, input: TaskUpdate) {
  assertCan(actor, 'tasks', 'update');
  const before = await loadTaskForWrite(tx, actor, id);
  if (input.assigneeId && input.assigneeId !== before.assigneeId) await assertAssignee(tx, input.assigneeId);
  const now = clock.now();
  const patch: Partial<TaskRow> = { updatedAt: now };
  if (input.title !== undefined) patch.title = input.title;
  if (input.description !== undefined) patch.description = input.description;
  if (input.dueAt !== undefined) patch.dueAt = input.dueAt ? new Date(input.dueAt) : null;
  if (input.assigneeId !== undefined) patch.assigneeId = input.assigneeId;
  if (input.priority !== undefined) patch.priority = input.priority;
  if (input.reminderAt !== undefined) {
    patch.reminderAt = input.reminderAt ? new Date(input.reminderAt) : null;
    // A moved reminder fires again, once, at its new time; the same time sent back (an edit form) does not re-arm it.
    if (patch.reminderAt?.getTime() !== before.reminderAt?.getTime()) patch.remindedAt = null;
  }
  if (input.status !== undefined && input.status !== before.status) {
    patch.status = input.status;
    patch.completedAt = input.status === 'done' ? now : null;
  }
  const due = patch.dueAt !== undefined ? patch.dueAt : before.dueAt;
  const rem = patch.reminderAt !== undefined ? patch.reminderAt : before.reminderAt;
  if (rem && due && rem > due) throw new AppError('VALIDATION_FAILED', 'The reminder must not be after the due time', { reminderAt: 'after the due time' });
  const [row] = await tx.update(tasks).set(patch).where(eq(tasks.id, id)).returning();
  await auditUpdate(tx, actor, 'task', id, row.customerId, before as unknown as Record<string, unknown>, row as unknown as Record<string, unknown>);
  if (patch.remindedAt === null && row.reminderAt) await onReminderSet({ id: row.id, reminderAt: row.reminderAt });
  return taskById(tx, actor, id, clock);
}

export async function deleteTask(tx: Db, actor: Actor, clock: Clock, id: string) {
  assertCan(actor, 'tasks', 'delete');
  const row = await loadTaskForWrite(tx, actor, id);
  await tx.update(tasks).set({ deletedAt: clock.now() }).where(eq(tasks.id, id));
  await auditDelete(tx, actor, 'task', id, row.customerId);
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();
/** One formatter per zone (building one costs tens of µs; my tasks asks on every request). */
function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    if (wallClocks.size < 100) wallClocks.set(timeZone, f);
  }
  return f;
}

/**
 * Start of today and of tomorrow in a time zone, as instants. Each midnight uses the zone's offset at that
 * midnight, not now: a day when clocks change is 23 or 25 hours long.
 */
export function dayBounds(now: Date, timeZone: string): { start: Date; end: Date } {
  const fmt = wallClock(timeZone);
  const partsAt = (d: Date) => fmt.formatToParts(d).reduce<Record<string, string>>((acc, p) => ((acc[p.type] = p.value), acc), {});
  const offsetAt = (d: Date) => {
    const p = partsAt(d);
    return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(d.getTime() / 1000) * 1000;
  };
  const midnight = (wall: number) => {
    const first = wall - offsetAt(new Date(wall));
    return new Date(wall - offsetAt(new Date(first)));
  };
  const parts = partsAt(now);
  return { start: midnight(Date.UTC(+parts.year, +parts.month - 1, +parts.day)), end: midnight(Date.UTC(+parts.year, +parts.month - 1, +parts.day + 1)) };
}

/** The list's sortable columns; priority in urgency order (low → urgent), not the text's. */
const PRIORITY_RANK = sql`array_position(ARRAY['low','normal','high','urgent']::text[], t.priority)`;
const TASK_ORDER: Record<NonNullable<TaskListQuery['sort']>, SQL> = {
  due: sql`t.due_at ASC NULLS LAST, t.id`, '-due': sql`t.due_at DESC NULLS LAST, t.id`,
  priority: sql`${PRIORITY_RANK} ASC, t.due_at ASC NULLS LAST, t.id`, '-priority': sql`${PRIORITY_RANK} DESC, t.due_at ASC NULLS LAST, t.id`,
  title: sql`t.title ASC, t.id`, '-title': sql`t.title DESC, t.id`,
  created: sql`t.created_at ASC, t.id`, '-created': sql`t.created_at DESC, t.id`,
};

/** Bucket counts stop at this many: "1000+" costs the same for a backlog of 1,000 or of 50,000 (docs/benchmarks.md). */
export const TASK_COUNT_CAP = 1000;
/** Statuses as SQL literals (not parameters), so the planner can match the partial index `tasks_open_by_assignee` in any plan. */
const STATUS_SQL = { open: sql.raw(`'open'`), done: sql.raw(`'done'`), cancelled: sql.raw(`'cancelled'`) } as const;

/**
 * My tasks, the team's, promises, broken promises, by bucket. Each count and the page are range scans of an index in
 * the list's own order (open: `tasks_open_by_assignee` = assignee, due_at, priority, id WHERE open and not deleted),
 * so the cost depends on the page and the capped counts, not on how many tasks the user or anyone else has. A task
 * whose customer was deleted leaves with it: without a customer scope that is an anti-join with the few deleted
 * customers (`customers_deleted`), not a join per task.
 */
export async function listTasks(db: Db, actor: Actor, clock: Clock, q: TaskListQuery, timeZone: string) {
  assertCan(actor, 'tasks', 'read');
  const now = clock.now();
  const { end } = dayBounds(now, timeZone);
  const status = q.view === 'broken_promises' ? 'open' : q.status;
  const where: SQL[] = [sql`t.deleted_at IS NULL AND t.status = ${STATUS_SQL[status]}`];
  const scope = taskScopeSql(actor, 't');
  if (scope) where.push(scope);
  const custScope = customerScopeSql(actor, 'c');
  // With a customer scope the customer's row is needed anyway; without one only "not deleted" is asked.
  where.push(custScope
    ? sql`(t.customer_id IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.id = t.customer_id AND c.deleted_at IS NULL AND ${custScope}))`
    : sql`NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = t.customer_id AND c.deleted_at IS NOT NULL)`);
  const manager = can(actor, 'tasks', 'delete');
  switch (q.view) {
    case 'mine': where.push(sql`t.assignee_id = ${actor.userId}`); break;
    case 'team':
      if (!manager) throw new AppError('FORBIDDEN', 'The team view is for managers');
      if (q.assigneeId) where.push(sql`t.assignee_id = ${q.assigneeId}`);
      break;
    case 'promises': where.push(sql`t.is_promise`); if (!manager) where.push(sql`t.assignee_id = ${actor.userId}`); break;
    case 'broken_promises':
      if (!manager) throw new AppError('FORBIDDEN', 'Broken promises are visible to managers');
      where.push(sql`t.is_promise AND t.due_at < ${now}`);
      break;
  }
  if (q.customerId) where.push(sql`t.customer_id = ${q.customerId}`);
  const base = sql.join(where, sql` AND `);
  const bucket: Record<string, SQL> = {
    overdue: sql`t.due_at < ${now}`,
    today: sql`t.due_at >= ${now} AND t.due_at < ${end}`,
    upcoming: sql`t.due_at >= ${end}`,
    no_date: sql`t.due_at IS NULL`,
    all: sql`true`,
  };
  const capped = (b: SQL) => sql`(SELECT count(*)::int FROM (SELECT 1 FROM tasks t WHERE ${base} AND ${b} LIMIT ${TASK_COUNT_CAP}) x)`;
  const order = q.sort ? TASK_ORDER[q.sort] : status === 'open' ? sql`t.due_at ASC NULLS LAST, t.priority DESC, t.id` : sql`coalesce(t.completed_at, t.updated_at) DESC, t.id`;
  // The page and the counts in one round trip: the page as a JSON array of rows, presented like any other row.
  const [r] = (await db.execute(sql`SELECT ${capped(bucket.overdue)} AS overdue, ${capped(bucket.today)} AS today,
      ${capped(bucket.upcoming)} AS upcoming, ${capped(bucket.no_date)} AS "noDate",
      (SELECT coalesce(json_agg(p), '[]') FROM (SELECT ${SELECT} FROM ${FROM} WHERE ${base} AND ${bucket[q.bucket]}
        ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}) p) AS items`)).rows as
    { overdue: number; today: number; upcoming: number; noDate: number; items: unknown }[];
  const items = (typeof r.items === 'string' ? JSON.parse(r.items) : r.items) as Record<string, unknown>[];
  const counts = { overdue: r.overdue, today: r.today, upcoming: r.upcoming, noDate: r.noDate };
  const total = q.bucket === 'all' ? Math.min(TASK_COUNT_CAP, counts.overdue + counts.today + counts.upcoming + counts.noDate)
    : counts[({ overdue: 'overdue', today: 'today', upcoming: 'upcoming', no_date: 'noDate' } as const)[q.bucket]];
  return { items: items.map((x) => presentTaskRaw(x, now)), total, counts, countCap: TASK_COUNT_CAP, page: q.page, pageSize: q.pageSize };
}

/** Open tasks (or promises) of one customer, soonest first. */
export async function openTasksOf(db: Db, actor: Actor, now: Date, customerId: string, promises: boolean) {
  const scope = taskScopeSql(actor, 't');
  const rows = await db.execute(sql`SELECT ${SELECT} FROM ${FROM} WHERE t.customer_id = ${customerId} AND t.deleted_at IS NULL
    AND t.status = 'open' AND t.is_promise = ${promises} ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY t.due_at ASC NULLS LAST LIMIT 50`);
  return rows.rows.map((r) => presentTaskRaw(r as Record<string, unknown>, now));
}
