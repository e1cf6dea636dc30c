/**
 * The member's page on the public URL: /club (sign in with a one-time SMS code, then balance, tier progress,
 * rewards, history), in Persian (RTL) or English (?lang=en). Plain HTML form posts; the session cookie is
 * HttpOnly, SameSite=Strict, scoped to /club and short; a cross-site post (Origin of another host) is refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { htmlPage } from '../../../common/api.schemas.ts';
import { customers } from '../customers/index.ts';
import { desc, eq } from 'drizzle-orm';
import { endSession, requestCode, sessionMember, SESSION_MINUTES, verifyCode } from './member-login.ts';
import { failedText, limitedPage, redeemedText, renderMember, renderSignIn, type Lang } from './member-page.ts';
import { standing, presentEntry } from './loyalty.service.ts';
import { listRewards, redeemRewardFor } from './loyalty.rewards.ts';
import { loyaltyLedger } from './loyalty.tables.ts';

const COOKIE = 'mehvar_club';
const tags = ['public pages'];
const langQuery = z.object({ lang: z.enum(['fa', 'en']).optional(), done: z.string().max(40).optional(), failed: z.string().max(40).optional() });
const pages = { 200: htmlPage('The page in the member’s language'), 400: htmlPage('The page again with a message'), 429: htmlPage('Too many requests; try again later') };
const redirects = { ...pages, 303: htmlPage('To the member’s page') };

export function loyaltyPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.database.db;
    const hits = new RateLimiter(30, 60_000);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try { done(null, Object.fromEntries(new URLSearchParams(String(body)))); } catch (e) { done(e as Error); }
    });
    const langOf = (req: FastifyRequest): Lang => ((req.query as { lang?: string }).lang === 'en' ? 'en' : 'fa');
    const suffix = (lang: Lang, extra = '') => { const p = new URLSearchParams(extra); if (lang === 'en') p.set('lang', 'en'); const s = p.toString(); return s ? `?${s}` : ''; };
    const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').header('X-Frame-Options', 'DENY')
      .header('Content-Security-Policy', "default-src 'self'; style-src 'unsafe-inline'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'").send(body);
    const field = (req: FastifyRequest, k: string) => { const v = (req.body as Record<string, unknown> | undefined)?.[k]; return typeof v === 'string' ? v.slice(0, 200) : ''; };
    /** Posts come from this site's own page: an Origin naming another host is refused (the cookie is SameSite=Strict too). */
    const sameOrigin = (req: FastifyRequest) => {
      const o = req.headers.origin;
      if (!o || o === 'null') return true;
      try { return new URL(o).host === req.headers.host; } catch { return false; }
    };
    const limited = (req: FastifyRequest, reply: FastifyReply) => {
      try { hits.hit(req.ip); return false; } catch { reply.header('Retry-After', '60'); html(reply, 429, limitedPage(langOf(req))); return true; }
    };

    const memberPage = async (customerId: string, lang: Lang, notice?: { ok: boolean; text: string }) => {
      const now = ctx.clock.now();
      const [c] = await db.select({ name: customers.displayName }).from(customers).where(eq(customers.id, customerId));
      const history = (await db.select().from(loyaltyLedger).where(eq(loyaltyLedger.customerId, customerId)).orderBy(desc(loyaltyLedger.at), desc(loyaltyLedger.id)).limit(30)).map((e) => presentEntry(e));
      return renderMember(lang, { name: c?.name ?? '', member: await standing(db, customerId, now), rewards: await listRewards(db, null), history, notice });
    };

    app.get('/club', { schema: { tags, summary: "The member's page: sign in by a one-time SMS code, then balance, tier progress, rewards and history (?lang=en)", querystring: langQuery, response: pages } }, async (req, reply) => {
      if (limited(req, reply)) return reply;
      const lang = langOf(req);
      const who = await sessionMember(db, ctx.secret, req.cookies[COOKIE], ctx.clock.now());
      if (!who) return html(reply, 200, renderSignIn(lang, {}));
      const q = req.query as z.infer<typeof langQuery>;
      let notice: { ok: boolean; text: string } | undefined;
      if (q.failed) notice = { ok: false, text: failedText(lang, q.failed) };
      else if (q.done) {
        const r = (await listRewards(db, null)).find((x) => x.id === q.done);
        if (r) notice = { ok: true, text: redeemedText(lang, r) };
      }
      return html(reply, 200, await memberPage(who, lang, notice));
    });

    app.post('/club/code', { schema: { tags, summary: 'Text a sign-in code to a member’s mobile (the same answer for any number; 3 codes a phone in 15 min, 10 an address in an hour)', querystring: langQuery, response: pages } }, async (req, reply) => {
      if (limited(req, reply)) return reply;
      const lang = langOf(req);
      if (!sameOrigin(req)) return html(reply, 400, renderSignIn(lang, { message: 'expired' }));
      const phone = field(req, 'phone');
      try {
        await withTx(ctx.database, (tx) => requestCode(tx, ctx.secret, phone, req.ip, ctx.clock.now(), lang));
      } catch (e) {
        if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return html(reply, 400, renderSignIn(lang, { phone, message: 'badPhone' }));
        if (e instanceof AppError && e.code === 'RATE_LIMITED') { reply.header('Retry-After', '900'); return html(reply, 429, renderSignIn(lang, { phone, message: 'limited' })); }
        throw e;
      }
      return html(reply, 200, renderSignIn(lang, { phone, codeStep: true, message: 'sent' }));
    });

    app.post('/club/login', { schema: { tags, summary: 'Sign in with the texted code (5 attempts a code, 5 minutes); a session of 20 minutes', querystring: langQuery, response: redirects } }, async (req, reply) => {
      if (limited(req, reply)) return reply;
      const lang = langOf(req);
      const phone = field(req, 'phone');
      if (!sameOrigin(req)) return html(reply, 400, renderSignIn(lang, { message: 'expired' }));
      // The attempt is counted in its own transaction, so a wrong code's count is kept.
      const res = await withTx(ctx.database, (tx) => verifyCode(tx, ctx.secret, phone, field(req, 'code'), ctx.clock.now()));
      if (!res.ok) return html(reply, 400, renderSignIn(lang, res.reason === 'wrong' ? { phone, codeStep: true, message: 'wrong' } : { phone, message: 'expired' }));
      reply.setCookie(COOKIE, res.token, { path: '/club', httpOnly: true, sameSite: 'strict', secure: ctx.config.secureCookies, maxAge: SESSION_MINUTES * 60 });
      return reply.redirect(`/club${suffix(lang)}`, 303);
    });

    app.post('/club/redeem', { schema: { tags, summary: 'Redeem a reward for the signed-in member', querystring: langQuery, response: redirects } }, async (req, reply) => {
      if (limited(req, reply)) return reply;
      const lang = langOf(req);
      const who = await sessionMember(db, ctx.secret, req.cookies[COOKIE], ctx.clock.now());
      if (!who || !sameOrigin(req)) return html(reply, 400, renderSignIn(lang, { message: 'expired' }));
      const rewardId = field(req, 'rewardId');
      if (!z.uuid().safeParse(rewardId).success) return reply.redirect(`/club${suffix(lang, 'failed=NOT_FOUND')}`, 303);
      try {
        await withTx(ctx.database, (tx) => redeemRewardFor(tx, who, rewardId, ctx.clock.now(), null));
      } catch (e) {
        if (e instanceof AppError && ['OUT_OF_STOCK', 'INSUFFICIENT_POINTS', 'NOT_FOUND'].includes(e.code)) return reply.redirect(`/club${suffix(lang, `failed=${e.code}`)}`, 303);
        throw e;
      }
      return reply.redirect(`/club${suffix(lang, `done=${rewardId}`)}`, 303);
    });

    app.post('/club/logout', { schema: { tags, summary: "End the member's session", querystring: langQuery, response: redirects } }, async (req, reply) => {
      await endSession(db, ctx.secret, req.cookies[COOKIE]);
      reply.clearCookie(COOKIE, { path: '/club' });
      return reply.redirect(`/club${suffix(langOf(req))}`, 303);
    });
  };
}
