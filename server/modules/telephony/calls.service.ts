/**
 * Calls: what the PBX reports (AMI or webhook) becomes one call row per provider call id; the people its extensions
 * ring get a screen-pop with the caller's essentials over the realtime bus; when it ends it goes on the customer's
 * timeline, and a missed call from a customer becomes a call-back task.
 *
 * Every event is applied as a guarded state change (insert-if-absent, update-only-forward), so a redelivered webhook
 * or a second app instance listening to the same PBX changes nothing and pops nothing twice.
 */
import { and, arrayContains, eq, gte, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { parseIsoInstant } from '../../db/values.ts';
import { publish } from '../../realtime/bus.ts';
import { AppError, notFound } from '../../errors.ts';
import { actorsOfUsers, assertCan, can, customerScopeSql, interactionScopeSql, scopeOf, systemActor, taskScopeSql, type Actor } from '../auth/index.ts';
import { customers, loadVisibleCustomer, updateCustomer } from '../customers/index.ts';
import { recordCall, updateCallRecord } from '../interactions/index.ts';
import { createTask } from '../tasks/index.ts';
import { createFeedback } from '../surveys/index.ts';
import { getOrgSettings } from '../settings/index.ts';
import { formatDateTime } from '../../../common/jalali.ts';
import { visibleTicketsSql } from '../support/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { scoresOf } from '../insights/index.ts';
import { calls } from './telephony.tables.ts';
import { callerNumber, isInternalNumber, readTelephonyConfig, recordingLink, usersOfExtensions, type TelephonyConfig } from './telephony.settings.ts';
import type { CallEvent } from '../../drivers/telephony/types.ts';
import type { CallCustomerCard, CallNotesInput, CallView, CallEndOutcome } from '../../../common/telephony.schemas.ts';
import { OPEN_TICKET_STATUSES } from '../../../common/support.schemas.ts';

export type CallRow = typeof calls.$inferSelect;
const MAX_CARDS = 5;
/** NOTIFY carries at most 8000 bytes; a bigger pop-up is sent as its id and fetched. */
const MAX_EVENT_BYTES = 7000;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const initialsOf = (name: string) => name.trim().split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]).join('').toUpperCase();

/**
 * The customers whose phones include this number, as the actor may see them, with what the pop-up shows: open
 * promises/tasks, open tickets, the last interaction, total paid. One statement (on the embedded database every
 * statement is a round trip), served by the phone-key GIN index and the per-customer indexes of each table.
 */
