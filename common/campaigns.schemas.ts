/** SMS campaigns to a segment: personalized text, consent only, a random hold-out group for measured lift, results. */
import { z } from 'zod';
import { isoDateTime, uuid } from './api.schemas.ts';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
/** `preferred`: each recipient by their preferred channel (SMS or email) when they consent and have the address, else the other. */
export const CAMPAIGN_CHANNELS = ['sms', 'email', 'preferred'] as const;
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];
/** The channel a message actually goes by (a gateway). */
export const SEND_CHANNELS = ['sms', 'email'] as const;
export type SendChannel = (typeof SEND_CHANNELS)[number];
export const CAMPAIGN_LANGUAGES = ['fa', 'en'] as const;
export type CampaignLanguage = (typeof CAMPAIGN_LANGUAGES)[number];
/** How an A/B test's winner is chosen: the higher share of its recipients who clicked (or opened, email only); a tie goes to A. */
export const AB_RULES = ['clicks', 'opens'] as const;
export type AbRule = (typeof AB_RULES)[number];

/**
 * Placeholders a text may use; Persian names too. {greeting} is «آقای رضایی» / «خانم رضایی» / the name; {lastProduct}
 * the product of the latest purchase; {points} and {tier} the club balance and tier; {offer} a product the customer has
 * not bought that buyers of what they bought buy most (else the campaign's offer text).
 */
export const CAMPAIGN_PLACEHOLDERS = ['firstName', 'lastName', 'name', 'greeting', 'link', 'lastProduct', 'points', 'tier', 'offer'] as const;

const linkUrl = z.url({ protocol: /^https?$/ }).max(2000);
/** The fields both the new campaign and a change share (without defaults). */
const extra = {
  channel: z.enum(CAMPAIGN_CHANNELS),
  subject: z.string().trim().min(1).max(200).nullable(),
  /** The one address {link} leads to, through a personal short link that records the click. */
  linkUrl: linkUrl.nullable(),
  /** Messages a minute for this campaign; null: the gateway's limit. */
  ratePerMinute: z.number().int().min(1).max(100_000).nullable(),
  bodyB: z.string().trim().min(1).max(5000).nullable(),
  subjectB: z.string().trim().min(1).max(200).nullable(),
  /** Percent of the recipients in the A/B test (half get A, half B); 0: no test. */
  abPercent: z.number().int().min(0).max(100),
  abRule: z.enum(AB_RULES),
  /** Hours after the start when the winner is chosen and sent to the rest. */
  abHours: z.number().int().min(1).max(168),
  /** A `preferred` campaign's email text (its `body` is the SMS text). */
  emailBody: z.string().trim().min(1).max(5000).nullable(),
  /** The English texts, for customers whose language is English (others, and any text left empty, get the Persian). */
  bodyEn: z.string().trim().min(1).max(5000).nullable(),
  subjectEn: z.string().trim().min(1).max(200).nullable(),
  emailBodyEn: z.string().trim().min(1).max(5000).nullable(),
  /** What {offer} says when no co-purchase suggests a product for the customer. */
  offerText: z.string().trim().min(1).max(300).nullable(),
  offerTextEn: z.string().trim().min(1).max(300).nullable(),
};
const extraDefaults = {
  emailBody: extra.emailBody.default(null), bodyEn: extra.bodyEn.default(null), subjectEn: extra.subjectEn.default(null),
  emailBodyEn: extra.emailBodyEn.default(null), offerText: extra.offerText.default(null), offerTextEn: extra.offerTextEn.default(null),
};
const extraOptional = {
  emailBody: extra.emailBody.optional(), bodyEn: extra.bodyEn.optional(), subjectEn: extra.subjectEn.optional(),
  emailBodyEn: extra.emailBodyEn.optional(), offerText: extra.offerText.optional(), offerTextEn: extra.offerTextEn.optional(),
};

export const campaignInput = z.object({
  name: z.string().trim().min(1).max(150),
  segmentId: z.uuid(),
  body: z.string().trim().min(1).max(5000),
  channel: extra.channel.default('sms'),
  subject: extra.subject.default(null),
  linkUrl: extra.linkUrl.default(null),
  ratePerMinute: extra.ratePerMinute.default(null),
  bodyB: extra.bodyB.default(null),
  subjectB: extra.subjectB.default(null),
  abPercent: extra.abPercent.default(0),
  abRule: extra.abRule.default('clicks'),
  abHours: extra.abHours.default(4),
  ...extraDefaults,
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
  body: z.string().trim().min(1).max(5000).optional(),
  channel: extra.channel.optional(), subject: extra.subject.optional(), linkUrl: extra.linkUrl.optional(), ratePerMinute: extra.ratePerMinute.optional(),
  bodyB: extra.bodyB.optional(), subjectB: extra.subjectB.optional(), abPercent: extra.abPercent.optional(), abRule: extra.abRule.optional(), abHours: extra.abHours.optional(),
  ...extraOptional,
  holdoutPercent: z.number().int().min(0).max(50).optional(),
  advertising: z.boolean().optional(),
  conversionDays: z.number().int().min(1).max(90).optional(),
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
}).strict();

