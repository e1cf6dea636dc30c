/**
 * Bulk edits from the tasks list (assignee, due time, complete/reopen) and their undo. One transaction: every id must
 * be a task the actor may see and write (its task scope and its customer's), or nothing is written; each task changes
 * through updateTask (its checks, audit and reminder scheduling, as for one edit). A task that refuses the change
 * (e.g. its reminder would fall after the new due time) refuses the whole request, named.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, customerScopeSql, taskScopeSql, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, type BulkChange } from '../lists/index.ts';
import type { TaskBulkRequest } from '../../../common/lists.schemas.ts';
import type { TaskUpdate } from '../../../common/activity.schemas.ts';
import { toIso } from '../../db/values.ts';
import { updateTask } from './tasks.service.ts';

type Row = { id: string; title: string; assignee_id: string; due_at: string | Date | null; status: string };
const FIELD = { assign: 'assigneeId', setDue: 'dueAt', setStatus: 'status' } as const;
type Action = TaskBulkRequest['action'];

async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  assertCan(actor, 'tasks', 'read');
  const scope = taskScopeSql(actor, 't');
  const custScope = customerScopeSql(actor, 'c');
  const res = await tx.execute(sql`SELECT t.id, t.title, t.assignee_id, t.due_at, t.status FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
    WHERE t.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND t.deleted_at IS NULL
      AND (t.customer_id IS NULL OR (c.deleted_at IS NULL ${custScope ? sql`AND ${custScope}` : sql``})) ${scope ? sql`AND ${scope}` : sql``}
    ORDER BY t.id FOR UPDATE OF t`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

/** The row's value of the action's field, comparable with the request's (due times as ISO instants). */
function current(row: Row, action: Action): string | null {
  if (action === 'assign') return row.assignee_id;
  if (action === 'setStatus') return row.status;
  return row.due_at == null ? null : toIso(row.due_at);
}
/** Due times compare as instants ('…+03:30' and '…Z' can be the same moment). */
const same = (action: Action, a: string | null, b: string | null) => (action === 'setDue' && a && b ? Date.parse(a) === Date.parse(b) : a === b);

export async function bulkEditTasks(tx: Db, actor: Actor, clock: Clock, req: TaskBulkRequest) {
  assertCan(actor, 'tasks', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the tasks were not found; nothing was changed`, { ids: missing });
  const field = FIELD[req.action];
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const row = rows.get(id)!;
    const before = current(row, req.action);
    if (same(req.action, before, req.value)) continue;
    try {
      await updateTask(tx, actor, clock, id, { [field]: req.value } as TaskUpdate);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `Task «${row.title}»: ${err.message}; nothing was changed`, { ids: [id], ...(typeof err.details === 'object' && err.details ? err.details : {}) });
      throw err;
    }
    changes.push({ id, before: { [field]: before }, after: { [field]: req.value } });
  }
  return recordBulkEdit(tx, actor, clock, 'task', req.action, changes);
}

/** Sets back exactly what the bulk edit changed; a task changed again since, hidden now, or refusing the way back is skipped. */
export async function undoTaskBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'tasks', 'update');
  const { action, changes } = await takeBulkEdit(tx, actor, clock, 'task', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const field = FIELD[action as Action];
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    if (!row || !field || !same(action as Action, current(row, action as Action), c.after[field] as string | null)) { skipped.push(c.id); continue; }
    try {
      // A savepoint per task: one that refuses the way back (its old assignee left) is skipped alone.
      await tx.transaction((sp) => updateTask(sp, actor, clock, c.id, { [field]: c.before[field] } as TaskUpdate));
      reverted++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push(c.id);
    }
  }
  return { reverted, skipped };
}
