/**
 * Bulk edits from the tickets list (assignee, priority, status) and their undo. One transaction: every id must be a
 * ticket the actor may see, or nothing is written; each ticket changes through updateTicket (its checks, SLA effects,
 * field audit and hooks, as for one edit). A ticket that refuses the change refuses the whole request, named.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { recordBulkEdit, takeBulkEdit, type BulkChange } from '../lists/index.ts';
import type { TicketBulkRequest } from '../../../common/lists.schemas.ts';
import type { TicketUpdate } from '../../../common/support.schemas.ts';
import { visibleTicketsSql } from './ticket-visibility.ts';
import { updateTicket } from './tickets.service.ts';

type Row = { id: string; number: number; assignee_id: string | null; priority: string; status: string };

async function lockVisible(tx: Db, actor: Actor, ids: string[]): Promise<Map<string, Row>> {
  assertCan(actor, 'tickets', 'read');
  const res = await tx.execute(sql`SELECT t.id, t.number, t.assignee_id, t.priority, t.status FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE t.id IN (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)}
    ORDER BY t.id FOR UPDATE OF t`);
  return new Map((res.rows as Row[]).map((r) => [String(r.id), r]));
}

const fieldOf = { assign: 'assigneeId', priority: 'priority', status: 'status' } as const;
const current = (row: Row, action: TicketBulkRequest['action']) => (action === 'assign' ? row.assignee_id : action === 'priority' ? row.priority : row.status);

export async function bulkEditTickets(tx: Db, actor: Actor, clock: Clock, req: TicketBulkRequest) {
  assertCan(actor, 'tickets', 'update');
  const rows = await lockVisible(tx, actor, req.ids);
  const missing = req.ids.filter((id) => !rows.has(id));
  if (missing.length) throw new AppError('NOT_FOUND', `${missing.length} of the tickets were not found; nothing was changed`, { ids: missing });
  const changes: BulkChange[] = [];
  for (const id of req.ids) {
    const row = rows.get(id)!;
    if (current(row, req.action) === req.value) continue;
    const patch = { [fieldOf[req.action]]: req.value } as unknown as TicketUpdate;
    let after;
    try {
      after = await updateTicket(tx, actor, clock, id, patch);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `Ticket #${row.number}: ${err.message}; nothing was changed`, { ids: [id], ...(typeof err.details === 'object' && err.details ? err.details : {}) });
      throw err;
    }
    // Assigning a new ticket also opens it: the status is kept to be set back too.
    changes.push({ id, before: { [fieldOf[req.action]]: current(row, req.action), status: row.status }, after: { [fieldOf[req.action]]: req.value, status: after.status } });
  }
  return recordBulkEdit(tx, actor, clock, 'ticket', req.action, changes);
}

/** Sets back exactly what the bulk edit changed; a ticket changed again since, or that refuses the way back, is skipped. */
export async function undoTicketBulk(tx: Db, actor: Actor, clock: Clock, token: string) {
  assertCan(actor, 'tickets', 'update');
  const { action, changes } = await takeBulkEdit(tx, actor, clock, 'ticket', token);
  const rows = await lockVisible(tx, actor, changes.map((c) => c.id));
  const field = fieldOf[action as TicketBulkRequest['action']];
  const skipped: string[] = [];
  let reverted = 0;
  for (const c of changes) {
    const row = rows.get(c.id);
    if (!row || !field || current(row, action as TicketBulkRequest['action']) !== c.after[field] || row.status !== c.after.status) { skipped.push(c.id); continue; }
    const patch: Record<string, unknown> = { [field]: c.before[field] };
    if (c.before.status !== row.status) patch.status = c.before.status;
    try {
      // updateTicket refuses (e.g. a closed ticket back to resolved) before it writes anything.
      await updateTicket(tx, actor, clock, c.id, patch as unknown as TicketUpdate);
      reverted++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push(c.id);
    }
  }
  return { reverted, skipped };
}
