/**
 * A rule tree → one parameterized SQL condition over the customer row `c`. Every value travels as a parameter; field
 * names pick a registered definition (never text into SQL); every condition is true or false, never NULL (a missing
 * value fails eq/gt/contains and passes neq), so `not` is the exact complement. Text is compared as fa_norm keys
 * (ي/ی, ك/ک, ZWNJ, digits, case), the same normalization as search. A bad rule is a 400 naming the place in the tree.
 */
import { sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import { faNorm } from '../../../common/fa-normalize.ts';
import { addDays } from '../../../common/jalali.ts';
import { MAX_RULE_CONDITIONS, MAX_RULE_DEPTH, OPS_BY_TYPE, type SegmentCondition, type SegmentNode } from '../../../common/segments.schemas.ts';
import type { FieldContext, SegmentFieldDef, ValueField } from './fields.registry.ts';
import { birthdayWindow } from './jalali-days.ts';

export type CompileContext = FieldContext & {
  /** Field name → definition (registered fields and the custom fields of this business). */
  fields: ReadonlyMap<string, SegmentFieldDef>;
  /** The reader, for `ownerId eq "me"`. */
  userId: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

class RuleError extends Error {
  constructor(readonly path: string, message: string) { super(message); }
}

const fail = (path: string, message: string): never => { throw new RuleError(path, message); };
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validDay(v: unknown, path: string): string {
  if (typeof v !== 'string' || !DAY.test(v)) return fail(path, 'must be a date as YYYY-MM-DD');
  const d = new Date(v + 'T00:00:00Z');
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return fail(path, 'is not a real date');
  return v;
}
function validNumber(v: unknown, path: string, integer = false): number {
  const n = typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) return fail(path, 'must be a number');
  if (integer && !Number.isInteger(n)) return fail(path, 'must be a whole number');
  if (Math.abs(n) > 1e18) return fail(path, 'is out of range');
  return n;
}
function validText(v: unknown, path: string): string {
  if (typeof v !== 'string') return fail(path, 'must be text');
  const key = faNorm(v);
  if (!key) return fail(path, 'must not be empty');
  return key;
}
function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v) || v.length === 0) return fail(path, 'must be a non-empty list');
  return v;
}
function pair(v: unknown, path: string): [unknown, unknown] {
  if (!Array.isArray(v) || v.length !== 2) return fail(path, 'must be a list of two values [from, to]');
  return [v[0], v[1]];
}
function existsValue(v: unknown, path: string): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'boolean') return fail(path, 'must be true or false');
  return v;
}

const isTrue = (cond: SQL) => sql`COALESCE((${cond}), false)`;

