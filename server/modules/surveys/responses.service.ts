/**
 * Answers and the closed loop. An answer comes through the customer's link (once; changeable for a short while, never
 * counted twice), the anonymous link, or a score texted back to the survey SMS. Every answer lands on the customer's
 * timeline and on the ticket or invoice that triggered it; its comments join the feedback inbox. An unhappy answer
 * (NPS 0–6, CSAT 1–2, CES 1–3) opens a loop: a follow-up task for the ticket's agent or the customer's owner, which
 * someone closes by saying what was done. Promoters can be asked for a review or a referral.
 */
import { createHmac } from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { toIso } from '../../db/values.ts';
import { AppError, invalid, notFound } from '../../errors.ts';
import { assertCan, can, customerScopeSql, systemActor, type Actor } from '../auth/index.ts';
import { createTask, updateTask } from '../tasks/index.ts';
import { queueMessage, type InboundText } from '../messaging/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { toLatinDigits, toPersianDigits } from '../../../common/fa-normalize.ts';
import { SCALES, type Question } from '../../../common/survey.schemas.ts';
import { headline, readVocSettings, scaleOf, type SurveyRow } from './surveys.service.ts';
import { invitationByToken, type InvitationRow } from './invitations.service.ts';
import { createFeedback } from './feedback.service.ts';
import { visibleTicketsSql } from '../support/index.ts';
import { visibleDocumentsSql } from '../documents/index.ts';
import { recordWebhookEvent } from '../webhooks/index.ts';
import { isTopScore, isUnhappy, npsCategory } from './metrics.ts';
import { surveys, surveyResponses } from './surveys.tables.ts';

const SYSTEM = systemActor(DEFAULT_ROLES.admin.permissions);

/**
 * Checks a submission against the survey's questions: required questions answered, scores whole numbers within their
 * scale, choices among the options, texts at most 2,000 characters. Returns the clean answers (follow-ups under
 * `<id>_followup`) or throws VALIDATION_FAILED naming each bad field.
 */
export function checkAnswers(questions: readonly Question[], raw: Record<string, unknown>): Record<string, number | string | string[]> {
  const out: Record<string, number | string | string[]> = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const v = raw[q.id];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
    const scale = scaleOf(q);
    if (empty) {
      if (q.required) errors[q.id] = 'required';
    } else if (scale) {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,2}\s*$/.test(toLatinDigits(v)) ? Number(toLatinDigits(v)) : NaN;
      if (!Number.isInteger(n) || n < scale.min || n > scale.max) errors[q.id] = `a whole number from ${scale.min} to ${scale.max}`;
      else out[q.id] = n;
    } else if (q.type === 'single') {
      if (typeof v !== 'string' || !q.options.some((o) => o.id === v)) errors[q.id] = 'one of the options';
      else out[q.id] = v;
    } else if (q.type === 'multi') {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((x) => typeof x === 'string' && q.options.some((o) => o.id === x))) errors[q.id] = 'some of the options';
      else out[q.id] = [...new Set(list as string[])];
    } else {
      const s = String(v).trim();
      if (s.length > 2000) errors[q.id] = 'at most 2,000 characters';
      else if (s) out[q.id] = s;
      else if (q.required) errors[q.id] = 'required';
    }
    if (q.followUp) {
      const f = raw[`${q.id}_followup`];
      if (typeof f === 'string' && f.trim()) {
        if (f.length > 2000) errors[`${q.id}_followup`] = 'at most 2,000 characters';
        // Kept only when the score calls for it (a hidden field sent anyway by a page without script is dropped).
        else if (typeof out[q.id] === 'number' && (out[q.id] as number) <= q.followUp.maxScore) out[`${q.id}_followup`] = f.trim();
      }
    }
  }
  if (Object.keys(errors).length) throw invalid('Some answers need attention', errors);
  return out;
}

/** The free text of an answer: text questions and follow-ups, for the feedback inbox. */
function commentOf(questions: readonly Question[], answers: Record<string, unknown>): string | null {
  const parts: string[] = [];
  for (const q of questions) {
    if (q.type === 'text' && typeof answers[q.id] === 'string') parts.push(answers[q.id] as string);
    if (typeof answers[`${q.id}_followup`] === 'string') parts.push(answers[`${q.id}_followup`] as string);
  }
  return parts.length ? parts.join('\n') : null;
}

