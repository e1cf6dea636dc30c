/**
 * The demo's voice of the customer: four active surveys (support effort after a resolved ticket, satisfaction a day
 * after an invoice is paid, the periodic relationship NPS, and the anonymous walk-in card), a year of invitations as the
 * dispatcher would have sent them (consent, the fatigue rule, quiet hours, 14-day links), the answers that came back
 * — consistent with the tickets and invoices they are about — their comments in the feedback inbox with keyword
 * topics, the closed loop of the unhappy ones (follow-up tasks), and feedback staff typed in from calls and visits.
 * All generated in memory, inserted by the caller.
 */
import type { Rng } from './prng.ts';
import type { Staff, CustomerInsert } from './people.ts';
import type { DocInsert, LineInsert, PaymentInsert } from './documents.ts';
import type { surveys, surveyInvitations, surveyResponses, feedback, feedbackTopics } from '../modules/surveys/index.ts';
import type { tasks } from '../modules/tasks/index.ts';
import { surveyTokenHash } from '../modules/surveys/index.ts';
import { isUnhappy, npsCategory, type MetricKind } from '../modules/surveys/index.ts';
import { surveyCreate, SCALES, VOC_SETTINGS_DEFAULTS, type Question } from '../../common/survey.schemas.ts';
import { faNorm, toPersianDigits } from '../../common/fa-normalize.ts';

type SurveyInsert = typeof surveys.$inferInsert & { id: string; metric: MetricKind; questions: Question[] };
type InvitationInsert = typeof surveyInvitations.$inferInsert & { id: string; customerId: string; scheduledAt: Date };
type ResponseInsert = typeof surveyResponses.$inferInsert & { id: string; createdAt: Date };
type FeedbackInsert = typeof feedback.$inferInsert;
type TopicInsert = typeof feedbackTopics.$inferInsert & { name: string; keywords: string[] };
type TaskInsert = typeof tasks.$inferInsert & { id: string };
type AuditInsert = { at: Date; actorId: string | null; entityType: 'task'; entityId: string; customerId: string | null; action: 'create'; newValue: unknown };
/** What the generator needs of a demo ticket. */
type Ticket = { id: string; customerId: string; status?: string | null; assigneeId?: string | null; productId?: string | null; createdAt: Date;
  resolvedAt?: Date | null; resolutionDueAt?: Date | null };
