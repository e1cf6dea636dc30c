/**
 * A customer's remembered preferences (favourite products, tastes and sizes, preferred channel, hours and language,
 * important dates such as anniversaries), and the one rule every sender follows: a message goes out at the earliest
 * moment inside the customer's preferred hours (deferred, never dropped).
 */
import { z } from 'zod';
import jalaali from 'jalaali-js';
import { uuid } from './api.schemas.ts';
import { CHANNELS } from './customer.schemas.ts';
import { LOCALES, CALENDARS } from './auth.schemas.ts';
import { instantFromWallTime, wallTimeIn } from './zoned-time.ts';
import { TEHRAN } from './jalali.ts';

export const IMPORTANT_DATE_KINDS = ['anniversary', 'other'] as const;
export type ImportantDateKind = (typeof IMPORTANT_DATE_KINDS)[number];

/** A yearly date: a month and day in the Jalali or Gregorian calendar, the year only when known. */
export type ImportantDate = { label: string; kind: ImportantDateKind; calendar: (typeof CALENDARS)[number]; month: number; day: number; year: number | null };

const JALALI_DAYS = [31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 30];
const GREGORIAN_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const importantDateInput = z.object({
  label: z.string().trim().min(1).max(60),
  kind: z.enum(IMPORTANT_DATE_KINDS),
  calendar: z.enum(CALENDARS),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  year: z.number().int().min(1300).max(2100).nullable().default(null),
}).strict().superRefine((d, ctx) => {
  const max = (d.calendar === 'jalali' ? JALALI_DAYS : GREGORIAN_DAYS)[d.month - 1];
  if (d.day > max) ctx.addIssue({ code: 'custom', path: ['day'], message: `month ${d.month} has at most ${max} days` });
  if (d.year !== null && d.calendar === 'jalali' && (d.year < 1300 || d.year > 1500)) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a Jalali year is between 1300 and 1500' });
  if (d.year !== null && d.calendar === 'gregorian' && d.year < 1900) ctx.addIssue({ code: 'custom', path: ['year'], message: 'a Gregorian year is 1900 or later' });
  if (d.year !== null && d.calendar === 'jalali' && d.month === 12 && d.day === 30 && !jalaali.isLeapJalaaliYear(d.year)) ctx.addIssue({ code: 'custom', path: ['day'], message: `Esfand ${d.year} has 29 days` });
});

/** "HH:MM", 24-hour clock, Tehran time. */
const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (00:00–23:59)');

export const preferencesInput = z.object({
  favouriteProductIds: z.array(uuid).max(20).default([]),
  tastes: z.string().trim().max(300).nullable().default(null).transform((v) => v || null),
  preferredChannel: z.enum(CHANNELS).nullable().default(null),
  /** Both or neither; `to` before `from` spans midnight (22:00–02:00). */
  contactFrom: hm.nullable().default(null),
  contactTo: hm.nullable().default(null),
  language: z.enum(LOCALES).nullable().default(null),
  importantDates: z.array(importantDateInput).max(20).default([]),
}).strict().superRefine((p, ctx) => {
  if ((p.contactFrom === null) !== (p.contactTo === null)) ctx.addIssue({ code: 'custom', path: [p.contactFrom === null ? 'contactFrom' : 'contactTo'], message: 'give both ends of the preferred hours, or neither' });
  else if (p.contactFrom !== null && p.contactFrom === p.contactTo) ctx.addIssue({ code: 'custom', path: ['contactTo'], message: 'the preferred hours must not start and end at the same time' });
  if (new Set(p.favouriteProductIds).size !== p.favouriteProductIds.length) ctx.addIssue({ code: 'custom', path: ['favouriteProductIds'], message: 'a product is listed twice' });
});
export type PreferencesInput = z.infer<typeof preferencesInput>;

export const preferencesView = z.object({
  customerId: uuid,
  favouriteProducts: z.array(z.object({ id: uuid, nameFa: z.string(), nameEn: z.string().nullable(), code: z.string() })),
  tastes: z.string().nullable(),
  preferredChannel: z.enum(CHANNELS).nullable(),
  contactFrom: z.string().nullable(),
  contactTo: z.string().nullable(),
  language: z.enum(LOCALES).nullable(),
  importantDates: z.array(z.object({ label: z.string(), kind: z.enum(IMPORTANT_DATE_KINDS), calendar: z.enum(CALENDARS), month: z.number(), day: z.number(), year: z.number().nullable() })),
});
export type PreferencesView = z.infer<typeof preferencesView>;

/** "HH:MM" ⇄ minutes after midnight (how the hours are stored). */
export const minutesOf = (v: string): number => Number(v.slice(0, 2)) * 60 + Number(v.slice(3, 5));
export const hmOf = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Is the minute of day inside [from, to)? A window whose end is before its start spans midnight. */
export function insideHours(minute: number, from: number, to: number): boolean {
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/**
 * The earliest instant at or after `now` whose wall-clock minute in `timeZone` lies inside [from, to): `now` itself
 * when it already does, else today's (or tomorrow's) `from`. Without hours (null), `now`.
 */
export function nextInsideHours(now: Date, from: number | null, to: number | null, timeZone: string = TEHRAN): Date {
  if (from === null || to === null) return now;
  const w = wallTimeIn(now, timeZone);
  if (insideHours(w.hour * 60 + w.minute, from, to)) return now;
  const today = instantFromWallTime({ ...w, hour: Math.floor(from / 60), minute: from % 60 }, timeZone);
  if (today.getTime() > now.getTime()) return today;
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + 1));
  return instantFromWallTime({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(from / 60), minute: from % 60 }, timeZone);
}
