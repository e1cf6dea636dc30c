import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { formatDateTime } from '../../../common/jalali.ts';
import {
  surveyCreate, surveyUpdate, surveySend, vocSettings, feedbackCreate, feedbackUpdate, topicInput, closeLoop as closeLoopBody, askReview, metricsQuery,
  FEEDBACK_CHANNELS, SENTIMENTS,
  surveyList, surveyView, surveySent, surveyPreview, surveyQr, surveyResponsePage, surveyResponseView, vocSettingsView, vocFigures,
  feedbackPage, feedbackView, topicList, topicView, topicTrendView,
} from '../../../common/survey.schemas.ts';
import { fileAnswer, htmlPage, noContent } from '../../../common/api.schemas.ts';
import { createSurvey, getSurvey, listSurveys, presentSurvey, updateSurvey, getVocSettings, setVocSettings } from './surveys.service.ts';
import { sendSurvey } from './invitations.service.ts';
import { answerAnonymously, answerByLink, askForReview, closeLoop, linkState, listResponses, surveyByAnonymousKey } from './responses.service.ts';
import { createFeedback, deleteTopic, listFeedback, listTopics, saveTopic, topicTrend, updateFeedback } from './feedback.service.ts';
import { vocMetrics } from './voc.service.ts';
import { renderMessagePage, renderSurveyPage, SURVEY_SCRIPT, WIDGET_SCRIPT, type Lang } from './public-page.ts';

const idParam = z.object({ id: z.uuid() });
const page = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(25) };