/** A value field's condition. */
function valueCondition(def: ValueField, c: SegmentCondition, ctx: CompileContext, path: string): SQL {
  // neq and "does not exist" hold for a customer without the row; every other condition is false on a missing value.
  if (def.lookup && c.op !== 'neq' && !(c.op === 'exists' && c.value === false)) {
    const { from, key, value } = def.lookup;
    const inner = valueCondition({ ...def, lookup: undefined, expr: () => value }, c, ctx, path);
    return sql`c.id IN (SELECT ${key} FROM ${from} WHERE ${inner})`;
  }
  const x = def.expr(ctx);
  const vp = `${path}.value`;
  const v = c.value;
  if (c.op === 'exists') {
    const has = def.type === 'tags' ? sql`cardinality(${x}) > 0`
      : def.type === 'text' || def.type === 'enum' ? sql`(${x} IS NOT NULL AND ${x} <> '')` : sql`${x} IS NOT NULL`;
    return existsValue(v, vp) ? isTrue(has) : sql`NOT ${isTrue(has)}`;
  }
  switch (def.type) {
    case 'text':
    case 'enum': {
      const key = (w: unknown, p: string) => {
        const k = validText(w, p);
        if (def.options && !def.options.some((o) => faNorm(o.value) === k)) fail(p, `is not one of ${def.options.map((o) => o.value).join(', ')}`);
        return k;
      };
      if (c.op === 'eq' || c.op === 'neq' || c.op === 'in') {
        const keys = c.op === 'in' ? list(v, vp).map((w, i) => key(w, `${vp}.${i}`)) : [key(v, vp)];
        const hit = equalsKey(def, x, keys);
        return c.op === 'neq' ? isTrue(sql`(${x} IS NULL OR NOT ${hit})`) : isTrue(hit);
      }
      return isTrue(sql`strpos(fa_norm(${x}), ${validText(v, vp)}) > 0`);
    }
    case 'number':
    case 'money': {
      const num = (w: unknown, p: string) => {
        const n = validNumber(w, p, def.type === 'money');
        return def.type === 'money' ? sql`${String(n)}::numeric` : sql`${n}::numeric`;
      };
      return compare(c.op, x, v, vp, num);
    }
    case 'date': {
      if (c.op === 'withinLastDays') {
        const n = validNumber(v, vp, true);
        if (n < 0 || n > 36500) fail(vp, 'must be between 0 and 36500 days');
        if (def.instant) return isTrue(instantRange(def.instant(), ctx, 'between', addDays(ctx.today, -n), ctx.today));
        return isTrue(sql`${x} BETWEEN ${addDays(ctx.today, -n)}::date AND ${ctx.today}::date`);
      }
      if (def.instant && c.op !== 'neq') {
        if (c.op === 'between') {
          const [a, b] = pair(v, vp);
          return isTrue(instantRange(def.instant(), ctx, 'between', validDay(a, `${vp}.0`), validDay(b, `${vp}.1`)));
        }
        if (c.op === 'eq' || c.op === 'gt' || c.op === 'gte' || c.op === 'lt' || c.op === 'lte') return isTrue(instantRange(def.instant(), ctx, c.op, validDay(v, vp)));
      }
      return compare(c.op, x, v, vp, (w, p) => sql`${validDay(w, p)}::date`);
    }
    case 'bool':
      if (typeof v !== 'boolean') fail(vp, 'must be true or false');
      return sql`(COALESCE((${x}), false) = ${v as boolean})`;
    case 'tags': {
      // cardinality first: most customers have no tags, and the function call costs far more than the test.
      const keys = c.op === 'contains' ? [validText(v, vp)] : list(v, vp).map((w, i) => validText(w, `${vp}.${i}`));
      return isTrue(sql`cardinality(${x}) > 0 AND fa_norm_any(${x}, ${sql.param(keys)}::text[])`);
    }
    case 'user':
    case 'team': {
      const id = (w: unknown, p: string) => {
        if (def.type === 'user' && w === 'me') {
          if (!ctx.userId) fail(p, '"me" needs a signed-in user');
          return ctx.userId!;
        }
        if (typeof w !== 'string' || !UUID.test(w)) return fail(p, 'must be an id');
        return w;
      };
      if (c.op === 'eq') return isTrue(sql`${x} = ${id(v, vp)}::uuid`);
      if (c.op === 'neq') return isTrue(sql`${x} IS DISTINCT FROM ${id(v, vp)}::uuid`);
      return isTrue(sql`${x} = ANY(${sql.param(list(v, vp).map((w, i) => id(w, `${vp}.${i}`)))}::uuid[])`);
    }
  }
  return fail(path, 'cannot be compared');
}

/**
 * fa_norm(x) is one of `keys` (true or false for a value, NULL for none), without normalizing every row where that
 * can be avoided: an enum compares the column with the options whose key matches (a value that is no option, left
 * by an old version or written by hand, is still normalized: exact either way); a text column with few distinct
 * values (city) normalizes each distinct value once, read from its index by a skip scan, and compares the column
 * with those whose key matches. fa_norm is a pure function, so both are the same set as normalizing each row.
 */
function equalsKey(def: ValueField, x: SQL, keys: string[]): SQL {
  const k = sql`${sql.param(keys)}::text[]`;
  if (def.type === 'enum' && def.options?.length) {
    const all = def.options.map((o) => o.value);
    const matching = all.filter((o) => keys.includes(faNorm(o)));
    return sql`(${x} = ANY(${sql.param(matching)}::text[]) OR (${x} <> ALL(${sql.param(all)}::text[]) AND fa_norm(${x}) = ANY(${k})))`;
  }
  if (def.fewValuesColumn && /^[a-z_]+$/.test(def.fewValuesColumn)) {
    const col = sql.raw(def.fewValuesColumn);
    return sql`(${x} = ANY(ARRAY(WITH RECURSIVE d(v) AS (
        (SELECT ${col} FROM customers WHERE ${col} IS NOT NULL ORDER BY ${col} LIMIT 1)
        UNION ALL SELECT (SELECT ${col} FROM customers WHERE ${col} > d.v ORDER BY ${col} LIMIT 1) FROM d WHERE d.v IS NOT NULL)
      SELECT v FROM d WHERE v IS NOT NULL AND fa_norm(v) = ANY(${k}))))`;
  }
  return sql`(fa_norm(${x}) = ANY(${k}))`;
}

/** The start, as a timestamptz, of a day in the business's time zone. */
const dayStart = (day: string, ctx: FieldContext, plus = 0) => sql`((${day}::date + ${plus}::int)::timestamp AT TIME ZONE ${ctx.timeZone})`;

/** A day comparison on a date that is the local day of `at`, as a range of instants (the same rows; an index can serve it). */
function instantRange(at: SQL, ctx: FieldContext, op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between', day: string, to?: string): SQL {
  switch (op) {
    case 'eq': return sql`(${at} >= ${dayStart(day, ctx)} AND ${at} < ${dayStart(day, ctx, 1)})`;
    case 'gt': return sql`${at} >= ${dayStart(day, ctx, 1)}`;
    case 'gte': return sql`${at} >= ${dayStart(day, ctx)}`;
    case 'lt': return sql`${at} < ${dayStart(day, ctx)}`;
    case 'lte': return sql`${at} < ${dayStart(day, ctx, 1)}`;
    case 'between': return sql`(${at} >= ${dayStart(day, ctx)} AND ${at} < ${dayStart(to!, ctx, 1)})`;
  }
}

