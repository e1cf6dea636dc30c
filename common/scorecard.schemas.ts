/**
 * The customer-centricity scorecard: the closing checklist of the seed article scored from live data. Each item has a
 * score 0–100, its evidence (language-neutral facts: the UI names them) and the screen where it is improved.
 */
import { z } from 'zod';

export const SCORECARD_ITEMS = ['voc', 'central_record', 'empowered_staff', 'cx_measured', 'processes_reviewed'] as const;
export type ScorecardItemKey = (typeof SCORECARD_ITEMS)[number];

/** A fact behind an item's score. `value` of `total` when it is a share (rate = value / total), else a plain count or number. */
export const SCORECARD_FACTS = [
  'answerMonths', 'heardCustomers', 'activeCustomers',
  'completeProfiles', 'liveCustomers', 'duplicatePairs', 'interactionsLogged', 'promisesKept',
  'firstContactResolved', 'notEscalated', 'withinSla',
  'measuredMonths', 'npsNow', 'npsBefore',
  'painPointsReviewed', 'painPointsActed', 'lastReviewDays',
] as const;
export type ScorecardFact = (typeof SCORECARD_FACTS)[number];

export const scorecardEvidence = z.object({
  key: z.enum(SCORECARD_FACTS),
  value: z.number().nullable(),
  total: z.number().nullable(),
  /** This fact's part of the item's score, 0–1 (null: not enough data, left out of the item's mean). */
  part: z.number().nullable(),
});
export type ScorecardEvidence = z.infer<typeof scorecardEvidence>;

export const scorecardItem = z.object({
  key: z.enum(SCORECARD_ITEMS),
  score: z.number().int().min(0).max(100),
  evidence: z.array(scorecardEvidence),
  /** The web app's path where the item is improved. */
  link: z.string(),
});
export type ScorecardItem = z.infer<typeof scorecardItem>;

export const scorecardView = z.object({
  score: z.number().int().min(0).max(100),
  /** The instant the figures were measured at, and the 90-day window they cover. */
  asOf: z.string(),
  windowDays: z.number(),
  items: z.array(scorecardItem),
  /** One point per month, oldest first, the current month last (measured up to now): 1405-09 in the Jalali calendar, 2026-12 in the Gregorian. */
  history: z.array(z.object({
    month: z.string(), score: z.number().int().min(0).max(100), items: z.record(z.string(), z.number()),
    /** True when the month comes from the snapshot stored as it ended; false when re-measured from today's rows (or the current month). */
    stored: z.boolean().optional(),
  })),
}).meta({ description: 'How customer-centric the business is, from live data: five checklist items (0–100), their evidence and history by month.' });
export type ScorecardView = z.infer<typeof scorecardView>;

export const scorecardQuery = z.object({
  calendar: z.enum(['jalali', 'gregorian']).default('jalali'),
  months: z.coerce.number().int().min(1).max(24).default(12),
});