type Product = { id: string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const { fatigueDays: FATIGUE_DAYS, linkDays: LINK_DAYS, followUpHours: FOLLOW_UP_HOURS, quietStart: QUIET_START, quietEnd: QUIET_END } = VOC_SETTINGS_DEFAULTS;
/** Unhappy answers of the last three weeks are still being followed up; older ones were closed. */
const OPEN_LOOP_DAYS = 21;

const bi = (fa: string, en: string) => ({ fa, en });

/** The demo's feedback topics and the keywords that tag feedback with them. */
export const DEMO_TOPICS: { name: string; keywords: string[] }[] = [
  { name: 'قیمت', keywords: ['گران', 'قیمت', 'تخفیف'] },
  { name: 'تأخیر', keywords: ['دیر', 'تأخیر', 'تاخیر', 'منتظر', 'معطل'] },
  { name: 'برخورد', keywords: ['برخورد', 'رفتار', 'مودب', 'محترم'] },
  { name: 'ارسال', keywords: ['ارسال', 'تحویل', 'پیک'] },
  { name: 'کیفیت', keywords: ['خراب', 'کیفیت', 'ایراد'] },
  { name: 'نصب و سرویس', keywords: ['نصب', 'تکنسین', 'سرویس‌کار'] },
];

// ── Comments: what customers wrote ───────────────────────────────────────────
const TICKET_HARD = [
  'سه بار تماس گرفتم تا بالاخره کسی جواب داد؛ خیلی منتظر ماندم.',
  'تکنسین دو روز دیر آمد و هیچ‌کس خبر نداد.',
  'قطعه موجود نبود و یک هفته معطل شدم.',
  'هر بار که زنگ زدم باید مشکل را از اول توضیح می‌دادم.',
  'تکنسین برخورد مناسبی نداشت و عجله داشت.',
  'مشکل یک بار حل شد ولی دوباره همان ایراد برگشت.',
  'پیگیری درخواستم خیلی طول کشید و کسی پاسخگو نبود.',
  'ساعت مراجعه را عوض کردند و من نصف روز منتظر ماندم.',
  'هزینهٔ اعزام تکنسین گران بود، با اینکه دستگاه در گارانتی است.',
];
const TICKET_EASY = [
  'همکار پشتیبانی خیلی مودب و صبور بود، ممنون.',
  'تکنسین سر وقت آمد و کارش را تمیز انجام داد.',
  'مشکل همان روز اول تلفنی حل شد.',
  'پیگیری خوبی داشتید، پیامک‌های اطلاع‌رسانی هم به‌موقع بود.',
  'از رفتار محترمانهٔ تکنسین راضی بودم.',
];
const PURCHASE_BAD = [
  'قیمت نسبت به فروشگاه‌های دیگر گران‌تر بود.',
  'ارسال کالا سه روز دیرتر از قول داده‌شده انجام شد.',
  'کارتن دستگاه موقع تحویل آسیب دیده بود.',
  'پیک بدون هماهنگی آمد و کسی خانه نبود.',
  'نصب را به هفتهٔ بعد موکول کردند، در حالی که قول همان روز را داده بودند.',
  'فاکتور را اشتباه صادر کردند و باید دوباره مراجعه می‌کردم.',
  'کیفیت دستگاه با چیزی که در فروشگاه نشان دادند فرق داشت.',
  'یکی از لوازم جانبی داخل بسته نبود.',
];
const PURCHASE_GOOD = [
  'خرید راحتی بود و فروشنده خوب راهنمایی کرد.',
  'تحویل سریع و بسته‌بندی عالی بود.',
  'با تخفیفی که دادید قیمت منصفانه شد.',
  'نصب رایگان و به‌موقع بود، خیلی ممنون.',
  'کیفیت دستگاه عالی است و از خریدم راضی‌ام.',
  'فروشنده حوصله گذاشت و همهٔ مدل‌ها را مقایسه کرد.',
];
const NPS_LOW = [
  'قیمت‌هایتان بالاست و خدمات پس از فروش هم کند است.',
  'برای گرفتن وقت سرویس همیشه باید چند روز منتظر بمانم.',
  'بعد از خرید دیگر کسی پیگیر نبود.',
  'تلفن پشتیبانی اغلب اشغال است.',
  'دو بار دستگاه خراب شد و هنوز از کیفیتش مطمئن نیستم.',
  'شرایط اقساط شما نسبت به جاهای دیگر سخت‌تر است.',
];
const NPS_MID = [
  'در کل بد نیست، ولی زمان ارسال می‌تواند کوتاه‌تر باشد.',
  'کالاها خوب است ولی قیمت‌ها کمی بالاست.',
  'اگر پاسخگویی تلفنی سریع‌تر بود نمرهٔ بالاتری می‌دادم.',
];
const NPS_HIGH = [
  'چند سال است از شما خرید می‌کنم و همیشه راضی بوده‌ام.',
  'خدمات پس از فروشتان واقعاً قابل اعتماد است.',
  'به همهٔ دوستانم شما را معرفی کرده‌ام.',
  'برخورد کارکنان همیشه محترمانه است.',
  'ضمانت و پشتیبانی‌تان خیال آدم را راحت می‌کند.',
];
const WALK_IN = [
  'فروشگاه مرتب و تمیز بود و فروشنده با حوصله توضیح داد.',
  'جای پارک نزدیک فروشگاه پیدا نمی‌شود.',
  'شلوغ بود و مدتی منتظر ماندم تا کسی جوابم را بدهد.',
  'کاش قیمت‌ها روی همهٔ کالاها نوشته شده بود.',
  'نمونهٔ کار کردهٔ دستگاه‌ها را نشان دادند، خیلی خوب بود.',
  'فروشنده با رفتار گرم و مودب همه‌چیز را توضیح داد.',
];
/** What staff typed in from calls, visits, social media: [text, sentiment, channel]. */
const STAFF_NOTES: [string, 'positive' | 'neutral' | 'negative', 'call' | 'visit' | 'social' | 'sms' | 'email' | 'sales'][] = [
  ['مشتری تماس گرفت و از تأخیر در ارسال یخچال گله داشت.', 'negative', 'call'],
  ['مشتری در مراجعهٔ حضوری گفت قیمت ماشین لباسشویی نسبت به ماه قبل خیلی گران شده.', 'negative', 'visit'],
  ['در اینستاگرام زیر پست کولرها نوشته‌اند که نصب خیلی سریع انجام شد.', 'positive', 'social'],
  ['تماس تشکر بابت برخورد خوب تکنسین در سرویس پکیج.', 'positive', 'call'],
  ['مشتری پیامک داده که پیک کالا را به آدرس اشتباه برده است.', 'negative', 'sms'],
  ['در دایرکت پرسیده‌اند چرا تخفیف جشنواره شامل تلویزیون‌ها نمی‌شود.', 'neutral', 'social'],
  ['مشتری ایمیل زده که کیفیت بسته‌بندی جاروبرقی ضعیف بوده.', 'negative', 'email'],
  ['هنگام بازدید از فروشگاه گفت مشاورهٔ فروشنده برای انتخاب ماشین ظرفشویی عالی بود.', 'positive', 'visit'],
  ['مشتری تلفنی خواست زمان تحویل را دقیق‌تر اعلام کنیم؛ دو روز منتظر مانده بود.', 'negative', 'call'],
  ['در جلسهٔ فروش گفت اگر شرایط اقساط بهتر شود سفارش عمده می‌دهد.', 'neutral', 'sales'],
  ['نظر در گوگل‌مپ: فروشگاه خوب، ولی پارکینگ ندارد.', 'neutral', 'social'],
  ['مشتری از اینکه تکنسین کفش‌پوش پوشیده و محل را تمیز گذاشته تشکر کرد.', 'positive', 'call'],
  ['گله از اینکه آبگرمکن بعد از دو ماه دوباره خراب شده.', 'negative', 'call'],
  ['در مراجعه گفت قیمت‌ها منصفانه است و دوباره از ما خرید می‌کند.', 'positive', 'visit'],
  ['پیام در تلگرام: پاسخگویی پشتیبانی در روزهای تعطیل نیست.', 'negative', 'social'],
  ['مشتری پرسید آیا سرویس دوره‌ای کولر را زودتر می‌شود انجام داد.', 'neutral', 'call'],
];
const LOOP_NOTES = [
  'با مشتری تماس گرفتم و عذرخواهی کردم؛ تکنسین دوباره اعزام شد و مشکل برطرف شد.',
  'هزینهٔ ایاب‌وذهاب برگشت داده شد و مشتری راضی شد.',
  'موضوع تأخیر با واحد ارسال بررسی شد؛ برای خرید بعدی کد تخفیف پیامک شد.',
  'تماس گرفتم؛ توضیح دادم قطعه از انبار مرکزی رسید و فردا نصب می‌شود. پیگیری شد و انجام شد.',
  'با سرپرست فنی هماهنگ شد؛ تذکر لازم به تکنسین داده شد و از مشتری دلجویی کردم.',
  'دستگاه معیوب تعویض شد و مشتری تأیید کرد که مشکلی ندارد.',
  'مشتری پاسخ نداد؛ پیامک عذرخواهی و شمارهٔ مستقیم پشتیبانی فرستاده شد.',
  'فاکتور اصلاح و دوباره ارسال شد؛ مشتری تشکر کرد.',
  'با مشتری صحبت شد، بیشتر گله از قیمت بود؛ شرایط اقساط برایش توضیح داده شد.',
];

// ── The surveys ──────────────────────────────────────────────────────────────
function surveyDefs() {
  const thanks = bi('از وقتی که گذاشتید سپاسگزاریم.', 'Thank you for your time.');
  return {
    support: {
      name: 'رضایت از پشتیبانی', trigger: { type: 'ticket_resolved' as const, delayMinutes: 0, everyMonths: 6 }, anonymousEnabled: false,
      intro: bi('درخواست پشتیبانی شما انجام شد. لطفاً تجربه‌تان را با ما در میان بگذارید.', 'Your support request was resolved. Please tell us how it went.'),
      questions: [
        { id: 'ease', type: 'ces' as const, text: bi('رفع مشکل شما با ما آسان بود.', 'It was easy to get my problem solved.'), required: true,
          followUp: { maxScore: 3, text: bi('چه چیزی را بهتر کنیم؟', 'What should we improve?') } },
        { id: 'agent', type: 'csat' as const, text: bi('از کارشناس یا تکنسینی که به شما کمک کرد چقدر راضی هستید؟', 'How satisfied are you with the agent or technician who helped you?'), required: false },
        { id: 'comment', type: 'text' as const, text: bi('اگر نکتهٔ دیگری دارید بنویسید.', 'Anything else you would like to tell us?'), required: false },
      ],
    },
    purchase: {
      name: 'رضایت از خرید', trigger: { type: 'invoice_paid' as const, delayMinutes: 1440, everyMonths: 6 }, anonymousEnabled: false,
      intro: bi('از خرید شما سپاسگزاریم. خریدتان چطور بود؟', 'Thank you for your purchase. How was it?'),
      questions: [
        { id: 'satisfaction', type: 'csat' as const, text: bi('از خرید خود چقدر راضی هستید؟', 'How satisfied are you with your purchase?'), required: true },
        { id: 'comment', type: 'text' as const, text: bi('نظر یا پیشنهاد شما دربارهٔ خرید، ارسال و نصب:', 'Your comments on the purchase, delivery and installation:'), required: false },
      ],
    },
    nps: {
      name: 'NPS دوره‌ای', trigger: { type: 'periodic' as const, delayMinutes: 0, everyMonths: 6 }, anonymousEnabled: false,
      intro: bi('یک پرسش کوتاه دربارهٔ تجربهٔ شما با لوازم خانگی محور.', 'One short question about your experience with Mehvar Home Appliances.'),
      questions: [
        { id: 'recommend', type: 'nps' as const, text: bi('چقدر احتمال دارد ما را به دوستان و آشنایان خود توصیه کنید؟', 'How likely are you to recommend us to a friend or colleague?'), required: true,
          followUp: { maxScore: 6, text: bi('چه چیزی را بهتر کنیم؟', 'What should we improve?') } },
        { id: 'reason', type: 'text' as const, text: bi('دلیل اصلی امتیازتان چیست؟', 'What is the main reason for your score?'), required: false },
      ],
    },
    walkIn: {
      name: 'مراجعهٔ حضوری', trigger: { type: 'manual' as const, delayMinutes: 0, everyMonths: 6 }, anonymousEnabled: true,
      intro: bi('به فروشگاه ما خوش آمدید! نظرتان دربارهٔ این مراجعه چیست؟', 'Welcome to our store! How was your visit?'),
      questions: [
        { id: 'visit', type: 'csat' as const, text: bi('از مراجعهٔ امروز به فروشگاه چقدر راضی بودید؟', 'How satisfied were you with your visit today?'), required: true },
        { id: 'comment', type: 'text' as const, text: bi('پیشنهاد یا انتقاد شما:', 'Your suggestions or complaints:'), required: false },
      ],
    },
    thanks,
  };
}

/**
 * When a message due at `at` goes out: at once, or at the end of the quiet hours (Tehran wall clock, UTC+03:30 as the
 * dispatcher's quietUntil assumes) — computed without Intl, which is slow to build per call for thousands of rows.
 */
function sendTime(at: Date): Date {
  const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const start = mins(QUIET_START), end = mins(QUIET_END);
  const local = at.getTime() + 210 * MINUTE;
  const minute = Math.floor((((local % DAY) + DAY) % DAY) / MINUTE);
  const quiet = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet) return at;
  const midnight = local - (((local % DAY) + DAY) % DAY);
  return new Date(midnight + (minute < end ? 0 : DAY) + end * MINUTE - 210 * MINUTE);
}