/** eq, neq, gt, gte, lt, lte, between for numbers, money and dates. */
function compare(op: SegmentCondition['op'], x: SQL, v: unknown, path: string, param: (w: unknown, p: string) => SQL): SQL {
  switch (op) {
    case 'eq': return isTrue(sql`${x} = ${param(v, path)}`);
    case 'neq': return isTrue(sql`${x} IS DISTINCT FROM ${param(v, path)}`);
    case 'gt': return isTrue(sql`${x} > ${param(v, path)}`);
    case 'gte': return isTrue(sql`${x} >= ${param(v, path)}`);
    case 'lt': return isTrue(sql`${x} < ${param(v, path)}`);
    case 'lte': return isTrue(sql`${x} <= ${param(v, path)}`);
    case 'between': {
      const [a, b] = pair(v, path);
      return isTrue(sql`${x} BETWEEN ${param(a, `${path}.0`)} AND ${param(b, `${path}.1`)}`);
    }
    default: return fail(path, `${op} does not apply here`);
  }
}

function condition(c: SegmentCondition, ctx: CompileContext, path: string): SQL {
  const def = ctx.fields.get(c.field);
  if (!def) return fail(`${path}.field`, `no field "${c.field}"`);
  if (!OPS_BY_TYPE[def.type].includes(c.op)) return fail(`${path}.op`, `${c.op} does not apply to ${c.field} (use ${OPS_BY_TYPE[def.type].join(', ')})`);
  if (c.withinDays !== undefined && def.type !== 'event') fail(`${path}.withinDays`, 'applies to events only');
  const vp = `${path}.value`;
  if (def.type === 'event') {
    if (c.op === 'eq') {
      if (typeof c.value !== 'boolean') fail(vp, 'must be true or false');
      const happened = isTrue(def.happened(ctx, null, c.withinDays));
      return c.value ? happened : sql`NOT ${happened}`;
    }
    if (!def.values) fail(`${path}.op`, `${c.field} takes eq true or false`);
    const values = list(c.value, vp).map((w, i) => {
      if (typeof w !== 'string' && typeof w !== 'number') return fail(`${vp}.${i}`, 'must be text');
      const s = String(w).trim();
      return s || fail(`${vp}.${i}`, 'must not be empty');
    });
    return isTrue(def.happened(ctx, values, c.withinDays));
  }
  if (def.type === 'birthday') {
    const n = validNumber(c.value, vp, true);
    if (n < 0 || n > 366) fail(vp, 'must be between 0 and 366 days');
    const days = birthdayWindow(ctx.today, c.op === 'eq' ? n : 0, n);
    return isTrue(sql`${def.expr(ctx)} = ANY(${sql.param(days)}::int[])`);
  }
  return valueCondition(def, c, ctx, path);
}

function node(n: SegmentNode, ctx: CompileContext, path: string, depth: number, counter: { n: number }): SQL {
  if (depth > MAX_RULE_DEPTH) fail(path, `groups nest at most ${MAX_RULE_DEPTH} deep`);
  if (!isObj(n)) return fail(path, 'must be a group or a condition');
  if ('all' in n || 'any' in n) {
    const items = ('all' in n ? n.all : (n as { any: SegmentNode[] }).any);
    const key = 'all' in n ? 'all' : 'any';
    // An empty "all" matches everyone, an empty "any" no one (as in logic).
    if (!items.length) return key === 'all' ? sql`true` : sql`false`;
    const parts = items.map((m, i) => node(m, ctx, `${path}.${key}.${i}`, depth + 1, counter));
    return sql`(${sql.join(parts, key === 'all' ? sql` AND ` : sql` OR `)})`;
  }
  if ('not' in n) return sql`(NOT ${node(n.not, ctx, `${path}.not`, depth + 1, counter)})`;
  if (++counter.n > MAX_RULE_CONDITIONS) fail(path, `a rule has at most ${MAX_RULE_CONDITIONS} conditions`);
  return condition(n as SegmentCondition, ctx, path);
}

/** The rule as a SQL condition on `c`; a mistake in it is a 400 whose details name the place: {"rules.all.1.value": "…"}. */
export function compileRules(rules: SegmentNode, ctx: CompileContext): SQL {
  try {
    return node(rules, ctx, 'rules', 1, { n: 0 });
  } catch (e) {
    if (e instanceof RuleError) throw new AppError('VALIDATION_FAILED', `The rule is not valid: ${e.path} ${e.message}`, { [e.path]: e.message });
    throw e;
  }
}