type Context = { agentId: string | null; productId: string | null; ticketId: string | null };

/** Who and what an answer is about: the ticket's agent and product, or the invoice's owner and first product. */
async function contextOf(tx: Db, sourceType: string | null, sourceId: string | null): Promise<Context> {
  if (sourceType === 'ticket' && sourceId) {
    const [t] = (await tx.execute(sql`SELECT assignee_id, product_id FROM tickets WHERE id = ${sourceId}`)).rows as { assignee_id: string | null; product_id: string | null }[];
    return { agentId: t?.assignee_id ?? null, productId: t?.product_id ?? null, ticketId: sourceId };
  }
  if (sourceType === 'document' && sourceId) {
    const [d] = (await tx.execute(sql`SELECT d.owner_id, (SELECT l.product_id FROM document_lines l WHERE l.document_id = d.id AND l.product_id IS NOT NULL ORDER BY l.position LIMIT 1) AS product_id
      FROM documents d WHERE d.id = ${sourceId}`)).rows as { owner_id: string | null; product_id: string | null }[];
    return { agentId: d?.owner_id ?? null, productId: d?.product_id ?? null, ticketId: null };
  }
  return { agentId: null, productId: null, ticketId: null };
}

/** Opens the loop of an unhappy answer once: a follow-up task for the ticket's agent, else the customer's owner, else a manager. */
async function openLoop(tx: Db, clock: Clock, responseId: string) {
  const [r] = (await tx.execute(sql`SELECT r.*, s.name AS survey_name, c.display_name, c.owner_id FROM survey_responses r JOIN surveys s ON s.id = r.survey_id
    LEFT JOIN customers c ON c.id = r.customer_id WHERE r.id = ${responseId}`)).rows as Record<string, unknown>[];
  if (!r || r.loop_status != null || r.metric == null || r.score == null || !r.customer_id) return;
  if (!isUnhappy(r.metric as 'nps' | 'csat' | 'ces', Number(r.score))) return;
  const settings = await readVocSettings(tx);
  const agent = r.source_type === 'ticket' ? (r.agent_id as string | null) : null;
  let owner = agent ?? (r.owner_id as string | null);
  if (!owner) {
    const [m] = (await tx.execute(sql`SELECT u.id FROM users u JOIN roles ro ON ro.id = u.role_id WHERE u.active AND ro.key IN ('manager', 'admin') ORDER BY ro.key = 'manager' DESC, u.created_at LIMIT 1`)).rows as { id: string }[];
    owner = m?.id ?? null;
  }
  if (!owner) return;
  const now = clock.now();
  const scale = SCALES[r.metric as 'nps' | 'csat' | 'ces'];
  const task = await createTask(tx, { ...SYSTEM, userId: owner }, clock, {
    title: `پیگیری نظر ناراضی ${r.display_name}: امتیاز ${toPersianDigits(Number(r.score))} از ${toPersianDigits(scale.max)} در «${r.survey_name}»`,
    description: (r.comment as string | null) ?? null, customerId: String(r.customer_id), assigneeId: owner, priority: 'high',
    dueAt: new Date(now.getTime() + settings.followUpHours * 3_600_000).toISOString(),
  });
  await tx.execute(sql`UPDATE survey_responses SET loop_status = 'open', loop_task_id = ${task.id}, loop_owner_id = ${owner} WHERE id = ${responseId}`);
}

type Save = { survey: SurveyRow; answers: Record<string, number | string | string[]>; channel: string; customerId: string | null;
  invitation?: InvitationRow; clientHash?: string | null };

