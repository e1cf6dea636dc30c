/** Voice of the customer: survey definitions, answers, feedback and settings shared by the API and the web app. */
import { z } from 'zod';
import { reportDay } from './time.schemas.ts';
import { fileAnswer, isoDateTime, uuid, itemsOf } from './api.schemas.ts';

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
  /** A lifecycle stage, a tag, and/or a saved segment (its members now, in the sender's scope). */
  segment: z.object({ lifecycleStage: z.string().max(50).optional(), tag: z.string().max(50).optional(), segmentId: z.uuid().optional() }).strict().optional(),
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
  /** groupBy=month: Jalali months (1405-01) or, for a Gregorian reader, Gregorian months (2026-01). */
  calendar: z.enum(['jalali', 'gregorian']).default('jalali'),
});

// ---- Answers

// Stored JSON (questions, trigger, texts) is listed in jsonb's key order (shorter keys first), so answers keep the
// order the database gives.
const bilingualView = z.object({ en: z.string(), fa: z.string() });
export const questionView = z.object({
  id: z.string(), text: bilingualView, type: z.enum(QUESTION_TYPES),
  options: z.array(z.object({ id: z.string(), text: bilingualView })),
  followUp: z.object({ text: bilingualView, maxScore: z.number() }).optional(),
  required: z.boolean(),
});
export const surveyView = z.object({
  id: uuid, name: z.string(), status: z.enum(SURVEY_STATUSES), metric: z.enum(['nps', 'csat', 'ces']).nullable(), questions: z.array(questionView),
  trigger: z.object({ type: z.enum(SURVEY_TRIGGERS), everyMonths: z.number(), delayMinutes: z.number() }),
  channel: z.enum(SURVEY_CHANNELS), intro: bilingualView, thanks: bilingualView, anonymousEnabled: z.boolean(),
  /** The walk-in link (QR code, website widget) while anonymous answers are on. */
  anonymousUrl: z.string().nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const surveyList = itemsOf(surveyView.extend({ sent: z.number(), responses: z.number() }));
/** A manual send: how many customers were chosen, and what became of their invitations (skipped: by reason). */
export const surveySent = z.object({
  customers: z.number(), sent: z.number(), scheduled: z.number(), skipped: z.number(), skippedBy: z.record(z.string(), z.number()),
});
export const surveyPreview = fileAnswer('text/html', 'The survey page as a customer sees it (not answerable); it may be framed by this site', 'text');
export const surveyQr = fileAnswer('image/svg+xml', 'The QR code of the anonymous link', 'text');

export const surveyResponseView = z.object({
  id: uuid, surveyId: uuid, surveyName: z.string().nullable(), customerId: uuid.nullable(), customerName: z.string().nullable(),
  metric: z.enum(['nps', 'csat', 'ces']).nullable(), score: z.number().nullable(),
  /** By question id: a score, a choice id, choice ids or text. */
  answers: z.record(z.string(), z.unknown()),
  comment: z.string().nullable(), channel: z.string(), sourceType: z.enum(['ticket', 'document']).nullable(), sourceId: uuid.nullable(),
  ticketNumber: z.number().nullable(), documentNumber: z.string().nullable(), agentId: uuid.nullable(), agentName: z.string().nullable(),
  /** The follow-up of an unhappy answer. */
  loop: z.object({
    status: z.enum(['open', 'closed']), taskId: uuid.nullable(), ownerId: uuid.nullable(), ownerName: z.string().nullable(), note: z.string().nullable(),
    closedAt: isoDateTime.nullable(), taskDueAt: isoDateTime.nullable(),
  }).nullable(),
  /** A promoter asked for a review or a referral. */
  asked: z.object({ kind: z.enum(['review', 'referral']), at: isoDateTime }).nullable(),
  createdAt: isoDateTime, updatedAt: isoDateTime,
});
export const surveyResponsePage = z.object({ items: z.array(surveyResponseView), total: z.number(), page: z.number(), pageSize: z.number() });

export const vocSettingsView = z.object({
  fatigueDays: z.number(), quietStart: z.string(), quietEnd: z.string(), editMinutes: z.number(), linkDays: z.number(), followUpHours: z.number(),
  reviewTemplate: z.string(), reviewLink: z.string(), referralTemplate: z.string(),
});

const interval = { value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable(), marginOfError: z.number().nullable() };
/**
 * A metric over a set of answers, rounded (NPS points and CSAT percent to 0.1, CES mean to 0.01) with its 95% interval;
 * `raw` has the same numbers unrounded. CES also gives the share of hard (1–3) answers.
 */
export const metricSummaryView = z.object({
  kind: z.enum(['nps', 'csat', 'ces']), n: z.number(), ...interval, hardShare: z.number().nullable().optional(),
  counts: z.record(z.string(), z.number()),
  raw: z.object({ ...interval, hardShare: z.number().nullable().optional() }),
});
/** key: the Saturday (YYYY-MM-DD) or the Jalali month (YYYY-MM); start/end: Gregorian days, end exclusive. */
export const trendBucketView = metricSummaryView.extend({ key: z.string(), start: z.string(), end: z.string() });
/** The metric per product, agent, channel…; lowSample: fewer than 5 answers. */
export const breakdownRowView = metricSummaryView.extend({ key: z.string(), lowSample: z.boolean() });
export const vocFigures = z.object({
  metric: z.enum(['nps', 'csat', 'ces']), from: z.string(), to: z.string(), groupBy: z.enum(METRIC_GROUPS).nullable(),
  summary: metricSummaryView, previous: metricSummaryView,
  /** Current − previous in the metric's unit; significant: at the 5% level. */
  change: z.number().nullable(), significant: z.boolean(),
  responseRate: z.object({ responses: z.number(), delivered: z.number(), value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable() }),
  groups: z.array(z.union([trendBucketView, breakdownRowView])).nullable(),
});

export const feedbackView = z.object({
  id: uuid, customerId: uuid.nullable(), customerName: z.string().nullable(), channel: z.string(), text: z.string(),
  sentiment: z.enum(SENTIMENTS).nullable(), topics: z.array(z.string()), productId: uuid.nullable(), productName: z.string().nullable(),
  ticketId: uuid.nullable(), responseId: uuid.nullable(), score: z.number().nullable(), metric: z.enum(['nps', 'csat', 'ces']).nullable(),
  createdBy: uuid.nullable(), createdAt: isoDateTime,
});
export const feedbackPage = z.object({ items: z.array(feedbackView), total: z.number(), page: z.number(), pageSize: z.number() });
export const topicView = z.object({ id: uuid, name: z.string(), keywords: z.array(z.string()) });
export const topicList = itemsOf(topicView);
/** Feedback per topic per Jalali month (YYYY-MM, Tehran); topic null: feedback without a topic. */
export const topicTrendView = z.object({
  months: z.array(z.string()),
  items: z.array(z.object({ topic: z.string().nullable(), total: z.number(), negative: z.number(), byMonth: z.array(z.number()) })),
  canEdit: z.boolean(),
});
