/**
 * Support tickets: create, read, list by queue, change (status, priority, assignee …), the conversation, merging.
 * Every write runs in the caller's transaction and is audited; replies to the customer go out through the outbox.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { assertCan, assertTeamExists, can, systemActor, type Actor } from '../auth/index.ts';
import { visibleTicketsSql } from './ticket-visibility.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { loadVisibleCustomer, touchCustomer } from '../customers/index.ts';
import { queueMessage, type InboundText } from '../messaging/index.ts';
import { productsByIds } from '../sales/index.ts';
import { auditCreate, auditUpdate } from '../audit/index.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { faNorm, toLatinDigits } from '../../../common/fa-normalize.ts';
import { OPEN_TICKET_STATUSES, type TicketCreate, type TicketListQuery, type TicketMessageCreate, type TicketUpdate } from '../../../common/support.schemas.ts';
import { tickets, ticketMessages, type TicketStatus, type TicketChannel, type TicketPriority } from './support.tables.ts';

type TicketMessageKind = (typeof ticketMessages.$inferSelect)['kind'];
import { nextRoundRobinAgent } from './desk.service.ts';
import { placeNewTicket } from './problems.service.ts';
import { policyFor, slaDeadlines, supportCalendar, slaView, resumeDeadline } from './sla.service.ts';
import { assertCategoryUsable } from './categories.service.ts';

const TICKET_SELECT = sql`t.*, c.display_name AS customer_name, u.name AS assignee_name, p.name_fa AS product_name, pg.label AS problem_label`;
const TICKET_FROM = sql`tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN products p ON p.id = t.product_id
  LEFT JOIN problem_groups pg ON pg.id = t.problem_group_id`;

export function presentTicket(r: Record<string, unknown>, now: Date) {
  const iso = (v: unknown) => (v == null ? null : toIso(v));
  const status = r.status as TicketStatus;
  return {
    id: String(r.id), number: Number(r.number), customerId: String(r.customer_id), customerName: (r.customer_name as string | null) ?? null,
    channel: String(r.channel) as TicketChannel, subject: String(r.subject), description: (r.description as string | null) ?? null,
    category: (r.category as string | null) ?? null, productId: (r.product_id as string | null) ?? null, productName: (r.product_name as string | null) ?? null,
    priority: String(r.priority) as TicketPriority, status, assigneeId: (r.assignee_id as string | null) ?? null, assigneeName: (r.assignee_name as string | null) ?? null,
    teamId: (r.team_id as string | null) ?? null, tags: (r.tags as string[] | null) ?? [],
    mergedIntoId: (r.merged_into_id as string | null) ?? null, problemGroupId: (r.problem_group_id as string | null) ?? null,
    problemLabel: (r.problem_label as string | null) ?? null,
    firstResponseAt: iso(r.first_response_at), resolvedAt: iso(r.resolved_at), closedAt: iso(r.closed_at),
    createdBy: (r.created_by as string | null) ?? null, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
    sla: slaView({
      status, now, pausedAt: r.paused_at == null ? null : new Date(toIso(r.paused_at)),
      firstResponseDueAt: r.first_response_due_at == null ? null : new Date(toIso(r.first_response_due_at)),
      resolutionDueAt: r.resolution_due_at == null ? null : new Date(toIso(r.resolution_due_at)),
      firstResponseAt: r.first_response_at == null ? null : new Date(toIso(r.first_response_at)),
      resolvedAt: r.resolved_at == null ? null : new Date(toIso(r.resolved_at)),
    }),
  };
}
export type TicketView = ReturnType<typeof presentTicket>;

export function presentTicketMessage(r: Record<string, unknown>) {
  return {
    id: String(r.id), ticketId: String(r.ticket_id), kind: String(r.kind) as TicketMessageKind, body: String(r.body), channel: (r.channel as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null, messageStatus: (r.message_status as string | null) ?? null,
    authorId: (r.author_id as string | null) ?? null, authorName: (r.author_name as string | null) ?? null, createdAt: toIso(r.created_at),
  };
}

async function loadRow(db: Db, actor: Actor, id: string, now: Date): Promise<TicketView> {
  assertCan(actor, 'tickets', 'read');
  const res = await db.execute(sql`SELECT ${TICKET_SELECT} FROM ${TICKET_FROM} WHERE t.id = ${id} AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)}`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound('Ticket');
  return presentTicket(row, now);
}

/** Locks the ticket row for a change and checks the actor may see it. */
async function lockTicket(tx: Db, actor: Actor, id: string) {
  assertCan(actor, 'tickets', 'read');
  const res = await tx.execute(sql`SELECT t.* FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE t.id = ${id} AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)} FOR UPDATE OF t`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) throw notFound('Ticket');
  return row;
}

