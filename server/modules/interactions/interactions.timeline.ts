/** Interactions and audit events on the customer timeline; counters on the 360° view. */
import { sql } from 'drizzle-orm';
import { registerProfileSection, registerTimelineSource, beforeCursor, isoAt } from '../customers/index.ts';
import { can, interactionScopeSql, taskScopeSql, auditScopeSql } from '../auth/index.ts';

/** Idempotent: registering again replaces the same sources. */
export function registerInteractionViews() {
  registerTimelineSource({
    kind: 'interaction',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'interactions', 'read')) return [];
      const scope = interactionScopeSql(actor, 'i');
      const res = await db.execute(sql`
        SELECT i.id, i.kind, i.channel, i.direction, i.occurred_at, i.author_id, u.name AS author_name, i.summary, i.body,
               i.duration_sec, i.outcome, i.recording
        FROM interactions i LEFT JOIN users u ON u.id = i.author_id
        WHERE i.customer_id = ${customerId} AND i.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}
          AND ${beforeCursor('interaction', sql`i.occurred_at`, sql`i.id::text`, cursor)}
        ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${limit}`);
      return res.rows.map((row) => {
        const r = row as Record<string, unknown>;
        const at = isoAt(r.occurred_at);
        return {
          kind: 'interaction', id: String(r.id), at,
          data: { id: r.id, kind: r.kind, channel: r.channel, direction: r.direction, occurredAt: at, authorId: r.author_id,
            authorName: r.author_name, summary: r.summary, body: r.body, durationSec: r.duration_sec, outcome: r.outcome, recording: r.recording },
        };
      });
    },
  });

  // Audit events grouped per change (one transaction = one timestamp, one actor, one entity). Creations of
  // interactions and tasks are left out: those items are on the timeline themselves.
  registerTimelineSource({
    kind: 'audit',
    async fetch(db, actor, customerId, cursor, limit) {
      if (!can(actor, 'audit', 'read')) return [];
      const id = sql`lpad(min(a.id)::text, 20, '0')`;
      const res = await db.execute(sql`
        SELECT ${id} AS gid, a.at, a.entity_type, a.entity_id, a.action, a.actor_id, u.name AS actor_name,
               json_agg(json_build_object('field', a.field, 'old', a.old_value, 'new', a.new_value) ORDER BY a.id) AS changes
        FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE a.customer_id = ${customerId} AND NOT (a.action = 'create' AND a.entity_type <> 'customer') AND ${auditScopeSql(actor, 'a')}
          AND ${beforeCursor('audit', sql`a.at`, sql`lpad(a.id::text, 20, '0')`, cursor)}
        GROUP BY a.at, a.entity_type, a.entity_id, a.action, a.actor_id, u.name
        ORDER BY a.at DESC, min(a.id) DESC LIMIT ${limit}`);
      return res.rows.map((row) => {
        const r = row as Record<string, unknown>;
        const changes = (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as { field: string | null }[];
        return {
          kind: 'audit', id: String(r.gid), at: isoAt(r.at),
          data: { entityType: r.entity_type, entityId: r.entity_id, action: r.action, actorId: r.actor_id, actorName: r.actor_name,
            changes: changes.filter((c) => c.field !== null) },
        };
      });
    },
  });

  registerProfileSection({
    key: 'counters',
    async load(db, actor, customerId, now) {
      const iScope = interactionScopeSql(actor, 'i');
      const tScope = taskScopeSql(actor, 't');
      const [i] = (await db.execute(sql`
        SELECT count(*)::int AS n, max(i.occurred_at) AS last, min(i.occurred_at) AS first
        FROM interactions i
        WHERE i.customer_id = ${customerId} AND i.deleted_at IS NULL ${iScope ? sql`AND ${iScope}` : sql``}`)).rows as Record<string, unknown>[];
      const byKind = (await db.execute(sql`SELECT i.kind, count(*)::int AS n FROM interactions i
        WHERE i.customer_id = ${customerId} AND i.deleted_at IS NULL ${iScope ? sql`AND ${iScope}` : sql``} GROUP BY i.kind`)).rows as { kind: string; n: number }[];
      const [t] = (await db.execute(sql`
        SELECT count(*) FILTER (WHERE NOT t.is_promise)::int AS open_tasks,
               count(*) FILTER (WHERE t.is_promise)::int AS open_promises,
               count(*) FILTER (WHERE t.is_promise AND t.due_at < ${now})::int AS broken_promises
        FROM tasks t WHERE t.customer_id = ${customerId} AND t.status = 'open' AND t.deleted_at IS NULL ${tScope ? sql`AND ${tScope}` : sql``}`)).rows as Record<string, number>[];
      return {
        interactions: can(actor, 'interactions', 'read') ? Number(i.n) : 0,
        byKind: can(actor, 'interactions', 'read') ? Object.fromEntries(byKind.map((r) => [r.kind, r.n])) : {},
        lastInteractionAt: can(actor, 'interactions', 'read') && i.last ? isoAt(i.last) : null,
        firstInteractionAt: can(actor, 'interactions', 'read') && i.first ? isoAt(i.first) : null,
        ...(can(actor, 'tasks', 'read')
          ? { openTasks: t.open_tasks, openPromises: t.open_promises, brokenPromises: t.broken_promises }
          : { openTasks: 0, openPromises: 0, brokenPromises: 0 }),
      };
    },
  });
}
