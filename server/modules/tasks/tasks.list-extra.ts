/** The customers list's "next task / promise" column: each row's earliest open task the reader may see. */
import { sql } from 'drizzle-orm';
import { can, taskScopeSql } from '../auth/index.ts';
import { registerCustomerListExtra, type NextTask } from '../customers/index.ts';
import { toIso } from '../../db/values.ts';

export function registerTaskListExtra() {
  registerCustomerListExtra({
    key: 'nextTask',
    async load(db, actor, ids) {
      const out = new Map<string, NextTask>();
      if (!can(actor, 'tasks', 'read')) return out;
      const scope = taskScopeSql(actor, 't');
      // One statement for the page: per customer the open task due first (undated ones after the dated), via tasks_customer.
      const res = await db.execute(sql`SELECT DISTINCT ON (t.customer_id) t.customer_id, t.id, t.title, t.due_at, t.is_promise FROM tasks t
        WHERE t.customer_id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND t.status = 'open' AND t.deleted_at IS NULL
          ${scope ? sql`AND ${scope}` : sql``}
        ORDER BY t.customer_id, t.due_at ASC NULLS LAST, t.id`);
      for (const r of res.rows as { customer_id: string; id: string; title: string; due_at: unknown; is_promise: boolean }[]) {
        out.set(String(r.customer_id), { id: String(r.id), title: r.title, dueAt: r.due_at == null ? null : toIso(r.due_at), isPromise: Boolean(r.is_promise) });
      }
      return out;
    },
  });
}