/** The assignee must be an active user whose role may work on tickets (update them). */
async function checkAssignee(tx: Db, assigneeId: string) {
  const res = await tx.execute(sql`SELECT u.active, r.permissions FROM users u JOIN roles r ON r.id = u.role_id WHERE u.id = ${assigneeId}`);
  const row = res.rows[0] as { active: boolean; permissions: Record<string, { ops: string[] }> } | undefined;
  if (!row) throw invalid('The assignee does not exist', { assigneeId: 'unknown user' });
  if (!row.active) throw invalid('The assignee is deactivated', { assigneeId: 'deactivated user' });
  const perms = typeof row.permissions === 'string' ? JSON.parse(row.permissions) : row.permissions;
  if (!perms?.tickets?.ops?.includes('update')) {
    throw new AppError('UNPROCESSABLE', 'This user cannot be assigned tickets: their role may not work on support tickets', { assigneeId: 'role without ticket update permission' });
  }
}

async function checkProduct(tx: Db, productId: string) {
  if (!(await productsByIds(tx, [productId])).size) throw invalid('The product does not exist', { productId: 'unknown product' });
}

/** What the ticket search looks in: the number, subject and description, normalized. */
export const searchDocOf = (number: number, subject: string, description: string | null | undefined) =>
  faNorm(`#${number} ${subject} ${description ?? ''}`).slice(0, 4000);

/** Audits field changes of a ticket (one row per field, as for customers). */
async function auditChanges(tx: Db, actor: Actor, ticketId: string, customerId: string, changes: { field: string; old: unknown; new: unknown }[]) {
  if (!changes.length) return;
  await auditUpdate(tx, actor, 'ticket', ticketId, customerId,
    Object.fromEntries(changes.map((c) => [c.field, c.old])), Object.fromEntries(changes.map((c) => [c.field, c.new])));
}

const PRIORITY_RANK: TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
type PriorityFloor = (tx: Db, customerId: string) => Promise<TicketPriority | null>;
let priorityFloor: PriorityFloor | null = null;
/** The lowest priority a customer's new tickets are opened at (loyalty: the club tier's SLA level). */
export function setTicketPriorityFloor(fn: PriorityFloor | null) { priorityFloor = fn; }

export async function createTicket(tx: Db, actor: Actor, clock: Clock, input: TicketCreate): Promise<TicketView> {
  assertCan(actor, 'tickets', 'create');
  await loadVisibleCustomer(tx, actor, input.customerId);
  if (input.productId) await checkProduct(tx, input.productId);
  if (input.assigneeId) await checkAssignee(tx, input.assigneeId);
  await assertTeamExists(tx, input.teamId);
  await assertCategoryUsable(tx, input.category);
  const now = clock.now();
  // Unassigned tickets go to the next agent in the rotation when the desk assigns round robin.
  const assigneeId = input.assigneeId ?? await nextRoundRobinAgent(tx, input.teamId ?? null, now);
  // A customer served at a higher priority (the club tier's) opens tickets at it, and gets its SLA targets.
  const floor = priorityFloor ? await priorityFloor(tx, input.customerId) : null;
  const priority = floor && PRIORITY_RANK.indexOf(floor) > PRIORITY_RANK.indexOf(input.priority) ? floor : input.priority;
  const policy = await policyFor(tx, priority, input.customerId, now);
  const due = policy ? slaDeadlines(await supportCalendar(tx), now, policy) : undefined;
  const [row] = await tx.insert(tickets).values({
    customerId: input.customerId, channel: input.channel, subject: input.subject, description: input.description ?? null,
    category: input.category ?? null, productId: input.productId ?? null, priority,
    status: assigneeId ? 'open' : 'new', assigneeId, teamId: input.teamId ?? null, tags: input.tags,
    slaPolicyId: policy?.id ?? null, firstResponseDueAt: due?.firstResponseDueAt ?? null, resolutionDueAt: due?.resolutionDueAt ?? null,
    createdBy: actor.via === 'system' ? null : actor.userId, createdAt: now, updatedAt: now,
  }).returning();
  await tx.update(tickets).set({ searchDoc: searchDocOf(row.number, row.subject, row.description) }).where(eq(tickets.id, row.id));
  await touchCustomer(tx, input.customerId, now);
  // The recurring problem it looks like, if any (the next regrouping may still move it).
  await placeNewTicket(tx, { id: row.id, subject: row.subject, description: row.description, productId: row.productId, category: row.category }, now);
  await auditCreate(tx, actor, 'ticket', row.id, row.customerId, {
    number: row.number, subject: row.subject, priority: row.priority, status: row.status, assigneeId: row.assigneeId,
    ...(assigneeId && !input.assigneeId ? { assignedBy: 'round_robin' } : {}),
  });
  const view = await loadRow(tx, actor, row.id, now);
  await recordWebhookEvent(tx, 'ticket.created', view, { at: now });
  return view;
}

