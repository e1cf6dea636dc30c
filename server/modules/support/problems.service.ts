/**
 * Recurring problems kept as state. A regrouping (hourly job, or "regroup now") clusters the recent tickets with
 * server/analytics/problem-groups.ts and stores the groups, keeping every decision a person made: tickets of a
 * confirmed group, and tickets a person moved, stay where they were put (they are the algorithm's pins). A new ticket
 * is placed in the closest stored group as it is opened. When a problem reaches the desk's threshold within a week
 * (Saturday to Friday, Tehran), the alert recipients hear about it once that week.
 *
 * The recurring-problems view and the by-product report read the stored groups: counts, weekly trend, open tickets,
 * products and customers affected, average resolution time and examples, over the tickets the reader may see.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { withTx } from '../../db/tx.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { auditUpdate } from '../audit/index.ts';
import { notify } from '../notifications/index.ts';
import { TEHRAN, addDays, todayIn } from '../../../common/jalali.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { assignToGroup, clusterTickets, type GroupProfile, type ProblemModel, type TicketInput } from '../../analytics/problem-groups.ts';
import { visibleTicketsSql } from './ticket-visibility.ts';
import { alertRecipients, readSupportSettings } from './desk.service.ts';
import type { TicketStatus } from './support.tables.ts';

/** A regrouping looks at the tickets of this many days… */
export const REGROUP_DAYS = 120;
/** …the newest this many of them (grouping cost grows faster than linearly; docs/benchmarks.md). */
export const REGROUP_TICKET_LIMIT = 3000;
/** A stored group profile keeps its strongest terms only (scores against it change by well under the threshold). */
const PROFILE_TERMS = 400;

// ---------------------------------------------------------------------------------------------------------------
// Regrouping

type TicketRow = { id: string; subject: string; description: string | null; product_id: string | null; category: string | null;
  problem_group_id: string | null; problem_pinned: boolean; confirmed: boolean | null };

const toInput = (r: TicketRow): TicketInput => ({ id: r.id, subject: r.subject, description: r.description, productId: r.product_id, category: r.category });

function trimProfile(p: GroupProfile): GroupProfile {
  const top = Object.entries(p.sum).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, PROFILE_TERMS);
  return { ...p, sum: Object.fromEntries(top) };
}

/**
 * Regroups the recent tickets and stores the result. Groups keep their ids from one regrouping to the next: a found
 * group takes over the stored unconfirmed group most of its tickets were in. The clustering runs outside any
 * transaction (on the embedded database a transaction holds the only connection, and clustering takes seconds); the
 * result is then written in one transaction that only moves tickets still where the clustering saw them and not
 * pinned in the meantime, so a person's decision made during the run wins.
 */
