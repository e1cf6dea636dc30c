/** Outbound webhooks: the events an endpoint may choose, the endpoint's input and views, and the delivery log. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

/** Every event a webhook endpoint can subscribe to (the `ping` of "send test" is not one: it goes to one endpoint, on demand). */
export const WEBHOOK_EVENTS = [
  'customer.created', 'customer.updated', 'customer.merged', 'customer.health_changed',
  'deal.won', 'deal.lost',
  'quote.accepted', 'invoice.paid',
  'ticket.created', 'ticket.resolved',
  'survey.answered',
  'call.missed',
  'lead.submitted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventType = z.enum(WEBHOOK_EVENTS);

const url = z.string().trim().min(1).max(2000);
const events = z.array(webhookEventType).min(1).max(WEBHOOK_EVENTS.length).transform((a) => [...new Set(a)]);

export const webhookCreate = z.object({
  url,
  events,
  description: z.string().trim().max(500).default(''),
  active: z.boolean().default(true),
}).strict();
export type WebhookCreate = z.infer<typeof webhookCreate>;

export const webhookUpdate = z.object({
  url: url.optional(),
  events: events.optional(),
  description: z.string().trim().max(500).optional(),
  active: z.boolean().optional(),
}).strict();
export type WebhookUpdate = z.infer<typeof webhookUpdate>;

export const webhookView = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  active: z.boolean(),
  /** The secret's last four characters, to tell which one a receiver holds (the whole secret is shown once). */
  secretHint: z.string(),
  /** When the secret was last rotated (null: never). */
  secretRotatedAt: isoDateTime.nullable(),
  /** After a rotation: until when deliveries also carry the previous secret's signature (null: none). */
  previousSecretUntil: isoDateTime.nullable(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  /** The latest delivery attempt's outcome, for the list. */
  lastDelivery: z.object({ at: isoDateTime, statusCode: z.number().nullable(), ok: z.boolean() }).nullable(),
});
export type WebhookView = z.output<typeof webhookView>;

/** A secret rotation: how long deliveries keep signing with the previous secret too (0: not at all). */
export const webhookRotate = z.object({ keepPreviousHours: z.number().int().min(0).max(72).default(24) }).strict();

/** The answer of a create: the view plus the signing secret, shown this once. */
export const webhookCreated = webhookView.extend({ secret: z.string() });

export const webhookDeliveryView = z.object({
  id: uuid,
  /** The event's id (the X-Mehvar-Event-Id header; the same on every retry). */
  eventId: uuid,
  eventType: z.string(),
  /** The event's state: pending (a retry is due), delivering, delivered, failed (no more retries). */
  eventStatus: z.string(),
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  ok: z.boolean(),
  responseExcerpt: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: isoDateTime,
});
export type WebhookDeliveryView = z.output<typeof webhookDeliveryView>;

export const webhookDeliveryPage = z.object({ items: z.array(webhookDeliveryView), nextCursor: z.string().nullable() });
export const webhookDeliveryQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
}).strict();

/** What one send (the test ping, a redelivery) came to: the receiver's status, or why nothing was delivered. */
export const webhookSendResult = z.object({
  ok: z.boolean(),
  statusCode: z.number().int().nullable(),
  /** "refused: private address", "timeout", a connection error … (null when the receiver answered). */
  error: z.string().nullable(),
  durationMs: z.number().int(),
  delivery: webhookDeliveryView,
});