/** Stores a new answer (or changes the invitation's), then timeline/feedback/loop; returns the response id. */
async function save(tx: Db, clock: Clock, s: Save): Promise<string> {
  const now = clock.now();
  const q = headline(s.survey.questions);
  const score = q && typeof s.answers[q.id] === 'number' ? (s.answers[q.id] as number) : null;
  const comment = commentOf(s.survey.questions, s.answers);
  const ctx = await contextOf(tx, s.invitation?.source_type ?? null, s.invitation?.source_id ?? null);
  const res = await tx.execute(sql`INSERT INTO survey_responses (survey_id, invitation_id, customer_id, metric, score, answers, comment, channel, source_type, source_id,
      agent_id, product_id, client_hash, created_at, updated_at)
    VALUES (${s.survey.id}, ${s.invitation?.id ?? null}, ${s.customerId}, ${s.survey.metric}, ${score}, ${JSON.stringify(s.answers)}::jsonb, ${comment}, ${s.channel},
      ${s.invitation?.source_type ?? null}, ${s.invitation?.source_id ?? null}, ${ctx.agentId}, ${ctx.productId}, ${s.clientHash ?? null}, ${now}, ${now})
    ON CONFLICT (invitation_id) WHERE invitation_id IS NOT NULL
    DO UPDATE SET score = excluded.score, answers = excluded.answers, comment = excluded.comment, updated_at = excluded.updated_at
    RETURNING id`);
  const id = String((res.rows[0] as { id: string }).id);
  if (s.invitation) await tx.execute(sql`UPDATE survey_invitations SET status = 'answered' WHERE id = ${s.invitation.id}`);
  if (comment) {
    const sentiment = score === null || !s.survey.metric ? null
      : isUnhappy(s.survey.metric, score) ? 'negative' : s.survey.metric === 'nps' ? (npsCategory(score) === 'promoter' ? 'positive' : 'neutral')
        : score >= (s.survey.metric === 'csat' ? 4 : 6) ? 'positive' : 'neutral';
    await createFeedback(tx, null, clock, { customerId: s.customerId, channel: 'survey', text: comment, sentiment, topics: [], productId: ctx.productId, ticketId: ctx.ticketId, responseId: id });
  }
  await openLoop(tx, clock, id);
  // An answer changed through its link later is answered again: receivers get the new answer with the same response id.
  const [view] = (await tx.execute(sql`SELECT ${responseSelect(SYSTEM)} FROM ${RESPONSE_FROM} WHERE r.id = ${id}`)).rows as Record<string, unknown>[];
  await recordWebhookEvent(tx, 'survey.answered', presentResponse(view), { at: now });
  return id;
}

export type PublicState = { kind: 'open' } | { kind: 'answered'; editableUntil: Date | null; answers: Record<string, unknown> };

/** What the link's page should show: the form, or the answer given (changeable until `editableUntil`). */
export async function linkState(db: Db, now: Date, token: string) {
  const inv = await invitationByToken(db, now, token);
  const [survey] = await db.select().from(surveys).where(eq(surveys.id, inv.survey_id));
  if (!survey) throw notFound('Survey');
  const settings = await readVocSettings(db);
  const [r] = (await db.execute(sql`SELECT answers, created_at FROM survey_responses WHERE invitation_id = ${inv.id}`)).rows as { answers: unknown; created_at: unknown }[];
  const [c] = (await db.execute(sql`SELECT first_name, display_name FROM customers WHERE id = ${inv.customer_id}`)).rows as { first_name: string | null; display_name: string }[];
  let state: PublicState = { kind: 'open' };
  if (r) {
    const until = new Date(new Date(toIso(r.created_at)).getTime() + settings.editMinutes * 60_000);
    state = { kind: 'answered', editableUntil: until > now ? until : null, answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, unknown> };
  }
  return { invitation: inv, survey, state, name: c?.first_name || c?.display_name || '' };
}

/** The link's form posted: a first answer, or a change within the edit window (409 after it). */
export async function answerByLink(tx: Db, clock: Clock, token: string, raw: Record<string, unknown>) {
  const now = clock.now();
  const { invitation, survey, state } = await linkState(tx, now, token);
  await tx.execute(sql`SELECT id FROM survey_invitations WHERE id = ${invitation.id} FOR UPDATE`);
  if (state.kind === 'answered' && !state.editableUntil) throw new AppError('CONFLICT', 'This survey was already answered', { token: 'answered' });
  const answers = checkAnswers(survey.questions, raw);
  return save(tx, clock, { survey, answers, channel: 'web', customerId: invitation.customer_id, invitation });
}

