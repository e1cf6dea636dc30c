/**
 * The rule language evaluated in memory over one customer's facts, with the same meaning as the SQL compile.ts
 * writes: missing values fail eq/gt/contains/in and pass neq; text compares as fa_norm keys; dates are YYYY-MM-DD
 * days; `not` is the exact complement. The property tests hold the SQL to this; automations may check one record with it.
 */
import { faNorm } from '../../../common/fa-normalize.ts';
import { addDays } from '../../../common/jalali.ts';
import type { SegmentCondition, SegmentFieldType, SegmentNode } from '../../../common/segments.schemas.ts';
import { birthdayWindow, jalaliMonthDay } from './jalali-days.ts';

export type Facts = Record<string, unknown>;
export type EvalContext = {
  today: string;
  types: ReadonlyMap<string, SegmentFieldType>;
  userId?: string | null;
  /** Event fields: did it happen (of these values, within these days)? */
  happened?: (field: string, values: string[] | null, withinDays: number | undefined) => boolean;
};

const isNil = (v: unknown) => v === null || v === undefined;
const textKey = (v: unknown) => (isNil(v) ? null : faNorm(String(v)));

function cmp(op: SegmentCondition['op'], x: number | string | null, v: unknown, conv: (w: unknown) => number | string): boolean {
  if (op === 'neq') return x === null || x !== conv(v);
  if (x === null) return false;
  switch (op) {
    case 'eq': return x === conv(v);
    case 'gt': return x > conv(v);
    case 'gte': return x >= conv(v);
    case 'lt': return x < conv(v);
    case 'lte': return x <= conv(v);
    case 'between': { const [a, b] = v as unknown[]; return x >= conv(a) && x <= conv(b); }
    default: throw new Error(`${op} does not apply`);
  }
}

function condition(c: SegmentCondition, facts: Facts, ctx: EvalContext): boolean {
  const type = ctx.types.get(c.field);
  if (!type) throw new Error(`no field ${c.field}`);
  const x = facts[c.field];
  if (type === 'event') {
    const happened = ctx.happened?.(c.field, c.op === 'in' ? (c.value as unknown[]).map(String) : null, c.withinDays) ?? false;
    return c.op === 'eq' ? happened === c.value : happened;
  }
  if (type === 'birthday') {
    if (isNil(x)) return false;
    const n = Number(c.value);
    return birthdayWindow(ctx.today, c.op === 'eq' ? n : 0, n).includes(jalaliMonthDay(String(x)));
  }
  if (c.op === 'exists') {
    const want = c.value === undefined ? true : c.value === true;
    const has = type === 'tags' ? Array.isArray(x) && x.length > 0 : type === 'text' || type === 'enum' ? !isNil(x) && x !== '' : !isNil(x);
    return has === want;
  }
  switch (type) {
    case 'text':
    case 'enum': {
      const k = textKey(x);
      if (c.op === 'neq') return k !== faNorm(String(c.value));
      if (k === null) return false;
      if (c.op === 'eq') return k === faNorm(String(c.value));
      if (c.op === 'in') return (c.value as unknown[]).some((w) => faNorm(String(w)) === k);
      return k.includes(faNorm(String(c.value)));
    }
    case 'number':
    case 'money':
      return cmp(c.op, isNil(x) ? null : Number(x), c.value, (w) => Number(w));
    case 'date': {
      const d = isNil(x) ? null : String(x);
      if (c.op === 'withinLastDays') return d !== null && d >= addDays(ctx.today, -Number(c.value)) && d <= ctx.today;
      return cmp(c.op, d, c.value, (w) => String(w));
    }
    case 'bool': return Boolean(x) === c.value;
    case 'tags': {
      const keys = Array.isArray(x) ? x.map((t) => faNorm(String(t))) : [];
      if (c.op === 'contains') return keys.includes(faNorm(String(c.value)));
      return (c.value as unknown[]).some((w) => keys.includes(faNorm(String(w))));
    }
    case 'user':
    case 'team': {
      const id = (w: unknown) => (w === 'me' ? ctx.userId ?? '' : String(w));
      const s = isNil(x) ? null : String(x);
      if (c.op === 'neq') return s !== id(c.value);
      if (s === null) return false;
      if (c.op === 'eq') return s === id(c.value);
      return (c.value as unknown[]).some((w) => id(w) === s);
    }
  }
  return false;
}

export function evaluateRules(node: SegmentNode, facts: Facts, ctx: EvalContext): boolean {
  if ('all' in node) return node.all.every((n) => evaluateRules(n, facts, ctx));
  if ('any' in node) return node.any.some((n) => evaluateRules(n, facts, ctx));
  if ('not' in node) return !evaluateRules(node.not, facts, ctx);
  return condition(node, facts, ctx);
}
