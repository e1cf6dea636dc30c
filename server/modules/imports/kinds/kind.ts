/**
 * What every kind of import supplies to the shared machinery (upload, mapping, preview, the resumable job, rejected
 * rows, undo): its fields and header names, a row mapper, a chunk writer and an undo. Customers keep their own tuned
 * path (row-mapper.ts, chunk-fast.ts); the other kinds are described here and in their *.kind.ts files.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../../clock.ts';
import type { Actor } from '../../auth/index.ts';
import type { PermObject } from '../../../../common/permissions.ts';
import type { ImportKind, ImportMapping, ImportOptions } from '../../../../common/imports.schemas.ts';
import { headerKey } from '../headers.ts';
import { errorText, type Outcome } from '../outcome.ts';

export type KindContext = { tx: Db; actor: Actor; clock: Clock; options: ImportOptions; batchId: string; kind: ImportKind };
export type Mapped<T> = { ok: true; value: T; shown: Record<string, unknown> } | { ok: false; errors: string[] };
export type UndoRow = { rowNo: number; outcome: 'created' | 'updated'; customerId: string | null; recordId: string | null; recordKey: string | null; previous: Record<string, unknown> | null };
export type InputRow = { rowNo: number; cells: string[] };

export type KindDef<T = unknown> = {
  kind: ImportKind;
  /** The permission object the records belong to: create to import, delete (and update) to undo. */
  object: PermObject;
  fields: readonly string[];
  /** Field → header names (Persian and English) the automatic mapping recognizes. */
  aliases: Record<string, string[]>;
  map(cells: string[], mapping: ImportMapping, options: ImportOptions): Mapped<T>;
  /** Rows with the same key make one record (an invoice's lines): a chunk boundary is put between keys. */
  groupKey?(cells: string[], mapping: ImportMapping, options: ImportOptions): string;
  writeChunk(ctx: KindContext, rows: InputRow[], mapping: ImportMapping): Promise<Outcome[]>;
  undo(tx: Db, actor: Actor, clock: Clock, rows: UndoRow[]): Promise<{ removed: number; reverted: number }>;
  /** Fresh planner statistics of the tables the import fills (after chunks 1, 2, 4, 8 …): see refreshCustomerStats. */
  refreshStats?(db: Db): Promise<void>;
};

/** Mapped cells by field (several columns may feed one field), blank cells left out. */
export function fieldsOf(cells: string[], mapping: ImportMapping): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [col, target] of Object.entries(mapping)) {
    const cell = (cells[Number(col)] ?? '').trim();
    if (target === 'ignore' || cell === '') continue;
    const list = out.get(target) ?? [];
    list.push(cell);
    out.set(target, list);
  }
  return out;
}
export const firstOf = (f: Map<string, string[]>, field: string): string | null => f.get(field)?.[0] ?? null;

/** Header comparison for the kinds: as the customers' (headerKey), with _ and - read as spaces (customer_code). */
export const kindHeaderKey = (h: string) => headerKey(h).replace(/[_\-]+/g, ' ').replace(/ {2,}/g, ' ').trim();

export function aliasLookup(aliases: Record<string, string[]>): (header: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) for (const n of [field, ...names]) if (!byKey.has(kindHeaderKey(n))) byKey.set(kindHeaderKey(n), field);
  return (h) => byKey.get(kindHeaderKey(h));
}

/** Column → field for recognized headers; each field takes its first column. */
export function kindAutoMapping(def: Pick<KindDef, 'aliases'>, headers: string[]): ImportMapping {
  const fieldOf = aliasLookup(def.aliases);
  const used = new Set<string>();
  const mapping: ImportMapping = {};
  headers.forEach((h, i) => {
    const field = h ? fieldOf(h) : undefined;
    const target = field && !used.has(field) ? field : 'ignore';
    used.add(target);
    mapping[String(i)] = target as ImportMapping[string];
  });
  return mapping;
}

export const shortHash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 16);

/** A calendar day at noon in Tehran (+03:30): the same day in any time zone the app shows. */
export const noonTehran = (isoDay: string, time?: string | null) => new Date(`${isoDay}T${time ?? '12:00'}:00+03:30`);

/** An hh:mm after the date in a cell ("1402/05/12 14:30"), if any. */
export function timeOfCell(cell: string): string | null {
  const m = /[ T](\d{1,2}):(\d{2})/.exec(cell.replace(/[۰-۹]/g, (d) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(d))));
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

export type RowResult = {
  outcome: 'created' | 'updated' | 'skipped'; customerId?: string | null; recordId: string | null;
  recordKey?: string | null; previous?: Record<string, unknown> | null; reason?: string | null;
};

export const rejectedRow = (rowNo: number, reason: string, cells: string[]): Outcome =>
  ({ rowNo, outcome: 'rejected', customerId: null, recordId: null, recordKey: null, previous: null, reason, cells });

/** Row by row, each in a savepoint: a row the database or a service refuses is rejected alone. */
export async function rowByRow<T>(ctx: KindContext, rows: InputRow[], map: (cells: string[]) => Mapped<T>, writeOne: (tx: Db, value: T) => Promise<RowResult>): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const { rowNo, cells } of rows) {
    const m = map(cells);
    if (!m.ok) { out.push(rejectedRow(rowNo, m.errors.join('; '), cells)); continue; }
    try {
      const r = await ctx.tx.transaction((sp) => writeOne(sp as unknown as Db, m.value));
      out.push({ rowNo, outcome: r.outcome, customerId: r.customerId ?? null, recordId: r.recordId, recordKey: r.recordKey ?? null, previous: r.previous ?? null, reason: r.reason ?? null, cells: null });
    } catch (err) {
      out.push(rejectedRow(rowNo, errorText(err), cells));
    }
  }
  return out;
}

/** Zod issues as the import's `field: message` reasons. */
export const issuesOf = (issues: { path: PropertyKey[]; message: string }[]) => issues.map((i) => `${i.path.map(String).join('.') || 'row'}: ${i.message}`);