export async function customerCards(db: Db, actor: Actor, number: string, onlyId?: string): Promise<{ cards: CallCustomerCard[]; count: number }> {
  if (!can(actor, 'customers', 'read')) return { cards: [], count: 0 };
  const cScope = customerScopeSql(actor, 'c');
  // The caller's organization is named only when the actor may see it too.
  const oScope = customerScopeSql(actor, 'o');
  const tScope = taskScopeSql(actor, 't');
  const iScope = interactionScopeSql(actor, 'i');
  const openTickets = sql.join(OPEN_TICKET_STATUSES.map((s) => sql`${s}`), sql`, `);
  const match: SQL = onlyId ? sql`c.id = ${onlyId}` : sql`c.phone_keys @> ARRAY[${number}]::text[]`;
  const tasksSql = can(actor, 'tasks', 'read') ? sql`(SELECT json_build_object('count', count(*), 'items', coalesce((
        SELECT json_agg(x) FROM (SELECT t.id, t.title, t.due_at AS "dueAt", t.is_promise AS "isPromise" FROM tasks t
          WHERE t.customer_id = m.id AND t.status = 'open' AND t.deleted_at IS NULL ${tScope ? sql`AND ${tScope}` : sql``}
          ORDER BY t.is_promise DESC, t.due_at ASC NULLS LAST LIMIT 3) x), '[]'::json))
      FROM tasks t WHERE t.customer_id = m.id AND t.status = 'open' AND t.deleted_at IS NULL ${tScope ? sql`AND ${tScope}` : sql``})` : sql`NULL::json`;
  const ticketsSql = can(actor, 'tickets', 'read') ? sql`(SELECT json_build_object('count', count(*), 'items', coalesce((
        SELECT json_agg(x) FROM (SELECT t.id, t.number, t.subject, t.status FROM tickets t JOIN customers c ON c.id = t.customer_id
          WHERE t.customer_id = m.id AND t.status IN (${openTickets}) AND ${visibleTicketsSql(actor)}
          ORDER BY t.created_at DESC LIMIT 3) x), '[]'::json))
      FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.customer_id = m.id AND t.status IN (${openTickets}) AND ${visibleTicketsSql(actor)})` : sql`NULL::json`;
  const lastSql = can(actor, 'interactions', 'read') ? sql`(SELECT json_build_object('kind', i.kind, 'occurredAt', i.occurred_at, 'summary', left(i.summary, 200))
      FROM interactions i WHERE i.customer_id = m.id AND i.deleted_at IS NULL ${iScope ? sql`AND ${iScope}` : sql``}
      ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1)` : sql`NULL::json`;
  const spentSql = can(actor, 'documents', 'read') ? sql`(SELECT coalesce(sum(d.paid_total), 0)::text FROM documents d JOIN customers c ON c.id = d.customer_id
      WHERE d.customer_id = m.id AND d.kind = 'invoice' AND d.status IN ('paid', 'partially_paid') AND ${visibleDocumentsSql(actor)})` : sql`NULL::text`;
  const res = await db.execute(sql`
    WITH m AS (
      SELECT c.id, c.kind, c.display_name, c.org_name, c.lifecycle_stage, c.tags, c.owner_id, c.updated_at, count(*) OVER () AS total
      FROM customers c WHERE ${match} AND c.deleted_at IS NULL ${cScope ? sql`AND ${cScope}` : sql``}
      ORDER BY c.updated_at DESC, c.id LIMIT ${MAX_CARDS}
    )
    SELECT m.id, m.kind, m.display_name, m.lifecycle_stage, m.tags, m.total::int AS total, u.id AS owner_id, u.name AS owner_name,
      CASE WHEN m.kind = 'organization' THEN NULL ELSE (SELECT o.display_name FROM customer_relations r JOIN customers o ON o.id = r.organization_id
        WHERE r.person_id = m.id AND o.deleted_at IS NULL ${oScope ? sql`AND ${oScope}` : sql``} ORDER BY r.created_at LIMIT 1) END AS company,
      ${tasksSql} AS tasks, ${ticketsSql} AS tickets, ${lastSql} AS last, ${spentSql} AS spent
    FROM m LEFT JOIN users u ON u.id = m.owner_id
    ORDER BY m.updated_at DESC, m.id`);
  const json = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const rows = res.rows as Record<string, unknown>[];
  const scores = await scoresOf(db, rows.map((r) => String(r.id)));
  const cards = rows.map((r): CallCustomerCard => {
    const tasks = json<{ count: number; items: { id: string; title: string; dueAt: string | null; isPromise: boolean }[] } | null>(r.tasks);
    const tickets = json<{ count: number; items: { id: string; number: number; subject: string; status: string }[] } | null>(r.tickets);
    const last = json<{ kind: string; occurredAt: string; summary: string } | null>(r.last);
    const name = String(r.display_name);
    return {
      id: String(r.id), displayName: name, initials: initialsOf(name), kind: r.kind as 'person' | 'organization',
      company: (r.company as string | null) ?? null, lifecycleStage: String(r.lifecycle_stage), tags: ((r.tags as string[]) ?? []).slice(0, 6),
      owner: r.owner_id ? { id: String(r.owner_id), name: String(r.owner_name) } : null,
      openTasks: tasks ? { count: Number(tasks.count), items: tasks.items.map((t) => ({ ...t, dueAt: t.dueAt ? new Date(t.dueAt).toISOString() : null, title: t.title.slice(0, 120) })) } : null,
      openTickets: tickets ? { count: Number(tickets.count), items: tickets.items.map((t) => ({ ...t, number: Number(t.number), subject: t.subject.slice(0, 120) })) } : null,
      lastInteraction: last ? { kind: last.kind, occurredAt: new Date(last.occurredAt).toISOString(), summary: last.summary } : null,
      totalSpent: r.spent == null ? null : String(r.spent),
      ...scoreFields(scores.get(String(r.id)) ?? null),
    };
  });
  return { cards, count: rows.length ? Number(rows[0].total) : 0 };
}

function scoreFields(s: CallCustomerCard['insights']) {
  return { value: s ? String(Math.round(s.clv)) : null, churnRisk: s ? s.churnRisk / 100 : null, insights: s };
}

