/**
 * The feedback inbox: what customers said on any channel — survey comments (added by themselves), texts, and what
 * staff type in from calls, visits and social media — with sentiment and topics. Topics come from people and from
 * keyword rules an admin defines (matched on normalized text, so ي/ی, ك/ک, digits and case do not matter).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { assertCan, can, customerScopeSql, type Actor } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import { productsByIds } from '../sales/index.ts';
import { visibleTicketsSql } from '../support/index.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import type { FeedbackCreate, SENTIMENTS } from '../../../common/survey.schemas.ts';

type Topic = { id: string; name: string; keywords: string[] };

export async function listTopics(db: Db, actor: Actor): Promise<Topic[]> {
  assertCan(actor, 'feedback', 'read');
  return (await db.execute(sql`SELECT id, name, keywords FROM feedback_topics ORDER BY name`)).rows as Topic[];
}

/**
 * Topic names whose keywords begin a word of the text (normalized): «گران» tags «گرانتر» (Persian adds suffixes), but
 * «دیر» does not tag «مدیر».
 */
export async function autoTopics(db: Db, text: string): Promise<string[]> {
  const topics = (await db.execute(sql`SELECT name, keywords FROM feedback_topics`)).rows as { name: string; keywords: string[] }[];
  const t = ` ${faNorm(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return topics.filter((x) => x.keywords.some((k) => k.trim() && t.includes(` ${faNorm(k).trim()}`))).map((x) => x.name).sort();
}

export async function saveTopic(db: Db, actor: Actor, id: string | null, input: { name: string; keywords: string[] }) {
  assertCan(actor, 'settings', 'update');
  const keywords = [...new Set(input.keywords.map((k) => k.trim()).filter(Boolean))];
  const res = id
    ? await db.execute(sql`UPDATE feedback_topics SET name = ${input.name}, keywords = ARRAY[${sql.join(keywords.map((k) => sql`${k}`), sql`, `)}]::text[] WHERE id = ${id} RETURNING id, name, keywords`)
    : await db.execute(sql`INSERT INTO feedback_topics (name, keywords) VALUES (${input.name}, ARRAY[${sql.join(keywords.map((k) => sql`${k}`), sql`, `)}]::text[])
        ON CONFLICT (name) DO NOTHING RETURNING id, name, keywords`);
  const row = res.rows[0] as Topic | undefined;
  if (!row && id) throw notFound('Topic');
  if (!row) throw new AppError('CONFLICT', 'A topic with this name exists', { name: 'taken' });
  return row;
}

export async function deleteTopic(db: Db, actor: Actor, id: string) {
  assertCan(actor, 'settings', 'update');
  const res = await db.execute(sql`DELETE FROM feedback_topics WHERE id = ${id} RETURNING id`);
  if (!res.rows.length) throw notFound('Topic');
}

/** The ticket feedback refers to must be one the actor may see (else 404, as if it did not exist), of the same customer. */
async function assertTicketFor(tx: Db, actor: Actor, ticketId: string, customerId: string | null) {
  const [t] = (await tx.execute(sql`SELECT t.customer_id FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE t.id = ${ticketId} AND c.deleted_at IS NULL AND ${visibleTicketsSql(actor)}`)).rows as { customer_id: string }[];
  if (!t || !can(actor, 'tickets', 'read')) throw notFound('Ticket');
  if (customerId && t.customer_id !== customerId) throw invalid('The ticket belongs to another customer', { ticketId: 'another customer’s ticket' });
}

/** Adds feedback (in the caller's transaction): the given topics plus those its keywords match. */
export async function createFeedback(tx: Db, actor: Actor | null, clock: Clock, input: FeedbackCreate & { responseId?: string | null }) {
  if (actor) {
    assertCan(actor, 'feedback', 'create');
    if (input.customerId) await loadVisibleCustomer(tx, actor, input.customerId);
    if (input.productId && !(await productsByIds(tx, [input.productId])).size) throw invalid('The product does not exist', { productId: 'unknown product' });
    if (input.ticketId) await assertTicketFor(tx, actor, input.ticketId, input.customerId ?? null);
  }
  const topics = [...new Set([...input.topics, ...(await autoTopics(tx, input.text))])].sort();
  const res = await tx.execute(sql`INSERT INTO feedback (customer_id, channel, text, sentiment, topics, product_id, ticket_id, response_id, created_by, created_at)
    VALUES (${input.customerId ?? null}, ${input.channel}, ${input.text}, ${input.sentiment ?? null},
      ARRAY[${sql.join(topics.map((x) => sql`${x}`), sql`, `)}]::text[], ${input.productId ?? null}, ${input.ticketId ?? null}, ${input.responseId ?? null},
      ${actor?.userId ?? null}, ${clock.now()})
    ON CONFLICT (response_id) WHERE response_id IS NOT NULL DO UPDATE SET text = excluded.text, sentiment = excluded.sentiment, topics = excluded.topics
    RETURNING *`);
  return presentFeedback(res.rows[0] as Record<string, unknown>);
}

export function presentFeedback(r: Record<string, unknown>) {
  return {
    id: String(r.id), customerId: (r.customer_id as string | null) ?? null, customerName: (r.customer_name as string | null) ?? null,
    channel: String(r.channel), text: String(r.text), sentiment: (r.sentiment as (typeof SENTIMENTS)[number] | null) ?? null, topics: (r.topics as string[] | null) ?? [],
    productId: (r.product_id as string | null) ?? null, productName: (r.product_name as string | null) ?? null,
    ticketId: (r.ticket_id as string | null) ?? null, responseId: (r.response_id as string | null) ?? null,
    score: r.score == null ? null : Number(r.score), metric: (r.metric as 'nps' | 'csat' | 'ces' | null) ?? null,
    createdBy: (r.created_by as string | null) ?? null, createdAt: toIso(r.created_at),
  };
}

/** Feedback about customers the reader may see (and feedback about no customer). */
function visible(actor: Actor): SQL {
  const scope = customerScopeSql(actor, 'c');
  return sql`(f.customer_id IS NULL OR (c.deleted_at IS NULL${scope ? sql` AND ${scope}` : sql``}))`;
}

export async function listFeedback(db: Db, actor: Actor, q: { topic?: string; channel?: string; sentiment?: string; customerId?: string; q?: string; page: number; pageSize: number }) {
  assertCan(actor, 'feedback', 'read');
  const conds: SQL[] = [visible(actor)];
  if (q.topic) conds.push(sql`${q.topic} = ANY(f.topics)`);
  if (q.channel) conds.push(sql`f.channel = ${q.channel}`);
  if (q.sentiment) conds.push(sql`f.sentiment = ${q.sentiment}`);
  if (q.customerId) conds.push(sql`f.customer_id = ${q.customerId}`);
  if (q.q) conds.push(sql`f.text ILIKE ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  const where = sql.join(conds, sql` AND `);
  const from = sql`feedback f LEFT JOIN customers c ON c.id = f.customer_id LEFT JOIN products p ON p.id = f.product_id LEFT JOIN survey_responses r ON r.id = f.response_id`;
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`)).rows as { n: number }[];
  const rows = (await db.execute(sql`SELECT f.*, c.display_name AS customer_name, p.name_fa AS product_name, r.score, r.metric FROM ${from} WHERE ${where}
    ORDER BY f.created_at DESC, f.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`)).rows;
  return { items: rows.map((r) => presentFeedback(r as Record<string, unknown>)), total: n, page: q.page, pageSize: q.pageSize };
}

export async function updateFeedback(db: Db, actor: Actor, id: string, input: { sentiment?: string | null; topics?: string[] }) {
  assertCan(actor, 'feedback', 'update');
  const res = await db.execute(sql`UPDATE feedback u SET
      sentiment = CASE WHEN ${input.sentiment !== undefined} THEN ${input.sentiment ?? null} ELSE u.sentiment END,
      topics = CASE WHEN ${input.topics !== undefined} THEN ARRAY[${sql.join((input.topics ?? []).map((x) => sql`${x}`), sql`, `)}]::text[] ELSE u.topics END
    FROM (SELECT f.id FROM feedback f LEFT JOIN customers c ON c.id = f.customer_id WHERE f.id = ${id} AND ${visible(actor)}) v
    WHERE u.id = v.id RETURNING u.*`);
  if (!res.rows.length) throw notFound('Feedback');
  return presentFeedback(res.rows[0] as Record<string, unknown>);
}

/** Feedback per topic per Jalali month (Tehran), for "comments grouped by topic over time". */
export async function topicTrend(db: Db, actor: Actor, now: Date, months: number) {
  assertCan(actor, 'feedback', 'read');
  const since = new Date(now.getTime() - months * 31 * 86_400_000);
  const rows = (await db.execute(sql`SELECT t.topic, f.created_at, f.sentiment FROM feedback f LEFT JOIN customers c ON c.id = f.customer_id
    CROSS JOIN LATERAL unnest(CASE WHEN cardinality(f.topics) = 0 THEN ARRAY['']::text[] ELSE f.topics END) AS t(topic)
    WHERE f.created_at >= ${since} AND ${visible(actor)}`)).rows as { topic: string; created_at: unknown; sentiment: string | null }[];
  const fmt = new Intl.DateTimeFormat('en-US-u-ca-persian-nu-latn', { timeZone: 'Asia/Tehran', year: 'numeric', month: '2-digit' });
  const monthKey = (d: Date) => {
    const p = fmt.formatToParts(d);
    return `${p.find((x) => x.type === 'year')!.value.replace(/\D/g, '')}-${p.find((x) => x.type === 'month')!.value}`;
  };
  const by = new Map<string, { topic: string; total: number; negative: number; months: Map<string, number> }>();
  for (const r of rows) {
    const k = r.topic;
    const e = by.get(k) ?? { topic: k, total: 0, negative: 0, months: new Map<string, number>() };
    e.total++;
    if (r.sentiment === 'negative') e.negative++;
    const m = monthKey(new Date(toIso(r.created_at)));
    e.months.set(m, (e.months.get(m) ?? 0) + 1);
    by.set(k, e);
  }
  const allMonths = [...new Set(rows.map((r) => monthKey(new Date(toIso(r.created_at)))))].sort();
  return {
    months: allMonths,
    items: [...by.values()].sort((a, b) => b.total - a.total || a.topic.localeCompare(b.topic))
      .map((e) => ({ topic: e.topic || null, total: e.total, negative: e.negative, byMonth: allMonths.map((m) => e.months.get(m) ?? 0) })),
    canEdit: can(actor, 'settings', 'update'),
  };
}