const bytes = (rng: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(0, 255))).toString('base64url');
const clamp = (x: number, min: number, max: number) => Math.max(min, Math.min(max, Math.round(x)));
/** A roughly standard-normal draw (sum of three uniforms, variance 1). */
const noise = (rng: Rng) => (rng.next() + rng.next() + rng.next() - 1.5) * 2;

/** Feedback topics whose keywords occur in the text, as feedback.service autoTopics matches them. */
export function topicsOf(text: string, topics: { name: string; keywords: string[] }[]): string[] {
  const t = ` ${faNorm(text)} `;
  return topics.filter((x) => x.keywords.some((k) => k.trim() && t.includes(faNorm(k)))).map((x) => x.name).sort();
}

/** Sentiment of a survey comment from its score, as responses.service saves it. */
function sentimentOf(metric: MetricKind, score: number): 'positive' | 'neutral' | 'negative' {
  return isUnhappy(metric, score) ? 'negative' : metric === 'nps' ? (npsCategory(score) === 'promoter' ? 'positive' : 'neutral')
    : score >= (metric === 'csat' ? 4 : 6) ? 'positive' : 'neutral';
}

type Candidate = {
  survey: SurveyInsert; customer: CustomerInsert; trigger: string; at: Date; source: { type: 'ticket' | 'document'; id: string } | null;
  agentId: string | null; productId: string | null; ticket?: Ticket;
};

