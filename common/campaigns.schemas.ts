/** SMS campaigns to a segment: personalized text, consent only, a random hold-out group for measured lift, results. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Placeholders a text may use; Persian names too. {greeting} is «آقای رضایی» / «خانم رضایی» / the name. */
export const CAMPAIGN_PLACEHOLDERS = ['firstName', 'lastName', 'name', 'greeting'] as const;

export const campaignInput = z.object({
  name: z.string().trim().min(1).max(150),
  segmentId: z.uuid(),
  body: z.string().trim().min(1).max(1000),
  /** Percent of the eligible customers kept out at random, to measure what the campaign changed (0–50). */
  holdoutPercent: z.number().int().min(0).max(50).default(10),
  /** Advertising SMS may go only between 09:00 and 21:00 Tehran time; service messages at any hour. */
  advertising: z.boolean().default(true),
  /** A purchase within this many days of sending counts as a conversion. */
  conversionDays: z.number().int().min(1).max(90).default(14),
  scheduledAt: z.iso.datetime({ offset: true }).nullable().default(null),
}).strict();
export type CampaignInput = z.infer<typeof campaignInput>;

export const campaignUpdate = z.object({
  name: z.string().trim().min(1).max(150).optional(),
  segmentId: z.uuid().optional(),
  body: z.string().trim().min(1).max(1000).optional(),
  holdoutPercent: z.number().int().min(0).max(50).optional(),
  advertising: z.boolean().optional(),
  conversionDays: z.number().int().min(1).max(90).optional(),
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
}).strict();

export const campaignView = z.object({
  id: uuid, name: z.string(), segmentId: uuid, segmentName: z.string().nullable(), channel: z.literal('sms'), body: z.string(),
  holdoutPercent: z.number().int(), advertising: z.boolean(), conversionDays: z.number().int(), status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: isoDateTime.nullable(), startedAt: isoDateTime.nullable(), finishedAt: isoDateTime.nullable(),
  recipients: z.number().int(), holdout: z.number().int(), queued: z.number().int(), remaining: z.number().int(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});

export const campaignPreview = z.object({
  /** Customers in the segment (in the reader's scope). */
  inSegment: z.number().int(),
  /** Of them, with SMS consent and a mobile number. */
  eligible: z.number().int(),
  /** Expected hold-out and recipients. */
  holdout: z.number().int(),
  recipients: z.number().int(),
  parts: z.number().int().meta({ description: 'SMS parts of the longest personalized text in the sample' }),
  samples: z.array(z.object({ customerId: uuid, name: z.string(), phone: z.string(), text: z.string() })),
});

const rate = z.object({ customers: z.number().int(), converted: z.number().int(), rate: z.number() });
export const campaignResults = z.object({
  status: z.enum(CAMPAIGN_STATUSES),
  recipients: z.number().int(), pending: z.number().int(), queued: z.number().int(), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(),
  optedOut: z.number().int().meta({ description: 'Recipients who withdrew SMS consent since the campaign started' }),
  conversion: z.object({
    days: z.number().int(), sent: rate, holdout: rate,
    /** sent.rate − holdout.rate, with a 95% confidence interval (normal approximation); null without a hold-out. */
    lift: z.number().nullable(), liftLow: z.number().nullable(), liftHigh: z.number().nullable(),
  }),
});
