/** Admin-defined custom fields on customers: definitions, and validation of the values a record carries. */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { customFieldDefs } from './customers.tables.ts';
import { AppError, notFound } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { parseDateInput } from '../../../common/jalali.ts';
import { toLatinDigits } from '../../../common/fa-normalize.ts';
import { countOf } from '../../../common/plural.ts';

export type CustomFieldDef = typeof customFieldDefs.$inferSelect;

export async function listCustomFields(db: Db, opts: { activeOnly?: boolean } = {}) {
  const rows = await db.select().from(customFieldDefs).orderBy(asc(customFieldDefs.position), asc(customFieldDefs.createdAt));
  return opts.activeOnly ? rows.filter((r) => r.active) : rows;
}

export async function createCustomField(db: Db, actor: Actor, input: typeof customFieldDefs.$inferInsert) {
  assertCan(actor, 'custom_fields', 'create');
  const [row] = await db.insert(customFieldDefs).values(input).onConflictDoNothing().returning();
  if (!row) throw new AppError('CONFLICT', `A custom field with key "${input.key}" exists`);
  return row;
}

export async function updateCustomField(db: Db, actor: Actor, id: string, input: Partial<typeof customFieldDefs.$inferInsert>) {
  assertCan(actor, 'custom_fields', 'update');
  // An empty change is a read (an UPDATE with nothing to set is not SQL).
  const [row] = Object.values(input).some((v) => v !== undefined)
    ? await db.update(customFieldDefs).set(input).where(eq(customFieldDefs.id, id)).returning()
    : await db.select().from(customFieldDefs).where(eq(customFieldDefs.id, id));
  if (!row) throw notFound('Custom field');
  return row;
}

/** Checks one value against its definition; returns the stored form or an error message. */
export function checkCustomValue(def: CustomFieldDef, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  switch (def.type) {
    case 'text': {
      if (typeof value !== 'string') return bad('must be text');
      const v = value.trim();
      if (v.length > (def.max ?? 1000)) return bad(`at most ${countOf(def.max ?? 1000, 'character', 'characters')}`);
      if (def.min != null && v.length < def.min) return bad(`at least ${countOf(def.min, 'character', 'characters')}`);
      return { ok: true, value: v };
    }
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(toLatinDigits(value).replace(/[,٬]/g, '')) : NaN;
      if (!Number.isFinite(n)) return bad('must be a number');
      if (def.min != null && n < def.min) return bad(`must be at least ${def.min}`);
      if (def.max != null && n > def.max) return bad(`must be at most ${def.max}`);
      return { ok: true, value: n };
    }
    case 'date': {
      const iso = typeof value === 'string' ? parseDateInput(value) : null;
      return iso ? { ok: true, value: iso } : bad('must be a date (1403/05/12 or 2024-08-02)');
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : bad('must be true or false');
    case 'select':
      return typeof value === 'string' && def.options.some((o) => o.value === value) ? { ok: true, value } : bad('not one of the options');
    case 'multi_select': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && def.options.some((o) => o.value === v))) return bad('must be a list of the options');
      return { ok: true, value: [...new Set(value as string[])] };
    }
  }
}

/**
 * Validates the custom values of a create (full) or an update (merge into `existing`).
 * null or '' removes a value. Unknown or inactive keys and missing required values are errors.
 */
export async function validateCustomValues(db: Db, input: Record<string, unknown>, existing: Record<string, unknown> | null) {
  return checkCustomValuesWith(await listCustomFields(db, { activeOnly: true }), input, existing);
}

/** validateCustomValues with the active definitions already read (many records at once). */
export function checkCustomValuesWith(defs: (typeof customFieldDefs.$inferSelect)[], input: Record<string, unknown>, existing: Record<string, unknown> | null) {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const errors: Record<string, string> = {};
  const out: Record<string, unknown> = { ...(existing ?? {}) };
  for (const [key, value] of Object.entries(input)) {
    const def = byKey.get(key);
    if (!def) { errors[`custom.${key}`] = 'unknown custom field'; continue; }
    if (value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)) { delete out[key]; continue; }
    const r = checkCustomValue(def, value);
    if (r.ok) out[key] = r.value; else errors[`custom.${key}`] = r.message;
  }
  for (const def of defs) {
    if (def.required && (out[def.key] === undefined) && (existing === null || key_in(input, def.key))) errors[`custom.${def.key}`] = 'required';
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FAILED', 'Some custom fields are not valid', errors);
  return out;
}

const key_in = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);
