/** Voice of the customer: survey definitions, answers, feedback and settings shared by the API and the web app. */
import { z } from 'zod';
import { reportDay } from './time.schemas.ts';

export const QUESTION_TYPES = ['nps', 'csat', 'ces', 'stars', 'single', 'multi', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
/** Scored question types and their scales: NPS 0–10, CSAT 1–5, CES 1–7 (7: strongly agree it was easy), stars 1–5. */
export const SCALES = { nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 }, ces: { min: 1, max: 7 }, stars: { min: 1, max: 5 } } as const;
export const SCORED = ['nps', 'csat', 'ces', 'stars'] as const;
export type ScoredType = (typeof SCORED)[number];
export const isScored = (t: QuestionType): t is ScoredType => (SCORED as readonly string[]).includes(t);

export const SURVEY_TRIGGERS = ['manual', 'invoice_paid', 'ticket_resolved', 'periodic'] as const;
export const SURVEY_STATUSES = ['draft', 'active', 'archived'] as const;
export const SURVEY_CHANNELS = ['sms', 'email'] as const;
export const FEEDBACK_CHANNELS = ['survey', 'sms', 'call', 'visit', 'social', 'email', 'web', 'sales', 'other'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

const text = (max: number) => z.string().trim().max(max);
/** A text in Persian (required) and English (optional). */
const bilingual = (max: number) => z.object({ fa: text(max).min(1, 'required'), en: text(max).optional().default('') }).strict();
const optionalBilingual = (max: number) => z.object({ fa: text(max).default(''), en: text(max).default('') }).strict();
const key = z.string().regex(/^[a-z0-9_-]{1,20}$/, 'letters, digits, - and _ (at most 20)');

export const questionSchema = z.object({
  id: key,
  type: z.enum(QUESTION_TYPES),
  text: bilingual(300),
  required: z.boolean().default(true),
  /** Choices of single/multi questions. */
  options: z.array(z.object({ id: key, text: bilingual(120) }).strict()).max(12).default([]),
  /** A free-text question shown when the score is at most `maxScore` ("what could we do better?"). */
  followUp: z.object({ maxScore: z.number().int().min(0).max(10), text: bilingual(300) }).strict().optional(),
}).strict().superRefine((q, ctx) => {
  const choice = q.type === 'single' || q.type === 'multi';
  if (choice && q.options.length < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs at least 2 options' });
  if (!choice && q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'only choice questions have options' });
  if (new Set(q.options.map((o) => o.id)).size !== q.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must differ' });
  if (q.followUp) {
    if (!isScored(q.type)) ctx.addIssue({ code: 'custom', path: ['followUp'], message: 'only scored questions have a follow-up' });
    else if (q.followUp.maxScore < SCALES[q.type].min || q.followUp.maxScore > SCALES[q.type].max) {
      ctx.addIssue({ code: 'custom', path: ['followUp', 'maxScore'], message: `must be within ${SCALES[q.type].min}–${SCALES[q.type].max}` });
    }
  }
});
export type Question = z.output<typeof questionSchema>;

export const surveyTrigger = z.object({
  type: z.enum(SURVEY_TRIGGERS),
  /** After the invoice is paid or the ticket resolved: wait this long before asking (minutes, at most 30 days). */
  delayMinutes: z.number().int().min(0).max(43_200).default(0),
  /** Periodic (relationship) surveys: ask each customer again after this many months. */
  everyMonths: z.number().int().min(1).max(24).default(6),
}).strict();

const surveyFields = {
  name: text(150).min(1, 'required'),
  status: z.enum(SURVEY_STATUSES).default('draft'),
  questions: z.array(questionSchema).min(1, 'add at least one question').max(20),
  trigger: surveyTrigger.default({ type: 'manual', delayMinutes: 0, everyMonths: 6 }),
  channel: z.enum(SURVEY_CHANNELS).default('sms'),
  intro: optionalBilingual(500).default({ fa: '', en: '' }),
  thanks: optionalBilingual(500).default({ fa: '', en: '' }),
  /** The walk-in link/QR and the website widget answer anonymously. */
  anonymousEnabled: z.boolean().default(false),
};
const questionsUnique = (s: { questions?: Question[] }) => !s.questions || new Set(s.questions.map((q) => q.id)).size === s.questions.length;

export const surveyCreate = z.object(surveyFields).strict().refine(questionsUnique, { path: ['questions'], message: 'question ids must differ' });
export type SurveyCreate = z.output<typeof surveyCreate>;
export const surveyUpdate = z.object({
  name: surveyFields.name.optional(), status: z.enum(SURVEY_STATUSES).optional(), questions: surveyFields.questions.optional(),
  trigger: surveyTrigger.optional(), channel: z.enum(SURVEY_CHANNELS).optional(), intro: optionalBilingual(500).optional(),
  thanks: optionalBilingual(500).optional(), anonymousEnabled: z.boolean().optional(),
}).strict().refine(questionsUnique, { path: ['questions'], message: 'question ids must differ' });
export type SurveyUpdate = z.output<typeof surveyUpdate>;

/** Manual send: to chosen customers, or to every customer of a lifecycle stage / with a tag (a simple segment). */
export const surveySend = z.object({
  customerIds: z.array(z.uuid()).max(5000).default([]),
  segment: z.object({ lifecycleStage: z.string().max(50).optional(), tag: z.string().max(50).optional() }).strict().optional(),
}).strict().refine((s) => s.customerIds.length > 0 || s.segment, { path: ['customerIds'], message: 'choose customers or a segment' });

/** What the public page posts (form fields are strings); checked against the survey's questions by the server. */
export type AnswerValue = number | string | string[];

export const VOC_SETTINGS_DEFAULTS = { fatigueDays: 30, quietStart: '21:00', quietEnd: '09:00', editMinutes: 30, linkDays: 14, followUpHours: 24 };
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
export const vocSettings = z.object({
  /** No customer gets more than one survey in this many days. */
  fatigueDays: z.number().int().min(0).max(365).default(30),
  /** No survey message goes out between these times (Tehran); it waits for the morning. */
  quietStart: hhmm.default('21:00'),
  quietEnd: hhmm.default('09:00'),
  /** An answer may be changed for this long after it was given. */
  editMinutes: z.number().int().min(0).max(1440).default(30),
  /** A survey link works for this many days. */
  linkDays: z.number().int().min(1).max(90).default(14),
  /** The follow-up task of an unhappy answer is due this many hours later. */
  followUpHours: z.number().int().min(1).max(720).default(24),
  /** Asking a promoter for a review or referral ({name}, {link}). */
  reviewTemplate: text(500).default('{name} عزیز، از نظر خوبتان سپاسگزاریم! اگر مایلید، تجربه‌تان را برای دیگران هم بنویسید: {link}'),
  reviewLink: text(500).default(''),
  referralTemplate: text(500).default('{name} عزیز، سپاس از اعتمادتان. اگر دوستی دارید که به کار ما نیاز دارد، ما را معرفی کنید؛ هدیه‌ای برای هر دوی شما در نظر گرفته‌ایم.'),
}).strict();
export type VocSettings = z.output<typeof vocSettings>;

export const feedbackCreate = z.object({
  customerId: z.uuid().optional().nullable(),
  channel: z.enum(FEEDBACK_CHANNELS),
  text: text(5000).min(1, 'required'),
  sentiment: z.enum(SENTIMENTS).optional().nullable(),
  topics: z.array(text(60).min(1)).max(20).default([]),
  productId: z.uuid().optional().nullable(),
  ticketId: z.uuid().optional().nullable(),
}).strict();
export type FeedbackCreate = z.output<typeof feedbackCreate>;

export const feedbackUpdate = z.object({
  sentiment: z.enum(SENTIMENTS).optional().nullable(),
  topics: z.array(text(60).min(1)).max(20).optional(),
}).strict();

export const topicInput = z.object({
  name: text(60).min(1, 'required'),
  /** Feedback whose text contains one of these (normalized: Arabic/Persian letters, digits, case) gets the topic. */
  keywords: z.array(text(60).min(1)).max(50).default([]),
}).strict();

export const closeLoop = z.object({ note: text(2000).min(1, 'say what was done') }).strict();
export const askReview = z.object({ kind: z.enum(['review', 'referral']), channel: z.enum(SURVEY_CHANNELS).default('sms') }).strict();

export const METRIC_GROUPS = ['week', 'month', 'product', 'agent', 'channel', 'segment', 'survey'] as const;
export const metricsQuery = z.object({
  metric: z.enum(['nps', 'csat', 'ces']),
  from: reportDay.optional(),
  to: reportDay.optional(),
  groupBy: z.enum(METRIC_GROUPS).optional(),
  surveyId: z.uuid().optional(),
});
