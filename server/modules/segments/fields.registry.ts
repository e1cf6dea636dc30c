/**
 * The fields a segment rule can name. The customer's own columns are defined here; other modules register what they
 * know about a customer (last purchase, open tickets, last NPS …) as SQL over the customer row `c`, each with its
 * own tables, so segments never read another module's tables and a new module adds fields without touching this one.
 */
import { sql, type SQL } from 'drizzle-orm';
import { addDays } from '../../../common/jalali.ts';
import type { SegmentFieldType } from '../../../common/segments.schemas.ts';

export type Label = { fa: string; en: string };
/** What a field's SQL may depend on: the business's today and time zone (dates are days in that zone). */
export type FieldContext = { today: string; timeZone: string };

type Base = { label: Label; group: string };
/** A value of the customer `c`: text, number, money (numeric Rials), date (a SQL date), bool, tags (text[]), a user or team id. */
export type ValueField = Base & {
  type: Exclude<SegmentFieldType, 'event' | 'birthday'>;
  expr: (ctx: FieldContext) => SQL;
  options?: { value: string; label?: Label }[];
  /**
   * A text column of `customers` with few distinct values (city, province) and a btree index on it: eq/neq/in
   * normalize each distinct value once (read from the index) instead of every row.
   */
  fewValuesColumn?: string;
  /** A date that is the day, in the business's time zone, of this timestamptz: ranges compare the instant (index-friendly). */
  instant?: () => SQL;
  /**
   * The value is one row's column of another table, at most one row a customer (`expr` is that scalar subquery):
   * a rule that no customer without the row can pass becomes a semi-join (`c.id IN (SELECT key FROM from WHERE …)`),
   * one hashed pass over that table instead of a subquery a customer.
   */
  lookup?: { from: SQL; key: SQL; value: SQL };
};
/** Something that happened to the customer: `eq true/false`, or `in [values]` (e.g. product codes) — within N days. */
export type EventField = Base & {
  type: 'event';
  /** What `in` takes, if anything: e.g. product ids or codes. */
  values?: 'text';
  /** The SQL condition "it happened" for `c` (values: only those; withinDays: since today − N). */
  happened: (ctx: FieldContext, values: string[] | null, withinDays: number | undefined) => SQL;
};
/** The Jalali month × 100 + day of the birth date of `c` (customers.birthday_jmd); the rule asks for the anniversary within the coming N days. */
export type BirthdayField = Base & { type: 'birthday'; expr: (ctx: FieldContext) => SQL };

export type SegmentFieldDef = ValueField | EventField | BirthdayField;

const registry = new Map<string, SegmentFieldDef>();

export function registerSegmentField(name: string, def: SegmentFieldDef): void {
  if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`bad segment field name ${name}`);
  registry.set(name, def);
}

export function segmentFields(): ReadonlyMap<string, SegmentFieldDef> {
  return registry;
}

/** The start of the day N days before today in the business's time zone, as a timestamptz (for `withinDays` on events). */
export const sinceDays = (ctx: FieldContext, days: number): SQL => sql`(${addDays(ctx.today, -days)}::date::timestamp AT TIME ZONE ${ctx.timeZone})`;
