/**
 * Writes one mapped row as a customer: find a duplicate (phone in E.164, email lower-case, national ID, external ID),
 * then create, update or skip as the import's option says. Runs inside the chunk's transaction.
 */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { can, type Actor } from '../auth/index.ts';
import { createCustomer, updateCustomer, findDuplicates, loadVisibleCustomer } from '../customers/index.ts';
import { createInteraction } from '../interactions/index.ts';
import type { CustomerCreate, CustomerUpdate } from '../../../common/customer.schemas.ts';
import type { ImportOptions } from '../../../common/imports.schemas.ts';
import type { MappedRow } from './row-mapper.ts';

export type RowOutcome =
  | { outcome: 'created'; customerId: string }
  | { outcome: 'updated'; customerId: string; previous: Record<string, unknown> }
  | { outcome: 'skipped'; customerId: string | null; reason: string };

export type WriteContext = { tx: Db; actor: Actor; clock: Clock; options: ImportOptions; batchId: string; ownerId?: string | null };

export type Row = Extract<MappedRow, { ok: true }>;

export async function writeCustomerRow(ctx: WriteContext, row: Row): Promise<RowOutcome> {
  const { tx, actor, clock, options } = ctx;
  const input = row.input;
  const matches = await findDuplicates(tx, actor, {
    phones: input.phones.map((p) => p.number), emails: input.emails.map((e) => e.address.toLowerCase()),
    nationalId: input.nationalId ?? null, companyNationalId: input.companyNationalId ?? null, externalId: row.externalId,
  });
  if (matches.length && options.onDuplicate !== 'create') {
    const visible = matches.find((m) => !m.hidden && m.id);
    const on = [...new Set(matches.flatMap((m) => m.matchedOn))].join(', ');
    if (options.onDuplicate === 'skip' || !visible?.id) {
      return { outcome: 'skipped', customerId: visible?.id ?? null, reason: visible ? `duplicate (${on})` : `duplicate of a record you cannot see (${on})` };
    }
    return updateFromRow(ctx, visible.id, row);
  }
  const created = await createCustomer(tx, actor, clock, { ...input, force: true, ...(ctx.ownerId !== undefined ? { ownerId: ctx.ownerId } : {}) }, { externalId: row.externalId, importBatchId: ctx.batchId });
  if (row.notes && can(actor, 'interactions', 'create')) {
    await createInteraction(tx, actor, clock, { customerId: created.id, kind: 'note', summary: row.notes.slice(0, 1000), body: row.notes.length > 1000 ? row.notes : null, promises: [] });
  }
  return { outcome: 'created', customerId: created.id };
}

/** Sets the fields the row gives; phones, emails, tags and addresses are added to the record's, not replacing them. */
export async function updateFromRow(ctx: WriteContext, id: string, row: Row): Promise<RowOutcome> {
  const { tx, actor, clock } = ctx;
  const before = await loadVisibleCustomer(tx, actor, id, { forUpdate: true });
  const patch: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const input = row.input as CustomerCreate & Record<string, unknown>;
  const old = before as unknown as Record<string, unknown>;
  for (const key of row.provided) {
    if (key === 'phones') {
      const have = new Set(before.phones.map((p) => p.number));
      const add = input.phones.filter((p) => !have.has(p.number)).map((p) => ({ number: p.number, label: p.label }));
      if (add.length) { patch.phones = [...before.phones, ...add]; previous.phones = before.phones; }
    } else if (key === 'emails') {
      const have = new Set(before.emails.map((e) => e.address.toLowerCase()));
      const add = input.emails.filter((e) => !have.has(e.address));
      if (add.length) { patch.emails = [...before.emails, ...add]; previous.emails = before.emails; }
    } else if (key === 'tags') {
      const merged = [...new Set([...before.tags, ...input.tags])];
      if (merged.length !== before.tags.length) { patch.tags = merged; previous.tags = before.tags; }
    } else if (key === 'addresses') {
      const have = new Set(before.addresses.map((a) => a.line));
      const add = input.addresses.filter((a) => !have.has(a.line));
      if (add.length) { patch.addresses = [...before.addresses, ...add]; previous.addresses = before.addresses; }
    } else if (key === 'custom') {
      const prev: Record<string, unknown> = {};
      for (const k of Object.keys(input.custom)) prev[k] = before.custom[k] ?? null;
      patch.custom = input.custom;
      previous.custom = prev;
    } else if (JSON.stringify(old[key] ?? null) !== JSON.stringify(input[key] ?? null)) {
      patch[key] = input[key];
      previous[key] = old[key] ?? null;
    }
  }
  if (Object.keys(patch).length) await updateCustomer(tx, actor, clock, id, patch as CustomerUpdate);
  return { outcome: 'updated', customerId: id, previous };
}
