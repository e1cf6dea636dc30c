/**
 * Segments: a typed JSON rule language over customers. A group is {"all":[…]}, {"any":[…]} or {"not": node}
 * (nestable); a condition is {"field":"city","op":"eq","value":"تهران"} with field names as in the customer API
 * (custom fields as `custom.<key>`, computed ones such as `lastPurchaseAt`, `boughtProduct`, `birthdayWithinDays`).
 * The server compiles a rule tree to parameterized SQL (server/modules/segments/compile.ts); nothing a user types
 * becomes SQL text.
 */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

export const SEGMENT_OPS = ['eq', 'neq', 'in', 'contains', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'withinLastDays'] as const;
export type SegmentOp = (typeof SEGMENT_OPS)[number];

/** A field's kind decides its operators and the form of its value. */
export const SEGMENT_FIELD_TYPES = ['text', 'enum', 'number', 'money', 'date', 'bool', 'tags', 'user', 'team', 'event', 'birthday'] as const;
export type SegmentFieldType = (typeof SEGMENT_FIELD_TYPES)[number];

/** Operators each kind of field takes. */
export const OPS_BY_TYPE: Record<SegmentFieldType, readonly SegmentOp[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'exists'],
  enum: ['eq', 'neq', 'in', 'exists'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  money: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  date: ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'withinLastDays'],
  bool: ['eq'],
  tags: ['contains', 'in', 'exists'],
  user: ['eq', 'neq', 'in', 'exists'],
  team: ['eq', 'neq', 'in', 'exists'],
  /** Something that happened (bought product X, a detractor answer): eq true/false or in [ids]; `withinDays` narrows it. */
  event: ['eq', 'in'],
  /** Birthdays in the coming N days (the Jalali anniversary): lte N, or eq N for exactly that day. */
  birthday: ['lte', 'eq'],
};

/** Rule trees are bounded: depth and number of conditions (a rule is read by people, and compiled per request). */
export const MAX_RULE_DEPTH = 6;
export const MAX_RULE_CONDITIONS = 40;

const scalar = z.union([z.string().max(200), z.number().finite(), z.boolean()]);

export const segmentCondition = z.object({
  field: z.string().min(1).max(80),
  op: z.enum(SEGMENT_OPS),
  value: z.union([scalar, z.array(scalar).max(200)]).optional(),
  /** For event fields: only events of the last N days count. */
  withinDays: z.number().int().min(1).max(3650).optional(),
}).strict();
export type SegmentCondition = z.infer<typeof segmentCondition>;

export type SegmentNode = SegmentCondition | { all: SegmentNode[] } | { any: SegmentNode[] } | { not: SegmentNode };

export const segmentNode: z.ZodType<SegmentNode> = z.lazy(() => z.union([
  z.object({ all: z.array(segmentNode).max(MAX_RULE_CONDITIONS) }).strict(),
  z.object({ any: z.array(segmentNode).max(MAX_RULE_CONDITIONS) }).strict(),
  z.object({ not: segmentNode }).strict(),
  segmentCondition,
]));

export const segmentPreviewInput = z.object({
  rules: segmentNode,
  /** How many matching customers to show (0–50). */
  sampleSize: z.number().int().min(0).max(50).default(10),
}).strict();

export const segmentSampleItem = z.object({
  id: uuid, displayName: z.string(), city: z.string().nullable(), lifecycleStage: z.string(), phone: z.string().nullable(),
});

export const segmentPreview = z.object({
  count: z.number().int().meta({ description: 'Customers matching, within what the reader may see' }),
  sample: z.array(segmentSampleItem),
});

export const SEGMENT_KINDS = ['dynamic', 'static'] as const;

export const segmentInput = z.object({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).default(''),
  rules: segmentNode,
  /** dynamic: re-evaluated whenever used; static: the customers matching when saved (a snapshot, refreshable). */
  kind: z.enum(SEGMENT_KINDS).default('dynamic'),
  shared: z.boolean().default(true),
}).strict();
export type SegmentInput = z.infer<typeof segmentInput>;

/** A change: only the fields given (no defaults); `refreshSnapshot` retakes a static segment's snapshot. */
export const segmentUpdate = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(1000).optional(),
  rules: segmentNode.optional(),
  kind: z.enum(SEGMENT_KINDS).optional(),
  shared: z.boolean().optional(),
  refreshSnapshot: z.boolean().optional(),
}).strict();

export const segmentView = z.object({
  id: uuid,
  name: z.string(),
  description: z.string(),
  rules: z.unknown() as z.ZodType<SegmentNode>,
  kind: z.enum(SEGMENT_KINDS),
  shared: z.boolean(),
  ownerId: uuid.nullable(),
  /** Static segments: the snapshot's size and time. */
  snapshotCount: z.number().int().nullable(),
  snapshotAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const segmentFieldView = z.object({
  field: z.string(),
  type: z.enum(SEGMENT_FIELD_TYPES),
  ops: z.array(z.enum(SEGMENT_OPS)),
  label: z.object({ fa: z.string(), en: z.string() }),
  /** Enumerations: the values (built-in ones are named by the web app's own labels; custom ones carry theirs). */
  options: z.array(z.object({ value: z.string(), label: z.object({ fa: z.string(), en: z.string() }).optional() })).optional(),
  group: z.string(),
});