export async function regroupProblems(database: Database, clock: Clock): Promise<{ tickets: number; groups: number; created: number; moved: number; alerts: number }> {
  const now = clock.now();
  const since = new Date(now.getTime() - REGROUP_DAYS * 86_400_000);
  const db = database.db;
  const res = await db.execute(sql`SELECT t.id, t.subject, t.description, t.product_id, t.category, t.problem_group_id, t.problem_pinned, g.confirmed
    FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN problem_groups g ON g.id = t.problem_group_id
    WHERE c.deleted_at IS NULL AND t.merged_into_id IS NULL AND t.created_at >= ${since}
    ORDER BY t.created_at DESC, t.id LIMIT ${REGROUP_TICKET_LIMIT}`);
  const rows = res.rows as TicketRow[];
  // Pins: tickets a person placed, and every ticket of a confirmed group. A ticket a person took out of every group
  // (pinned, no group) stays out of the clustering altogether.
  const pinned: Record<string, string> = {};
  const input: TicketInput[] = [];
  for (const r of rows) {
    const pin = r.problem_pinned || r.confirmed === true;
    if (pin && !r.problem_group_id) continue;
    if (pin) pinned[r.id] = r.problem_group_id!;
    input.push(toInput(r));
  }
  const { groups, index } = clusterTickets(input, { pinned });
  const profiles = new Map(index.profiles.map((p) => [p.key, p]));
  const before = new Map(rows.map((r) => [r.id, r.problem_group_id]));
  const confirmedIds = new Set(rows.filter((r) => r.confirmed === true).map((r) => r.problem_group_id!));

  // Stored groups a found group may take over: unconfirmed ones, by how many of the found group's tickets they held.
  const claimed = new Set<string>();
  let created = 0;
  const target = new Map<string, string | null>(); // unpinned ticket id → group id
  const stored: { id: string; key: string; label: string; terms: string[] }[] = [];
  for (const g of [...groups].sort((a, b) => b.ticketIds.length - a.ticketIds.length || (a.key < b.key ? -1 : 1))) {
    let id = g.ticketIds.map((t) => pinned[t]).find((k) => k !== undefined) ?? null;
    if (!id && g.ticketIds.length >= 2) {
      const votes = new Map<string, number>();
      for (const t of g.ticketIds) {
        const old = before.get(t);
        if (old && !confirmedIds.has(old) && !claimed.has(old)) votes.set(old, (votes.get(old) ?? 0) + 1);
      }
      id = [...votes].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
      if (!id) { id = randomUUID(); created++; }
    }
    if (id) {
      claimed.add(id);
      stored.push({ id, key: g.key, label: g.label, terms: g.terms });
    }
    for (const t of g.ticketIds) if (pinned[t] === undefined) target.set(t, id);
  }
  const changed = [...target].filter(([t, g]) => before.get(t) !== g);

  return withTx(database, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('mehvar.support.regroup'))`);
    // Every group the result names exists (a new one, or one a person merged away meanwhile: it comes back
    // unconfirmed and, if nothing ends up in it, goes again below).
    for (let i = 0; i < stored.length; i += 200) {
      await tx.execute(sql`INSERT INTO problem_groups (id, label, created_at, updated_at) VALUES
        ${sql.join(stored.slice(i, i + 200).map((s) => sql`(${s.id}, ${s.label}, ${now}, ${now})`), sql`, `)} ON CONFLICT (id) DO NOTHING`);
    }
    let moved = 0;
    for (let i = 0; i < changed.length; i += 500) {
      const chunk = changed.slice(i, i + 500);
      const r = await tx.execute(sql`UPDATE tickets t SET problem_group_id = v.g::uuid
        FROM (VALUES ${sql.join(chunk.map(([t, g]) => sql`(${t}::uuid, ${g}, ${before.get(t) ?? null})`), sql`, `)}) AS v(id, g, old)
        WHERE t.id = v.id AND NOT t.problem_pinned AND t.problem_group_id IS NOT DISTINCT FROM v.old::uuid
          AND NOT EXISTS (SELECT 1 FROM problem_groups cg WHERE cg.id = t.problem_group_id AND cg.confirmed)
        RETURNING t.id`);
      moved += r.rows.length;
    }
    for (const s of stored) {
      const p = profiles.get(s.key);
      await tx.execute(sql`UPDATE problem_groups SET
          label = CASE WHEN label_edited THEN label ELSE ${s.label} END,
          terms = ARRAY[${sql.join(s.terms.map((x) => sql`${x}`), sql`, `)}]::text[],
          profile = ${p ? JSON.stringify({ ...trimProfile(p), key: s.id }) : null}::jsonb, updated_at = ${now}
        WHERE id = ${s.id}`);
    }
    // Unconfirmed groups nothing points at any more are gone; profiles of groups this regrouping did not see are stale.
    await tx.execute(sql`DELETE FROM problem_groups g WHERE NOT g.confirmed AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.problem_group_id = g.id)`);
    const seen = stored.map((s) => sql`${s.id}`);
    await tx.execute(sql`UPDATE problem_groups SET profile = NULL ${seen.length ? sql`WHERE id NOT IN (${sql.join(seen, sql`, `)})` : sql``}`);
    await tx.execute(sql`INSERT INTO problem_index (id, version, model, ticket_count, built_at) VALUES (1, ${randomUUID()}, ${JSON.stringify(index.model)}::jsonb, ${input.length}, ${now})
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, model = excluded.model, ticket_count = excluded.ticket_count, built_at = excluded.built_at`);
    const kept = new Set(((await tx.execute(sql`SELECT id FROM problem_groups`)).rows as { id: string }[]).map((r) => String(r.id)));
    let alerts = 0;
    for (const s of stored) if (kept.has(s.id)) alerts += await problemAlert(tx, s.id, now);
    return { tickets: input.length, groups: [...kept].length, created, moved, alerts };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Placing a new ticket

type Loaded = { version: string; index: { model: ProblemModel; profiles: GroupProfile[] } };
/** The last index each database was seen with, by its version (app instances reload when another one regroups). */
let cached: Loaded | undefined;

async function loadIndex(db: Db): Promise<Loaded | undefined> {
  const head = (await db.execute(sql`SELECT version FROM problem_index WHERE id = 1`)).rows[0] as { version: string } | undefined;
  if (!head) return undefined;
  if (cached?.version === String(head.version)) return cached;
  const [full] = (await db.execute(sql`SELECT model FROM problem_index WHERE id = 1`)).rows as { model: unknown }[];
  const groups = (await db.execute(sql`SELECT id, profile FROM problem_groups WHERE profile IS NOT NULL ORDER BY id`)).rows as { id: string; profile: unknown }[];
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  cached = {
    version: String(head.version),
    index: { model: parse<ProblemModel>(full.model), profiles: groups.map((g) => ({ ...parse<GroupProfile>(g.profile), key: String(g.id) })) },
  };
  return cached;
}

/** Marks the stored index as changed (a person merged groups), so every instance reloads it. */
async function touchIndex(db: Db) {
  await db.execute(sql`UPDATE problem_index SET version = ${randomUUID()} WHERE id = 1`);
}

/**
 * Puts a new ticket in the closest recurring problem, when one is close enough (called in the ticket's transaction),
 * and raises the week's alert when the problem reaches the threshold. Returns the group id or null.
 */
export async function placeNewTicket(tx: Db, t: { id: string } & Omit<TicketInput, 'id'>, now: Date): Promise<string | null> {
  const loaded = await loadIndex(tx);
  if (!loaded || !loaded.index.profiles.length) return null;
  const hit = assignToGroup({ ...t }, loaded.index);
  if (!hit) return null;
  await tx.execute(sql`UPDATE tickets SET problem_group_id = ${hit.key} WHERE id = ${t.id}`);
  await problemAlert(tx, hit.key, now);
  return hit.key;
}

// ---------------------------------------------------------------------------------------------------------------
// Alerts

/** Saturday (the first day of the Iranian week) of `now`'s week in Tehran, as YYYY-MM-DD. */
export function weekStartTehran(now: Date): string {
  const today = todayIn(now, TEHRAN);
  const dow = new Date(`${today}T12:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return addDays(today, -((dow + 1) % 7));
}

