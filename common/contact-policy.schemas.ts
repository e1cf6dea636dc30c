/**
 * The marketing contact policy (issue 18): when advertising SMS may go out (quiet hours, Tehran time), how many
 * marketing messages a customer may get in a window of days (the frequency cap, across campaigns and automations), and
 * the suppression list of numbers and emails that never get marketing.
 */
import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const CONTACT_POLICY_DEFAULTS = { quietStart: '21:00', quietEnd: '09:00', capCount: 0, capDays: 7 };
export const contactPolicy = z.object({
  /** No advertising SMS goes out from quietStart until quietEnd (Tehran); it waits. Equal times: no quiet hours. */
  quietStart: hhmm.default(CONTACT_POLICY_DEFAULTS.quietStart),
  quietEnd: hhmm.default(CONTACT_POLICY_DEFAULTS.quietEnd),
  /** At most this many marketing messages (SMS and email together) per customer in `capDays` days; 0 = no cap. */
  capCount: z.number().int().min(0).max(100).default(CONTACT_POLICY_DEFAULTS.capCount),
  capDays: z.number().int().min(1).max(90).default(CONTACT_POLICY_DEFAULTS.capDays),
}).strict();
export type ContactPolicy = z.output<typeof contactPolicy>;

export const SUPPRESSION_CHANNELS = ['sms', 'email'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];
export const SUPPRESSION_SOURCES = ['admin', 'opt_out'] as const;

export const suppressionInput = z.object({
  channel: z.enum(SUPPRESSION_CHANNELS),
  /** A phone number in any common form (stored E.164) or an email address (stored in lower case). */
  address: z.string().trim().min(3).max(200),
  reason: z.string().trim().min(1).max(300),
}).strict();
export type SuppressionInput = z.output<typeof suppressionInput>;

export const suppressionView = z.object({
  id: z.uuid(), channel: z.enum(SUPPRESSION_CHANNELS), address: z.string(), reason: z.string(),
  source: z.enum(SUPPRESSION_SOURCES), createdBy: z.string().nullable(), createdByName: z.string().nullable(), createdAt: z.string(),
});
export const suppressionPage = z.object({ items: z.array(suppressionView), total: z.number().int() });
export const suppressionQuery = z.object({
  q: z.string().trim().max(200).optional(), channel: z.enum(SUPPRESSION_CHANNELS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).default(0),
});

/** Why a marketing message was not sent (campaign recipients' reason, automation steps' detail). */
export const MARKETING_SKIPS = ['suppressed', 'frequency_cap'] as const;
export type MarketingSkip = (typeof MARKETING_SKIPS)[number];
