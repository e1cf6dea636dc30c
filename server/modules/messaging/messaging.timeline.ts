/** Emails and SMS, sent and received, on the customer's timeline. */
import { sql } from 'drizzle-orm';
import { registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can } from '../auth/index.ts';
import { presentMessage } from './messages.service.ts';
import { visibleMessageSubjectsSql } from './message-subjects.ts';

export function registerMessageViews(): void {
  registerTimelineSource({
    kind: 'message',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'interactions', 'read')) return [];
      const res = await db.execute(sql`
        SELECT m.* FROM messages m WHERE m.customer_id = ${customerId} AND ${visibleMessageSubjectsSql(actor)}
          AND ${beforeCursor('message', sql`m.created_at`, sql`m.id::text`, cursor)}
        ORDER BY m.created_at DESC, m.id DESC LIMIT ${limit}`);
      return res.rows.map((r) => {
        const row = r as Record<string, unknown>;
        return { kind: 'message', id: String(row.id), at: isoAt(row.created_at), data: presentMessage(row) };
      });
    },
  });
}