/** An anonymous answer (walk-in link, QR code, website widget): the survey must allow it; a keyed hash of the address limits repeats. */
export async function answerAnonymously(tx: Db, clock: Clock, secret: string, key: string, client: string, raw: Record<string, unknown>) {
  const survey = await surveyByAnonymousKey(tx, key);
  const clientHash = createHmac('sha256', secret).update(`survey-client:${client}`).digest('base64url').slice(0, 22);
  const since = new Date(clock.now().getTime() - 3_600_000);
  const [{ n }] = (await tx.execute(sql`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = ${survey.id} AND client_hash = ${clientHash} AND created_at > ${since}`)).rows as { n: number }[];
  if (n >= 5) throw new AppError('RATE_LIMITED', 'Too many answers from this address; try again later', { retryAfterSec: 3600 });
  const answers = checkAnswers(survey.questions, raw);
  return save(tx, clock, { survey, answers, channel: 'anonymous', customerId: null, clientHash });
}

export async function surveyByAnonymousKey(db: Db, key: string): Promise<SurveyRow> {
  if (!/^[A-Za-z0-9_-]{10,40}$/.test(key)) throw new AppError('NOT_FOUND', 'This survey does not exist');
  const [survey] = await db.select().from(surveys).where(eq(surveys.anonymousKey, key));
  if (!survey || !survey.anonymousEnabled || survey.status !== 'active') throw new AppError('NOT_FOUND', 'This survey does not exist');
  return survey;
}

/**
 * A text from a customer that is only a number, in answer to a survey SMS sent to them in the link's lifetime and not
 * yet answered, is the score of its headline question. Returns true when the text was taken as an answer.
 */
export async function answerBySms(tx: Db, clock: Clock, m: InboundText): Promise<boolean> {
  const text = toLatinDigits(m.text).trim().replace(/[.!،,؛\s]+$/u, '');
  if (!/^\d{1,2}$/.test(text)) return false;
  const now = clock.now();
  const [inv] = (await tx.execute(sql`SELECT i.id, i.survey_id, i.customer_id, i.status, i.expires_at, i.source_type, i.source_id, i.sent_at FROM survey_invitations i
    WHERE i.customer_id = ${m.customerId} AND i.channel = 'sms' AND i.status = 'sent' AND i.expires_at > ${now}
    ORDER BY i.sent_at DESC LIMIT 1 FOR UPDATE`)).rows as InvitationRow[];
  if (!inv) return false;
  const [survey] = await tx.select().from(surveys).where(eq(surveys.id, inv.survey_id));
  const q = survey && headline(survey.questions);
  if (!survey || !q) return false;
  const score = Number(text);
  const scale = SCALES[q.type as 'nps' | 'csat' | 'ces'];
  if (score < scale.min || score > scale.max) return false; // not a score of this survey: an ordinary message
  const answers = Object.fromEntries(survey.questions.filter((x) => x.id === q.id).map((x) => [x.id, score]));
  await save(tx, clock, { survey, answers, channel: 'sms_reply', customerId: m.customerId, invitation: inv });
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Staff side

function visibleResponses(actor: Actor): SQL {
  const scope = customerScopeSql(actor, 'c');
  return sql`(r.customer_id IS NULL OR (c.deleted_at IS NULL${scope ? sql` AND ${scope}` : sql``}))`;
}

type ResponseRow = typeof surveyResponses.$inferSelect;

export function presentResponse(r: Record<string, unknown>) {
  return {
    id: String(r.id), surveyId: String(r.survey_id), surveyName: (r.survey_name as string | null) ?? null, customerId: (r.customer_id as string | null) ?? null,
    customerName: (r.customer_name as string | null) ?? null, metric: (r.metric as ResponseRow['metric']) ?? null, score: r.score == null ? null : Number(r.score),
    answers: (typeof r.answers === 'string' ? JSON.parse(r.answers) : r.answers) as Record<string, unknown>, comment: (r.comment as string | null) ?? null,
    channel: String(r.channel), sourceType: (r.source_type as ResponseRow['sourceType']) ?? null, sourceId: (r.source_id as string | null) ?? null,
    ticketNumber: r.ticket_number == null ? null : Number(r.ticket_number), documentNumber: (r.document_number as string | null) ?? null,
    agentId: (r.agent_id as string | null) ?? null, agentName: (r.agent_name as string | null) ?? null,
    loop: r.loop_status ? {
      status: String(r.loop_status) as NonNullable<ResponseRow['loopStatus']>, taskId: (r.loop_task_id as string | null) ?? null, ownerId: (r.loop_owner_id as string | null) ?? null,
      ownerName: (r.loop_owner_name as string | null) ?? null, note: (r.loop_note as string | null) ?? null,
      closedAt: r.loop_closed_at == null ? null : toIso(r.loop_closed_at), taskDueAt: r.task_due_at == null ? null : toIso(r.task_due_at),
    } : null,
    asked: r.asked_kind ? { kind: String(r.asked_kind) as NonNullable<ResponseRow['askedKind']>, at: toIso(r.asked_at) } : null,
    createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at),
  };
}
export type ResponseView = ReturnType<typeof presentResponse>;