export function surveyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tags = ['surveys'];
    const present = (s: Parameters<typeof presentSurvey>[0]) => presentSurvey(s, ctx.config.publicUrl);

    r.get('/api/surveys', { schema: { tags, summary: 'Surveys with how many were sent and answered', response: { 200: surveyList } } },
      async (req) => ({ items: (await listSurveys(db, actorOf(req))).map((x) => ({ ...present(x.row), sent: x.sent, responses: x.responses })) }));
    r.post('/api/surveys', { schema: { tags, summary: 'Create a survey (questions in Persian and English, trigger, channel)', body: surveyCreate, response: { 201: surveyView } } },
      async (req, reply) => reply.status(201).send(present(await withTx(ctx.database, (tx) => createSurvey(tx, actorOf(req), ctx.clock, req.body)))));
    r.get('/api/surveys/:id', { schema: { tags, summary: 'A survey', params: idParam, response: { 200: surveyView } } },
      async (req) => present(await getSurvey(db, actorOf(req), req.params.id)));
    r.patch('/api/surveys/:id', { schema: { tags, summary: 'Change a survey (answered questions keep their type)', params: idParam, body: surveyUpdate, response: { 200: surveyView } } },
      async (req) => present(await withTx(ctx.database, (tx) => updateSurvey(tx, actorOf(req), ctx.clock, req.params.id, req.body))));
    r.post('/api/surveys/:id/send', { schema: { tags, summary: 'Send to customers or a segment now (consent, fatigue and quiet hours apply)', params: idParam, body: surveySend, response: { 200: surveySent } } },
      async (req) => withTx(ctx.database, (tx) => sendSurvey(tx, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.get('/api/surveys/:id/preview', { schema: { tags, summary: 'The public page of the survey as a customer sees it (HTML, not answerable)', params: idParam, querystring: z.object({ lang: z.enum(['fa', 'en']).default('fa') }), response: { 200: surveyPreview } } },
      async (req, reply) => {
        const s = await getSurvey(db, actorOf(req), req.params.id);
        const lang = req.query.lang;
        return reply.type('text/html; charset=utf-8').header('X-Frame-Options', 'SAMEORIGIN')
          .header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; frame-ancestors 'self'; form-action 'none'")
          .send(renderSurveyPage({ lang, title: s.name, intro: lang === 'en' && s.intro.en ? s.intro.en : s.intro.fa, thanks: '', name: lang === 'en' ? 'Sara' : 'سارا', questions: s.questions, action: '#' }));
      });
    r.get('/api/surveys/:id/qr.svg', { schema: { tags, summary: 'QR code of the anonymous (walk-in) link', params: idParam, response: { 200: surveyQr } } },
      async (req, reply) => {
        const s = await getSurvey(db, actorOf(req), req.params.id);
        if (!s.anonymousEnabled) throw new AppError('UNPROCESSABLE', 'Turn on the anonymous link first', { anonymousEnabled: 'off' });
        const { default: QRCode } = await import('qrcode'); // on first use: memory (docs/benchmarks.md)
        const svg = await QRCode.toString(`${ctx.config.publicUrl}/s/a/${s.anonymousKey}`, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
        return reply.type('image/svg+xml').send(svg);
      });

    r.get('/api/survey-responses', { schema: { tags, summary: 'Answers, by survey, customer, source (ticket/document) or open/closed loop', querystring: z.object({
      surveyId: z.uuid().optional(), customerId: z.uuid().optional(), sourceType: z.enum(['ticket', 'document']).optional(), sourceId: z.uuid().optional(),
      loop: z.enum(['open', 'closed']).optional(), ...page }), response: { 200: surveyResponsePage } } },
    async (req) => listResponses(db, actorOf(req), req.query));
    r.post('/api/survey-responses/:id/close-loop', { schema: { tags, summary: 'Close the follow-up of an unhappy answer, saying what was done', params: idParam, body: closeLoopBody, response: { 200: surveyResponseView } } },
      async (req) => withTx(ctx.database, (tx) => closeLoop(tx, actorOf(req), ctx.clock, req.params.id, req.body.note)));
    r.post('/api/survey-responses/:id/ask', { schema: { tags, summary: 'Ask a promoter for a review or a referral (recorded once)', params: idParam, body: askReview, response: { 200: surveyResponseView } } },
      async (req) => withTx(ctx.database, (tx) => askForReview(tx, actorOf(req), ctx.clock, req.params.id, req.body)));

    r.get('/api/voc/settings', { schema: { tags, summary: 'Fatigue days, quiet hours, edit window, link lifetime, follow-up time, review/referral templates', response: { 200: vocSettingsView } } },
      async (req) => getVocSettings(db, actorOf(req)));
    r.put('/api/voc/settings', { schema: { tags, summary: 'Change the voice-of-the-customer settings (admins)', body: vocSettings, response: { 200: vocSettingsView } } },
      async (req) => withTx(ctx.database, (tx) => setVocSettings(tx, actorOf(req), req.body)));
    r.get('/api/voc/metrics', { schema: { tags, summary: 'NPS, CSAT or CES with n, response rate and 95% interval; by week, month (Jalali, or Gregorian with ?calendar=gregorian), product, agent, channel, segment or survey; against the previous period', querystring: metricsQuery, response: { 200: vocFigures } } },
      async (req) => vocMetrics(db, actorOf(req), ctx.clock.now(), req.query));

    const ftags = ['feedback'];
    r.get('/api/feedback', { schema: { tags: ftags, summary: 'The feedback inbox', querystring: z.object({
      topic: z.string().max(60).optional(), channel: z.enum(FEEDBACK_CHANNELS).optional(), sentiment: z.enum(SENTIMENTS).optional(), customerId: z.uuid().optional(),
      q: z.string().max(200).optional(), ...page }), response: { 200: feedbackPage } } },
    async (req) => listFeedback(db, actorOf(req), req.query));
    r.post('/api/feedback', { schema: { tags: ftags, summary: 'Record feedback from a call, visit, social media…', body: feedbackCreate, response: { 201: feedbackView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createFeedback(tx, actorOf(req), ctx.clock, req.body))));
    r.patch('/api/feedback/:id', { schema: { tags: ftags, summary: 'Change sentiment or topics', params: idParam, body: feedbackUpdate, response: { 200: feedbackView } } },
      async (req) => withTx(ctx.database, (tx) => updateFeedback(tx, actorOf(req), req.params.id, req.body)));
    r.get('/api/feedback/topics', { schema: { tags: ftags, summary: 'Topics and their keyword rules', response: { 200: topicList } } },
      async (req) => ({ items: await listTopics(db, actorOf(req)) }));
    r.post('/api/feedback/topics', { schema: { tags: ftags, summary: 'Add a topic with keywords (admins)', body: topicInput, response: { 201: topicView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => saveTopic(tx, actorOf(req), null, req.body))));
    r.put('/api/feedback/topics/:id', { schema: { tags: ftags, summary: 'Change a topic (admins)', params: idParam, body: topicInput, response: { 200: topicView } } },
      async (req) => withTx(ctx.database, (tx) => saveTopic(tx, actorOf(req), req.params.id, req.body)));
    r.delete('/api/feedback/topics/:id', { schema: { tags: ftags, summary: 'Remove a topic (admins)', params: idParam, response: { 204: noContent } } },
      async (req, reply) => { await withTx(ctx.database, (tx) => deleteTopic(tx, actorOf(req), req.params.id)); return reply.status(204).send(); });
    r.get('/api/feedback/trend', { schema: { tags: ftags, summary: 'Feedback per topic per Jalali month', querystring: z.object({ months: z.coerce.number().int().min(1).max(24).default(6) }), response: { 200: topicTrendView } } },
      async (req) => topicTrend(db, actorOf(req), ctx.clock.now(), req.query.months));
  };
}

const tokenParam = z.object({ token: z.string() });
const keyParam = z.object({ key: z.string() });
/** The customer's pages answer in HTML, errors included: an unknown or expired link (404) and too many requests (429). */
const pageAnswers = {
  200: htmlPage('The survey page in the customer’s language'),
  404: htmlPage('This link does not exist or has expired'),
  429: htmlPage('Too many requests from this address; try again in a minute'),
};
const postAnswers = {
  ...pageAnswers,
  200: htmlPage('Thanks, or the page again with the answer'),
  400: htmlPage('The page again, with a message beside each answer to fix'),
  409: htmlPage('The page again: the answer can no longer be changed'),
};

/** Form posts arrive as strings; repeated fields (multiple choice) as arrays. */
function formBody(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  return {};
}

/** The customer's side: /s/<token> and the anonymous /s/a/<key>; rate-limited per address. */
export function surveyPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.database.db;
    const pages = new RateLimiter(60, 60_000);
    const posts = new RateLimiter(20, 60_000);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of new URLSearchParams(String(body))) {
          const cur = out[k];
          out[k] = cur === undefined ? v : Array.isArray(cur) ? [...cur, v] : [cur, v];
        }
        done(null, out);
      } catch (e) { done(e as Error); }
    });
    const html = (reply: FastifyReply, status: number, body: string, embed = false) => {
      reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
      if (embed) reply.header('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; frame-ancestors *; base-uri 'self'; form-action 'self'");
      return reply.send(body);
    };
    const langOf = (q: unknown): Lang => ((q as { lang?: string }).lang === 'en' ? 'en' : 'fa');
    /** Expired links and rate limits answer with a short page in the customer's language, not JSON. */
    const guard = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
      async (req: FastifyRequest, reply: FastifyReply) => {
        try {
          return await fn(req, reply);
        } catch (e) {
          if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'RATE_LIMITED')) {
            if (e.code === 'RATE_LIMITED') reply.header('Retry-After', String((e.details as { retryAfterSec?: number } | undefined)?.retryAfterSec ?? 60));
            return html(reply, e.code === 'NOT_FOUND' ? 404 : 429, renderMessagePage(langOf(req.query), e.code));
          }
          throw e;
        }
      };
    const text = (b: { fa: string; en: string }, lang: Lang) => (lang === 'en' && b.en ? b.en : b.fa);

    app.get('/s/_survey.js', { schema: { hide: true, response: { 200: fileAnswer('text/javascript', 'The survey page’s script', 'text') } } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(SURVEY_SCRIPT));
    app.get('/s/widget.js', { schema: {
      tags: ['public pages'], summary: 'The website widget: a script that shows the anonymous survey in a frame',
      response: { 200: fileAnswer('text/javascript', 'The widget script (cross-origin)', 'text') },
    } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=3600').header('Cross-Origin-Resource-Policy', 'cross-origin').send(WIDGET_SCRIPT));

    const linkPage = async (token: string, lang: Lang, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; done?: 'thanks' } = {}) => {
      const st = await linkState(db, ctx.clock.now(), token);
      const answered = st.state.kind === 'answered' ? st.state : null;
      return renderSurveyPage({
        lang, title: st.survey.name, intro: text(st.survey.intro, lang), thanks: text(st.survey.thanks, lang), name: st.name, questions: st.survey.questions,
        action: `/s/${token}${lang === 'en' ? '?lang=en' : ''}`, values: extra.values ?? answered?.answers, errors: extra.errors,
        done: extra.done ?? (answered ? 'answered' : undefined),
        editableUntil: answered?.editableUntil ? formatDateTime(answered.editableUntil, lang) : null,
        langHref: `/s/${token}${lang === 'en' ? '' : '?lang=en'}`,
      });
    };
    app.get('/s/:token', { schema: { tags: ['public pages'], summary: 'A customer’s survey link (?lang=en)', params: tokenParam, response: pageAnswers } }, guard(async (req, reply) => {
      pages.hit(req.ip);
      return html(reply, 200, await linkPage((req.params as { token: string }).token, langOf(req.query)));
    }));
    app.post('/s/:token', { schema: { tags: ['public pages'], summary: 'Answer through a customer’s link (form post); the answer may be changed for a while', params: tokenParam, response: postAnswers } }, guard(async (req, reply) => {
      posts.hit(req.ip);
      const token = (req.params as { token: string }).token;
      const lang = langOf(req.query);
      const values = formBody(req.body);
      try {
        await withTx(ctx.database, (tx) => answerByLink(tx, ctx.clock, token, values));
      } catch (e) {
        if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return html(reply, 400, await linkPage(token, lang, { values, errors: e.details as Record<string, string> }));
        if (e instanceof AppError && e.code === 'CONFLICT') return html(reply, 409, await linkPage(token, lang));
        throw e;
      }
      return html(reply, 200, await linkPage(token, lang, { done: 'thanks' }));
    }));

    const anonPage = async (key: string, lang: Lang, embed: boolean, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; done?: 'thanks' } = {}) => {
      const s = await surveyByAnonymousKey(db, key);
      const q = `?${embed ? 'embed=1&' : ''}lang=`;
      return renderSurveyPage({
        lang, title: s.name, intro: text(s.intro, lang), thanks: text(s.thanks, lang), questions: s.questions, action: `/s/a/${key}${q}${lang}`,
        values: extra.values, errors: extra.errors, done: extra.done, embed, honeypot: true, langHref: `/s/a/${key}${q}${lang === 'en' ? 'fa' : 'en'}`,
      });
    };
    app.get('/s/a/:key', { schema: { tags: ['public pages'], summary: 'The anonymous (walk-in, QR, widget) survey page (?lang=en, ?embed=1)', params: keyParam, response: pageAnswers } }, guard(async (req, reply) => {
      pages.hit(req.ip);
      const embed = (req.query as { embed?: string }).embed === '1';
      return html(reply, 200, await anonPage((req.params as { key: string }).key, langOf(req.query), embed), embed);
    }));
    app.post('/s/a/:key', { schema: { tags: ['public pages'], summary: 'Answer anonymously (form post; one answer per address and day)', params: keyParam, response: postAnswers } }, guard(async (req, reply) => {
      posts.hit(req.ip);
      const key = (req.params as { key: string }).key;
      const lang = langOf(req.query);
      const embed = (req.query as { embed?: string }).embed === '1';
      const values = formBody(req.body);
      // A bot fills every field, the hidden one too: thank it and count nothing.
      if (typeof values.website === 'string' && values.website.trim()) return html(reply, 200, await anonPage(key, lang, embed, { done: 'thanks' }), embed);
      try {
        await withTx(ctx.database, (tx) => answerAnonymously(tx, ctx.clock, ctx.secret, key, req.ip, values));
      } catch (e) {
        if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return html(reply, 400, await anonPage(key, lang, embed, { values, errors: e.details as Record<string, string> }), embed);
        throw e;
      }
      return html(reply, 200, await anonPage(key, lang, embed, { done: 'thanks' }), embed);
    }));
  };
}