export async function getTicket(db: Db, actor: Actor, clock: Clock, id: string) {
  const now = clock.now();
  const ticket = await loadRow(db, actor, id, now);
  const msgs = await db.execute(sql`SELECT m.*, u.name AS author_name, ml.status AS message_status FROM ticket_messages m
    LEFT JOIN users u ON u.id = m.author_id LEFT JOIN messages ml ON ml.id = m.message_id
    WHERE m.ticket_id = ${id} ORDER BY m.seq ASC`);
  return { ticket, messages: msgs.rows.map((r) => presentTicketMessage(r as Record<string, unknown>)) };
}

const ORDER: Record<TicketListQuery['sort'], SQL> = {
  '-created': sql`t.created_at DESC, t.id DESC`,
  created: sql`t.created_at ASC, t.id ASC`,
  due: sql`t.resolution_due_at ASC NULLS LAST, t.id ASC`,
  '-priority': sql`array_position(ARRAY['urgent','high','normal','low'], t.priority) ASC, t.created_at ASC, t.id ASC`,
  '-updated': sql`t.updated_at DESC, t.id DESC`,
  sla: sql`(t.status IN (${sql.join(OPEN_TICKET_STATUSES.map((s) => sql`${s}`), sql`, `)}) AND t.paused_at IS NULL) DESC,
    LEAST(CASE WHEN t.first_response_at IS NULL THEN t.first_response_due_at END, t.resolution_due_at) ASC NULLS LAST, t.created_at DESC, t.id`,
};

const OPEN_SQL = sql.join(OPEN_TICKET_STATUSES.map((s) => sql`${s}`), sql`, `);

