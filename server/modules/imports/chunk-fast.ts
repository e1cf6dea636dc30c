/**
 * A chunk's rows in a fixed number of statements: one duplicate lookup for all rows, one insert (and one audit insert)
 * for all new customers. Updates, notes and anything unusual go row by row. The runner falls back to the row-by-row
 * path for the whole chunk if this one fails.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { can } from '../auth/index.ts';
import { createCustomersBulk, findDuplicatesMany, type BulkItem } from '../customers/index.ts';
import { createInteraction } from '../interactions/index.ts';
import type { ImportOptions } from '../../../common/imports.schemas.ts';
import { updateFromRow, type Row, type WriteContext } from './customer-rows.ts';
import { errorText, type Outcome } from './outcome.ts';

const keysOf = (r: Row) => [
  ...r.input.phones.map((p) => 'p:' + p.number), ...r.input.emails.map((e) => 'e:' + e.address.toLowerCase()),
  ...(r.input.nationalId ? ['n:' + r.input.nationalId] : []), ...(r.input.companyNationalId ? ['c:' + r.input.companyNationalId] : []),
  ...(r.externalId ? ['x:' + r.externalId] : []),
];
const KEY_NAMES: Record<string, string> = { p: 'phone', e: 'email', n: 'nationalId', c: 'companyNationalId', x: 'externalId' };

export async function writeChunkFast(ctx: WriteContext, rows: { rowNo: number; cells: string[]; mapped: Row | { errors: string[] } }[], options: ImportOptions): Promise<Outcome[]> {
  const { tx, actor, clock } = ctx;
  const out: Outcome[] = [];
  const good = rows.filter((r): r is typeof r & { mapped: Row } => 'input' in r.mapped);
  const matches = await findDuplicatesMany(tx, actor, good.map(({ mapped: m }) => ({
    phones: m.input.phones.map((p) => p.number), emails: m.input.emails.map((e) => e.address.toLowerCase()),
    nationalId: m.input.nationalId ?? null, companyNationalId: m.input.companyNationalId ?? null, externalId: m.externalId,
  })));
  const pending = new Map<string, string>(); // a key of a row created in this chunk → that row's new customer id
  const creates: { rowNo: number; cells: string[]; item: BulkItem; notes: string | null }[] = [];
  const updates: { rowNo: number; cells: string[]; id: string; row: Row }[] = [];
  good.forEach(({ rowNo, cells, mapped }, i) => {
    const keys = keysOf(mapped);
    const inChunk = keys.find((k) => pending.has(k));
    const m = matches[i];
    if (options.onDuplicate !== 'create' && (m.length || inChunk)) {
      const visible = m.find((x) => !x.hidden && x.id)?.id ?? (inChunk ? pending.get(inChunk)! : undefined);
      const on = m.length ? [...new Set(m.flatMap((x) => x.matchedOn))].join(', ') : KEY_NAMES[inChunk![0]];
      if (options.onDuplicate === 'skip' || !visible) {
        out.push({ rowNo, outcome: 'skipped', customerId: visible ?? null, previous: null, reason: visible ? `duplicate (${on})` : `duplicate of a record you cannot see (${on})`, cells: null });
      } else updates.push({ rowNo, cells, id: visible, row: mapped });
      return;
    }
    const id = randomUUID();
    for (const k of keys) if (!pending.has(k)) pending.set(k, id);
    const input = ctx.ownerId !== undefined ? { ...mapped.input, ownerId: ctx.ownerId } : mapped.input;
    creates.push({ rowNo, cells, notes: mapped.notes, item: { id, input, extras: { externalId: mapped.externalId, importBatchId: ctx.batchId } } });
  });
  const problems = await createCustomersBulk(tx, actor, clock, creates.map((c) => c.item));
  for (const [k, c] of creates.entries()) {
    if (problems[k]) { out.push({ rowNo: c.rowNo, outcome: 'rejected', customerId: null, previous: null, reason: problems[k], cells: c.cells }); continue; }
    out.push({ rowNo: c.rowNo, outcome: 'created', customerId: c.item.id, previous: null, reason: null, cells: null });
    if (c.notes && can(actor, 'interactions', 'create')) {
      await createInteraction(tx, actor, clock, { customerId: c.item.id, kind: 'note', summary: c.notes.slice(0, 1000), body: c.notes.length > 1000 ? c.notes : null, promises: [] });
    }
  }
  for (const u of updates) {
    try {
      const r = await tx.transaction((sp) => updateFromRow({ ...ctx, tx: sp as unknown as Db }, u.id, u.row));
      out.push({ rowNo: u.rowNo, outcome: 'updated', customerId: u.id, previous: r.outcome === 'updated' ? r.previous : null, reason: null, cells: null });
    } catch (err) {
      out.push({ rowNo: u.rowNo, outcome: 'rejected', customerId: null, previous: null, reason: errorText(err), cells: u.cells });
    }
  }
  for (const r of rows) if (!('input' in r.mapped)) out.push({ rowNo: r.rowNo, outcome: 'rejected', customerId: null, previous: null, reason: r.mapped.errors.join('; '), cells: r.cells });
  return out.sort((a, b) => a.rowNo - b.rowNo);
}