/** A call as this actor sees it (the cards only when `withCards`). */
export async function presentCall(db: Db, actor: Actor, c: CallRow, config: TelephonyConfig, withCards: boolean): Promise<CallView> {
  // The stored match count is over every customer; an actor who sees only some is told how many of those they see.
  const scope = customerScopeSql(actor, 'c');
  const visibleMatches = !scope || !c.numberValid || c.matchCount === 0 ? sql`NULL::int`
    : !can(actor, 'customers', 'read') ? sql`0`
    : sql`(SELECT count(*)::int FROM (SELECT 1 FROM customers c WHERE c.phone_keys @> ARRAY[${c.number}]::text[] AND c.deleted_at IS NULL AND ${scope} LIMIT 6) x)`;
  const [names] = (await db.execute(sql`SELECT
      (SELECT name FROM users WHERE id = ${c.agentId}) AS agent_name,
      (SELECT display_name FROM customers cu WHERE cu.id = ${c.customerId} AND cu.deleted_at IS NULL) AS customer_name,
      ${visibleMatches} AS match_count`)).rows as { agent_name: string | null; customer_name: string | null; match_count: number | null }[];
  let cards: CallCustomerCard[] = [];
  let count = names.match_count ?? c.matchCount;
  if (withCards) {
    if (c.customerId) {
      const one = await customerCards(db, actor, c.number, c.customerId);
      cards = one.cards;
    } else if (c.numberValid) {
      const found = await customerCards(db, actor, c.number);
      cards = found.cards;
      count = found.count;
    }
  }
  const customerVisible = c.customerId != null && names.customer_name != null && (cards.some((k) => k.id === c.customerId) || await canSeeCustomer(db, actor, c.customerId));
  const rec = recordingLink(config, c.recording);
  return {
    id: c.id, source: 'pbx', summary: null, direction: c.direction, status: c.status, number: c.number, numberValid: c.numberValid, extension: c.extension,
    agent: c.agentId ? { id: c.agentId, name: names.agent_name ?? '' } : null,
    startedAt: c.startedAt.toISOString(), answeredAt: iso(c.answeredAt), endedAt: iso(c.endedAt), durationSec: c.durationSec,
    outcome: c.outcome, recordingUrl: rec.url, recordingName: rec.name,
    customer: customerVisible ? { id: c.customerId!, displayName: names.customer_name! } : null,
    interactionId: c.interactionId, matches: cards, matchCount: count, notesSaved: c.notesSavedAt != null,
  };
}

async function canSeeCustomer(db: Db, actor: Actor, customerId: string): Promise<boolean> {
  if (!can(actor, 'customers', 'read')) return false;
  const scope = customerScopeSql(actor, 'c');
  const r = await db.execute(sql`SELECT 1 FROM customers c WHERE c.id = ${customerId} AND c.deleted_at IS NULL ${scope ? sql`AND ${scope}` : sql``}`);
  return r.rows.length > 0;
}

