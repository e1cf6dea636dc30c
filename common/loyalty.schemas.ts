/** The customer club (باشگاه مشتریان): one program, a points ledger per customer, tiers over a rolling window. */
import { z } from 'zod';

export const LEDGER_KINDS = ['earn', 'redeem', 'expire', 'adjust', 'reverse'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
/** What a tier's threshold counts over its rolling window: points earned, or Rials spent on paid invoices. */
export const TIER_BASES = ['points', 'spend'] as const;
export type TierBasis = (typeof TIER_BASES)[number];
export const BONUS_EVENTS = ['birthday', 'referral', 'survey_answered', 'first_purchase', 'review'] as const;
export type BonusEvent = (typeof BONUS_EVENTS)[number];

const key = z.string().trim().regex(/^[a-z0-9_-]{1,30}$/, 'lower-case letters, digits, - and _');
const points = z.number().int().min(0).max(1_000_000_000);

export const tierInput = z.object({
  key,
  nameFa: z.string().trim().min(1).max(60),
  nameEn: z.string().trim().min(1).max(60),
  /** Points earned (or Rials spent) within the window to reach the tier; the lowest tier usually has 0. */
  threshold: z.number().int().min(0).max(1e15),
  discountPercent: z.number().min(0).max(100).default(0),
  freeService: z.string().trim().max(200).default(''),
  /** A ticket priority the tier is served at (support's SLA policies are per priority); '' for none. */
  slaPriority: z.enum(['', 'normal', 'high', 'urgent']).default(''),
  /** A sales price list a member's new quote or invoice naming no list is priced from; null for none. */
  priceListId: z.uuid().nullable().optional(),
}).strict();
export type Tier = z.infer<typeof tierInput>;

export const programInput = z.object({
  enabled: z.boolean().default(true),
  /** One point for every this many Rials spent (net of VAT) on a paid invoice. */
  rialsPerPoint: z.number().int().min(1).max(1e12).default(100_000),
  /** Per product category, another rate (a category not listed uses rialsPerPoint). */
  categoryRates: z.array(z.object({ category: z.string().trim().min(1).max(100), rialsPerPoint: z.number().int().min(1).max(1e12) }).strict()).max(100).default([]),
  /** What one point is worth in Rials when redeemed (the liability in the report). */
  pointValueRials: z.number().int().min(0).max(1e12).default(1_000),
  /**
   * Points given automatically: birthday (the daily job, once per Jalali year, members only), survey_answered (once
   * per answer), first_purchase (with the first paid invoice, taken back if it is cancelled), referral (to the referrer
   * with the referred customer's first paid invoice), review (with each review recorded); staff may also give referral
   * and review by hand (POST /api/loyalty/bonus, once per reference).
   */
  bonuses: z.object({ birthday: points, referral: points, survey_answered: points, first_purchase: points, review: points.default(0) }).strict()
    .default({ birthday: 0, referral: 0, survey_answered: 0, first_purchase: 0, review: 0 }),
  tierBasis: z.enum(TIER_BASES).default('points'),
  tierWindowMonths: z.number().int().min(1).max(60).default(12),
  tiers: z.array(tierInput).max(10).default([]),
  /** Earned points expire this many months after they were earned; 0 = never. */
  expiryMonths: z.number().int().min(0).max(120).default(12),
  /** SMS sent when a customer reaches a higher tier ({name}, {tier}); empty = no message. */
  tierSmsFa: z.string().trim().max(500).default('{name} عزیز، به سطح {tier} باشگاه مشتریان رسیدید.'),
  /** Email sent when a customer reaches a higher tier ({name}, {tier}), with email consent and an address; empty body = no email. */
  tierEmailSubjectFa: z.string().trim().max(200).default('به سطح {tier} باشگاه مشتریان رسیدید'),
  tierEmailFa: z.string().trim().max(5000).default(''),
}).strict().superRefine((p, ctx) => {
  const keys = new Set<string>();
  p.tiers.forEach((t, i) => {
    if (keys.has(t.key)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'key'], message: 'used twice' });
    keys.add(t.key);
  });
});
export type Program = z.infer<typeof programInput>;
export const programView = z.object({
  enabled: z.boolean(), rialsPerPoint: z.number(), categoryRates: z.array(z.object({ category: z.string(), rialsPerPoint: z.number() })),
  pointValueRials: z.number(), bonuses: z.object({ birthday: z.number(), referral: z.number(), survey_answered: z.number(), first_purchase: z.number(), review: z.number() }),
  tierBasis: z.enum(TIER_BASES), tierWindowMonths: z.number(), tiers: z.array(z.object({
    key: z.string(), nameFa: z.string(), nameEn: z.string(), threshold: z.number(), discountPercent: z.number(), freeService: z.string(), slaPriority: z.string(), priceListId: z.string().nullable().optional(),
  })), expiryMonths: z.number(), tierSmsFa: z.string(), tierEmailSubjectFa: z.string(), tierEmailFa: z.string(),
});

export const ledgerInput = z.object({
  customerId: z.uuid(),
  kind: z.enum(['earn', 'redeem', 'adjust']),
  /** Positive for earn and redeem; an adjustment may be negative (taking points away), never 0. */
  points: z.number().int().min(-1_000_000_000).max(1_000_000_000),
  reason: z.string().trim().max(300).default(''),
}).strict().superRefine((v, ctx) => {
  if (v.points === 0) ctx.addIssue({ code: 'custom', path: ['points'], message: 'must not be 0' });
  else if (v.kind !== 'adjust' && v.points < 0) ctx.addIssue({ code: 'custom', path: ['points'], message: 'must be more than 0' });
  if (v.kind === 'adjust' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'an adjustment needs a reason' });
});
export type LedgerInput = z.infer<typeof ledgerInput>;

