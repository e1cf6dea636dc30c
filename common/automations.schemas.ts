/**
 * Automations: a trigger (a record event, a daily schedule in Tehran time, or a manual start), an optional condition
 * in the segment language checked for the customer when the run starts, and ordered actions with optional waits.
 */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';
import { WEBHOOK_EVENTS } from './webhooks.schemas.ts';
import { LIFECYCLE_STAGES } from './customer.schemas.ts';
import { segmentNode } from './segments.schemas.ts';
import { IMPORTANT_DATE_KINDS } from './preferences.schemas.ts';

/** The record events an automation may start on: every webhook event, and a quote's or invoice's first sending (not webhook events). */
export const AUTOMATION_EVENTS = [...WEBHOOK_EVENTS, 'quote.sent', 'invoice.sent'] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];
export const AUTOMATION_TRIGGERS = ['event', 'schedule', 'manual'] as const;
/** Whom a daily schedule picks: a segment's members (each once, when first found in it), birthdays N days ahead (Jalali), no purchase for N days. */
export const AUTOMATION_SCHEDULES = ['segment', 'birthday', 'importantDate', 'noPurchase'] as const;
export const AUTOMATION_ACTIONS = ['sms', 'email', 'task', 'addTag', 'removeTag', 'setStage', 'wait'] as const;
export type AutomationActionKind = (typeof AUTOMATION_ACTIONS)[number];
export const AUTOMATION_RUN_STATUSES = ['pending', 'waiting', 'done', 'skipped', 'failed'] as const;
export type AutomationRunStatus = (typeof AUTOMATION_RUN_STATUSES)[number];
export const AUTOMATION_UNITS = ['hours', 'days'] as const;

export const automationTrigger = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), event: z.enum(AUTOMATION_EVENTS) }).strict(),
  z.object({
    kind: z.literal('schedule'),
    /** Hour of the day in Tehran at which the day's customers are picked. */
    hour: z.number().int().min(0).max(23),
    rule: z.discriminatedUnion('type', [
      z.object({ type: z.literal('segment'), segmentId: z.uuid() }).strict(),
      z.object({ type: z.literal('birthday'), daysBefore: z.number().int().min(0).max(60) }).strict(),
      /** A date on the customer's preferences (an anniversary …), N days ahead, by the date's own calendar. */
      z.object({ type: z.literal('importantDate'), daysBefore: z.number().int().min(0).max(60), dateKind: z.enum(IMPORTANT_DATE_KINDS).default('anniversary') }).strict(),
      z.object({ type: z.literal('noPurchase'), days: z.number().int().min(1).max(3650) }).strict(),
    ]),
  }).strict(),
  z.object({ kind: z.literal('manual') }).strict(),
]);
export type AutomationTrigger = z.infer<typeof automationTrigger>;

const unit = z.enum(AUTOMATION_UNITS);
export const automationAction = z.discriminatedUnion('kind', [
  /** Advertising texts wait for 09:00–21:00 Tehran time; service texts go at any hour. Consent for SMS is required. */
  z.object({ kind: z.literal('sms'), body: z.string().trim().min(1).max(1000), advertising: z.boolean().default(false) }).strict(),
  /** `marketing`: counts toward the contact policy's frequency cap and obeys its suppression list (transactional mail does not). */
  z.object({ kind: z.literal('email'), subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(10000), marketing: z.boolean().optional() }).strict(),
  /** A task for the customer's owner (else the automation's author), due this long after the step runs. */
  z.object({ kind: z.literal('task'), title: z.string().trim().min(1).max(300), dueIn: z.number().int().min(0).max(8760), unit }).strict(),
  z.object({ kind: z.literal('addTag'), tag: z.string().trim().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('removeTag'), tag: z.string().trim().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('setStage'), stage: z.enum(LIFECYCLE_STAGES) }).strict(),
  z.object({ kind: z.literal('wait'), amount: z.number().int().min(1).max(8760), unit }).strict(),
]);
export type AutomationAction = z.infer<typeof automationAction>;

export const automationInput = z.object({
  name: z.string().trim().min(1).max(150),
  description: z.string().trim().max(1000).default(''),
  trigger: automationTrigger,
  conditions: segmentNode.nullable().default(null),
  actions: z.array(automationAction).min(1).max(20),
  enabled: z.boolean().default(false),
  /** The built-in template it was made from, if any. */
  template: z.string().max(40).nullable().default(null),
}).strict();
export type AutomationInput = z.infer<typeof automationInput>;

export const automationUpdate = z.object({
  name: z.string().trim().min(1).max(150).optional(),
  description: z.string().trim().max(1000).optional(),
  trigger: automationTrigger.optional(),
  conditions: segmentNode.nullable().optional(),
  actions: z.array(automationAction).min(1).max(20).optional(),
  enabled: z.boolean().optional(),
}).strict();
export type AutomationUpdate = z.infer<typeof automationUpdate>;

export const automationView = z.object({
  id: uuid, name: z.string(), description: z.string(), trigger: automationTrigger, conditions: segmentNode.nullable(), actions: z.array(automationAction),
  enabled: z.boolean(), version: z.number().int(), template: z.string().nullable(),
  runs: z.object({ total: z.number().int(), active: z.number().int(), done: z.number().int(), failed: z.number().int() }),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});

export const automationRunInput = z.object({ customerIds: z.array(z.uuid()).min(1).max(500) }).strict();

export const automationRunLog = z.object({ step: z.number().int(), action: z.string(), outcome: z.string(), detail: z.string().nullable(), at: isoDateTime });
export const automationRunView = z.object({
  id: uuid, automationId: uuid, automationName: z.string(), version: z.number().int(), customerId: uuid, customerName: z.string(),
  occurrence: z.string(), status: z.enum(AUTOMATION_RUN_STATUSES), step: z.number().int(), steps: z.number().int(), dueAt: isoDateTime.nullable(),
  error: z.string().nullable(), log: z.array(automationRunLog), createdAt: isoDateTime, finishedAt: isoDateTime.nullable(),
});

export const automationTemplateView = z.object({
  key: z.string(), name: z.object({ fa: z.string(), en: z.string() }), description: z.object({ fa: z.string(), en: z.string() }),
  definition: automationInput,
});
