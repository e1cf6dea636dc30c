import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { fileAnswer, htmlPage, noContent } from '../../../common/api.schemas.ts';
import { leadChallenge, leadFormCreate, leadFormList, leadFormUpdate, leadFormView, leadSubmissionPage } from '../../../common/leads.schemas.ts';
import { type LeadFormRow, createForm, deleteForm, getForm, listForms, listSubmissions, presentForm, publicForm, updateForm } from './forms.service.ts';
import { submitLead, LEAD_POSTS_PER_WINDOW, LEAD_POSTS_WINDOW_MS } from './submit.service.ts';
import { issueChallenge, verifyPow } from './pow.ts';
import { embedScript, FORM_SCRIPT, renderLeadPage } from './public-page.ts';

const idParam = z.object({ id: z.uuid() });

export function leadRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tags = ['lead forms'];
    const present = (x: { row: Parameters<typeof presentForm>[0]; submissions: number }) => presentForm(x.row, x.submissions, ctx.config.publicUrl);
    r.get('/api/lead-forms', { schema: { tags, summary: 'Web-to-lead forms with their submission counts', response: { 200: leadFormList } } },
      async (req) => ({ items: (await listForms(db, actorOf(req))).map(present) }));
    r.post('/api/lead-forms', { schema: { tags, summary: 'Create a lead form (customers:create and settings:update)', body: leadFormCreate, response: { 201: leadFormView } } },
      async (req, reply) => reply.status(201).send(present(await withTx(ctx.database, (tx) => createForm(tx, actorOf(req), ctx.clock, req.body)))));
    r.get('/api/lead-forms/:id', { schema: { tags, summary: 'A lead form, with its embed addresses', params: idParam, response: { 200: leadFormView } } },
      async (req) => present(await getForm(db, actorOf(req), req.params.id)));
    r.patch('/api/lead-forms/:id', { schema: { tags, summary: 'Change a lead form', params: idParam, body: leadFormUpdate, response: { 200: leadFormView } } },
      async (req) => present(await withTx(ctx.database, (tx) => updateForm(tx, actorOf(req), ctx.clock, req.params.id, req.body))));
    r.delete('/api/lead-forms/:id', { schema: { tags, summary: 'Remove a lead form (its address stops answering; submissions stay)', params: idParam, response: { 204: noContent } } },
      async (req, reply) => { await withTx(ctx.database, (tx) => deleteForm(tx, actorOf(req), ctx.clock, req.params.id)); return reply.status(204).send(); });
    r.get('/api/lead-forms/:id/submissions', { schema: { tags, summary: 'What a form received, newest first', params: idParam,
      querystring: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(25) }), response: { 200: leadSubmissionPage } } },
    async (req) => listSubmissions(db, actorOf(req), req.params.id, req.query.page, req.query.pageSize));
  };
}

const tokenParam = z.object({ token: z.string().max(100) });
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'content-type, accept', 'Access-Control-Max-Age': '600' };

