/**
 * How the support desk runs: its settings (assignment mode, who is in the rotation, who hears about breaches and
 * recurring problems), round-robin assignment of new tickets, and the SLA watch that warns the assignee before a
 * deadline and tells the assignee and the managers once it has passed.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError } from '../../errors.ts';
import { actorsOfUsers, assertCan, type Actor } from '../auth/index.ts';
import { ticketVisibleTo } from './ticket-visibility.ts';
import { readSetting, writeSetting } from '../settings/index.ts';
import { notify } from '../notifications/index.ts';
import { emitDomainEvent } from '../webhooks/index.ts';
import { supportSettings, type SupportSettings } from '../../../common/support.schemas.ts';
import { formatDateTime } from '../../../common/jalali.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { WARN_BEFORE_MS } from './sla.service.ts';

const SETTINGS_KEY = 'support.desk';

export async function readSupportSettings(db: Db): Promise<SupportSettings> {
  const parsed = supportSettings.safeParse((await readSetting(db, SETTINGS_KEY)) ?? {});
  return parsed.success ? parsed.data : supportSettings.parse({});
}

export async function getSupportSettings(db: Db, actor: Actor): Promise<SupportSettings> {
  assertCan(actor, 'tickets', 'read');
  return readSupportSettings(db);
}

/** Active users whose role may work on tickets (update them), among `ids` when given. */
async function ticketAgents(db: Db, ids?: readonly string[]): Promise<{ id: string; team_id: string | null }[]> {
  if (ids && ids.length === 0) return [];
  const res = await db.execute(sql`SELECT u.id, u.team_id FROM users u JOIN roles r ON r.id = u.role_id
    WHERE u.active AND (r.permissions->'tickets'->'ops') @> '"update"'::jsonb
      ${ids ? sql`AND u.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql``}
    ORDER BY u.id`);
  return res.rows as { id: string; team_id: string | null }[];
}

export async function setSupportSettings(db: Db, actor: Actor, input: SupportSettings): Promise<SupportSettings> {
  assertCan(actor, 'settings', 'update');
  const agents = new Set((await ticketAgents(db, input.agentIds)).map((a) => a.id));
  const bad = input.agentIds.findIndex((id) => !agents.has(id));
  if (bad >= 0) {
    throw new AppError('UNPROCESSABLE', 'Everyone in the rotation must be an active user whose role can work on tickets', { [`agentIds.${bad}`]: 'not an active ticket agent' });
  }
  if (input.notifyUserIds.length) {
    const res = await db.execute(sql`SELECT id FROM users WHERE active AND id IN (${sql.join(input.notifyUserIds.map((i) => sql`${i}`), sql`, `)})`);
    const known = new Set((res.rows as { id: string }[]).map((r) => r.id));
    const missing = input.notifyUserIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw new AppError('UNPROCESSABLE', 'Alerts can only go to active users', { [`notifyUserIds.${missing}`]: 'not an active user' });
  }
  await writeSetting(db, actor.userId, SETTINGS_KEY, input);
  return input;
}

/**
 * The next agent in the rotation for a new ticket (of `teamId`'s members when the rotation has any), or null when the
 * desk assigns by hand or nobody is eligible. The agent whose last round-robin turn is oldest (never: first) is next;
 * a transaction-scoped advisory lock makes concurrent tickets take turns instead of landing on the same person.
 */
export async function nextRoundRobinAgent(tx: Db, teamId: string | null, now: Date): Promise<string | null> {
  const s = await readSupportSettings(tx);
  if (s.assignment !== 'round_robin') return null;
  const pool = await ticketAgents(tx, s.agentIds.length ? s.agentIds : undefined);
  const inTeam = teamId ? pool.filter((a) => a.team_id === teamId) : [];
  const candidates = (inTeam.length ? inTeam : pool).map((a) => a.id);
  if (!candidates.length) return null;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('mehvar.support.round-robin'))`);
  const res = await tx.execute(sql`SELECT u.id FROM users u LEFT JOIN support_rotation r ON r.user_id = u.id
    WHERE u.id IN (${sql.join(candidates.map((i) => sql`${i}`), sql`, `)})
    ORDER BY r.last_turn ASC NULLS FIRST, u.id LIMIT 1`);
  const id = (res.rows[0] as { id: string } | undefined)?.id ?? null;
  if (id) {
    await tx.execute(sql`INSERT INTO support_rotation (user_id, last_turn, last_assigned_at)
      VALUES (${id}, (SELECT coalesce(max(last_turn), 0) + 1 FROM support_rotation), ${now})
      ON CONFLICT (user_id) DO UPDATE SET last_turn = excluded.last_turn, last_assigned_at = excluded.last_assigned_at`);
  }
  return id;
}

/** Who hears about breaches and recurring problems: the chosen users, or every active manager and admin. */
export async function alertRecipients(db: Db): Promise<{ id: string; locale: string; time_zone: string | null }[]> {
  const s = await readSupportSettings(db);
  const res = s.notifyUserIds.length
    ? await db.execute(sql`SELECT id, locale, time_zone FROM users WHERE active AND id IN (${sql.join(s.notifyUserIds.map((i) => sql`${i}`), sql`, `)})`)
    : await db.execute(sql`SELECT u.id, u.locale, u.time_zone FROM users u JOIN roles r ON r.id = u.role_id WHERE u.active AND r.key IN ('manager', 'admin')`);
  return res.rows as { id: string; locale: string; time_zone: string | null }[];
}

