/**
 * A chunk of customer rows, set-based: one duplicate lookup for all rows (phone, email, national ID, external ID, and
 * within the chunk), then one statement that inserts the new customers, their audit rows and whatever the caller adds
 * (the rows' outcomes and the batch's cursor) as data-modifying CTEs. The rows come prepared (validated, normalized,
 * their customers rows built as JSON) while the previous chunk was being written. Updates and notes go row by row.
 * The runner writes the chunk again row by row if the database refuses anything here.
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { can } from '../auth/index.ts';
import { erasedProblems, findDuplicatesMany, insertPreparedCtes, prepareCustomer, type BulkSetup, type PreparedCustomer } from '../customers/index.ts';
import { createInteraction } from '../interactions/index.ts';
import type { ImportOptions } from '../../../common/imports.schemas.ts';
import { updateFromRow, type Row, type WriteContext } from './customer-rows.ts';
import type { MappedRow } from './row-mapper.ts';
import { errorText, type Outcome } from './outcome.ts';

export type Prepared = ReturnType<typeof prepareCustomer>;
export type FastRow = { rowNo: number; cells: string[]; mapped: MappedRow; prepared?: Prepared };
export type FastContext = WriteContext & { setup: BulkSetup };
/** The caller's part of the chunk's statement, given the rows' outcomes: CTEs (`name AS (…)`) and the final statement. */
export type Finish = (outcomes: Outcome[]) => { ctes: SQL[]; statement: SQL };

const keysOf = (r: Row) => [
  ...r.input.phones.map((p) => 'p:' + p.number), ...r.input.emails.map((e) => 'e:' + e.address.toLowerCase()),
  ...(r.input.nationalId ? ['n:' + r.input.nationalId] : []), ...(r.input.companyNationalId ? ['c:' + r.input.companyNationalId] : []),
  ...(r.externalId ? ['x:' + r.externalId] : []),
];
const KEY_NAMES: Record<string, string> = { p: 'phone', e: 'email', n: 'nationalId', c: 'companyNationalId', x: 'externalId' };

/** A mapped row's new customer, prepared (the runner does this as soon as the row is read). */
export function prepareRow(setup: BulkSetup, now: Date, ownerId: string | null | undefined, batchId: string, mapped: Row): Prepared {
  const input = ownerId !== undefined ? { ...mapped.input, ownerId } : mapped.input;
  return prepareCustomer(setup, now, { id: randomUUID(), input, extras: { externalId: mapped.externalId, importBatchId: batchId } });
}

export async function writeChunkFast(ctx: FastContext, rows: FastRow[], options: ImportOptions, finish: Finish): Promise<Outcome[]> {
  const { tx, actor, clock, setup } = ctx;
  const out: Outcome[] = [];
  const good = rows.flatMap((r) => (r.mapped.ok ? [{ ...r, mapped: r.mapped }] : []));
  const matches = await findDuplicatesMany(tx, actor, good.map(({ mapped: m }) => ({
    phones: m.input.phones.map((p) => p.number), emails: m.input.emails.map((e) => e.address.toLowerCase()),
    nationalId: m.input.nationalId ?? null, companyNationalId: m.input.companyNationalId ?? null, externalId: m.externalId,
  })));
  const prepared = good.map((g) => g.prepared ?? prepareRow(setup, clock.now(), ctx.ownerId, ctx.batchId, g.mapped));
  // An erased person's contacts are refused (one cheap statement when nobody was erased).
  const okRows = prepared.flatMap((p) => (p.ok ? [p.row] : []));
  const erased = new Map((await erasedProblems(tx, setup, okRows)).map((e, k) => [okRows[k].id, e]));
  const pending = new Map<string, string>(); // a key of a row created in this chunk → that row's new customer id
  const creates: { row: PreparedCustomer; notes: string | null }[] = [];
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
    const p = prepared[i];
    const problem = p.ok ? erased.get(p.row.id) : p.problem;
    // A refused row makes no record: a later row with its phone or email is not its duplicate.
    if (problem) { out.push({ rowNo, outcome: 'rejected', customerId: null, previous: null, reason: problem, cells }); return; }
    const row = (p as Extract<Prepared, { ok: true }>).row;
    for (const k of keys) if (!pending.has(k)) pending.set(k, row.id);
    creates.push({ row, notes: mapped.notes });
    out.push({ rowNo, outcome: 'created', customerId: row.id, previous: null, reason: null, cells: null });
  });
  for (const r of rows) if (!r.mapped.ok) out.push({ rowNo: r.rowNo, outcome: 'rejected', customerId: null, previous: null, reason: r.mapped.errors.join('; '), cells: r.cells });
  const inserts = insertPreparedCtes(setup, creates.map((c) => c.row));
  const run = async (ctes: SQL[], statement: SQL) => {
    await tx.execute(ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ${statement}` : statement);
  };
  if (updates.length) {
    // An update may be of a record this chunk creates: the creates go first, the outcomes once the updates are known.
    if (inserts) await run([inserts], sql`SELECT 1`);
    for (const u of updates) {
      try {
        const r = await tx.transaction((sp) => updateFromRow({ ...ctx, tx: sp as unknown as Db }, u.id, u.row));
        out.push({ rowNo: u.rowNo, outcome: 'updated', customerId: u.id, previous: r.outcome === 'updated' ? r.previous : null, reason: null, cells: null });
      } catch (err) {
        out.push({ rowNo: u.rowNo, outcome: 'rejected', customerId: null, previous: null, reason: errorText(err), cells: u.cells });
      }
    }
    out.sort((a, b) => a.rowNo - b.rowNo);
    const f = finish(out);
    await run(f.ctes, f.statement);
  } else {
    // The usual chunk: customers, their audit rows, the outcomes and the cursor in one statement.
    out.sort((a, b) => a.rowNo - b.rowNo);
    const f = finish(out);
    await run([...(inserts ? [inserts] : []), ...f.ctes], f.statement);
  }
  if (can(actor, 'interactions', 'create')) {
    for (const c of creates) {
      if (c.notes) await createInteraction(tx, actor, clock, { customerId: c.row.id, kind: 'note', summary: c.notes.slice(0, 1000), body: c.notes.length > 1000 ? c.notes : null, promises: [] });
    }
  }
  return out;
}
