/** Interactions, promises and tasks: request and response schemas shared by the API and the web app. */
import { z } from 'zod';
import { isoInstant } from './time.schemas.ts';
import { isoDateTime, uuid } from './api.schemas.ts';

export const INTERACTION_KINDS = ['call', 'meeting', 'email', 'sms', 'chat', 'whatsapp', 'instagram', 'telegram', 'visit', 'note'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const DIRECTIONS = ['in', 'out'] as const;
export const CALL_OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'wrong_number', 'completed', 'cancelled', 'rescheduled'] as const;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export const TASK_SORTS = ['due', '-due', 'priority', '-priority', 'title', '-title', 'created', '-created'] as const;

const when = isoInstant;

export const promiseInput = z.object({
  title: z.string().trim().min(1).max(300),
  dueAt: when,
  assigneeId: z.uuid().optional(),
  reminderAt: when.nullable().optional(),
}).strict();

export const interactionCreate = z.object({
  customerId: z.uuid(),
  kind: z.enum(INTERACTION_KINDS),
  channel: z.string().trim().max(40).optional().nullable(),
  direction: z.enum(DIRECTIONS).optional().nullable(),
  occurredAt: when.optional(),
  summary: z.string().trim().min(1).max(1000),
  body: z.string().max(50000).optional().nullable(),
  durationSec: z.number().int().min(0).max(86400).optional().nullable(),
  outcome: z.enum(CALL_OUTCOMES).optional().nullable(),
  promises: z.array(promiseInput).max(10).default([]),
}).strict().superRefine((v, ctx) => {
  if (v.kind !== 'call' && v.kind !== 'meeting' && v.durationSec != null) ctx.addIssue({ code: 'custom', path: ['durationSec'], message: 'duration applies to calls and meetings' });
  if (v.kind === 'call' && !v.direction) ctx.addIssue({ code: 'custom', path: ['direction'], message: 'a call needs a direction (in or out)' });
});
export type InteractionCreate = z.infer<typeof interactionCreate>;

export const interactionUpdate = z.object({
  kind: z.enum(INTERACTION_KINDS).optional(),
  channel: z.string().trim().max(40).optional().nullable(),
  direction: z.enum(DIRECTIONS).optional().nullable(),
  occurredAt: when.optional(),
  summary: z.string().trim().min(1).max(1000).optional(),
  body: z.string().max(50000).optional().nullable(),
  durationSec: z.number().int().min(0).max(86400).optional().nullable(),
  outcome: z.enum(CALL_OUTCOMES).optional().nullable(),
}).strict();
export type InteractionUpdate = z.infer<typeof interactionUpdate>;

export const taskCreate = z.object({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10000).optional().nullable(),
  customerId: z.uuid().optional().nullable(),
  dueAt: when.optional().nullable(),
  assigneeId: z.uuid().optional(),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  reminderAt: when.optional().nullable(),
}).strict();
export type TaskCreate = z.infer<typeof taskCreate>;

export const taskUpdate = z.object({
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(10000).optional().nullable(),
  dueAt: when.optional().nullable(),
  assigneeId: z.uuid().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  reminderAt: when.optional().nullable(),
}).strict();
export type TaskUpdate = z.infer<typeof taskUpdate>;

export const taskListQuery = z.object({
  view: z.enum(['mine', 'team', 'promises', 'broken_promises']).default('mine'),
  bucket: z.enum(['overdue', 'today', 'upcoming', 'no_date', 'all']).default('all'),
  status: z.enum(TASK_STATUSES).default('open'),
  assigneeId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  /** Without a sort: open tasks by due time (soonest first), done ones by completion (latest first). */
  sort: z.enum(TASK_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const TIMELINE_KINDS = ['interaction', 'task', 'audit'] as const;
export const timelineQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  kinds: z.string().max(200).optional().transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined)),
});

// ---- Answers

export const interactionView = z.object({
  id: uuid, customerId: uuid, kind: z.string(), channel: z.string().nullable(), direction: z.enum(DIRECTIONS).nullable(), occurredAt: isoDateTime,
  authorId: uuid.nullable(), authorName: z.string().nullable(), summary: z.string(), body: z.string().nullable(), durationSec: z.number().nullable(),
  outcome: z.string().nullable(),
  /** A call's recording: a URL, or the PBX's file name when no URL template is set. */
  recording: z.string().nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});

export const taskView = z.object({
  id: uuid, title: z.string(), description: z.string().nullable(), customerId: uuid.nullable(), customerName: z.string().nullable(),
  interactionId: uuid.nullable(), isPromise: z.boolean(), dueAt: isoDateTime.nullable(), assigneeId: uuid, assigneeName: z.string().nullable(),
  createdBy: uuid.nullable(), priority: z.enum(TASK_PRIORITIES), status: z.enum(TASK_STATUSES), reminderAt: isoDateTime.nullable(),
  remindedAt: isoDateTime.nullable(), completedAt: isoDateTime.nullable(), createdAt: isoDateTime, updatedAt: isoDateTime,
  /** Open and past its due time, by the server's clock. */
  overdue: z.boolean(),
});

/** A logged interaction and the tasks its promises became. */
export const interactionCreated = z.object({ interaction: interactionView, promises: z.array(taskView) });

export const taskCounts = z.object({ overdue: z.number(), today: z.number(), upcoming: z.number(), noDate: z.number() });
/** A page of tasks of one bucket, with every bucket's count (in the user's time zone). */
export const taskPage = z.object({
  items: z.array(taskView), total: z.number(), counts: taskCounts, page: z.number(), pageSize: z.number(),
  /** Counts and total stop at this number: a count equal to it means "at least" (show "1000+"). */
  countCap: z.number().optional(),
});
