/**
 * The calls page's log: the calls the phone system reported AND the calls people logged by hand on a customer's
 * timeline (interactions of kind `call` that no PBX call filed), in one list newest first, with a source filter —
 * so the page shows the calls an office makes even before (or without) a phone system connected.
 *
 * One keyset over both (time, id): a UNION of the two sources' keys, then each page's rows are presented.
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { assertCan, customerScopeSql, interactionScopeSql, type Actor } from '../auth/index.ts';
import { calls } from './telephony.tables.ts';
import { readTelephonyConfig } from './telephony.settings.ts';
import { callCursor, parseCallCursor, pbxCallWhere, presentCall, type CallListFilter, type CallRow } from './calls.service.ts';
import type { CallView } from '../../../common/telephony.schemas.ts';

type ManualRow = {
  id: string; customer_id: string; customer_name: string; direction: 'in' | 'out' | null; occurred_at: Date | string;
  author_id: string | null; author_name: string | null; summary: string; duration_sec: number | null; outcome: string | null;
  recording: string | null; phone: string | null;
};

const NOT_REACHED = ['no_answer', 'busy', 'voicemail', 'failed', 'missed'];

/** A hand-logged call's status as the PBX would have named it. */
export function manualStatus(direction: 'in' | 'out' | null, outcome: string | null): { status: CallView['status']; outcome: CallView['outcome'] } {
  if (outcome && NOT_REACHED.includes(outcome)) {
    if (direction === 'in') return { status: 'missed', outcome: 'no_answer' };
    return { status: 'failed', outcome: outcome === 'busy' ? 'busy' : outcome === 'failed' ? 'failed' : 'no_answer' };
  }
  return { status: 'completed', outcome: outcome === 'answered' || outcome === 'completed' ? 'answered' : null };
}

/** The hand-logged calls this actor may see, narrowed by the filter: on `interactions i JOIN customers c`. */
function manualWhere(actor: Actor, f: CallListFilter): SQL {
  const parts: SQL[] = [sql`i.kind = 'call'`, sql`i.deleted_at IS NULL`, sql`c.deleted_at IS NULL`,
    sql`NOT EXISTS (SELECT 1 FROM calls x WHERE x.interaction_id = i.id)`];
  const iScope = interactionScopeSql(actor, 'i');
  const cScope = customerScopeSql(actor, 'c');
  if (iScope) parts.push(iScope);
  if (cScope) parts.push(cScope);
  const reached = sql.join(NOT_REACHED.map((o) => sql`${o}`), sql`, `);
  if (f.status === 'missed') parts.push(sql`i.direction = 'in' AND i.outcome IN (${reached})`);
  else if (f.status === 'failed') parts.push(sql`i.direction IS DISTINCT FROM 'in' AND i.outcome IN (${reached})`);
  else if (f.status === 'completed') parts.push(sql`(i.outcome IS NULL OR i.outcome NOT IN (${reached}))`);
  else if (f.status) parts.push(sql`false`); // ringing / answered: a logged call is over
  if (f.direction) parts.push(sql`i.direction = ${f.direction}`);
  if (f.customerId) parts.push(sql`i.customer_id = ${f.customerId}`);
  if (f.agentId) parts.push(sql`i.author_id = ${f.agentId}`);
  if (f.unknown === 'true') parts.push(sql`false`); // logged on a customer's timeline: never unknown
  if (f.from) parts.push(sql`i.occurred_at >= ${new Date(f.from)}`);
  if (f.to) parts.push(sql`i.occurred_at < ${new Date(f.to)}`);
  return sql.join(parts, sql` AND `);
}

