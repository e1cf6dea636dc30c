/**
 * Many new customers as prepared rows (an import): everything createCustomer derives and checks that needs no
 * database (display name, phone and email keys, the search document, custom values, the owner's team) is done once
 * per row, ahead of the chunk's transaction, with what the run reads once (bulkSetup); the row is kept as its JSON
 * object, so the chunk's insert is one string join and one statement, composable with the caller's own statements
 * (data-modifying CTEs: customers, their audit rows, the caller's rows — one round trip).
 */
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertCan, userBrief, type Actor } from '../auth/index.ts';
import { auditCreatedFromSql } from '../audit/index.ts';
import type { CustomerCreate } from '../../../common/customer.schemas.ts';
import { customers } from './customers.tables.ts';
import { buildSearchDoc, displayNameOf, emailKeysOf, phoneKeysOf, withPrimaryPhone } from './customer-fields.ts';
import { checkCustomValuesWith, listCustomFields, type CustomFieldDef } from './custom-fields.service.ts';
import { serverSecret } from '../settings/index.ts';
import { erasedContactMatchMany, type ContactKeys } from './erased-contacts.ts';
import type { CreateExtras } from './customers.service.ts';

/** What a run of bulk creates reads once: the active custom fields and the owners (active users and their teams). */
export type BulkSetup = { actor: Actor; defs: CustomFieldDef[]; owners: Map<string, { teamId: string | null } | null>; secret?: string };

export async function bulkSetup(db: Db, actor: Actor, ownerIds: (string | null | undefined)[]): Promise<BulkSetup> {
  assertCan(actor, 'customers', 'create');
  const defs = await listCustomFields(db, { activeOnly: true });
  const owners = new Map<string, { teamId: string | null } | null>();
  for (const o of new Set(ownerIds.map((id) => (id === undefined ? actor.userId : id)))) {
    if (!o) continue;
    const u = await userBrief(db, o);
    owners.set(o, u && u.active ? { teamId: u.teamId } : null);
  }
  return { actor, defs, owners };
}

/** A customer row ready for the chunk's insert: its JSON object (column names as keys) and its contacts. */
export type PreparedCustomer = { id: string; json: string; columns: string; contacts: ContactKeys };

/** The stored columns by property name (a generated column is computed by the insert, not given). */
const COLUMNS = Object.entries(getTableColumns(customers)).filter(([, c]) => !(c as unknown as { generated?: unknown }).generated);

/** The problem text of a refused row, as the import's rejected file shows it. */
export function problemText(err: AppError): string {
  const d = err.details && typeof err.details === 'object' ? Object.entries(err.details as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`).join('; ') : '';
  return d ? `${err.message} (${d})` : err.message;
}

/**
 * One new customer as createCustomer would store it (no duplicate check: the caller decided; no organizations or
 * team: a person's links need records that exist), or the reason it cannot be made. No database.
 */
export function prepareCustomer(setup: BulkSetup, now: Date, item: { id: string; input: CustomerCreate; extras: CreateExtras }): { ok: true; row: PreparedCustomer } | { ok: false; problem: string } {
  const { id, input, extras } = item;
  try {
    if (input.organizations.length || input.teamId) throw new AppError('VALIDATION_FAILED', 'Organizations and teams are not set in bulk');
    const ownerId = input.ownerId === undefined ? setup.actor.userId : input.ownerId;
    const owner = ownerId ? setup.owners.get(ownerId) : null;
    if (ownerId && !owner) throw new AppError('VALIDATION_FAILED', 'The owner must be an active user', { ownerId: 'unknown or inactive user' });
    const custom = checkCustomValuesWith(setup.defs, input.custom, null);
    const phones = withPrimaryPhone(input.phones);
    // What the row derives, over what it was given. (Not one spread object: an object literal that spreads the input
    // and adds sixteen keys cost ~35 µs a row in V8, more than everything else here together; docs/benchmarks.md.)
    const derived: Record<string, unknown> = {
      id, phones, custom, ownerId, teamId: owner?.teamId ?? null,
      displayName: displayNameOf(input), phoneKeys: phoneKeysOf(phones), emailKeys: emailKeysOf(input.emails),
      searchDoc: buildSearchDoc({ ...input, phones, custom }),
      smsConsentAt: input.smsConsent ? now : null, emailConsentAt: input.emailConsent ? now : null,
      createdBy: setup.actor.userId, createdAt: now, updatedAt: now,
      externalId: extras.externalId ?? null, importBatchId: extras.importBatchId ?? null,
    };
    const given = input as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    const names: string[] = [];
    for (const [key, col] of COLUMNS) {
      const v = Object.hasOwn(derived, key) ? derived[key] : given[key];
      if (v === undefined) continue;
      o[col.name] = v instanceof Date ? v.toISOString() : v;
      names.push(col.name);
    }
    return { ok: true, row: { id, json: JSON.stringify(o), columns: names.join(','), contacts: { phones: derived.phoneKeys as string[], emails: derived.emailKeys as string[], nationalId: input.nationalId } } };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { ok: false, problem: problemText(err) };
  }
}

/** Which prepared rows belong to an erased customer (their problem text; null: none). One cheap statement when nobody was erased. */
export async function erasedProblems(tx: Db, setup: BulkSetup, rows: PreparedCustomer[]): Promise<(string | null)[]> {
  if (!rows.length) return [];
  setup.secret ??= await serverSecret(tx);
  const kinds = await erasedContactMatchMany(tx, setup.secret, rows.map((r) => r.contacts));
  return kinds.map((k) => (k.length ? problemText(new AppError('ERASED_CONTACT', 'This contact belongs to an erased customer; add it by hand only if the person consented again', { matchedOn: k.join(', ') })) : null));
}

const ident = (s: string) => '"' + s.replace(/"/g, '""') + '"';

/**
 * The prepared rows' insert and their audit rows, as CTEs named `new_customers` and `new_customers_audit`: the caller
 * puts them at the head of its own statement (`WITH …, its CTEs… its statement`). Null when there are no rows.
 */
export function insertPreparedCtes(setup: BulkSetup, rows: PreparedCustomer[]): SQL | null {
  if (!rows.length) return null;
  const kinds = [...new Set(rows.map((r) => r.columns))].map((c) => new Set(c.split(',')));
  const names = new Set(kinds.flatMap((k) => [...k]));
  for (const [, col] of COLUMNS) {
    // A row without a value where another has one would get NULL, not the column's default: refuse (the caller goes row by row).
    if (names.has(col.name) && col.hasDefault && kinds.some((k) => !k.has(col.name))) throw new Error(`insertPreparedCtes: customers.${col.name} is missing in some rows`);
  }
  const cols = COLUMNS.filter(([, c]) => names.has(c.name)).map(([, c]) => ident(c.name)).join(', ');
  const json = '[' + rows.map((r) => r.json).join(',') + ']';
  return sql`new_customers AS (${sql.raw(`INSERT INTO customers (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::customers, `)}${json}::jsonb) RETURNING id, display_name),
    new_customers_audit AS (${auditCreatedFromSql(setup.actor, 'customer', sql`SELECT id AS entity_id, id AS customer_id, jsonb_build_object('displayName', display_name) AS new_value FROM new_customers`)})`;
}