const tierRef = z.object({ key: z.string(), nameFa: z.string(), nameEn: z.string(), threshold: z.number(), discountPercent: z.number(), freeService: z.string(), slaPriority: z.string(), priceListId: z.string().nullable().optional() });
export const memberView = z.object({
  customerId: z.string(),
  balance: z.number(),
  tier: tierRef.nullable(),
  nextTier: tierRef.nullable(),
  /** What the window still needs to reach the next tier (points, or Rials when the basis is spend); 0 at the top. */
  pointsToNext: z.number(),
  /** The window's qualifying value (points earned or Rials spent). */
  qualifying: z.number(),
  basis: z.enum(TIER_BASES),
  /** Points that will expire, soonest first (the next 90 days). */
  expiring: z.array(z.object({ points: z.number(), at: z.string() })),
  pointValueRials: z.number(),
  /** Whether the program is on (off: nothing is earned automatically; the card is hidden unless points are held). */
  enabled: z.boolean(),
});
export type MemberView = z.infer<typeof memberView>;

export const ledgerEntryView = z.object({
  id: z.string(), kind: z.enum(LEDGER_KINDS), points: z.number(), balanceAfter: z.number(), reason: z.string(),
  sourceType: z.string().nullable(), sourceId: z.string().nullable(), expiresAt: z.string().nullable(), at: z.string(), actorName: z.string().nullable(),
});
export type LedgerEntryView = z.infer<typeof ledgerEntryView>;
export const ledgerAnswer = z.object({ entry: ledgerEntryView, balance: z.number(), tier: z.string().nullable() });

export const bonusInput = z.object({ customerId: z.uuid(), event: z.enum(['referral', 'survey_answered', 'birthday', 'review']), reference: z.string().trim().max(100).default('') }).strict();
export const redeemOnDocumentInput = z.object({ documentId: z.uuid(), points: z.number().int().min(1).max(1_000_000_000) }).strict();

export const loyaltyReport = z.object({
  byTier: z.array(z.object({ tier: z.string().nullable(), nameFa: z.string(), nameEn: z.string(), members: z.number() })),
  members: z.number(),
  outstandingPoints: z.number(),
  liabilityRials: z.string(),
  earnedPoints: z.number(),
  redeemedPoints: z.number(),
  expiredPoints: z.number(),
  /** Redeemed ÷ earned over the last 12 months (0–1), null before any earning. */
  redemptionRate: z.number().nullable(),
  /** Members against buyers who are not members (bought in the same 12 months): repeat rate and average spend. */
  comparison: z.object({
    members: z.object({ customers: z.number(), repeatRate: z.number().nullable(), avgSpend: z.string() }),
    nonMembers: z.object({ customers: z.number(), repeatRate: z.number().nullable(), avgSpend: z.string() }),
  }),
});
export type LoyaltyReport = z.infer<typeof loyaltyReport>;

const tierName = z.object({ key: z.string(), nameFa: z.string(), nameEn: z.string() });
/** A tier change on the customer's timeline. */
export const loyaltyTierTimelineData = z.object({ type: z.literal('tier'), from: tierName.nullable(), to: tierName.nullable(), direction: z.enum(['up', 'down']) });
/** A referral bonus given (with the referred customer's first paid invoice) or taken back (that invoice cancelled); the referred customer null when hidden from the reader. */
export const loyaltyReferralTimelineData = z.object({
  type: z.enum(['referral', 'referral_reversed']), points: z.number(), referred: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
/** The club's entries on the customer's timeline (kind `loyalty`). */
export const loyaltyTimelineData = z.union([loyaltyTierTimelineData, loyaltyReferralTimelineData, z.lazy(() => loyaltyReviewTimelineData)]);

/** A reward in the catalog: what it costs in points, and how many are left (null: not counted). */
export const rewardInput = z.object({
  nameFa: z.string().trim().min(1).max(120),
  nameEn: z.string().trim().max(120).default(''),
  description: z.string().trim().max(500).default(''),
  points: z.number().int().min(1).max(1_000_000_000),
  stock: z.number().int().min(0).max(1_000_000).nullable().default(null),
  active: z.boolean().default(true),
}).strict();
export type RewardInput = z.infer<typeof rewardInput>;
export const rewardView = z.object({
  id: z.string(), nameFa: z.string(), nameEn: z.string(), description: z.string(), points: z.number(), stock: z.number().nullable(), active: z.boolean(),
});
export type RewardView = z.infer<typeof rewardView>;
export const redeemRewardInput = z.object({ customerId: z.uuid() }).strict();

export const REVIEW_SOURCES = ['google_maps', 'instagram', 'website', 'in_store', 'other'] as const;
/** A review the customer left, recorded by staff (the program's review bonus once per review). */
export const reviewInput = z.object({
  customerId: z.uuid(),
  rating: z.number().int().min(1).max(5),
  source: z.enum(REVIEW_SOURCES),
  text: z.string().trim().max(2000).nullable().optional(),
  link: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
}).strict();
export type ReviewInput = z.infer<typeof reviewInput>;
export const reviewView = z.object({
  id: z.string(), customerId: z.string(), rating: z.number(), source: z.enum(REVIEW_SOURCES), text: z.string().nullable(), link: z.string().nullable(), at: z.string(),
});
/** A recorded review on the customer's timeline (with the bonus points it gave, 0 when none). */
export const loyaltyReviewTimelineData = z.object({ type: z.literal('review'), rating: z.number(), source: z.enum(REVIEW_SOURCES), text: z.string().nullable(), link: z.string().nullable(), points: z.number() });