const RESPONSE_FROM = sql`survey_responses r JOIN surveys s ON s.id = r.survey_id LEFT JOIN customers c ON c.id = r.customer_id
  LEFT JOIN users a ON a.id = r.agent_id LEFT JOIN users lo ON lo.id = r.loop_owner_id LEFT JOIN tasks tk ON tk.id = r.loop_task_id`;
/** An answer's columns; the ticket or document it came from is named only when the reader may see that one too. */
const responseSelect = (actor: Actor) => sql`r.*, s.name AS survey_name, c.display_name AS customer_name, a.name AS agent_name, lo.name AS loop_owner_name, tk.due_at AS task_due_at,
  ${can(actor, 'tickets', 'read') ? sql`(SELECT t.number FROM tickets t JOIN customers c ON c.id = t.customer_id
    WHERE r.source_type = 'ticket' AND t.id = r.source_id AND ${visibleTicketsSql(actor)})` : sql`NULL::bigint`} AS ticket_number,
  ${can(actor, 'documents', 'read') ? sql`(SELECT d.number FROM documents d JOIN customers c ON c.id = d.customer_id
    WHERE r.source_type = 'document' AND d.id = r.source_id AND ${visibleDocumentsSql(actor)})` : sql`NULL::text`} AS document_number`;

export async function listResponses(db: Db, actor: Actor, q: { surveyId?: string; customerId?: string; sourceType?: string; sourceId?: string; loop?: 'open' | 'closed'; page: number; pageSize: number }) {
  assertCan(actor, 'surveys', 'read');
  const conds: SQL[] = [visibleResponses(actor)];
  if (q.surveyId) conds.push(sql`r.survey_id = ${q.surveyId}`);
  if (q.customerId) conds.push(sql`r.customer_id = ${q.customerId}`);
  if (q.sourceType) conds.push(sql`r.source_type = ${q.sourceType}`);
  if (q.sourceId) conds.push(sql`r.source_id = ${q.sourceId}`);
  if (q.loop) conds.push(sql`r.loop_status = ${q.loop}`);
  const where = sql.join(conds, sql` AND `);
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${RESPONSE_FROM} WHERE ${where}`)).rows as { n: number }[];
  const order = q.loop === 'open' ? sql`tk.due_at ASC NULLS LAST, r.created_at` : sql`r.created_at DESC, r.id DESC`;
  const rows = (await db.execute(sql`SELECT ${responseSelect(actor)} FROM ${RESPONSE_FROM} WHERE ${where} ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`)).rows;
  return { items: rows.map((r) => presentResponse(r as Record<string, unknown>)), total: n, page: q.page, pageSize: q.pageSize };
}

async function loadResponse(db: Db, actor: Actor, id: string, lock = false) {
  const [r] = (await db.execute(sql`SELECT ${responseSelect(actor)} FROM ${RESPONSE_FROM} WHERE r.id = ${id} AND ${visibleResponses(actor)} ${lock ? sql`FOR UPDATE OF r` : sql``}`)).rows as Record<string, unknown>[];
  if (!r) throw notFound('Answer');
  return r;
}

/** Closes an open loop: what was done is recorded, the follow-up task is done. */
export async function closeLoop(tx: Db, actor: Actor, clock: Clock, id: string, note: string) {
  assertCan(actor, 'surveys', 'read');
  assertCan(actor, 'tasks', 'update');
  const r = await loadResponse(tx, actor, id, true);
  if (r.loop_status !== 'open') throw new AppError('CONFLICT', r.loop_status ? 'This loop is already closed' : 'This answer has no open follow-up', { loop: String(r.loop_status ?? 'none') });
  const now = clock.now();
  await tx.execute(sql`UPDATE survey_responses SET loop_status = 'closed', loop_note = ${note}, loop_closed_by = ${actor.userId}, loop_closed_at = ${now} WHERE id = ${id}`);
  if (r.loop_task_id) {
    const [t] = (await tx.execute(sql`SELECT status FROM tasks WHERE id = ${r.loop_task_id}`)).rows as { status: string }[];
    if (t?.status === 'open') await updateTask(tx, { ...SYSTEM, userId: actor.userId }, clock, String(r.loop_task_id), { status: 'done' });
  }
  return presentResponse(await loadResponse(tx, actor, id));
}

/** Asks a promoter (NPS 9–10, CSAT 5, CES 7) for a review or a referral, by SMS or email with consent; recorded once. */
export async function askForReview(tx: Db, actor: Actor, clock: Clock, id: string, input: { kind: 'review' | 'referral'; channel: 'sms' | 'email' }) {
  assertCan(actor, 'surveys', 'create');
  const r = await loadResponse(tx, actor, id, true);
  const metric = r.metric as 'nps' | 'csat' | 'ces' | null;
  const score = r.score == null ? null : Number(r.score);
  const promoter = metric !== null && score !== null && isTopScore(metric, score);
  if (!promoter || !r.customer_id) throw new AppError('UNPROCESSABLE', 'Only a known customer who gave a top score is asked for a review or referral', { score: String(score) });
  if (r.asked_kind) throw new AppError('CONFLICT', 'This customer was already asked', { asked: String(r.asked_kind) });
  const [c] = (await tx.execute(sql`SELECT first_name, display_name, phones, emails, sms_consent, email_consent FROM customers WHERE id = ${r.customer_id}`)).rows as Record<string, unknown>[];
  const parse = <T>(v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const address = input.channel === 'sms'
    ? (parse<{ number: string; primary?: boolean }[]>(c.phones).find((p) => p.primary) ?? parse<{ number: string }[]>(c.phones)[0])?.number
    : parse<{ address: string }[]>(c.emails)[0]?.address;
  if (!address) throw new AppError('UNPROCESSABLE', `The customer has no ${input.channel === 'sms' ? 'phone number' : 'email address'}`, { channel: 'no address' });
  if (input.channel === 'sms' ? !c.sms_consent : !c.email_consent) throw new AppError('UNPROCESSABLE', 'The customer has not agreed to this channel', { channel: 'no consent' });
  const settings = await readVocSettings(tx);
  const body = (input.kind === 'review' ? settings.reviewTemplate : settings.referralTemplate)
    .replaceAll('{name}', String(c.first_name || c.display_name)).replaceAll('{link}', settings.reviewLink);
  await queueMessage(tx, { customerId: String(r.customer_id), channel: input.channel, address, body, subject: input.channel === 'email' ? (input.kind === 'review' ? 'نظر شما' : 'معرفی به دوستان') : undefined,
    subjectType: 'survey_response', subjectId: id, dedupeKey: `survey-ask:${id}`, createdBy: actor.userId });
  await tx.execute(sql`UPDATE survey_responses SET asked_kind = ${input.kind}, asked_at = ${clock.now()} WHERE id = ${id}`);
  return presentResponse(await loadResponse(tx, actor, id));
}

/** The customer's latest answers, for the 360° view and the ticket screen. */
export async function voiceSection(db: Db, actor: Actor, customerId: string) {
  if (!can(actor, 'surveys', 'read')) return undefined;
  const rows = (await db.execute(sql`SELECT ${responseSelect(actor)} FROM ${RESPONSE_FROM} WHERE r.customer_id = ${customerId} AND ${visibleResponses(actor)}
    ORDER BY r.created_at DESC LIMIT 5`)).rows;
  const [{ n }] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${RESPONSE_FROM} WHERE r.customer_id = ${customerId} AND ${visibleResponses(actor)}`)).rows as { n: number }[];
  return { items: rows.map((r) => presentResponse(r as Record<string, unknown>)), total: n };
}