/** Queues: mine, team, unassigned, breaching (an SLA deadline passed or within the next 2 hours), or all. */
export async function listTickets(db: Db, actor: Actor, clock: Clock, q: TicketListQuery) {
  assertCan(actor, 'tickets', 'read');
  const now = clock.now();
  const where: SQL[] = [sql`c.deleted_at IS NULL`, visibleTicketsSql(actor)];
  if (q.queue === 'mine') where.push(sql`t.assignee_id = ${actor.userId}`);
  if (q.queue === 'team') where.push(actor.teamId ? sql`(t.team_id = ${actor.teamId} OR t.assignee_id IN (SELECT id FROM users WHERE team_id = ${actor.teamId}))` : sql`false`);
  if (q.queue === 'unassigned') where.push(sql`t.assignee_id IS NULL`);
  if (q.queue !== 'all' && !q.status?.length) where.push(sql`t.status IN (${OPEN_SQL})`);
  if (q.queue === 'breaching') {
    const soon = new Date(now.getTime() + 2 * 3_600_000);
    where.push(sql`t.paused_at IS NULL AND ((t.first_response_at IS NULL AND t.first_response_due_at <= ${soon}) OR t.resolution_due_at <= ${soon})`);
  }
  if (q.status?.length) where.push(sql`t.status IN (${sql.join(q.status.map((s) => sql`${s}`), sql`, `)})`);
  if (q.priority?.length) where.push(sql`t.priority IN (${sql.join(q.priority.map((s) => sql`${s}`), sql`, `)})`);
  if (q.customerId) where.push(sql`t.customer_id = ${q.customerId}`);
  if (q.productId) where.push(sql`t.product_id = ${q.productId}`);
  if (q.category) where.push(sql`t.category = ${q.category}`);
  const text = q.q ? faNorm(q.q).trim() : '';
  if (text) {
    // A ticket number (digits, or #digits) past what a ticket number can be is refused as the issue's contract asks:
    // it is a 400 naming q, never a bigint overflow in the database.
    const digits = /^#?\d+$/.test(text) ? Number(text.replace('#', '')) : NaN;
    if (/^#?\d+$/.test(text) && !Number.isSafeInteger(digits)) throw invalid('q: too large for a ticket number', { q: 'too large for a ticket number' });
    const num = Number.isSafeInteger(digits) ? digits : null;
    where.push(num !== null ? sql`(t.number = ${num} OR t.search_doc LIKE ${'%' + text + '%'})` : sql`t.search_doc LIKE ${'%' + text.replace(/[\\%_]/g, '\\$&') + '%'}`);
  }
  const cond = sql.join(where, sql` AND `);
  const [agg] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${TICKET_FROM} WHERE ${cond}`)).rows as { n: number }[];
  const rows = await db.execute(sql`SELECT ${TICKET_SELECT} FROM ${TICKET_FROM} WHERE ${cond} ORDER BY ${ORDER[q.sort]}
    LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`);
  return { items: rows.rows.map((r) => presentTicket(r as Record<string, unknown>, now)), total: Number(agg.n), page: q.page, pageSize: q.pageSize };
}

const DONE: TicketStatus[] = ['resolved', 'closed'];

/** The timestamps a status change sets or clears, and the resolution deadline moved by a pause that ends. */
async function statusEffects(tx: Db, row: Record<string, unknown>, to: TicketStatus, now: Date) {
  const from = row.status as TicketStatus;
  const set: Partial<typeof tickets.$inferInsert> = {};
  if (from === to) return set;
  if (from === 'closed' && to !== 'closed' && to !== 'open') {
    throw new AppError('CONFLICT', 'A closed ticket can only be reopened (status open)', { status: 'reopen first' });
  }
  const pausedAt = row.paused_at == null ? null : new Date(toIso(row.paused_at));
  if (to === 'waiting_customer' && !pausedAt) set.pausedAt = now;
  if (to !== 'waiting_customer' && pausedAt) {
    set.pausedAt = null;
    if (row.resolution_due_at != null) set.resolutionDueAt = resumeDeadline(await supportCalendar(tx), new Date(toIso(row.resolution_due_at)), pausedAt, now);
  }
  if (to === 'resolved') set.resolvedAt = now;
  if (to === 'closed') { set.closedAt = now; if (!row.resolved_at) set.resolvedAt = now; }
  if (!DONE.includes(to) && DONE.includes(from)) { set.resolvedAt = null; set.closedAt = null; }
  return set;
}

export async function updateTicket(tx: Db, actor: Actor, clock: Clock, id: string, patch: TicketUpdate): Promise<TicketView> {
  assertCan(actor, 'tickets', 'update');
  const row = await lockTicket(tx, actor, id);
  if (row.merged_into_id) throw new AppError('CONFLICT', 'This ticket was merged into another; change that one', { mergedIntoId: row.merged_into_id });
  const now = clock.now();
  if (patch.assigneeId) await checkAssignee(tx, patch.assigneeId);
  if (patch.productId) await checkProduct(tx, patch.productId);
  if (patch.teamId) await assertTeamExists(tx, patch.teamId);
  await assertCategoryUsable(tx, patch.category, row.category as string | null);
  if (row.status === 'closed' && (patch.status === undefined || patch.status === 'closed') && Object.keys(patch).some((k) => k !== 'tags')) {
    throw new AppError('CONFLICT', 'The ticket is closed; reopen it before changing it', { status: 'closed' });
  }
  const set: Partial<typeof tickets.$inferInsert> = { updatedAt: now };
  const fields = ['subject', 'description', 'category', 'productId', 'priority', 'assigneeId', 'teamId', 'tags'] as const;
  const col: Record<(typeof fields)[number], string> = { subject: 'subject', description: 'description', category: 'category', productId: 'product_id', priority: 'priority', assigneeId: 'assignee_id', teamId: 'team_id', tags: 'tags' };
  const changes: { field: string; old: unknown; new: unknown }[] = [];
  for (const f of fields) {
    const v = patch[f];
    if (v === undefined) continue;
    const old = row[col[f]] ?? null;
    if (JSON.stringify(old) === JSON.stringify(v ?? null)) continue;
    (set as Record<string, unknown>)[f] = v;
    changes.push({ field: f, old, new: v ?? null });
  }
  let status = patch.status ?? (row.status as TicketStatus);
  // Assigning a new ticket starts work on it.
  if (patch.status === undefined && row.status === 'new' && patch.assigneeId) status = 'open';
  if (status !== row.status) {
    Object.assign(set, await statusEffects(tx, row, status, now));
    set.status = status;
    changes.push({ field: 'status', old: row.status, new: status });
  }
  if (patch.priority && patch.priority !== row.priority && !DONE.includes(status)) {
    // A new priority means new targets, counted from when the ticket was opened.
    const policy = await policyFor(tx, patch.priority, String(row.customer_id), now);
    if (policy) {
      const due = slaDeadlines(await supportCalendar(tx), new Date(toIso(row.created_at)), policy);
      set.slaPolicyId = policy.id;
      set.firstResponseDueAt = due.firstResponseDueAt;
      set.resolutionDueAt = due.resolutionDueAt;
    }
  }
  if (patch.subject !== undefined || patch.description !== undefined) {
    set.searchDoc = searchDocOf(Number(row.number), patch.subject ?? String(row.subject), patch.description !== undefined ? patch.description : (row.description as string | null));
  }
  await tx.update(tickets).set(set).where(eq(tickets.id, id));
  await auditChanges(tx, actor, id, String(row.customer_id), changes);
  const resolved = DONE.includes(status) && !DONE.includes(row.status as TicketStatus);
  if (resolved) {
    for (const fn of resolvedHooks.values()) await fn(tx, { id, customerId: String(row.customer_id) }, now);
  }
  const view = await loadRow(tx, actor, id, now);
  // Resolved, or closed without having been resolved: the moment the surveys' hook above also reacts to.
  if (resolved) await recordWebhookEvent(tx, 'ticket.resolved', view, { at: now });
  return view;
}

type ResolvedHook = (tx: Db, ticket: { id: string; customerId: string }, now: Date) => Promise<void>;
const resolvedHooks = new Map<string, ResolvedHook>();
/** Lets another module act, in the same transaction, when a ticket is resolved (or closed unresolved): surveys ask the customer. Idempotent per name. */
export function onTicketResolved(name: string, fn: ResolvedHook) { resolvedHooks.set(name, fn); }

/** Adds to the conversation. A reply may be sent by email or SMS (queued in this transaction); the first reply answers the SLA's first response. */
export async function addTicketMessage(tx: Db, actor: Actor, clock: Clock, id: string, input: TicketMessageCreate) {
  assertCan(actor, 'tickets', 'update');
  const row = await lockTicket(tx, actor, id);
  if (row.status === 'closed') throw new AppError('CONFLICT', 'The ticket is closed: reopen it to add to the conversation, or open a new ticket', { status: 'closed' });
  if (row.merged_into_id) throw new AppError('CONFLICT', 'This ticket was merged into another; reply there', { mergedIntoId: row.merged_into_id });
  if (input.kind !== 'reply' && input.send !== 'none') throw invalid('Only replies are sent to the customer', { send: 'only for kind reply' });
  const now = clock.now();
  const customerId = String(row.customer_id);
  // A word with the customer (either way) is a touch; an internal note or summary is not.
  if (input.kind === 'reply' || input.kind === 'customer') await touchCustomer(tx, customerId, now);
  let messageId: string | null = null;
  if (input.kind === 'reply' && input.send !== 'none') {
    const customer = await loadVisibleCustomer(tx, actor, customerId);
    const subject = `[#${row.number}] ${row.subject}`;
    if (input.send === 'email') {
      const to = customer.emails[0]?.address;
      if (!to) throw new AppError('UNPROCESSABLE', 'The customer has no email address', { send: 'no email address' });
      if (!customer.emailConsent) throw new AppError('UNPROCESSABLE', 'The customer has not agreed to email', { send: 'no email consent' });
      const q = await queueMessage(tx, { customerId, channel: 'email', address: to, subject, body: input.body, subjectType: 'ticket', subjectId: id, dedupeKey: `ticket-reply:${id}:${crypto.randomUUID()}`, createdBy: actor.userId });
      messageId = q?.messageId ?? null;
    } else {
      const to = customer.phones.find((p) => p.primary)?.number ?? customer.phones[0]?.number;
      if (!to) throw new AppError('UNPROCESSABLE', 'The customer has no phone number', { send: 'no phone number' });
      if (!customer.smsConsent) throw new AppError('UNPROCESSABLE', 'The customer has not agreed to SMS (or opted out)', { send: 'no SMS consent' });
      const q = await queueMessage(tx, { customerId, channel: 'sms', address: to, body: `${input.body}\n#${row.number}`, subjectType: 'ticket', subjectId: id, dedupeKey: `ticket-reply:${id}:${crypto.randomUUID()}`, createdBy: actor.userId });
      messageId = q?.messageId ?? null;
    }
  }
  const [m] = await tx.insert(ticketMessages).values({
    ticketId: id, customerId, kind: input.kind, body: input.body, channel: input.kind === 'reply' ? input.send : input.kind === 'customer' ? 'logged' : null,
    messageId, authorId: actor.userId, createdAt: now,
  }).returning();
  const set: Partial<typeof tickets.$inferInsert> = { updatedAt: now };
  if (input.kind === 'reply') {
    if (!row.first_response_at) set.firstResponseAt = now;
    if (row.status === 'new') set.status = 'open';
  }
  if (input.kind === 'customer' && row.status !== 'open' && row.status !== 'new') {
    // The customer spoke: a resolved ticket reopens and a waiting one is back with the agent.
    Object.assign(set, await statusEffects(tx, row, 'open', now));
    set.status = 'open';
    await auditChanges(tx, actor, id, customerId, [{ field: 'status', old: row.status, new: 'open' }]);
  }
  await tx.update(tickets).set(set).where(eq(tickets.id, id));
  const view = (await tx.execute(sql`SELECT m.*, u.name AS author_name, ml.status AS message_status FROM ticket_messages m
    LEFT JOIN users u ON u.id = m.author_id LEFT JOIN messages ml ON ml.id = m.message_id WHERE m.id = ${m.id}`)).rows[0] as Record<string, unknown>;
  return { message: presentTicketMessage(view), ticket: await loadRow(tx, actor, id, now) };
}

/** Merges a duplicate into another ticket of the same customer: the duplicate closes and points to the one kept. */
export async function mergeTicket(tx: Db, actor: Actor, clock: Clock, id: string, intoId: string) {
  assertCan(actor, 'tickets', 'update');
  if (id === intoId) throw invalid('A ticket cannot be merged into itself', { intoId: 'same ticket' });
  // Lock both in a fixed order so two opposite merges cannot deadlock.
  const [first, second] = [id, intoId].sort();
  const a = await lockTicket(tx, actor, first);
  const b = await lockTicket(tx, actor, second);
  const from = a.id === id ? a : b;
  const into = a.id === id ? b : a;
  if (from.customer_id !== into.customer_id) throw new AppError('UNPROCESSABLE', 'Only tickets of the same customer can be merged', { intoId: 'another customer' });
  if (from.merged_into_id) throw new AppError('CONFLICT', 'This ticket was already merged', { mergedIntoId: from.merged_into_id });
  if (into.merged_into_id) throw new AppError('CONFLICT', 'The target ticket was itself merged into another', { intoId: 'merged ticket' });
  const now = clock.now();
  await tx.update(tickets).set({ mergedIntoId: intoId, status: 'closed', closedAt: now, resolvedAt: (from.resolved_at as Date | null) ?? now, pausedAt: null, updatedAt: now }).where(eq(tickets.id, id));
  await tx.insert(ticketMessages).values({
    ticketId: intoId, customerId: String(into.customer_id), kind: 'note', authorId: actor.userId, createdAt: now,
    body: `#${from.number} merged into this ticket: ${from.subject}${from.description ? `\n\n${from.description}` : ''}`,
  });
  await auditChanges(tx, actor, id, String(from.customer_id), [{ field: 'mergedIntoId', old: null, new: intoId }, { field: 'status', old: from.status, new: 'closed' }]);
  await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, intoId));
  return loadRow(tx, actor, intoId, now);
}

