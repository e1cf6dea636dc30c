/** Tasks on the customer timeline (at their completion, else their creation) and open tasks/promises on the 360° view. */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, taskScopeSql } from '../auth/index.ts';
import { openTasksOf, presentTaskRaw } from './tasks.service.ts';
import { registerTaskListExtra } from './tasks.list-extra.ts';

/** Idempotent: registering again replaces the same sources. */
export function registerTaskViews() {
  registerTaskListExtra();
  registerTimelineSource({
    kind: 'task',
    async fetch(db, actor, customerId, cursor, limit, now) {
      if (!can(actor, 'tasks', 'read')) return [];
      const scope = taskScopeSql(actor, 't');
      const at = sql`coalesce(t.completed_at, t.created_at)`;
      const res = await db.execute(sql`
        SELECT t.*, ${at} AS tl_at, a.name AS assignee_name, c.display_name AS customer_name FROM tasks t
        LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN customers c ON c.id = t.customer_id
        WHERE t.customer_id = ${customerId} AND t.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
          AND ${beforeCursor('task', at, sql`t.id::text`, cursor)}
        ORDER BY ${at} DESC, t.id DESC LIMIT ${limit}`);
      return res.rows.map((r) => {
        const row = r as Record<string, unknown>;
        return { kind: 'task', id: String(row.id), at: isoAt(row.tl_at), data: presentTaskRaw(row, now) };
      });
    },
  });
  registerProfileSection({
    key: 'openPromises',
    load: async (db, actor, customerId, now) => (can(actor, 'tasks', 'read') ? openTasksOf(db, actor, now, customerId, true) : []),
  });
  registerProfileSection({
    key: 'openTasks',
    load: async (db, actor, customerId, now) => (can(actor, 'tasks', 'read') ? openTasksOf(db, actor, now, customerId, false) : []),
  });
}
