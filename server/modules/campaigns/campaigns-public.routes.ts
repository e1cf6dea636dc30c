/**
 * A campaign recipient's public addresses, without a session (the signed token in the path is the only key):
 * /c/<token> records the click and redirects to the campaign's stored link (never to an address from the request),
 * /o/<token> is the email open pixel, /u/<token> the unsubscribe page: GET shows one button (link scanners fetch GET
 * links, so GET changes nothing), POST — the button, or a mail client's RFC 8058 one-click post — withdraws the
 * channel's consent on the customer (audited, through the customer's own update) and records it on the recipient.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../http/context.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../errors.ts';
import { fileAnswer, htmlPage } from '../../../common/api.schemas.ts';
import { campaigns, campaignRecipients } from './campaigns.tables.ts';
import { readLinkToken } from './links.ts';
import { unsubscribeRecipient } from './campaigns.tracking.ts';
import { unsubscribePage, type PageLang } from './unsubscribe-page.ts';

const tokenParam = z.object({ token: z.string().max(100) });
const pageAnswers = { 200: htmlPage('The unsubscribe page'), 404: htmlPage('This link does not exist'), 429: htmlPage('Too many requests from this address') };
// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export function campaignPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.database.db;
    const limiter = new RateLimiter(120, 60_000);
    // The unsubscribe button and RFC 8058 clients post form-encoded bodies; only the token in the path matters.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const langOf = (q: unknown): PageLang => ((q as { lang?: string }).lang === 'en' ? 'en' : 'fa');
    const html = (reply: FastifyReply, status: number, body: string) =>
      reply.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').send(body);
    const guard = (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        limiter.hit(req.ip);
        return await fn(req, reply);
      } catch (e) {
        if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'RATE_LIMITED')) {
          if (e.code === 'RATE_LIMITED') reply.header('Retry-After', '60');
          return html(reply, e.code === 'NOT_FOUND' ? 404 : 429, unsubscribePage({ lang: langOf(req.query), state: e.code === 'NOT_FOUND' ? 'unknown' : 'busy' }));
        }
        throw e;
      }
    };
    const recipientOf = (purpose: 'c' | 'o' | 'u', token: string) => {
      const id = readLinkToken(ctx.secret, purpose, token);
      if (!id) throw new AppError('NOT_FOUND', 'Not found');
      return id;
    };

    app.get('/c/:token', { schema: { tags: ['public pages'], summary: 'A campaign’s personal tracked link: records the click and redirects to the campaign’s stored link',
      params: tokenParam, response: { 302: z.null().meta({ description: 'Location: the campaign’s link' }), ...pageAnswers } } }, guard(async (req, reply) => {
      const id = recipientOf('c', (req.params as { token: string }).token);
      const now = ctx.clock.now();
      const [hit] = await db.update(campaignRecipients).set({
        clicks: sql`${campaignRecipients.clicks} + 1`, clickedAt: sql`coalesce(${campaignRecipients.clickedAt}, ${now})`,
        // A click means the email was opened, also when its images were blocked.
        openedAt: sql`CASE WHEN coalesce(${campaignRecipients.channel} = 'email', ${campaignRecipients.email} IS NOT NULL) THEN coalesce(${campaignRecipients.openedAt}, ${now}) END`,
      }).where(eq(campaignRecipients.id, id)).returning({ campaignId: campaignRecipients.campaignId });
      const [c] = hit ? await db.select({ linkUrl: campaigns.linkUrl }).from(campaigns).where(eq(campaigns.id, hit.campaignId)) : [];
      if (!c?.linkUrl) throw new AppError('NOT_FOUND', 'Not found');
      return reply.status(302).header('Location', c.linkUrl).header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').send();
    }));

    app.get('/o/:token', { schema: { tags: ['public pages'], summary: 'A campaign email’s open pixel (a 1×1 GIF, whatever the token)', params: tokenParam,
      response: { 200: fileAnswer('image/gif', 'A transparent pixel') } } }, async (req, reply) => {
      const id = readLinkToken(ctx.secret, 'o', (req.params as { token: string }).token);
      let allowed = true;
      try { limiter.hit(req.ip); } catch { allowed = false; }
      if (id && allowed) {
        await db.update(campaignRecipients).set({ openedAt: sql`coalesce(${campaignRecipients.openedAt}, ${ctx.clock.now()})` }).where(eq(campaignRecipients.id, id));
      }
      return reply.type('image/gif').header('Cache-Control', 'no-store, private').send(PIXEL);
    });

    app.get('/u/:token', { schema: { tags: ['public pages'], summary: 'The unsubscribe page of a campaign email (?lang=en): one button', params: tokenParam, response: pageAnswers } },
      guard(async (req, reply) => {
        const token = (req.params as { token: string }).token;
        const id = recipientOf('u', token);
        const [r] = (await db.execute(sql`
          SELECT coalesce(r.channel, k.channel) AS channel, k.name, cu.email_consent, cu.sms_consent FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
          JOIN customers cu ON cu.id = r.customer_id AND cu.deleted_at IS NULL WHERE r.id = ${id}`)).rows as { channel: 'sms' | 'email'; email_consent: boolean; sms_consent: boolean }[];
        if (!r) throw new AppError('NOT_FOUND', 'Not found');
        const on = r.channel === 'email' ? r.email_consent : r.sms_consent;
        const lang = langOf(req.query);
        return html(reply, 200, unsubscribePage({ lang, state: on ? 'ask' : 'done', channel: r.channel, action: `/u/${token}${lang === 'en' ? '?lang=en' : ''}` }));
      }));
    app.post('/u/:token', { schema: { tags: ['public pages'], summary: 'Unsubscribe (the page’s button, or a mail client’s List-Unsubscribe-Post one-click post)', params: tokenParam, response: pageAnswers } },
      guard(async (req, reply) => {
        const id = recipientOf('u', (req.params as { token: string }).token);
        const done = await unsubscribeRecipient(ctx.database, ctx.clock, id);
        return html(reply, 200, unsubscribePage({ lang: langOf(req.query), state: 'done', channel: done.channel }));
      }));
  };
}