/** The customer's tickets for the 360° view: open ones first, then the latest closed with their outcome. */
export async function ticketsSection(db: Db, actor: Actor, customerId: string, now: Date) {
  if (!can(actor, 'tickets', 'read')) return undefined;
  const res = await db.execute(sql`SELECT ${TICKET_SELECT} FROM ${TICKET_FROM}
    WHERE t.customer_id = ${customerId} AND t.merged_into_id IS NULL AND ${visibleTicketsSql(actor)}
    ORDER BY (t.status IN (${OPEN_SQL})) DESC, t.created_at DESC LIMIT 20`);
  const [agg] = (await db.execute(sql`SELECT count(*) FILTER (WHERE t.status IN (${OPEN_SQL}))::int AS open, count(*)::int AS total
    FROM ${TICKET_FROM} WHERE t.customer_id = ${customerId} AND t.merged_into_id IS NULL AND ${visibleTicketsSql(actor)}`)).rows as { open: number; total: number }[];
  return { items: res.rows.map((r) => presentTicket(r as Record<string, unknown>, now)), openCount: Number(agg.open), totalCount: Number(agg.total) };
}


/**
 * A customer's incoming SMS joins their ticket: the one whose number it quotes (#1234, any digits), else the ticket
 * most recently answered by SMS in the last 30 days that is not closed. It is logged as the customer's words, and a
 * resolved or waiting ticket goes back to open (the resolution clock resumes). Texts that match no ticket stay on the
 * customer's timeline as messages only.
 */
