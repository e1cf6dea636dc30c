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

/**
 * The record events an automation may start on: every webhook event, a quote's or invoice's first sending, and the
 * automation-only events (not webhook events): a lifecycle stage or a deal stage that changed (with from/to), an SLA
 * clock that ran out (once per ticket, clock and deadline), and a churn risk that crossed into high (≥ CHURN_HIGH).
 */
export const AUTOMATION_EVENTS = [...WEBHOOK_EVENTS, 'quote.sent', 'invoice.sent', 'customer.stage_changed', 'deal.stage_changed', 'ticket.sla_breached', 'customer.churn_risk_high'] as const;
/** Churn risk from this score up is "high" (the profile's red band). */
export const CHURN_HIGH = 70;
/** Customer fields an update trigger may watch (names as in the customer API; custom fields as `custom.<key>`). */
export const WATCHED_FIELDS = ['firstName', 'lastName', 'orgName', 'phones', 'emails', 'city', 'province', 'birthday', 'preferredChannel', 'tags', 'ownerId', 'teamId', 'source', 'lifecycleStage', 'smsConsent', 'emailConsent'] as const;
/** Customer fields the "update a field" action may set (validated as the customer API validates them), plus custom.<key>. */
export const SETTABLE_FIELDS = ['city', 'province', 'preferredChannel', 'source', 'lifecycleStage', 'title', 'contactHours'] as const;
const fieldName = z.string().trim().min(1).max(70).regex(/^(custom\.[A-Za-z0-9_]{1,60}|[A-Za-z]{1,40})$/, 'a customer field or custom.<key>');
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];
export const AUTOMATION_TRIGGERS = ['event', 'schedule', 'manual'] as const;
/** Whom a daily schedule picks: a segment's members (each once, when first found in it), birthdays N days ahead (Jalali), no purchase for N days. */
export const AUTOMATION_SCHEDULES = ['segment', 'birthday', 'importantDate', 'noPurchase', 'noContact', 'contractEnd'] as const;
export const AUTOMATION_ACTIONS = ['sms', 'email', 'preferredChannel', 'task', 'assignOwner', 'addTag', 'removeTag', 'setStage', 'setField', 'startSurvey', 'webhook', 'branch', 'wait'] as const;
export type AutomationActionKind = (typeof AUTOMATION_ACTIONS)[number];
export const AUTOMATION_RUN_STATUSES = ['pending', 'waiting', 'done', 'skipped', 'failed'] as const;
export type AutomationRunStatus = (typeof AUTOMATION_RUN_STATUSES)[number];
export const AUTOMATION_UNITS = ['hours', 'days'] as const;

export const automationTrigger = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'), event: z.enum(AUTOMATION_EVENTS),
    /** customer.updated only: start when this field was among the changed ones. */
    field: fieldName.optional(),
    /** customer.stage_changed (a lifecycle stage) and deal.stage_changed (a stage id): start only from / to this one. */
    from: z.string().trim().min(1).max(60).optional(),
    to: z.string().trim().min(1).max(60).optional(),
  }).strict(),
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
      /** N or more days since the last interaction (call, meeting, note …); once per silence. */
      z.object({ type: z.literal('noContact'), days: z.number().int().min(1).max(3650) }).strict(),
      /** An active contract ends N days from today. */
      z.object({ type: z.literal('contractEnd'), daysBefore: z.number().int().min(0).max(365) }).strict(),
    ]),
  }).strict(),
  z.object({ kind: z.literal('manual') }).strict(),
]);
export type AutomationTrigger = z.infer<typeof automationTrigger>;

const unit = z.enum(AUTOMATION_UNITS);
const simpleActions = [
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
  /** One message, two texts: sent on the customer's preferred channel (SMS or email) when they consented to it, else on the other. */
  z.object({
    kind: z.literal('preferredChannel'), sms: z.string().trim().min(1).max(1000), subject: z.string().trim().min(1).max(300),
    email: z.string().trim().min(1).max(10000), advertising: z.boolean().default(false),
  }).strict(),
  /** A named user, or round-robin among the active members of a team. */
  z.object({ kind: z.literal('assignOwner'), userId: z.uuid().optional(), teamId: z.uuid().optional() }).strict()
    .refine((a) => Boolean(a.userId) !== Boolean(a.teamId), { message: 'choose a user or a team', path: ['userId'] }),
  /** A whitelisted customer field (SETTABLE_FIELDS) or custom.<key>, validated as the customer API does. */
  z.object({ kind: z.literal('setField'), field: fieldName, value: z.union([z.string().max(500), z.number(), z.boolean(), z.null()]) }).strict(),
  /** Sends an existing survey through the surveys module (consent, fatigue and quiet hours apply there). */
  z.object({ kind: z.literal('startSurvey'), surveyId: z.uuid() }).strict(),
  /** Calls an endpoint registered in the webhook settings (never a typed URL), signed as every webhook is. */
  z.object({ kind: z.literal('webhook'), endpointId: z.uuid() }).strict(),
] as const;
const simpleAction = z.discriminatedUnion('kind', simpleActions);
export const automationAction = z.discriminatedUnion('kind', [
  ...simpleActions,
  /** If the customer matches the condition (segment language), the then-steps run next, else the else-steps; one level deep. */
  z.object({
    kind: z.literal('branch'), condition: segmentNode,
    then: z.array(simpleAction).max(10).default([]), else: z.array(simpleAction).max(10).default([]),
  }).strict(),
]);
export type AutomationAction = z.infer<typeof automationAction>;
export type SimpleAutomationAction = z.infer<typeof simpleAction>;

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

/** An automation run on the customer's timeline (kind `automation_run`): the rule, the outcome so far, and the run's link. */
export const automationRunTimelineData = z.object({
  runId: uuid, automationId: uuid, automationName: z.string(), status: z.enum(AUTOMATION_RUN_STATUSES), step: z.number().int(), steps: z.number().int(),
  lastAction: z.string().nullable(), lastOutcome: z.string().nullable(), finishedAt: isoDateTime.nullable(), link: z.string(),
});