/** Sends each user their own view of the call (what they may see of the customer). */
export async function publishCall(tx: Db, c: CallRow, userIds: string[], config: TelephonyConfig, override: Partial<CallView> = {}): Promise<void> {
  const actors = await actorsOfUsers(tx, [...new Set(userIds)]);
  // Users with the same role and team see the same thing: one view per such group.
  const groups = new Map<string, Actor[]>();
  for (const a of actors) {
    const own = ['customers', 'tasks', 'tickets', 'interactions', 'documents'].some((o) => scopeOf(a, o as 'customers') !== 'all');
    const key = JSON.stringify([a.permissions, own ? a.userId : '', a.teamId]);
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  for (const members of groups.values()) {
    const view = { ...await presentCall(tx, members[0], c, config, true), ...override };
    let data: unknown = view;
    if (Buffer.byteLength(JSON.stringify(view)) > MAX_EVENT_BYTES) data = { id: c.id, partial: true };
    await publish(tx, { userIds: members.map((m) => m.userId), event: 'call', data });
  }
}

/** The row of this event's call, locked, or undefined when the PBX has not told us about it before. */
async function findCall(tx: Db, ev: CallEvent): Promise<CallRow | undefined> {
  if (ev.mehvarCallId && /^[0-9a-f-]{36}$/i.test(ev.mehvarCallId)) {
    const [byId] = await tx.select().from(calls).where(eq(calls.id, ev.mehvarCallId)).for('update');
    if (byId) {
      if (byId.externalId.startsWith('mehvar:')) {
        // The PBX has named the call it placed for us: later events may come without our variable.
        const [renamed] = await tx.update(calls).set({ externalId: ev.callId }).where(and(eq(calls.id, byId.id), sql`NOT EXISTS (
          SELECT 1 FROM calls o WHERE o.source = ${ev.source} AND o.external_id = ${ev.callId})`)).returning();
        return renamed ?? byId;
      }
      return byId;
    }
  }
  const [row] = await tx.select().from(calls).where(and(eq(calls.source, ev.source), eq(calls.externalId, ev.callId))).for('update');
  return row;
}

/** Who has this number (E.164) among all customers: the one when it is one, and how many (up to 6: "more than 5"). */
export async function matchNumber(tx: Db, number: string): Promise<{ customerId: string | null; matchCount: number }> {
  const m = await tx.select({ id: customers.id }).from(customers).where(and(arrayContains(customers.phoneKeys, [number]), isNull(customers.deletedAt))).limit(6);
  return { customerId: m.length === 1 ? m[0].id : null, matchCount: m.length };
}

export type HandleResult = { callId: string | null; changed: boolean; ignored?: 'internal' };

/** Applies one PBX event. Runs in the caller's transaction; the pop-ups go out when it commits. */
export async function handleCallEvent(tx: Db, clock: Clock, ev: CallEvent, cached?: TelephonyConfig): Promise<HandleResult> {
  // The instance's copy of the settings (kept fresh by the reload notice) spares a read and a parse per event.
  const config = cached ?? await readTelephonyConfig(tx);
  if (isInternalNumber(config, ev.number)) return { callId: null, changed: false, ignored: 'internal' };
  const now = clock.now();
  const at = ev.at && Number.isFinite(ev.at.getTime()) ? ev.at : now;
  let row = await findCall(tx, ev);
  const exts = [...new Set(ev.extensions)];

  if (!row) {
    const { number, valid } = callerNumber(config, ev.number);
    const { customerId, matchCount } = valid ? await matchNumber(tx, number) : { customerId: null, matchCount: 0 };
    const agentId = ev.type === 'answered' || ev.direction === 'out' ? usersOfExtensions(config, exts.slice(0, 1))[0] ?? null : null;
    const inserted = await tx.insert(calls).values({
      source: ev.source, externalId: ev.callId, direction: ev.direction, status: 'ringing', rawNumber: ev.number.slice(0, 200), number, numberValid: valid,
      extension: exts.at(-1) ?? null, rangExtensions: [], notifiedUserIds: [], agentId, customerId, matchCount,
      startedAt: at, createdAt: now, updatedAt: now,
    }).onConflictDoNothing().returning();
    // Another instance inserted it a moment ago: apply this event to that row like any later one.
    row = inserted[0] ?? (await findCall(tx, ev))!;
  }

  if (ev.type === 'ringing') return ring(tx, config, row, exts, now);
  if (ev.type === 'answered') {
    const r = await ring(tx, config, row, exts, now);
    return answer(tx, config, r.row, exts[0] ?? null, at, now);
  }
  return end(tx, clock, config, (await ring(tx, config, row, exts, now)).row, ev, at, now);
}

/** New extensions ringing (the first ring, a ring group, a transfer): their users get the pop-up. */
async function ring(tx: Db, config: TelephonyConfig, row: CallRow, exts: string[], now: Date): Promise<HandleResult & { row: CallRow }> {
  const fresh = exts.filter((e) => !row.rangExtensions.includes(e));
  const users = usersOfExtensions(config, fresh).filter((u) => !row.notifiedUserIds.includes(u));
  if (fresh.length === 0 && users.length === 0) return { callId: row.id, changed: false, row };
  const [next] = await tx.update(calls).set({
    rangExtensions: [...row.rangExtensions, ...fresh], notifiedUserIds: [...row.notifiedUserIds, ...users],
    extension: row.status === 'ringing' ? fresh.at(-1) ?? row.extension : row.extension, updatedAt: now,
  }).where(eq(calls.id, row.id)).returning();
  // A call already taken that now rings someone else (a transfer) is ringing for them: their pop-up opens like any other.
  if (users.length && (next.status === 'ringing' || next.status === 'answered')) await publishCall(tx, next, users, config, { status: 'ringing' });
  return { callId: row.id, changed: true, row: next };
}

async function answer(tx: Db, config: TelephonyConfig, row: CallRow, ext: string | null, at: Date, now: Date): Promise<HandleResult & { row: CallRow }> {
  if (row.status !== 'ringing' && row.status !== 'answered') return { callId: row.id, changed: false, row };
  const agentId = ext ? usersOfExtensions(config, [ext])[0] ?? null : row.agentId;
  if (row.status === 'answered' && row.extension === ext && row.agentId === agentId) return { callId: row.id, changed: false, row };
  const [next] = await tx.update(calls).set({
    status: 'answered', answeredAt: row.answeredAt ?? at, extension: ext ?? row.extension, agentId: agentId ?? row.agentId, updatedAt: now,
    notifiedUserIds: agentId && !row.notifiedUserIds.includes(agentId) ? [...row.notifiedUserIds, agentId] : row.notifiedUserIds,
  }).where(eq(calls.id, row.id)).returning();
  // Everyone it rang learns who took it (their pop-ups close); the agent's stays open.
  await publishCall(tx, next, next.notifiedUserIds, config);
  return { callId: row.id, changed: true, row: next };
}

/**
 * Ends a ringing or answered call. `lostEnd`: the PBX never said when it ended (a lost hang-up): the call is over,
 * but its end time and duration stay unknown (null) rather than invented.
 */
async function end(tx: Db, clock: Clock, config: TelephonyConfig, row: CallRow, ev: CallEvent, at: Date, now: Date, lostEnd = false): Promise<HandleResult> {
  if (row.status !== 'ringing' && row.status !== 'answered') {
    // Already over: a late recording name is the only news worth keeping.
    if (ev.recording && !row.recording) {
      await tx.update(calls).set({ recording: ev.recording, updatedAt: now }).where(eq(calls.id, row.id));
      if (row.interactionId) await updateCallRecord(tx, clock, row.interactionId, { recording: recordingLink(config, ev.recording).url ?? ev.recording });
    }
    return { callId: row.id, changed: false };
  }
  const answered = row.status === 'answered' || ev.outcome === 'answered';
  const outcome: CallEndOutcome = ev.outcome ?? (answered ? 'answered' : 'no_answer');
  const answeredAt = row.answeredAt ?? (answered ? row.startedAt : null);
  const duration = ev.durationSec ?? (answeredAt ? Math.max(0, Math.round((at.getTime() - answeredAt.getTime()) / 1000)) : 0);
  const status = outcome === 'answered' ? 'completed' : row.direction === 'in' ? 'missed' : 'failed';
  const lastExt = ev.extensions.at(-1);
  const agentId = row.agentId ?? (lastExt && outcome === 'answered' ? usersOfExtensions(config, [lastExt])[0] ?? null : null);
  const [next] = await tx.update(calls).set({
    status, outcome, endedAt: lostEnd ? null : at, durationSec: lostEnd ? null : outcome === 'answered' ? duration : 0, answeredAt, agentId,
    recording: ev.recording ?? row.recording, updatedAt: now,
  }).where(eq(calls.id, row.id)).returning();
  let result = next;
  if (next.customerId) result = await fileOnTimeline(tx, clock, config, next);
  if (status === 'missed' && config.missedCallTasks) result = await callbackTask(tx, clock, result, now);
  // The call as a reader who may see every customer sees it, without the screen-pop's cards.
  if (status === 'missed') await recordWebhookEvent(tx, 'call.missed', await presentCall(tx, WEBHOOK_READER, result, config, false), { at: now });
  await publishCall(tx, result, result.notifiedUserIds, config);
  return { callId: row.id, changed: true };
}

const WEBHOOK_READER = systemActor({ customers: { ops: ['read'], scope: 'all' } });

/** What a call's timeline entry and call-back task say before anyone writes anything, in the organization's language. */
const WORDS = {
  fa: { in: 'تماس ورودی', out: 'تماس خروجی', missed: 'تماس بی‌پاسخ', no_answer: 'بی‌پاسخ', busy: 'مشغول', failed: 'برقرار نشد', answered: 'پاسخ داده شد',
    callback: (who: string) => `تماس با ${who} (تماس بی‌پاسخ)`, missedFrom: (num: string, at: string) => `تماس بی‌پاسخ از ${num} در ${at}` },
  en: { in: 'Incoming call', out: 'Outgoing call', missed: 'Missed call', no_answer: 'no answer', busy: 'busy', failed: 'failed', answered: 'answered',
    callback: (who: string) => `Call back ${who} (missed call)`, missedFrom: (num: string, at: string) => `Missed call from ${num} at ${at}` },
};
async function wordsFor(tx: Db) {
  const org = await getOrgSettings(tx);
  return { ...WORDS[org.defaultLocale], when: (d: Date) => formatDateTime(d, org.defaultLocale, org.timeZone) };
}

function callSummary(c: CallRow, w: (typeof WORDS)['fa']): string {
  const fa = w.in === WORDS.fa.in;
  const dir = c.direction === 'in' ? w.in : w.out;
  const sep = fa ? '، ' : ', ';
  if (c.status === 'completed') {
    if (c.durationSec === null) return `${dir}${sep}${w.answered}`;
    const m = Math.floor(c.durationSec / 60), s = c.durationSec % 60;
    return `${dir}${sep}${m}:${String(s).padStart(2, '0')}`;
  }
  if (c.status === 'missed') return w.missed;
  if (c.status === 'failed') return `${dir}${sep}${w[c.outcome ?? 'no_answer']}`;
  return dir;
}

const interactionOutcome = (c: CallRow) => (c.outcome === 'failed' ? 'no_answer' : c.outcome);

/** The call on the customer's timeline: created the first time, brought up to date after. */
async function fileOnTimeline(tx: Db, clock: Clock, config: TelephonyConfig, c: CallRow): Promise<CallRow> {
  if (!c.customerId) return c;
  const rec = recordingLink(config, c.recording);
  const fields = {
    occurredAt: c.startedAt, authorId: c.agentId, durationSec: c.durationSec, outcome: interactionOutcome(c),
    recording: rec.url ?? rec.name,
  };
  const summary = callSummary(c, await wordsFor(tx));
  if (c.interactionId) {
    await updateCallRecord(tx, clock, c.interactionId, c.notesSavedAt ? fields : { ...fields, summary });
    return c;
  }
  const row = await recordCall(tx, clock, { customerId: c.customerId, direction: c.direction, summary, ...fields });
  const [next] = await tx.update(calls).set({ interactionId: row.id }).where(eq(calls.id, c.id)).returning();
  return next;
}

/** A missed call becomes a task to call back: for the customer's owner, else whoever it rang. */
async function callbackTask(tx: Db, clock: Clock, c: CallRow, now: Date): Promise<CallRow> {
  if (c.callbackTaskId) return c;
  let assignee: string | null = null;
  let name: string | null = null;
  if (c.customerId) {
    const [cu] = (await tx.execute(sql`SELECT c.owner_id, c.display_name FROM customers c JOIN users u ON u.id = c.owner_id AND u.active WHERE c.id = ${c.customerId}`)).rows as { owner_id: string; display_name: string }[];
    assignee = cu?.owner_id ?? null;
    name = cu?.display_name ?? null;
  }
  assignee ??= c.notifiedUserIds[0] ?? null;
  if (!assignee) return c;
  const [actor] = await actorsOfUsers(tx, [assignee]);
  if (!actor) return c;
  // Created as the system on the assignee's behalf: the PBX, not a person, asked for it.
  const system = { ...systemActor({ tasks: { ops: ['create', 'read'], scope: 'all' }, customers: { ops: ['read'], scope: 'all' } }) };
  const w = await wordsFor(tx);
  const task = await createTask(tx, system, clock, {
    title: w.callback(name ?? c.number), description: w.missedFrom(c.number, w.when(c.startedAt)), customerId: c.customerId ?? undefined,
    dueAt: new Date(now.getTime() + 60 * 60_000).toISOString(), assigneeId: assignee, priority: 'high', interactionId: c.interactionId ?? undefined,
  } as Parameters<typeof createTask>[3]);
  const [next] = await tx.update(calls).set({ callbackTaskId: task.id }).where(eq(calls.id, c.id)).returning();
  return next;
}

/** A call this actor may work on: one that rang them or that they took, or any call if they read all interactions. */
async function loadCallFor(tx: Db, actor: Actor, id: string, forUpdate = false): Promise<CallRow> {
  const q = tx.select().from(calls).where(eq(calls.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Call');
  const involved = row.agentId === actor.userId || row.notifiedUserIds.includes(actor.userId);
  if (!involved) {
    if (!can(actor, 'interactions', 'read') || scopeOf(actor, 'interactions') !== 'all') throw notFound('Call');
    if (row.customerId && !(await canSeeCustomer(tx, actor, row.customerId))) throw notFound('Call');
  }
  return row;
}

export async function getCall(db: Db, actor: Actor, id: string): Promise<CallView> {
  assertCan(actor, 'interactions', 'read');
  const row = await loadCallFor(db, actor, id);
  return presentCall(db, actor, row, await readTelephonyConfig(db), true);
}

/** The summary and promises the agent writes after (or during) the call. */
export async function saveCallNotes(tx: Db, actor: Actor, clock: Clock, id: string, input: CallNotesInput): Promise<CallView> {
  assertCan(actor, 'interactions', 'create');
  let row = await loadCallFor(tx, actor, id, true);
  if (!row.customerId) throw new AppError('UNPROCESSABLE', 'Link the call to a customer (or add them as a new lead) before writing its summary', { customerId: 'the call has no customer yet' });
  await loadVisibleCustomer(tx, actor, row.customerId);
  const config = await readTelephonyConfig(tx);
  const now = clock.now();
  if (!row.interactionId) row = await fileOnTimeline(tx, clock, config, row);
  await updateCallRecord(tx, clock, row.interactionId!, { summary: input.summary, body: input.body ?? null, authorId: row.agentId ?? actor.userId });
  for (const p of input.promises) {
    await createTask(tx, actor, clock, { title: p.title, customerId: row.customerId, dueAt: p.dueAt, assigneeId: p.assigneeId, reminderAt: p.reminderAt ?? null, priority: 'normal', interactionId: row.interactionId!, isPromise: true } as Parameters<typeof createTask>[3]);
  }
  if (input.oneChange) await createFeedback(tx, actor, clock, { customerId: row.customerId, channel: 'call', text: input.oneChange, topics: [] });
  const [next] = await tx.update(calls).set({ notesSavedAt: now, updatedAt: now }).where(eq(calls.id, id)).returning();
  await publishCall(tx, next, [actor.userId], config);
  return presentCall(tx, actor, next, config, true);
}

/** Files the call under a customer: one of several matches, an existing customer, or the lead just created. */
export async function linkCall(tx: Db, actor: Actor, clock: Clock, id: string, input: { customerId: string; addPhone: boolean }): Promise<CallView> {
  assertCan(actor, 'interactions', 'create');
  let row = await loadCallFor(tx, actor, id, true);
  const customer = await loadVisibleCustomer(tx, actor, input.customerId);
  const config = await readTelephonyConfig(tx);
  const now = clock.now();
  if (row.interactionId && row.customerId !== input.customerId) {
    await updateCallRecord(tx, clock, row.interactionId, { customerId: input.customerId });
  }
  [row] = await tx.update(calls).set({ customerId: input.customerId, updatedAt: now }).where(eq(calls.id, id)).returning();
  if (input.addPhone && row.numberValid && !customer.phones.some((p) => p.number === row.number)) {
    await updateCustomer(tx, actor, clock, input.customerId, { phones: [...customer.phones, { number: row.number, label: row.number.startsWith('+989') ? 'mobile' : 'work', primary: customer.phones.length === 0 }] } as Parameters<typeof updateCustomer>[4]);
  }
  if (row.status !== 'ringing' && row.status !== 'answered') row = await fileOnTimeline(tx, clock, config, row);
  await publishCall(tx, row, [actor.userId], config);
  return presentCall(tx, actor, row, config, true);
}

export async function dismissCall(tx: Db, actor: Actor, id: string): Promise<void> {
  const row = await loadCallFor(tx, actor, id, true);
  if (!row.dismissedBy.includes(actor.userId)) await tx.update(calls).set({ dismissedBy: [...row.dismissedBy, actor.userId] }).where(eq(calls.id, id));
}

/** The calls the actor should have a pop-up for: ringing or in progress for them, or just ended without notes. */
export async function activeCalls(db: Db, actor: Actor, clock: Clock): Promise<CallView[]> {
  const now = clock.now();
  const rows = await db.select().from(calls).where(sql`${calls.startedAt} > ${new Date(now.getTime() - 4 * 3600_000)}
    AND (${calls.agentId} = ${actor.userId} OR ${actor.userId}::uuid = ANY(${calls.notifiedUserIds}))
    AND NOT (${actor.userId}::uuid = ANY(${calls.dismissedBy}))
    AND (
      (${calls.status} = 'ringing' AND ${calls.startedAt} > ${new Date(now.getTime() - 10 * 60_000)})
      OR (${calls.status} = 'answered' AND (${calls.agentId} = ${actor.userId} OR ${calls.agentId} IS NULL))
      OR (${calls.status} IN ('completed', 'missed', 'failed') AND ${calls.notesSavedAt} IS NULL AND ${calls.endedAt} > ${new Date(now.getTime() - 30 * 60_000)}
          AND (${calls.agentId} = ${actor.userId} OR (${calls.agentId} IS NULL AND ${calls.status} <> 'missed')))
    )`).orderBy(sql`${calls.startedAt} DESC`).limit(10);
  const config = await readTelephonyConfig(db);
  const out: CallView[] = [];
  for (const r of rows) out.push(await presentCall(db, actor, r, config, true));
  return out;
}

export type CallListFilter = {
  status?: string; direction?: 'in' | 'out'; customerId?: string; agentId?: string; unknown?: 'true' | 'false';
  from?: string; to?: string; limit: number; cursor?: string; source?: 'all' | 'pbx' | 'manual';
};

/** The PBX calls this actor may list, narrowed by the filter (no cursor): on table `calls`. */
export function pbxCallWhere(actor: Actor, f: CallListFilter): (SQL | undefined)[] {
  const where: (SQL | undefined)[] = [];
  const cScope = customerScopeSql(actor, 'c');
  if (scopeOf(actor, 'interactions') !== 'all') where.push(sql`(${calls.agentId} = ${actor.userId} OR ${actor.userId}::uuid = ANY(${calls.notifiedUserIds}))`);
  if (cScope) where.push(sql`(${calls.customerId} IS NULL OR EXISTS (SELECT 1 FROM customers c WHERE c.id = ${calls.customerId} AND ${cScope}))`);
  if (f.status) where.push(eq(calls.status, f.status as CallRow['status']));
  if (f.direction) where.push(eq(calls.direction, f.direction));
  if (f.customerId) where.push(eq(calls.customerId, f.customerId));
  if (f.agentId) where.push(eq(calls.agentId, f.agentId));
  if (f.unknown === 'true') where.push(isNull(calls.customerId));
  if (f.unknown === 'false') where.push(isNotNull(calls.customerId));
  if (f.from) where.push(gte(calls.startedAt, new Date(f.from)));
  if (f.to) where.push(lt(calls.startedAt, new Date(f.to)));
  return where;
}

/** A list cursor: the last row's time and id. */
export function parseCallCursor(cursor: string): { at: Date; id: string } {
  const [t, id, extra] = Buffer.from(cursor, 'base64url').toString().split('|');
  const at = parseIsoInstant(t);
  if (!at || extra !== undefined || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id ?? '')) {
    throw new AppError('VALIDATION_FAILED', 'Bad cursor', { cursor: 'not a cursor from this list' });
  }
  return { at, id };
}
export const callCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');

/** The row for a click-to-call, before the PBX has said anything about it. */
export async function createOutboundCall(tx: Db, actor: Actor, clock: Clock, input: { number: string; extension: string; customerId: string | null; matchCount: number }): Promise<CallRow> {
  const now = clock.now();
  const id = crypto.randomUUID();
  const [row] = await tx.insert(calls).values({
    id, source: 'ami', externalId: `mehvar:${id}`, direction: 'out', status: 'ringing', rawNumber: input.number, number: input.number, numberValid: true,
    extension: input.extension, rangExtensions: [input.extension], notifiedUserIds: [actor.userId], agentId: actor.userId,
    customerId: input.customerId, matchCount: input.matchCount, startedAt: now, createdAt: now, updatedAt: now,
  }).returning();
  return row;
}

/** The PBX refused to place a click-to-call: the row says so. */
export async function failOutboundCall(tx: Db, clock: Clock, id: string): Promise<void> {
  const now = clock.now();
  await tx.update(calls).set({ status: 'failed', outcome: 'failed', endedAt: now, durationSec: 0, updatedAt: now }).where(and(eq(calls.id, id), eq(calls.status, 'ringing')));
}

/** A call still "ringing" this long after it started: the PBX's end event was lost. */
export const STALE_RINGING_MS = 15 * 60_000;
/** A call still "answered" this long after it was answered: its hang-up was lost (no call centre call lasts this long). */
export const STALE_ANSWERED_MS = 4 * 3_600_000;

/**
 * Ends calls whose end never arrived (a lost webhook delivery, an AMI link that dropped without our noticing), so no
 * pop-up rings or stays on a call forever. A call ringing for 15 minutes ends unanswered, like any missed call; one
 * answered 4 hours ago ends answered, with its end time and duration unknown. Returns how many were closed.
 */
export async function expireStaleCalls(tx: Db, clock: Clock): Promise<number> {
  const now = clock.now();
  const ringing = await tx.select().from(calls).where(and(eq(calls.status, 'ringing'), sql`${calls.startedAt} < ${new Date(now.getTime() - STALE_RINGING_MS)}`))
    .orderBy(calls.startedAt).limit(500).for('update', { skipLocked: true });
  const answered = await tx.select().from(calls).where(and(eq(calls.status, 'answered'), sql`${calls.answeredAt} < ${new Date(now.getTime() - STALE_ANSWERED_MS)}`))
    .orderBy(calls.answeredAt).limit(500).for('update', { skipLocked: true });
  if (ringing.length + answered.length === 0) return 0;
  const config = await readTelephonyConfig(tx);
  const lost = (row: CallRow, outcome: CallEndOutcome): CallEvent =>
    ({ source: row.source as CallEvent['source'], callId: row.externalId, type: 'ended', direction: row.direction, number: row.rawNumber, extensions: [], at: now, outcome });
  for (const row of ringing) await end(tx, clock, config, row, lost(row, 'no_answer'), now, now);
  for (const row of answered) await end(tx, clock, config, row, lost(row, 'answered'), now, now, true);
  return ringing.length + answered.length;
}