export const campaignView = z.object({
  id: uuid, name: z.string(), segmentId: uuid, segmentName: z.string().nullable(), channel: z.enum(CAMPAIGN_CHANNELS), body: z.string(),
  subject: z.string().nullable(), linkUrl: z.string().nullable(), ratePerMinute: z.number().int().nullable(),
  bodyB: z.string().nullable(), subjectB: z.string().nullable(), abPercent: z.number().int(), abRule: z.enum(AB_RULES), abHours: z.number().int(),
  abWinner: z.enum(['a', 'b']).nullable(), abDecidedAt: isoDateTime.nullable(),
  emailBody: z.string().nullable(), bodyEn: z.string().nullable(), subjectEn: z.string().nullable(), emailBodyEn: z.string().nullable(),
  offerText: z.string().nullable(), offerTextEn: z.string().nullable(),
  holdoutPercent: z.number().int(), advertising: z.boolean(), conversionDays: z.number().int(), status: z.enum(CAMPAIGN_STATUSES),
  scheduledAt: isoDateTime.nullable(), startedAt: isoDateTime.nullable(), finishedAt: isoDateTime.nullable(),
  recipients: z.number().int(), holdout: z.number().int(), queued: z.number().int(), remaining: z.number().int(),
  waiting: z.number().int().meta({ description: 'Recipients waiting for the A/B winner' }),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});

export const campaignPreview = z.object({
  /** Customers in the segment (in the reader's scope). */
  inSegment: z.number().int(),
  /** Of them, with consent for the channel and a mobile number (SMS) or an email address. */
  eligible: z.number().int(),
  /** Expected hold-out and recipients. */
  holdout: z.number().int(),
  recipients: z.number().int(),
  parts: z.number().int().meta({ description: 'SMS parts of the longest personalized text in the sample' }),
  /** Of the recipients (before the hold-out), how many go by SMS and by email (a `preferred` campaign splits them). */
  byChannel: z.object({ sms: z.number().int(), email: z.number().int() }),
  samples: z.array(z.object({
    customerId: uuid, name: z.string(), phone: z.string().meta({ description: 'The mobile or the email address' }), subject: z.string().nullable(), text: z.string(),
    channel: z.enum(SEND_CHANNELS), language: z.enum(CAMPAIGN_LANGUAGES).meta({ description: 'The text\'s language: the customer\'s preferred language when the campaign has that text, else Persian' }),
  })),
});

/** A test send: one message to a staff member's phone or email, rendered for a sample (or the given) customer. */
export const campaignTestSend = z.object({
  to: z.string().trim().min(3).max(200).meta({ description: 'A mobile number or an email address' }),
  customerId: z.uuid().optional().meta({ description: 'Render for this customer (in the sender\'s scope); default: the first in the preview' }),
}).strict();
export const campaignTestSendAnswer = z.object({
  messageId: uuid, channel: z.enum(SEND_CHANNELS), address: z.string(), customerId: uuid.nullable(), language: z.enum(CAMPAIGN_LANGUAGES),
  subject: z.string().nullable(), text: z.string(),
});

const rate = z.object({ customers: z.number().int(), converted: z.number().int(), rate: z.number() });
export const campaignResults = z.object({
  status: z.enum(CAMPAIGN_STATUSES),
  recipients: z.number().int(), pending: z.number().int(), queued: z.number().int(), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(),
  optedOut: z.number().int().meta({ description: 'Recipients who withdrew consent for the channel since the campaign started' }),
  opened: z.number().int().meta({ description: 'Recipients whose email was opened (the pixel; email only, a lower bound)' }),
  clicked: z.number().int().meta({ description: 'Recipients who followed their tracked link at least once' }),
  clicks: z.number().int(),
  unsubscribed: z.number().int().meta({ description: 'Recipients who used the unsubscribe link of this campaign' }),
  suppressed: z.number().int().meta({ description: 'Recipients skipped because their address is on the suppression list' }),
  frequencyCapped: z.number().int().meta({ description: 'Recipients skipped because they had reached the contact policy\'s frequency cap' }),
  ab: z.object({
    rule: z.enum(AB_RULES), percent: z.number().int(), winner: z.enum(['a', 'b']).nullable(), decidedAt: isoDateTime.nullable(),
    variants: z.array(z.object({ variant: z.enum(['a', 'b']), queued: z.number().int(), opened: z.number().int(), clicked: z.number().int(), rate: z.number() })),
  }).nullable(),
  byChannel: z.array(z.object({
    channel: z.enum(SEND_CHANNELS), queued: z.number().int(), sent: z.number().int(), delivered: z.number().int(), failed: z.number().int(),
    opened: z.number().int(), clicked: z.number().int(),
  })).meta({ description: 'Queued recipients by the channel their message went by (one row for an SMS or email campaign)' }),
  conversion: z.object({
    days: z.number().int(), sent: rate, holdout: rate,
    /** sent.rate − holdout.rate, with a 95% confidence interval (normal approximation); null without a hold-out. */
    lift: z.number().nullable(), liftLow: z.number().nullable(), liftHigh: z.number().nullable(),
  }),
});