export async function listCallLog(db: Db, actor: Actor, f: CallListFilter): Promise<{ items: CallView[]; nextCursor: string | null }> {
  assertCan(actor, 'interactions', 'read');
  const source = f.source ?? 'all';
  const after = f.cursor ? parseCallCursor(f.cursor) : undefined;
  const branches: SQL[] = [];
  if (source !== 'manual') {
    const where = pbxCallWhere(actor, f);
    if (after) where.push(sql`(${calls.startedAt}, ${calls.id}) < (${after.at}, ${after.id}::uuid)`);
    branches.push(sql`(SELECT 'pbx' AS src, ${calls.id} AS id, ${calls.startedAt} AS at FROM ${calls} WHERE ${and(sql`true`, ...where)}
      ORDER BY ${calls.startedAt} DESC, ${calls.id} DESC LIMIT ${f.limit + 1})`);
  }
  if (source !== 'pbx') {
    branches.push(sql`(SELECT 'manual' AS src, i.id, i.occurred_at AS at FROM interactions i JOIN customers c ON c.id = i.customer_id
      WHERE ${manualWhere(actor, f)} ${after ? sql`AND (i.occurred_at, i.id) < (${after.at}, ${after.id}::uuid)` : sql``}
      ORDER BY i.occurred_at DESC, i.id DESC LIMIT ${f.limit + 1})`);
  }
  const keys = (await db.execute(sql`SELECT src, id, at FROM (${sql.join(branches, sql` UNION ALL `)}) k
    ORDER BY at DESC, id DESC LIMIT ${f.limit + 1}`)).rows as { src: 'pbx' | 'manual'; id: string; at: Date | string }[];
  const page = keys.slice(0, f.limit);

  const pbxIds = page.filter((k) => k.src === 'pbx').map((k) => k.id);
  const manualIds = page.filter((k) => k.src === 'manual').map((k) => k.id);
  const byId = new Map<string, CallView>();
  if (pbxIds.length) {
    const rows = await db.select().from(calls).where(sql`${calls.id} IN (${sql.join(pbxIds.map((id) => sql`${id}::uuid`), sql`, `)})`) as CallRow[];
    const config = await readTelephonyConfig(db);
    // A PBX call's notes live on its timeline entry: shown when the actor may see that entry.
    const notes = await summaries(db, actor, rows.map((r) => r.interactionId).filter((x): x is string => x != null));
    for (const r of rows) byId.set(r.id, { ...await presentCall(db, actor, r, config, false), summary: r.interactionId ? notes.get(r.interactionId) ?? null : null });
  }
  if (manualIds.length) {
    const rows = (await db.execute(sql`SELECT i.id, i.customer_id, c.display_name AS customer_name, i.direction, i.occurred_at, i.author_id,
        u.name AS author_name, i.summary, i.duration_sec, i.outcome, i.recording,
        (SELECT p->>'number' FROM jsonb_array_elements(to_jsonb(c.phones)) p ORDER BY (p->>'primary')::boolean DESC NULLS LAST LIMIT 1) AS phone
      FROM interactions i JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = i.author_id
      WHERE i.id IN (${sql.join(manualIds.map((id) => sql`${id}::uuid`), sql`, `)})`)).rows as ManualRow[];
    for (const r of rows) byId.set(r.id, presentManual(r));
  }
  const items = page.map((k) => byId.get(k.id)).filter((v): v is CallView => v != null);
  const last = page.at(-1);
  return { items, nextCursor: keys.length > f.limit && last ? callCursor(new Date(last.at), last.id) : null };
}

async function summaries(db: Db, actor: Actor, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const iScope = interactionScopeSql(actor, 'i');
  const rows = (await db.execute(sql`SELECT i.id, i.summary FROM interactions i WHERE i.deleted_at IS NULL
    AND i.id IN (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) ${iScope ? sql`AND ${iScope}` : sql``}`)).rows as { id: string; summary: string }[];
  return new Map(rows.map((r) => [r.id, r.summary]));
}

function presentManual(r: ManualRow): CallView {
  const { status, outcome } = manualStatus(r.direction, r.outcome);
  const at = new Date(r.occurred_at).toISOString();
  return {
    id: r.id, source: 'manual', summary: r.summary, direction: r.direction ?? 'out', status, number: r.phone ?? '', numberValid: r.phone != null,
    extension: null, agent: r.author_id ? { id: r.author_id, name: r.author_name ?? '' } : null,
    startedAt: at, answeredAt: null, endedAt: null, durationSec: r.duration_sec, outcome,
    recordingUrl: r.recording && /^https?:\/\//.test(r.recording) ? r.recording : null,
    recordingName: r.recording && !/^https?:\/\//.test(r.recording) ? r.recording : null,
    customer: { id: r.customer_id, displayName: r.customer_name }, interactionId: r.id, matches: [], matchCount: 1, notesSaved: true,
  };
}