export function makeSurveys(rng: Rng, now: Date, staff: Staff[], customers: CustomerInsert[], ticketRows: Ticket[],
  docs: { documents: DocInsert[]; lines: LineInsert[]; payments: PaymentInsert[] }, catalog: Product[]) {
  const yearAgo = now.getTime() - 365 * DAY;
  const manager = staff.find((s) => s.role === 'manager') ?? staff.find((s) => s.role === 'admin') ?? staff[0];
  const author = staff.find((s) => s.role === 'marketing') ?? manager;
  const byId = new Map(customers.map((c) => [c.id, c]));

  // The surveys, checked against the builder's own schema.
  const defs = surveyDefs();
  const surveyAt = new Date(yearAgo - 20 * DAY);
  const mk = (d: (typeof defs)['support' | 'purchase' | 'nps' | 'walkIn']): SurveyInsert => {
    const input = surveyCreate.parse({ name: d.name, status: 'active', questions: d.questions, trigger: d.trigger, channel: 'sms', intro: d.intro, thanks: defs.thanks, anonymousEnabled: d.anonymousEnabled });
    const metric = input.questions.find((q) => q.type === 'nps' || q.type === 'csat' || q.type === 'ces')!.type as MetricKind;
    return { id: rng.uuid(), ...input, metric, anonymousKey: bytes(rng, 12), createdBy: author.id, createdAt: surveyAt, updatedAt: surveyAt };
  };
  const S = { support: mk(defs.support), purchase: mk(defs.purchase), nps: mk(defs.nps), walkIn: mk(defs.walkIn) };
  const topics: TopicInsert[] = DEMO_TOPICS.map((t) => ({ id: rng.uuid(), ...t, createdAt: surveyAt }));

  // ── Who would have been asked: resolved tickets, paid invoices, the relationship survey every six months ──
  const candidates: Candidate[] = [];
  for (const t of ticketRows) {
    const c = byId.get(t.customerId);
    if (!c?.smsConsent || !t.resolvedAt || (t.status !== 'resolved' && t.status !== 'closed')) continue;
    candidates.push({ survey: S.support, customer: c, trigger: 'ticket_resolved', at: t.resolvedAt, source: { type: 'ticket', id: t.id }, agentId: t.assigneeId ?? null, productId: t.productId ?? null, ticket: t });
  }
  const paidAt = new Map<string, Date>();
  for (const p of docs.payments) {
    const prev = paidAt.get(p.documentId!);
    if (!prev || p.paidAt > prev) paidAt.set(p.documentId!, p.paidAt);
  }
  const firstProduct = new Map<string, { position: number; productId: string }>();
  for (const l of docs.lines) {
    if (!l.productId) continue;
    const cur = firstProduct.get(l.documentId);
    if (!cur || l.position < cur.position) firstProduct.set(l.documentId, { position: l.position, productId: l.productId });
  }
  for (const d of docs.documents) {
    const c = byId.get(d.customerId);
    const paid = paidAt.get(d.id);
    if (d.kind !== 'invoice' || d.status !== 'paid' || !paid || !c?.smsConsent) continue;
    const at = new Date(paid.getTime() + S.purchase.trigger.delayMinutes * MINUTE);
    if (at > now) continue; // still waiting for its day
    candidates.push({ survey: S.purchase, customer: c, trigger: 'invoice_paid', at, source: { type: 'document', id: d.id }, agentId: d.ownerId ?? null, productId: firstProduct.get(d.id)?.productId ?? null });
  }
  // The daily periodic job spreads the base over the half year: each customer has their own day in it.
  const PERIOD = 182 * DAY;
  for (const c of customers) {
    if (!c.smsConsent || c.lifecycleStage === 'visitor' || c.lifecycleStage === 'lead' || !rng.chance(0.95)) continue;
    const phase = rng.int(0, 181) * DAY + rng.int(9 * 60, 18 * 60) * MINUTE;
    for (let k = 0; k < 2; k++) {
      const at = new Date(yearAgo + phase + k * PERIOD);
      if (at <= c.createdAt || at > now) continue;
      candidates.push({ survey: S.nps, customer: c, trigger: 'periodic', at, source: null, agentId: null, productId: null });
    }
  }
  candidates.sort((a, b) => a.at.getTime() - b.at.getTime());

  // ── Sending: quiet hours move a message to the morning; one survey per customer in 30 days ──
  const invitations: InvitationInsert[] = [];
  const lastSent = new Map<string, number>();
  const sent: { inv: InvitationInsert; cand: Candidate; sentAt: Date }[] = [];
  for (const cand of candidates) {
    const sentAt = sendTime(cand.at);
    if (sentAt > now) continue; // would still be waiting for the morning
    const inv: InvitationInsert = {
      id: rng.uuid(), surveyId: cand.survey.id, customerId: cand.customer.id, channel: 'sms', trigger: cand.trigger,
      sourceType: cand.source?.type ?? null, sourceId: cand.source?.id ?? null, status: 'sent', scheduledAt: sentAt,
      createdBy: null, createdAt: cand.trigger === 'invoice_paid' ? new Date(cand.at.getTime() - S.purchase.trigger.delayMinutes * MINUTE) : cand.at,
    };
    invitations.push(inv);
    const last = lastSent.get(cand.customer.id);
    if (last !== undefined && sentAt.getTime() - last < FATIGUE_DAYS * DAY) {
      // The dispatcher skips before looking at quiet hours: the invitation keeps its first due time.
      inv.scheduledAt = cand.at;
      inv.status = 'skipped';
      inv.skipReason = 'fatigue';
      continue;
    }
    lastSent.set(cand.customer.id, sentAt.getTime());
    inv.sentAt = sentAt;
    inv.expiresAt = new Date(sentAt.getTime() + LINK_DAYS * DAY);
    inv.tokenHash = surveyTokenHash(bytes(rng, 18));
    sent.push({ inv, cand, sentAt });
  }

  // ── Answers ──
  const responses: ResponseInsert[] = [];
  const feedbackRows: FeedbackInsert[] = [];
  const taskRows: TaskInsert[] = [];
  const audit: AuditInsert[] = [];
  const unhappy: { r: ResponseInsert; cand: Candidate; at: Date; score: number; metric: MetricKind }[] = [];
  const RATE = { ces: 0.5, csat: 0.42, nps: 0.5 } as const;
  const addFeedback = (r: ResponseInsert, metric: MetricKind, score: number, ticketId: string | null) => {
    if (!r.comment) return;
    feedbackRows.push({ id: rng.uuid(), customerId: r.customerId ?? null, channel: 'survey', text: r.comment, sentiment: sentimentOf(metric, score),
      topics: topicsOf(r.comment, topics), productId: r.productId ?? null, ticketId, responseId: r.id, createdBy: null, createdAt: r.createdAt });
  };
  /** One or two sentences from a pool. */
  const say = (pool: readonly string[], two = 0.2) => (rng.chance(two) ? rng.some(pool, 2).join(' ') : rng.pick(pool));

  for (const { inv, cand, sentAt } of sent) {
    const metric = cand.survey.metric;
    if (!rng.chance(RATE[metric])) continue;
    // Most answer within the hour; some the next days (within the link's life).
    const delay = rng.chance(0.6) ? rng.int(2, 90) * MINUTE : rng.int(2, 72 * 60) * MINUTE;
    const at = new Date(sentAt.getTime() + delay);
    if (at > now || at > inv.expiresAt!) continue;
    const smsReply = rng.chance(0.15);
    const answers: Record<string, number | string> = {};
    let score: number;
    let comment: string | null = null;
    if (metric === 'ces') {
      const t = cand.ticket!;
      const breached = !!(t.resolutionDueAt && t.resolvedAt && t.resolvedAt > t.resolutionDueAt);
      const long = t.resolvedAt!.getTime() - t.createdAt.getTime() > 3 * DAY;
      const mean = breached && long ? 2.8 : breached ? 3.6 : long ? 4.4 : 5.8;
      score = clamp(mean + noise(rng) * 1.2, 1, 7);
      answers.ease = score;
      if (!smsReply) {
        if (rng.chance(0.7)) answers.agent = clamp(score * 5 / 7 + 0.4 + noise(rng) * 0.7, 1, 5);
        if (score <= 3 && rng.chance(0.8)) answers.ease_followup = say(TICKET_HARD, 0.25);
        else if (score >= 6 && rng.chance(0.3)) answers.comment = rng.pick(TICKET_EASY);
        else if (score > 3 && rng.chance(0.15)) answers.comment = rng.pick(TICKET_HARD);
      }
    } else if (metric === 'csat') {
      score = Number(rng.weighted({ '5': 47, '4': 33, '3': 10, '2': 6, '1': 4 }));
      answers.satisfaction = score;
      if (!smsReply) {
        if (score <= 3 && rng.chance(score <= 2 ? 0.8 : 0.5)) answers.comment = say(PURCHASE_BAD);
        else if (score >= 4 && rng.chance(0.3)) answers.comment = rng.pick(PURCHASE_GOOD);
      }
    } else {
      // Relationship NPS: slowly better over the year (about +22 a year ago, +38 now).
      const f = Math.max(0, Math.min(1, (at.getTime() - yearAgo) / (365 * DAY)));
      const category = rng.weighted({ promoter: 45 + 9 * f, passive: 33, detractor: 22 - 7 * f });
      score = category === 'promoter' ? (rng.chance(0.55) ? 10 : 9) : category === 'passive' ? rng.int(7, 8) : Number(rng.weighted({ '0': 3, '1': 2, '2': 3, '3': 6, '4': 10, '5': 18, '6': 22 }));
      answers.recommend = score;
      if (!smsReply) {
        if (score <= 6 && rng.chance(0.75)) answers.recommend_followup = say(NPS_LOW);
        else if (score <= 8 && score > 6 && rng.chance(0.3)) answers.reason = rng.pick(NPS_MID);
        else if (score >= 9 && rng.chance(0.25)) answers.reason = rng.pick(NPS_HIGH);
      }
    }
    // The comment as responses.service joins it: text questions and follow-ups in question order.
    const parts: string[] = [];
    for (const q of cand.survey.questions) {
      if (q.type === 'text' && typeof answers[q.id] === 'string') parts.push(answers[q.id] as string);
      if (typeof answers[`${q.id}_followup`] === 'string') parts.push(answers[`${q.id}_followup`] as string);
    }
    comment = parts.length ? parts.join('\n') : null;
    inv.status = 'answered';
    const r: ResponseInsert = {
      id: rng.uuid(), surveyId: cand.survey.id, invitationId: inv.id, customerId: cand.customer.id, metric, score, answers, comment,
      channel: smsReply ? 'sms_reply' : 'web', sourceType: cand.source?.type ?? null, sourceId: cand.source?.id ?? null,
      agentId: cand.agentId, productId: cand.productId, createdAt: at, updatedAt: at,
    };
    responses.push(r);
    addFeedback(r, metric, score, cand.source?.type === 'ticket' ? cand.source.id : null);

    if (isUnhappy(metric, score)) unhappy.push({ r, cand, at, score, metric });
  }

  // The closed loop: a follow-up task for the ticket's agent, else the customer's owner, else the manager. The last
  // weeks' (and at least the latest two) are still open; older ones were closed saying what was done.
  unhappy.sort((a, b) => a.at.getTime() - b.at.getTime());
  unhappy.forEach(({ r, cand, at, score, metric }, i) => {
    const owner = (cand.source?.type === 'ticket' ? cand.agentId : null) ?? cand.customer.ownerId ?? manager.id;
    const due = new Date(at.getTime() + FOLLOW_UP_HOURS * HOUR);
    const open = at.getTime() > now.getTime() - OPEN_LOOP_DAYS * DAY || i >= unhappy.length - 2;
    const doneAt = open ? null : new Date(Math.min(now.getTime(), at.getTime() + rng.int(60, rng.chance(0.8) ? 22 * 60 : 72 * 60) * MINUTE));
    const title = `پیگیری نظر ناراضی ${cand.customer.displayName}: امتیاز ${toPersianDigits(score)} از ${toPersianDigits(SCALES[metric].max)} در «${cand.survey.name}»`;
    const task: TaskInsert = {
      id: rng.uuid(), customerId: cand.customer.id, interactionId: null, isPromise: false, title, description: r.comment ?? null, dueAt: due, assigneeId: owner,
      createdBy: owner, priority: 'high', reminderAt: null, remindedAt: null, status: open ? 'open' : 'done', completedAt: doneAt, createdAt: at, updatedAt: doneAt ?? at,
    };
    taskRows.push(task);
    audit.push({ at, actorId: owner, entityType: 'task', entityId: task.id, customerId: cand.customer.id, action: 'create', newValue: { title, isPromise: false } });
    Object.assign(r, { loopStatus: open ? 'open' : 'closed', loopTaskId: task.id, loopOwnerId: owner },
      open ? {} : { loopNote: rng.pick(LOOP_NOTES), loopClosedBy: owner, loopClosedAt: doneAt });
  });

  // ── Walk-ins: the anonymous card at the counter, about two a month ──
  for (let i = 0; i < 26; i++) {
    const day = new Date(yearAgo + rng.int(1, 364) * DAY);
    const at = new Date(day.getTime() - (day.getTime() % DAY) + rng.int(6 * 60, 16 * 60) * MINUTE); // 09:30–19:30 Tehran
    if (at > now) continue;
    const score = Number(rng.weighted({ '5': 45, '4': 30, '3': 12, '2': 8, '1': 5 }));
    const answers: Record<string, number | string> = { visit: score };
    if (rng.chance(score <= 3 ? 0.7 : 0.35)) answers.comment = rng.pick(WALK_IN);
    const r: ResponseInsert = {
      id: rng.uuid(), surveyId: S.walkIn.id, invitationId: null, customerId: null, metric: 'csat', score, answers,
      comment: (answers.comment as string | undefined) ?? null, channel: 'anonymous', clientHash: bytes(rng, 16).slice(0, 22), createdAt: at, updatedAt: at,
    };
    responses.push(r);
    addFeedback(r, 'csat', score, null);
  }

  // ── What staff typed in from calls, visits and social media ──
  const writers = staff.filter((s) => s.role === 'support' || s.role === 'sales' || s.role === 'marketing');
  for (let i = 0; i < 60; i++) {
    const [text, sentiment, channel] = rng.pick(STAFF_NOTES);
    const at = new Date(yearAgo + rng.int(1, 364) * DAY + rng.int(0, 10 * 60) * MINUTE);
    if (at > now) continue;
    const known = customers.filter((c) => c.createdAt < at);
    const customer = channel === 'social' && rng.chance(0.5) ? null : known.length ? rng.pick(known) : null;
    const writer = channel === 'social' ? (staff.find((s) => s.role === 'marketing') ?? rng.pick(writers.length ? writers : staff)) : rng.pick(writers.length ? writers : staff);
    feedbackRows.push({ id: rng.uuid(), customerId: customer?.id ?? null, channel, text, sentiment, topics: topicsOf(text, topics),
      productId: rng.chance(0.3) && catalog.length ? rng.pick(catalog).id : null, ticketId: null, responseId: null, createdBy: writer.id, createdAt: at });
  }

  responses.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return {
    surveys: Object.values(S), topics, invitations, responses, feedback: feedbackRows, tasks: taskRows, audit,
    counts: {
      surveys: 4, invitations: invitations.length, sent: sent.length, skipped: invitations.filter((i) => i.status === 'skipped').length,
      answers: responses.length, feedback: feedbackRows.length, openLoops: responses.filter((r) => r.loopStatus === 'open').length,
    },
  };
}