type L = { fa: string; en: string };
export const SCORECARD_ITEM_LABELS: Record<ScorecardItemKey, { title: L; next: L }> = {
  voc: {
    title: { fa: 'صدای مشتری را مرتب می‌شنویم', en: 'We collect the voice of the customer regularly' },
    next: { fa: 'برای خرید و تیکت‌های بسته‌شده نظرسنجی خودکار بگذارید تا هر ماه پاسخ برسد و دست‌کم یک‌چهارم مشتریان فعال شنیده شوند.', en: 'Set automatic surveys after purchases and resolved tickets so answers arrive every month and at least a quarter of active customers are heard.' },
  },
  central_record: {
    title: { fa: 'داده‌های مشتری در یک پرونده مرکزی است', en: 'Customer data lives in one central record' },
    next: { fa: 'پرونده‌های ناقص را کامل کنید، تکراری‌ها را ادغام کنید، هر تماس را ثبت کنید و قول‌ها را سر وقت انجام دهید.', en: 'Complete the partial profiles, merge the duplicates, log every contact and keep promises on time.' },
  },
  empowered_staff: {
    title: { fa: 'کارکنان برای رضایت مشتری اختیار دارند', en: 'Staff are empowered to decide for the customer' },
    next: { fa: 'بگذارید کارشناس اول مشکل را همان‌جا حل کند: پاسخ‌های آماده، اختیار جبران و مهلت‌های SLA روشن.', en: 'Let the first agent solve it on the spot: ready answers, authority to make amends and clear SLA targets.' },
  },
  cx_measured: {
    title: { fa: 'شاخص‌های تجربه مشتری (NPS) را مرتب می‌سنجیم', en: 'We measure CX indicators such as NPS regularly' },
    next: { fa: 'هر ماه دست‌کم پنج پاسخ NPS یا CSAT بگیرید و روند را در داشبورد صدای مشتری دنبال کنید.', en: 'Get at least five NPS or CSAT answers every month and follow the trend on the voice-of-the-customer dashboard.' },
  },
  processes_reviewed: {
    title: { fa: 'فرایندها را از نگاه مشتری بازبینی می‌کنیم', en: 'We review our processes from the customer\'s view' },
    next: { fa: 'نقشه سفر مشتری را باز کنید، نقاط درد را بررسی کنید و برای هرکدام اقدامی با مسئول و مهلت بگذارید.', en: 'Open the customer journey map, review its pain points and give each an action with an owner and a due date.' },
  },
};

export const SCORECARD_FACT_LABELS: Record<ScorecardFact, L> = {
  answerMonths: { fa: 'ماه‌هایی از ۳ ماه اخیر که پاسخ یا بازخوردی رسید', en: 'Months of the last 3 with answers or feedback' },
  heardCustomers: { fa: 'مشتریان فعالی که صدایشان شنیده شد (هدف: یک‌چهارم)', en: 'Active customers heard (target: a quarter)' },
  activeCustomers: { fa: 'مشتریان فعال در ۹۰ روز', en: 'Active customers in 90 days' },
  completeProfiles: { fa: 'پرونده‌های کامل (نام، تلفن یا ایمیل، مسئول، شهر)', en: 'Complete profiles (name, phone or email, owner, city)' },
  liveCustomers: { fa: 'مشتریان ثبت‌شده', en: 'Customers on record' },
  duplicatePairs: { fa: 'جفت‌های تکراری در انتظار ادغام', en: 'Duplicate pairs waiting to be merged' },
  interactionsLogged: { fa: 'تعامل‌های ثبت‌شده در ۹۰ روز (هدف: دو برای هر مشتری فعال)', en: 'Interactions logged in 90 days (target: two per active customer)' },
  promisesKept: { fa: 'قول‌هایی که سر وقت انجام شد', en: 'Promises kept on time' },
  firstContactResolved: { fa: 'تیکت‌های حل‌شده در اولین پاسخ', en: 'Tickets resolved at first contact' },
  notEscalated: { fa: 'تیکت‌های حل‌شده بی‌ارجاع', en: 'Tickets resolved without escalation' },
  withinSla: { fa: 'تیکت‌های حل‌شده در مهلت SLA', en: 'Tickets resolved within SLA' },
  measuredMonths: { fa: 'ماه‌هایی از ۶ ماه اخیر با دست‌کم ۵ پاسخ NPS/CSAT', en: 'Months of the last 6 with at least 5 NPS/CSAT answers' },
  npsNow: { fa: 'NPS در ۹۰ روز اخیر', en: 'NPS in the last 90 days' },
  npsBefore: { fa: 'NPS در ۹۰ روز پیش از آن', en: 'NPS in the 90 days before' },
  painPointsReviewed: { fa: 'نقاط درد بررسی‌شده در ۱۲ ماه', en: 'Pain points reviewed in 12 months' },
  painPointsActed: { fa: 'نقاط درد با اقدام در ۱۲ ماه', en: 'Pain points acted on in 12 months' },
  lastReviewDays: { fa: 'روز از آخرین بازبینی سفر مشتری', en: 'Days since the last journey review' },
};
