/** Email and SMS: the message log, the channel settings as the settings screen sees them, and sending. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

export const SMS_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'unknown'] as const;
export const SMS_DRIVER_NAMES = ['kavenegar', 'smsir', 'melipayamak', 'twilio', 'log'] as const;

/** One email or SMS to or from a customer, as logged. */
export const messageView = z.object({
  id: uuid, channel: z.enum(['email', 'sms']), direction: z.enum(['in', 'out']), address: z.string(), subject: z.string().nullable(),
  body: z.string(), status: z.string(), provider: z.string().nullable(), providerStatus: z.string().nullable(), error: z.string().nullable(),
  attempts: z.number(), subjectType: z.string().nullable(), subjectId: uuid.nullable(), meta: z.record(z.string(), z.unknown()),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});

const source = z.enum(['settings', 'environment']);
/**
 * Where email and SMS go out. Secrets come back masked ("•••xyz", a URL's password as •••); sending a masked value
 * back keeps the stored one.
 */
export const channelsView = z.object({
  smtp: z.object({ url: z.string(), from: z.string(), source }).nullable(),
  // The stored settings' fields in jsonb's key order (shorter first), then where they come from.
  sms: z.object({
    apiKey: z.string().optional(), driver: z.enum(SMS_DRIVER_NAMES), sender: z.string().optional(), advertisingSender: z.string().optional(), baseUrl: z.string().optional(),
    password: z.string().optional(), username: z.string().optional(), authToken: z.string().optional(), accountSid: z.string().optional(), source,
  }).nullable(),
  /** The URL to give the SMS gateway for delivery reports and replies. */
  smsWebhookUrl: z.string(),
});

/** A test email or SMS went out: the provider's id for it (and, for SMS, its first status). */
export const channelTestResult = z.object({ ok: z.literal(true), providerId: z.string(), status: z.enum(SMS_STATUSES).optional() });

/** A message to a customer, queued (the outbox sends it); an SMS says how many parts it costs. */
export const messageQueued = z.object({
  id: uuid, channel: z.enum(['email', 'sms']), address: z.string(), status: z.literal('queued'),
  parts: z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), chars: z.number(), parts: z.number(), perPart: z.number() }).optional(),
});

/** What a gateway's callback changed: delivery reports applied and texts received. */
export const smsWebhookResult = z.object({ statuses: z.number(), received: z.number() });