/** Alerts the recipients once a week per problem that reached the threshold this week. Returns notices sent. */
export async function problemAlert(db: Db, groupId: string, now: Date): Promise<number> {
  const settings = await readSupportSettings(db);
  const week = weekStartTehran(now);
  const [row] = (await db.execute(sql`SELECT g.label, count(t.id)::int AS n FROM problem_groups g
      JOIN tickets t ON t.problem_group_id = g.id AND t.merged_into_id IS NULL
        AND t.created_at >= (${week}::date)::timestamp AT TIME ZONE ${TEHRAN}
      JOIN customers c ON c.id = t.customer_id AND c.deleted_at IS NULL
    WHERE g.id = ${groupId} GROUP BY g.label`)).rows as { label: string; n: number }[];
  if (!row || row.n < settings.problemAlertThreshold) return 0;
  let sent = 0;
  for (const r of await alertRecipients(db)) {
    const fa = r.locale !== 'en';
    const n = await notify(db, {
      userId: r.id, kind: 'problem_alert', link: `/tickets/problems?group=${groupId}`,
      // Once per problem, week and person: crossing the threshold again the same week says nothing new.
      dedupeKey: `problem-alert:${groupId}:${week}:${r.id}`,
      title: fa ? `مشکل تکراری: «${row.label}» این هفته ${toPersianDigits(row.n)} بار پیش آمد` : `Recurring problem: "${row.label}" occurred ${row.n} times this week`,
      body: fa ? 'برای دیدن تیکت‌ها و محصولات درگیر، مشکلات تکراری را باز کنید.' : 'Open recurring problems to see the tickets and products involved.',
    });
    if (n) sent++;
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------------------------
// Human decisions

async function loadGroup(db: Db, id: string) {
  const [g] = (await db.execute(sql`SELECT * FROM problem_groups WHERE id = ${id} FOR UPDATE`)).rows as Record<string, unknown>[];
  if (!g) throw notFound('Problem group');
  return g;
}

/** The given tickets, all of which the actor must be able to see (else 404, naming nothing). */
async function visibleTickets(db: Db, actor: Actor, ids: readonly string[]) {
  const res = await db.execute(sql`SELECT t.id, t.customer_id, t.problem_group_id FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE t.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)} FOR UPDATE OF t`);
  const rows = res.rows as { id: string; customer_id: string; problem_group_id: string | null }[];
  if (rows.length !== new Set(ids).size) throw notFound('Ticket');
  return rows;
}

async function auditMoves(db: Db, actor: Actor, rows: { id: string; customer_id: string; problem_group_id: string | null }[], to: string | null) {
  for (const r of rows) {
    if (r.problem_group_id === to) continue;
    await auditUpdate(db, actor, 'ticket', r.id, r.customer_id, { problemGroupId: r.problem_group_id }, { problemGroupId: to });
  }
}

/** Renames a group and/or confirms it; confirming pins its tickets (the next regrouping keeps them together). */
export async function updateProblemGroup(db: Db, actor: Actor, clock: Clock, id: string, input: { label?: string; confirmed?: true }) {
  assertCan(actor, 'tickets', 'update');
  await loadGroup(db, id);
  const now = clock.now();
  await db.execute(sql`UPDATE problem_groups SET
      label = coalesce(${input.label ?? null}, label), label_edited = label_edited OR ${input.label !== undefined},
      confirmed = confirmed OR ${input.confirmed === true},
      confirmed_by = CASE WHEN ${input.confirmed === true} AND NOT confirmed THEN ${actor.userId}::uuid ELSE confirmed_by END,
      confirmed_at = CASE WHEN ${input.confirmed === true} AND NOT confirmed THEN ${now}::timestamptz ELSE confirmed_at END,
      updated_at = ${now}
    WHERE id = ${id}`);
  if (input.confirmed) await db.execute(sql`UPDATE tickets SET problem_pinned = true WHERE problem_group_id = ${id}`);
  return getProblemGroup(db, actor, clock, id);
}

/** Takes some tickets out of a group into a new, confirmed one; both groups are then confirmed (they were told apart). */
export async function splitProblemGroup(db: Db, actor: Actor, clock: Clock, id: string, input: { ticketIds: string[]; label?: string }) {
  assertCan(actor, 'tickets', 'update');
  const g = await loadGroup(db, id);
  const rows = await visibleTickets(db, actor, input.ticketIds);
  const outside = rows.findIndex((r) => r.problem_group_id !== id);
  if (outside >= 0) throw new AppError('UNPROCESSABLE', 'Only tickets of this problem can be split off', { [`ticketIds.${input.ticketIds.indexOf(rows[outside].id)}`]: 'not in this problem' });
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM tickets WHERE problem_group_id = ${id}`)).rows as { n: number }[];
  if (rows.length >= n) throw new AppError('UNPROCESSABLE', 'Leave at least one ticket in the problem, or rename it instead', { ticketIds: 'all tickets of the problem' });
  const now = clock.now();
  const newId = randomUUID();
  const firstSubject = (await db.execute(sql`SELECT subject FROM tickets WHERE id = ${rows[0].id}`)).rows[0] as { subject: string };
  await db.execute(sql`INSERT INTO problem_groups (id, label, label_edited, confirmed, confirmed_by, confirmed_at, created_at, updated_at)
    VALUES (${newId}, ${input.label ?? firstSubject.subject}, ${input.label !== undefined}, true, ${actor.userId}, ${now}, ${now}, ${now})`);
  await db.execute(sql`UPDATE tickets SET problem_group_id = ${newId}, problem_pinned = true WHERE id IN (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
  await db.execute(sql`UPDATE problem_groups SET confirmed = true, confirmed_by = coalesce(confirmed_by, ${actor.userId}::uuid),
    confirmed_at = coalesce(confirmed_at, ${now}::timestamptz), updated_at = ${now} WHERE id = ${id}`);
  await db.execute(sql`UPDATE tickets SET problem_pinned = true WHERE problem_group_id = ${id}`);
  await auditMoves(db, actor, rows, newId);
  void g;
  return { from: await getProblemGroup(db, actor, clock, id), into: await getProblemGroup(db, actor, clock, newId) };
}

/** Moves every ticket of this group into another and removes it; the group kept is confirmed. */
export async function mergeProblemGroup(db: Db, actor: Actor, clock: Clock, id: string, intoId: string) {
  assertCan(actor, 'tickets', 'update');
  if (id === intoId) throw new AppError('UNPROCESSABLE', 'A problem cannot be merged into itself', { intoId: 'the same problem' });
  // Lock both in id order, so two people merging the same pair in opposite directions cannot deadlock.
  const [a, b] = [id, intoId].sort();
  const ga = await loadGroup(db, a);
  const gb = await loadGroup(db, b);
  const [from, into] = a === id ? [ga, gb] : [gb, ga];
  const now = clock.now();
  const moved = (await db.execute(sql`UPDATE tickets SET problem_group_id = ${intoId}, problem_pinned = true WHERE problem_group_id = ${id}
    RETURNING id, customer_id`)).rows as { id: string; customer_id: string }[];
  await db.execute(sql`UPDATE tickets SET problem_pinned = true WHERE problem_group_id = ${intoId}`);
  await auditMoves(db, actor, moved.map((m) => ({ ...m, problem_group_id: id })), intoId);
  // The kept group's profile absorbs the other's, so new tickets of either wording land in it before the next regrouping.
  const parse = (v: unknown) => (v == null ? null : (typeof v === 'string' ? JSON.parse(v) : v) as GroupProfile);
  const pf = parse(from.profile), pi = parse(into.profile);
  const profile = pf && pi ? mergeProfiles(pi, pf) : (pi ?? pf);
  await db.execute(sql`UPDATE problem_groups SET confirmed = true, confirmed_by = coalesce(confirmed_by, ${actor.userId}::uuid),
    confirmed_at = coalesce(confirmed_at, ${now}::timestamptz), profile = ${profile ? JSON.stringify({ ...trimProfile(profile), key: intoId }) : null}::jsonb,
    updated_at = ${now} WHERE id = ${intoId}`);
  await db.execute(sql`DELETE FROM problem_groups WHERE id = ${id}`);
  await touchIndex(db);
  return getProblemGroup(db, actor, clock, intoId);
}

function mergeProfiles(a: GroupProfile, b: GroupProfile): GroupProfile {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const n = a.size + b.size;
  // Sums add; the per-member means (cohesion, shared-neighbour part) are weighted by size until the next regrouping.
  const mean = (x?: number, y?: number) => (x === undefined && y === undefined ? undefined : ((x ?? 0) * a.size + (y ?? 0) * b.size) / n);
  return {
    key: a.key, sum: add(a.sum, b.sum), size: n, products: add(a.products, b.products), categories: add(a.categories, b.categories),
    bias: a.bias === undefined && b.bias === undefined ? undefined : (a.bias ?? 0) + (b.bias ?? 0),
    cohesion: mean(a.cohesion, b.cohesion), neighbourBonus: mean(a.neighbourBonus, b.neighbourBonus),
  };
}

/** Puts tickets in a group by hand, or (groupId null) marks them as no recurring problem; either way they are pinned. */
export async function moveProblemTickets(db: Db, actor: Actor, clock: Clock, input: { ticketIds: string[]; groupId: string | null }) {
  assertCan(actor, 'tickets', 'update');
  if (input.groupId) await loadGroup(db, input.groupId);
  const rows = await visibleTickets(db, actor, input.ticketIds);
  await db.execute(sql`UPDATE tickets SET problem_group_id = ${input.groupId}, problem_pinned = true WHERE id IN (${sql.join(rows.map((r) => sql`${r.id}`), sql`, `)})`);
  await auditMoves(db, actor, rows, input.groupId);
  await db.execute(sql`DELETE FROM problem_groups g WHERE NOT g.confirmed AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.problem_group_id = g.id)`);
  if (input.groupId) await problemAlert(db, input.groupId, clock.now());
  return { moved: rows.length, groupId: input.groupId };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

type MemberRow = { id: string; number: number; subject: string; product_id: string | null; product_name: string | null; customer_id: string;
  status: TicketStatus; created_at: unknown; resolved_at: unknown; problem_group_id: string };
type GroupRow = { id: string; label: string; terms: string[] | null; confirmed: boolean; confirmed_at: unknown };

/** At most this many tickets of a period are read for the view (enough for months of a busy desk). */
const VIEW_TICKET_LIMIT = 20_000;

function summarize(g: GroupRow, members: MemberRow[], now: Date, weeks: number) {
  members.sort((a, b) => toIso(b.created_at).localeCompare(toIso(a.created_at)));
  const products = new Map<string, { id: string; name: string; count: number }>();
  for (const m of members) {
    if (!m.product_id) continue;
    const p = products.get(m.product_id) ?? { id: m.product_id, name: m.product_name ?? '', count: 0 };
    p.count++;
    products.set(m.product_id, p);
  }
  const resolved = members.filter((m) => m.resolved_at != null);
  const hours = resolved.map((m) => (Date.parse(toIso(m.resolved_at)) - Date.parse(toIso(m.created_at))) / 3_600_000);
  // Tickets per week, oldest week first; the last entry is the week ending now.
  const trend = Array.from({ length: weeks }, () => 0);
  for (const m of members) {
    const ago = Math.floor((now.getTime() - Date.parse(toIso(m.created_at))) / (7 * 86_400_000));
    if (ago >= 0 && ago < weeks) trend[weeks - 1 - ago]++;
  }
  return {
    id: String(g.id), key: String(g.id), label: g.label, terms: (g.terms ?? []).slice(0, 6), confirmed: Boolean(g.confirmed),
    count: members.length,
    openCount: members.filter((m) => m.status !== 'resolved' && m.status !== 'closed').length,
    customers: new Set(members.map((m) => m.customer_id)).size,
    products: [...products.values()].sort((a, b) => b.count - a.count),
    avgResolutionHours: hours.length ? Math.round((hours.reduce((a, b) => a + b, 0) / hours.length) * 10) / 10 : null,
    trend, lastWeek: trend[weeks - 1],
    examples: members.slice(0, 5).map((m) => ({ id: String(m.id), number: Number(m.number), subject: m.subject, status: m.status, createdAt: toIso(m.created_at) })),
  };
}

async function periodMembers(db: Db, actor: Actor, since: Date, extra = sql``) {
  const res = await db.execute(sql`SELECT t.id, t.number, t.subject, t.product_id, p.name_fa AS product_name, t.customer_id, t.status, t.created_at, t.resolved_at, t.problem_group_id
    FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN products p ON p.id = t.product_id
    WHERE c.deleted_at IS NULL AND t.merged_into_id IS NULL AND t.created_at >= ${since} AND t.problem_group_id IS NOT NULL AND ${visibleTicketsSql(actor)} ${extra}
    ORDER BY t.created_at DESC LIMIT ${VIEW_TICKET_LIMIT}`);
  return res.rows as MemberRow[];
}

async function groupRows(db: Db, ids: readonly string[]): Promise<Map<string, GroupRow>> {
  if (!ids.length) return new Map();
  const res = await db.execute(sql`SELECT id, label, terms, confirmed, confirmed_at FROM problem_groups WHERE id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})`);
  return new Map((res.rows as GroupRow[]).map((g) => [String(g.id), g]));
}

function byGroup(rows: MemberRow[]) {
  const out = new Map<string, MemberRow[]>();
  for (const r of rows) {
    const k = String(r.problem_group_id);
    (out.get(k) ?? out.set(k, []).get(k)!).push(r);
  }
  return out;
}

export async function recurringProblems(db: Db, actor: Actor, now: Date, q: { days: number; productId?: string; minCount: number }) {
  assertCan(actor, 'tickets', 'read');
  const since = new Date(now.getTime() - q.days * 86_400_000);
  const rows = await periodMembers(db, actor, since, q.productId ? sql`AND t.product_id = ${q.productId}` : sql``);
  const members = byGroup(rows);
  const groups = await groupRows(db, [...members.keys()]);
  const weeks = Math.max(1, Math.ceil(q.days / 7));
  const items = [...members].filter(([id, m]) => groups.has(id) && m.length >= q.minCount)
    .map(([id, m]) => summarize(groups.get(id)!, m, now, weeks))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const [{ ungrouped }] = (await db.execute(sql`SELECT count(*)::int AS ungrouped FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE c.deleted_at IS NULL AND t.merged_into_id IS NULL AND t.created_at >= ${since} AND t.problem_group_id IS NULL AND ${visibleTicketsSql(actor)}
    ${q.productId ? sql`AND t.product_id = ${q.productId}` : sql``}`)).rows as { ungrouped: number }[];
  const head = (await db.execute(sql`SELECT built_at FROM problem_index WHERE id = 1`)).rows[0] as { built_at: unknown } | undefined;
  const settings = await readSupportSettings(db);
  return {
    items, days: q.days, ticketsGrouped: rows.length, ungrouped, truncated: rows.length === VIEW_TICKET_LIMIT,
    groupedAt: head ? toIso(head.built_at) : null, alertThreshold: settings.problemAlertThreshold, thisWeekFrom: weekStartTehran(now),
  };
}

/** One problem with all its tickets of the last `days` (default a year) the reader may see. */
export async function getProblemGroup(db: Db, actor: Actor, clock: Clock, id: string, days = 365) {
  assertCan(actor, 'tickets', 'read');
  const now = clock.now();
  const g = (await groupRows(db, [id])).get(id);
  if (!g) throw notFound('Problem group');
  const rows = await periodMembers(db, actor, new Date(now.getTime() - days * 86_400_000), sql`AND t.problem_group_id = ${id}`);
  const weeks = 12;
  return {
    ...summarize(g, [...rows], now, weeks),
    tickets: rows.slice(0, 500).map((m) => ({ id: String(m.id), number: Number(m.number), subject: m.subject, status: m.status, productName: m.product_name, createdAt: toIso(m.created_at) })),
  };
}

/** The report product teams read: per product, its tickets in the period and its most common problems. */
export async function problemsByProduct(db: Db, actor: Actor, now: Date, q: { days: number; top: number }) {
  assertCan(actor, 'tickets', 'read');
  const since = new Date(now.getTime() - q.days * 86_400_000);
  const res = await db.execute(sql`SELECT t.product_id, p.name_fa AS product_name, t.problem_group_id, g.label, count(*)::int AS n,
      count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open
    FROM tickets t JOIN customers c ON c.id = t.customer_id JOIN products p ON p.id = t.product_id
      LEFT JOIN problem_groups g ON g.id = t.problem_group_id
    WHERE c.deleted_at IS NULL AND t.merged_into_id IS NULL AND t.created_at >= ${since} AND ${visibleTicketsSql(actor)}
    GROUP BY t.product_id, p.name_fa, t.problem_group_id, g.label`);
  const products = new Map<string, { productId: string; productName: string; tickets: number; open: number; ungrouped: number; problems: { id: string; label: string; count: number; share: number }[] }>();
  for (const r of res.rows as { product_id: string; product_name: string; problem_group_id: string | null; label: string | null; n: number; open: number }[]) {
    const p = products.get(r.product_id) ?? { productId: String(r.product_id), productName: r.product_name, tickets: 0, open: 0, ungrouped: 0, problems: [] };
    p.tickets += r.n;
    p.open += r.open;
    if (r.problem_group_id && r.label !== null) p.problems.push({ id: String(r.problem_group_id), label: r.label, count: r.n, share: 0 });
    else p.ungrouped += r.n;
    products.set(r.product_id, p);
  }
  const items = [...products.values()].map((p) => ({
    ...p,
    problems: p.problems.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)).slice(0, q.top)
      .map((x) => ({ ...x, share: Math.round((x.count / p.tickets) * 1000) / 10 })),
  })).sort((a, b) => b.tickets - a.tickets || a.productName.localeCompare(b.productName));
  return { items, days: q.days };
}