export async function ticketFromInboundSms(tx: Db, m: InboundText): Promise<string | undefined> {
  const quoted = /#\s*(\d{1,12})/.exec(toLatinDigits(m.text));
  const since = new Date(m.at.getTime() - 30 * 86_400_000);
  const res = quoted
    ? await tx.execute(sql`SELECT * FROM tickets WHERE customer_id = ${m.customerId} AND number = ${Number(quoted[1])} AND merged_into_id IS NULL AND status <> 'closed' FOR UPDATE`)
    : await tx.execute(sql`SELECT t.* FROM tickets t WHERE t.customer_id = ${m.customerId} AND t.merged_into_id IS NULL AND t.status <> 'closed'
        AND EXISTS (SELECT 1 FROM ticket_messages r WHERE r.ticket_id = t.id AND r.kind = 'reply' AND r.channel = 'sms' AND r.created_at >= ${since})
        ORDER BY t.updated_at DESC LIMIT 1 FOR UPDATE`);
  const row = res.rows[0] as Record<string, unknown> | undefined;
  if (!row) return undefined;
  const id = String(row.id);
  await tx.insert(ticketMessages).values({ ticketId: id, customerId: m.customerId, kind: 'customer', body: m.text, channel: 'sms', messageId: m.messageId, createdAt: m.at });
  const set: Partial<typeof tickets.$inferInsert> = { updatedAt: m.at };
  if (row.status === 'resolved' || row.status === 'waiting_customer' || row.status === 'waiting_third_party') {
    Object.assign(set, await statusEffects(tx, row, 'open', m.at));
    set.status = 'open';
    await auditUpdate(tx, INBOUND_ACTOR, 'ticket', id, m.customerId, { status: row.status }, { status: 'open' });
  }
  await tx.update(tickets).set(set).where(eq(tickets.id, id));
  return id;
}

const INBOUND_ACTOR = systemActor(DEFAULT_ROLES.admin.permissions);