/** Deadlines that passed longer ago than this are not announced (a desk switching the watch on is not flooded). */
const BREACH_LOOKBACK_MS = 24 * 3_600_000;

type Due = { id: string; number: number; subject: string; assignee_id: string | null; customer_id: string; customer_name: string; clock: 'first' | 'resolution'; due_at: unknown;
  locale: string | null; time_zone: string | null };

/**
 * The SLA watch (a job every minute): a notice to the assignee when a clock enters its last two hours, and to the
 * assignee and the alert recipients when it has run out. Each notice goes once per ticket, clock and deadline (a
 * deadline moved by a wait on the customer can warn and breach again).
 */
export async function watchSla(db: Db, clock: Clock): Promise<{ warned: number; breached: number }> {
  const now = clock.now();
  const soon = new Date(now.getTime() + WARN_BEFORE_MS);
  const since = new Date(now.getTime() - BREACH_LOOKBACK_MS);
  const res = await db.execute(sql`
    SELECT t.id, t.number, t.subject, t.assignee_id, t.customer_id, c.display_name AS customer_name, d.clock, d.due_at, u.locale, u.time_zone
    FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN users u ON u.id = t.assignee_id
    CROSS JOIN LATERAL (VALUES ('first', CASE WHEN t.first_response_at IS NULL THEN t.first_response_due_at END),
                               ('resolution', CASE WHEN t.paused_at IS NULL THEN t.resolution_due_at END)) AS d(clock, due_at)
    WHERE t.status NOT IN ('resolved', 'closed') AND t.merged_into_id IS NULL AND c.deleted_at IS NULL
      AND d.due_at IS NOT NULL AND d.due_at > ${since} AND d.due_at <= ${soon}
    ORDER BY d.due_at LIMIT 500`);
  let warned = 0, breached = 0;
  const recipients = res.rows.length ? await alertRecipients(db) : [];
  // Everyone who may be told, as actors (for what each may see), loaded once on the first notice.
  let actors: Map<string, Actor> | undefined;
  const userIds = new Set([...(res.rows as Due[]).flatMap((t) => (t.assignee_id ? [t.assignee_id] : [])), ...recipients.map((r) => r.id)]);
  for (const t of res.rows as Due[]) {
    const dueAt = new Date(toIso(t.due_at));
    const key = `${t.id}:${t.clock}:${dueAt.toISOString()}`;
    const link = `/tickets/${t.id}`;
    const what = (fa: boolean) => (t.clock === 'first' ? (fa ? 'پاسخ اول' : 'first response') : (fa ? 'حل' : 'resolution'));
    // Someone who may not see the ticket (a narrower scope than the desk's) is told its number and deadline only.
    const text = async (userId: string, locale: string | null, tz: string | null, breach: boolean) => {
      const actor = (actors ??= new Map((await actorsOfUsers(db, [...userIds])).map((a) => [a.userId, a]))).get(userId);
      const visible = actor ? await ticketVisibleTo(db, actor, t.id) : false;
      const fa = locale !== 'en';
      const when = formatDateTime(dueAt, fa ? 'fa' : 'en', tz ?? undefined);
      const no = fa ? toPersianDigits(t.number) : String(t.number);
      return {
        title: breach
          ? (fa ? `مهلت ${what(true)} تیکت #${no} گذشت` : `Ticket #${no}: ${what(false)} deadline missed`)
          : (fa ? `مهلت ${what(true)} تیکت #${no} نزدیک است` : `Ticket #${no}: ${what(false)} due soon`),
        body: `${visible ? `${t.subject} — ${t.customer_name} — ` : ''}${fa ? 'مهلت' : 'due'} ${when}`,
      };
    };
    if (dueAt > now) {
      if (!t.assignee_id) continue;
      const n = await notify(db, { userId: t.assignee_id, kind: 'sla_warning', link, dedupeKey: `sla-warning:${key}`, ...await text(t.assignee_id, t.locale, t.time_zone, false) });
      if (n) warned++;
      continue;
    }
    // Automations hear of the breach once: the event's id is the ticket, clock and deadline, and a run's occurrence
    // is made of it (a second watch of the same breach inserts nothing).
    await emitDomainEvent(db, 'ticket.sla_breached', { id: t.id, customerId: t.customer_id, number: t.number, clock: t.clock, dueAt: dueAt.toISOString() }, { at: now, id: `sla:${key}` });
    const to = new Map(recipients.map((r) => [r.id, r]));
    if (t.assignee_id) to.set(t.assignee_id, { id: t.assignee_id, locale: t.locale ?? 'fa', time_zone: t.time_zone });
    let any = false;
    for (const r of to.values()) {
      const n = await notify(db, { userId: r.id, kind: 'sla_breach', link, dedupeKey: `sla-breach:${key}:${r.id}`, ...await text(r.id, r.locale, r.time_zone, true) });
      any ||= Boolean(n);
    }
    if (any) breached++;
  }
  return { warned, breached };
}
