/** Duplicates and merges of customer records: the finder's pairs, the side-by-side, the merge and its undo. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';
import { CUSTOMER_KINDS, customerView } from './customer.schemas.ts';

/** Why two records look like one: a shared phone/email/ID (any format), or the same normalized name plus a city or phone prefix. */
export const DUPLICATE_REASONS = ['nationalId', 'companyNationalId', 'phone', 'email', 'name+city', 'name+phonePrefix'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** Fields the person merging chooses between (the rest — phones, emails, addresses, tags, interests, custom values — are joined). */
export const MERGE_FIELDS = [
  'firstName', 'lastName', 'orgName', 'latinName', 'title', 'gender', 'city', 'province', 'nationalId', 'companyNationalId',
  'economicCode', 'registrationNo', 'birthday', 'preferredChannel', 'contactHours', 'ownerId', 'teamId', 'source',
  'lifecycleStage', 'smsConsent', 'emailConsent',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** How long a merge can be undone. */
export const MERGE_UNDO_DAYS = 30;

export const duplicatePairsQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  reason: z.enum(DUPLICATE_REASONS).optional(),
});

const side = z.enum(['survivor', 'loser']);
export const mergeRequest = z.object({
  survivorId: z.uuid(),
  loserId: z.uuid(),
  /** Per field, whose value stays; a field not named keeps the survivor's value, or the loser's where the survivor has none. */
  fields: z.object(Object.fromEntries(MERGE_FIELDS.map((f) => [f, side.optional()])) as Record<MergeField, z.ZodOptional<typeof side>>).strict().default({}),
}).strict();
export type MergeRequest = z.output<typeof mergeRequest>;

// ---- Answers

export const customerBrief = z.object({
  id: uuid, kind: z.enum(CUSTOMER_KINDS), displayName: z.string(), city: z.string().nullable(), nationalId: z.string().nullable(),
  phone: z.string().nullable(), email: z.string().nullable(), createdAt: isoDateTime,
});
export const duplicatePair = z.object({ a: customerBrief, b: customerBrief, reasons: z.array(z.enum(DUPLICATE_REASONS)) });
export const duplicatePairsPage = z.object({ items: z.array(duplicatePair), total: z.number(), page: z.number(), pageSize: z.number() });

export const duplicatePairView = z.object({
  a: customerView, b: customerView, reasons: z.array(z.enum(DUPLICATE_REASONS)),
  /** The choosable fields whose values differ. */
  differing: z.array(z.enum(MERGE_FIELDS)),
  /** Rows linked to each record, per table: what a merge moves. */
  related: z.object({ a: z.record(z.string(), z.number()), b: z.record(z.string(), z.number()) }),
});

export const mergeView = z.object({
  id: uuid, survivorId: uuid, loserId: uuid, at: isoDateTime, undoneAt: isoDateTime.nullable(), undoUntil: isoDateTime,
  /** Rows moved per table. */
  moved: z.record(z.string(), z.number()),
});
export const mergeAnswer = z.object({ merge: mergeView, survivor: customerView });
export const undoMergeAnswer = z.object({ merge: mergeView, survivor: customerView, loser: customerView });
export const mergesQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const mergesPage = z.object({
  items: z.array(mergeView.extend({ survivorName: z.string(), loserName: z.string() })), total: z.number(), page: z.number(), pageSize: z.number(),
});