/** The visitor's side: /f/<token> (the page for the frame), its embed script, the challenge and the submission. */
export function leadPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.database.db;
    const pages = new RateLimiter(120, 60_000);
    const posts = new RateLimiter(LEAD_POSTS_PER_WINDOW, LEAD_POSTS_WINDOW_MS);
    const challenges = new RateLimiter(30, 60_000);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try { done(null, Object.fromEntries(new URLSearchParams(String(body)))); } catch (e) { done(e as Error); }
    });
    // Any site may frame the form; a plain form post may be sent on to the form's own thank-you address (form-action covers redirects).
    const pageHeaders = (reply: FastifyReply, form?: LeadFormRow) => {
      const onward = form?.thankYou.kind === 'redirect' ? ` ${new URL(form.thankYou.url).origin}` : '';
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer')
        .header('Content-Security-Policy', `default-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; frame-ancestors *; base-uri 'self'; form-action 'self'${onward}`);
    };
    // Shown in a frame on someone else's site, in either language: say it plainly in both.
    const NO_SUCH_FORM = '<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>فرم پیدا نشد · Form not found</title></head>'
      + '<body style="font-family:Vazirmatn,Tahoma,sans-serif"><p>این فرم وجود ندارد یا دیگر فعال نیست.</p>'
      + '<p dir="ltr" lang="en">This form does not exist or is no longer active.</p></body></html>';
    const tokenOf = (req: FastifyRequest) => (req.params as { token: string }).token;

    app.get('/f/_form.js', { schema: { hide: true, response: { 200: fileAnswer('text/javascript', 'The lead form page’s script', 'text') } } }, async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=3600').send(FORM_SCRIPT));
    app.get('/f/:token', { schema: { tags: ['public pages'], summary: 'A lead form as a page, for a frame on any site', params: tokenParam,
      response: { 200: htmlPage('The form in its language and direction'), 404: htmlPage('No such active form') } } }, async (req, reply) => {
      pages.hit(req.ip);
      try {
        const form = await publicForm(db, tokenOf(req));
        return pageHeaders(reply, form).send(renderLeadPage(form));
      } catch (e) {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return pageHeaders(reply).status(404).send(NO_SUCH_FORM);
        throw e;
      }
    });
    app.get('/f/:token/embed.js', { schema: { tags: ['public pages'], summary: 'The embed script: puts the form in a frame sized to its content', params: tokenParam,
      response: { 200: fileAnswer('text/javascript', 'The embed script (cross-origin)', 'text') } } }, async (req, reply) => {
      pages.hit(req.ip);
      const form = await publicForm(db, tokenOf(req));
      return reply.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=300').header('Cross-Origin-Resource-Policy', 'cross-origin')
        .send(embedScript(ctx.config.publicUrl, form.token));
    });
    for (const url of ['/f/:token', '/f/:token/challenge']) {
      app.options(url, { schema: { tags: ['public pages'], summary: 'CORS preflight (any origin may post a lead)', params: tokenParam, response: { 204: noContent } } },
        async (_req, reply) => reply.headers(CORS).status(204).send());
    }
    app.post('/f/:token/challenge', { schema: { tags: ['public pages'], summary: 'A signed proof-of-work challenge for this form', params: tokenParam, response: { 200: leadChallenge } } },
      async (req, reply) => {
        reply.headers(CORS);
        challenges.hit(req.ip);
        const form = await publicForm(db, tokenOf(req));
        return { challenge: issueChallenge(ctx.secret, form.id, form.proofOfWork, ctx.clock.now()), difficulty: form.proofOfWork };
      });
    app.post('/f/:token', { schema: { tags: ['public pages'], summary: 'Submit a lead (JSON or a form post; any origin). JSON answers {ok,message,redirect}; a form post gets the thank-you page or a 303 to the redirect',
      params: tokenParam, response: { 200: fileAnswer(['application/json', 'text/html'], '{ok, message, redirect} for JSON; the thank-you page for a form post', 'text'), 303: noContent, 400: htmlPage('A form post: the page again with the fields to fix') } } },
    async (req, reply) => {
      reply.headers(CORS);
      pages.hit(req.ip);
      const form = await publicForm(db, tokenOf(req));
      posts.hit(`${req.ip}|${form.id}`);
      const json = String(req.headers['content-type'] ?? '').includes('json') || String(req.headers.accept ?? '').includes('application/json');
      const values = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body as Record<string, unknown> : {};
      const thanks = () => {
        if (form.thankYou.kind === 'redirect') return json ? reply.send({ ok: true, message: null, redirect: form.thankYou.url }) : reply.status(303).header('Location', form.thankYou.url).send();
        const text = form.language === 'en' && form.thankYou.text.en ? form.thankYou.text.en : form.thankYou.text.fa;
        return json ? reply.send({ ok: true, message: text, redirect: null }) : pageHeaders(reply, form).send(renderLeadPage(form, { thanks: true }));
      };
      // A bot fills every field, the hidden one too: thank it and store nothing.
      if (typeof values.website === 'string' && values.website.trim()) return thanks();
      let powSpent: { challenge: string; expiresAt: Date } | undefined;
      if (form.proofOfWork > 0) {
        const challenge = typeof values.pow_challenge === 'string' ? values.pow_challenge : '';
        const check = verifyPow(ctx.secret, form.id, form.proofOfWork, challenge, typeof values.pow_nonce === 'string' ? values.pow_nonce : String(values.pow_nonce ?? ''), ctx.clock.now());
        if (!check.ok) throw new AppError('BAD_REQUEST', 'The proof of work is missing or wrong', { pow: check.reason });
        powSpent = { challenge, expiresAt: check.expiresAt };
      }
      try {
        await withTx(ctx.database, (tx) => submitLead(tx, ctx.clock, form, { values, ip: req.ip, powSpent }));
      } catch (e) {
        if (!json && e instanceof AppError && e.code === 'VALIDATION_FAILED') return pageHeaders(reply, form).status(400).send(renderLeadPage(form, { values, errors: e.details as Record<string, string> }));
        throw e;
      }
      return thanks();
    });
  };
}
