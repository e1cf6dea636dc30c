/**
 * The merged customer timeline and its extension point. Each source returns its newest items before a cursor;
 * the merge orders by (at, kind, id) descending, so paging is stable across kinds and equal timestamps.
 * Later modules (sales, support, surveys …) add sources with registerTimelineSource, not by editing this file.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/index.ts';
import { AppError } from '../../errors.ts';
import { parseIsoInstant, toIso } from '../../db/values.ts';

export type TimelineItem = { kind: string; id: string; at: string; data: unknown };
export type Cursor = { at: string; kind: string; id: string };

export interface TimelineSource {
  kind: string;
  /** Items of this kind for a customer, newest first, at most `limit`, strictly before `cursor` in (at, kind, id) order. */
  fetch(db: Db, actor: Actor, customerId: string, cursor: Cursor | undefined, limit: number, now: Date): Promise<TimelineItem[]>;
}

const sources = new Map<string, TimelineSource>();

export function registerTimelineSource(source: TimelineSource): void {
  sources.set(source.kind, source);
}

export function timelineKinds(): string[] {
  return [...sources.keys()];
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.kind, c.id])).toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | undefined {
  if (!s) return undefined;
  try {
    // Only what encodeCursor makes: an instant PostgreSQL can hold, a kind name and a row id (uuid or padded number).
    const parsed: unknown = /^[A-Za-z0-9_-]{1,200}$/.test(s) ? JSON.parse(Buffer.from(s, 'base64url').toString()) : undefined;
    if (!Array.isArray(parsed) || parsed.length !== 3) throw new Error();
    const [at, kind, id] = parsed as unknown[];
    if (!parseIsoInstant(at) || typeof kind !== 'string' || !/^[a-z_]{1,40}$/.test(kind) || typeof id !== 'string' || !/^[0-9a-f-]{1,40}$/i.test(id)) throw new Error();
    return { at: at as string, kind, id };
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Invalid timeline cursor', { cursor: 'not a cursor this server made' });
  }
}

/**
 * SQL for "(atCol, kind, idCol) < cursor" within one source whose kind is fixed: because the kind is a constant,
 * the comparison reduces to at < c.at, at <= c.at, or (at, id) < (c.at, c.id).
 */
export function beforeCursor(kind: string, atCol: SQL, idCol: SQL, cursor: Cursor | undefined): SQL {
  if (!cursor) return sql`true`;
  if (kind < cursor.kind) return sql`${atCol} <= ${cursor.at}::timestamptz`;
  if (kind > cursor.kind) return sql`${atCol} < ${cursor.at}::timestamptz`;
  return sql`(${atCol} < ${cursor.at}::timestamptz OR (${atCol} = ${cursor.at}::timestamptz AND ${idCol} < ${cursor.id}))`;
}

const compare = (a: TimelineItem, b: TimelineItem) =>
  a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.kind !== b.kind ? (a.kind < b.kind ? 1 : -1) : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export async function timeline(db: Db, actor: Actor, customerId: string, opts: { cursor?: string; limit: number; kinds?: string[]; now: Date }) {
  const cursor = decodeCursor(opts.cursor);
  const unknown = opts.kinds?.filter((k) => !sources.has(k));
  if (unknown?.length) throw new AppError('VALIDATION_FAILED', `Unknown timeline kinds: ${unknown.join(', ')}`, { kinds: `one of ${timelineKinds().join(', ')}` });
  const chosen = [...sources.values()].filter((s) => !opts.kinds || opts.kinds.includes(s.kind));
  const lists = await Promise.all(chosen.map((s) => s.fetch(db, actor, customerId, cursor, opts.limit + 1, opts.now)));
  const merged = lists.flat().sort(compare);
  const items = merged.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: merged.length > opts.limit && last ? encodeCursor({ at: last.at, kind: last.kind, id: last.id }) : null };
}

/** Timestamps from SQL as ISO strings with milliseconds, the same on PGlite and node-postgres. */
export const isoAt = toIso;
