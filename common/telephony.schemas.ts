/** Telephony: call events in (AMI, signed webhook), the screen-pop card, calls, settings. Shared by the API and the web app. */
import { z } from 'zod';
import { isoInstant } from './time.schemas.ts';
import { isoDateTime, rials, uuid } from './api.schemas.ts';
import { customerInsightsView } from './insights.schemas.ts';

export const CALL_STATUSES = ['ringing', 'answered', 'completed', 'missed', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
/** How a call ended: answered (talked), no_answer, busy, failed (the PBX could not place it). */
export const CALL_END_OUTCOMES = ['answered', 'no_answer', 'busy', 'failed'] as const;
export type CallEndOutcome = (typeof CALL_END_OUTCOMES)[number];

const digits = z.string().trim().regex(/^\d{1,10}$/, 'digits only (1–10)');
const when = isoInstant;

/**
 * The generic webhook's body (cloud PBXs and anything else). Signed: header `X-Mehvar-Timestamp` (Unix seconds) and
 * `X-Mehvar-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the webhook secret>`.
 * Deliveries of the same event are harmless: calls are keyed on `callId`, and a state never goes backwards.
 */
export const webhookCallEvent = z.object({
  callId: z.string().trim().min(1).max(200),
  event: z.enum(['ringing', 'answered', 'ended']),
  direction: z.enum(['in', 'out']).default('in'),
  /** The other party's number as the PBX has it (the caller on incoming calls, the callee on outgoing ones). */
  number: z.string().trim().min(1).max(40),
  /** Ringing: the extensions that ring (a ring group's number is expanded); answered/out: the agent's extension. */
  extensions: z.array(digits).max(100).default([]),
  at: when.optional(),
  /** On `ended`: how it went and how long they talked. */
  outcome: z.enum(CALL_END_OUTCOMES).optional(),
  durationSec: z.number().int().min(0).max(86400).optional(),
  recording: z.string().trim().max(1000).optional(),
}).strict();
export type WebhookCallEvent = z.infer<typeof webhookCallEvent>;

export const extensionMapping = z.object({ extension: digits, userId: z.uuid() }).strict();
export const ringGroup = z.object({ number: digits, name: z.string().trim().max(100).default(''), userIds: z.array(z.uuid()).min(1).max(500) }).strict();

export const amiSettings = z.object({
  enabled: z.boolean().default(false),
  host: z.string().trim().max(200).default(''),
  port: z.number().int().min(1).max(65535).default(5038),
  username: z.string().trim().max(100).default(''),
  /** Write-only: reads show `secretSet`; sending the mask "••••••" or leaving it out keeps the stored one. */
  secret: z.string().max(200).optional(),
  /** The agent's own phone for click-to-call: {extension} is replaced, e.g. PJSIP/{extension} or SIP/{extension}. */
  originateChannel: z.string().trim().max(100).regex(/\{extension\}/, 'must contain {extension}').default('PJSIP/{extension}'),
  originateContext: z.string().trim().max(100).default('from-internal'),
}).strict();

/**
 * A change to the PBX connection: only the fields given. (With `.partial()` the defaults above filled every field
 * left out, so changing the username reset the host, port and switch.)
 */
export const amiSettingsChange = z.object(Object.fromEntries(Object.entries(amiSettings.shape)
  .map(([k, v]) => [k, (v instanceof z.ZodDefault ? v.unwrap() : v).optional()]))).strict() as unknown as z.ZodType<Partial<z.infer<typeof amiSettings>>>;

export const telephonySettingsUpdate = z.object({
  ami: amiSettingsChange.optional(),
  extensions: z.array(extensionMapping).max(2000).optional(),
  ringGroups: z.array(ringGroup).max(200).optional(),
  /** The company's own lines and trunk numbers: calls between them are not customer calls. */
  internalNumbers: z.array(z.string().trim().min(1).max(40)).max(200).optional(),
  /** Digits some PBXs put before an outside number (e.g. "9" or "0"), removed before matching. */
  trunkPrefixes: z.array(digits.max(4)).max(10).optional(),
  /** Where a recording file is served from: {file} is replaced with the PBX's file name. Empty: shown as a name. */
  recordingUrlTemplate: z.string().trim().max(500).optional(),
  /** A missed call from a customer opens a call-back task for their owner. */
  missedCallTasks: z.boolean().optional(),
}).strict();
export type TelephonySettingsUpdate = z.infer<typeof telephonySettingsUpdate>;

/** What GET /api/telephony/settings answers: the stored settings without any secret (secretSet says whether one is set). */
export const telephonySettingsAnswer = z.object({
  ami: z.object({
    enabled: z.boolean(), host: z.string(), port: z.number(), username: z.string(), originateChannel: z.string(), originateContext: z.string(),
    secretSet: z.boolean(), status: z.enum(['off', 'connecting', 'connected', 'disconnected']), lastError: z.string().nullable(),
  }),
  webhook: z.object({ url: z.string(), secretSet: z.boolean(), rotatedAt: isoDateTime.nullable() }),
  extensions: z.array(z.object({ extension: z.string(), userId: uuid })),
  ringGroups: z.array(z.object({ number: z.string(), name: z.string(), userIds: z.array(uuid) })),
  internalNumbers: z.array(z.string()),
  trunkPrefixes: z.array(z.string()),
  recordingUrlTemplate: z.string(),
  missedCallTasks: z.boolean(),
});
export type TelephonySettingsView = z.output<typeof telephonySettingsAnswer>;

/** What the settings screen shows for a stored PBX secret; sent back, it keeps the stored one. */
export const SECRET_MASK = '••••••';

export const amiTestInput = z.object({
  host: z.string().trim().min(1).max(200),
  port: z.number().int().min(1).max(65535).default(5038),
  username: z.string().trim().min(1).max(100),
  /** Left out or the mask: the stored secret. */
  secret: z.string().max(200).optional(),
}).strict();

export const callNotesInput = z.object({
  summary: z.string().trim().min(1).max(1000),
  body: z.string().max(20000).optional().nullable(),
  /** The scorecard's exercise: "what one thing would you change?" — the answer goes to the feedback inbox. */
  oneChange: z.string().trim().max(2000).optional().nullable(),
  promises: z.array(z.object({
    title: z.string().trim().min(1).max(300),
    dueAt: when,
    assigneeId: z.uuid().optional(),
    reminderAt: when.nullable().optional(),
  }).strict()).max(10).default([]),
}).strict();
export type CallNotesInput = z.infer<typeof callNotesInput>;

export const callLinkInput = z.object({
  customerId: z.uuid(),
  /** Also add the caller's number to the customer's phones. */
  addPhone: z.boolean().default(false),
}).strict();

export const originateInput = z.object({
  number: z.string().trim().min(1).max(40),
  customerId: z.uuid().optional(),
}).strict();

export const callListQuery = z.object({
  status: z.enum(CALL_STATUSES).optional(),
  direction: z.enum(['in', 'out']).optional(),
  customerId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  /** Only calls of customers not yet in the CRM. */
  unknown: z.enum(['true', 'false']).optional(),
  from: when.optional(),
  to: when.optional(),
  /** pbx: what the phone system reported; manual: calls logged by hand on a timeline; all (default): both. */
  source: z.enum(['all', 'pbx', 'manual']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
}).strict();

/** A matched customer as the pop-up shows them: enough to greet them and know where things stand. */
export const callCustomerCard = z.object({
  id: uuid,
  displayName: z.string(),
  initials: z.string(),
  kind: z.enum(['person', 'organization']),
  company: z.string().nullable(),
  lifecycleStage: z.string(),
  tags: z.array(z.string()),
  owner: z.object({ id: uuid, name: z.string() }).nullable(),
  openTasks: z.object({
    count: z.number(), items: z.array(z.object({ id: uuid, title: z.string(), dueAt: isoDateTime.nullable(), isPromise: z.boolean() })),
  }).nullable(),
  openTickets: z.object({
    count: z.number(), items: z.array(z.object({ id: uuid, number: z.number(), subject: z.string(), status: z.string() })),
  }).nullable(),
  lastInteraction: z.object({ kind: z.string(), occurredAt: isoDateTime, summary: z.string() }).nullable(),
  /** Paid on invoices, integer Rials as a string; null when the user may not read documents. */
  totalSpent: rials.nullable(),
  /** From the insights module when it has scored the customer; null until then: CLV (12 months, Rials, rounded) and churn risk 0–1. */
  value: z.string().nullable(),
  churnRisk: z.number().nullable(),
  /** The customer's scores (RFM segment, predictions, churn risk and health with reasons, top 3 offers); null until scored. */
  insights: customerInsightsView.nullable(),
});
export type CallCustomerCard = z.output<typeof callCustomerCard>;

/** The `call` realtime event and GET /api/telephony/calls/:id. */
export const callView = z.object({
  /** The call's id; for a call logged by hand (source manual), its timeline entry's id. */
  id: uuid,
  source: z.enum(['pbx', 'manual']),
  /** What was said (the timeline entry's summary); null on a PBX call without notes. */
  summary: z.string().nullable(),
  direction: z.enum(['in', 'out']),
  status: z.enum(CALL_STATUSES),
  /** The other party's number: E.164 when it parses, else as the PBX sent it. */
  number: z.string(),
  numberValid: z.boolean(),
  extension: z.string().nullable(),
  agent: z.object({ id: uuid, name: z.string() }).nullable(),
  startedAt: isoDateTime,
  answeredAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  durationSec: z.number().nullable(),
  outcome: z.enum(CALL_END_OUTCOMES).nullable(),
  recordingUrl: z.string().nullable(),
  recordingName: z.string().nullable(),
  /** The customer the call is filed under (the only match, or the one the agent chose/linked). */
  customer: z.object({ id: uuid, displayName: z.string() }).nullable(),
  interactionId: uuid.nullable(),
  /** Customers whose phones include the number (at most 5 cards; `matchCount` says how many there are). */
  matches: z.array(callCustomerCard),
  matchCount: z.number(),
  notesSaved: z.boolean(),
});
export type CallView = z.output<typeof callView>;
export const callPage = z.object({ items: z.array(callView), nextCursor: z.string().nullable() });
/** The calls that should have a pop-up on this user's screen (a bare list, newest first). */
export const activeCallList = z.array(callView);

/** GET /api/telephony/me: whether this user's phone numbers are click-to-call. */
export const telephonyMeAnswer = z.object({ extension: z.string().nullable(), clickToCall: z.boolean() });
export type TelephonyMe = z.output<typeof telephonyMeAnswer>;

/** "Test connection": logged in (with the PBX's version), or what went wrong. */
export const amiTestResult = z.object({ ok: z.boolean(), message: z.string(), version: z.string().optional() });
/** A new webhook secret: shown in this answer only. */
export const webhookSecretRotated = z.object({ secret: z.string(), rotatedAt: isoDateTime });
/** A delivered call event: the call it applies to, whether it changed anything, or why it was ignored. */
export const callEventAccepted = z.object({ callId: uuid.nullable(), applied: z.boolean(), ignored: z.literal('internal').optional() });
