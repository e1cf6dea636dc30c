import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { RateLimiter } from '../../http/rate-limit.ts';
import { AppError } from '../../errors.ts';
import { getOrgSettings, getLogo, setLogo, deleteLogo } from '../settings/index.ts';
import {
  documentCreate, documentUpdate, documentListQuery, documentSend, paymentCreate, documentDecision, documentCancel,
  documentPage, documentDetail, documentSent, documentLink, documentCancelled, logoSaved,
} from '../../../common/documents.schemas.ts';
import { fileAnswer, htmlPage, noContent } from '../../../common/api.schemas.ts';
import {
  createDocument, updateDocument, sendDocument, invoiceFromQuote, recordPayment, cancelDocument, decideQuoteAsStaff, decideQuote,
  loadVisibleDocument, documentByToken, recordPublicView, publicToken, expireIfDue,
} from './documents.service.ts';
import { listDocuments, documentById, documentPdf, linesOf } from './documents.query.ts';
import { bulkEditDocuments, undoDocumentBulk, exportSelectedDocuments } from './documents.bulk.ts';
import { documentBulkRequest, bulkAnswer, bulkUndoRequest, bulkUndoAnswer, selectedExportQuery } from '../../../common/lists.schemas.ts';
import { XLSX_TYPE } from '../lists/index.ts';
import { renderPublicPage } from './public-page.ts';

const idParam = z.object({ id: z.uuid() });
const logoBody = z.object({ dataUrl: z.string().max(700_000).regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/=]+$/, 'a PNG or JPEG data URL') });

export function documentRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const linkCtx = { publicUrl: ctx.config.publicUrl, secret: ctx.secret };

    r.get('/api/documents', { schema: { tags: ['documents'], summary: 'Quotes, invoices and credit notes', querystring: documentListQuery, response: { 200: documentPage } } },
      async (req) => listDocuments(db, actorOf(req), req.query));
    r.post('/api/documents/bulk', { schema: { tags: ['documents'], summary: 'A new owner for many documents: all or nothing, in each document\u2019s history, undoable for 10 minutes', body: documentBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => withTx(ctx.database, (tx) => bulkEditDocuments(tx, actorOf(req), ctx.clock, req.body)));
    r.post('/api/documents/bulk/undo', { schema: { tags: ['documents'], summary: 'Undo your bulk edit of documents (within 10 minutes); documents changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoDocumentBulk(tx, actorOf(req), ctx.clock, req.body.undoToken)));
    r.get('/api/documents/export', { schema: { tags: ['documents'], summary: 'The selected documents as CSV or XLSX (export permission, the reader\u2019s scope; formula-safe cells)', querystring: selectedExportQuery, response: { 200: fileAnswer(['text/csv', XLSX_TYPE], 'The selected documents; amounts in exact Rials') } } },
      async (req, reply) => {
        const file = await exportSelectedDocuments(db, actorOf(req), req.query);
        reply.header('Content-Type', file.contentType);
        reply.header('Content-Disposition', `attachment; filename="documents-${ctx.clock.now().toISOString().slice(0, 10)}.${file.extension}"`);
        return reply.send(file.body);
      });
    r.post('/api/documents', { schema: { tags: ['documents'], summary: 'Write a quote or an invoice (a draft)', body: documentCreate, response: { 201: documentDetail } } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await withTx(ctx.database, (tx) => createDocument(tx, actor, ctx.clock, req.body));
      return reply.status(201).send(await documentById(db, actor, id));
    });
    r.get('/api/documents/:id', { schema: { tags: ['documents'], summary: 'One document with its lines, payments, history and messages', params: idParam, response: { 200: documentDetail } } }, async (req) => {
      const actor = actorOf(req);
      const doc = await loadVisibleDocument(db, actor, req.params.id);
      await withTx(ctx.database, (tx) => expireIfDue(tx, ctx.clock, doc));
      return documentById(db, actor, req.params.id);
    });
    r.patch('/api/documents/:id', { schema: { tags: ['documents'], summary: 'Edit a draft', params: idParam, body: documentUpdate, response: { 200: documentDetail } } }, async (req) => {
      const actor = actorOf(req);
      await withTx(ctx.database, (tx) => updateDocument(tx, actor, ctx.clock, req.params.id, req.body));
      return documentById(db, actor, req.params.id);
    });
    r.get('/api/documents/:id/pdf', { schema: { tags: ['documents'], summary: 'The document as a PDF', params: idParam, response: { 200: fileAnswer('application/pdf', 'The document as a PDF (Persian text shaped, right to left)') } } }, async (req, reply) => {
      const doc = await loadVisibleDocument(db, actorOf(req), req.params.id);
      const pdf = await documentPdf(db, doc);
      return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${doc.number ?? 'draft'}.pdf"`).send(pdf);
    });
    r.post('/api/documents/:id/send', { schema: { tags: ['documents'], summary: 'Send: number it, email the PDF and text an SMS notice (through the outbox)', params: idParam, body: documentSend, response: { 200: documentSent } } }, async (req) => {
      const actor = actorOf(req);
      const result = await withTx(ctx.database, (tx) => sendDocument(tx, actor, ctx.clock, req.params.id, req.body, linkCtx));
      return { ...result, document: await documentById(db, actor, req.params.id) };
    });
    r.get('/api/documents/:id/link', { schema: { tags: ['documents'], summary: 'The public link of a sent document', params: idParam, response: { 200: documentLink } } }, async (req) => {
      const doc = await loadVisibleDocument(db, actorOf(req), req.params.id);
      if (!doc.publicExpiresAt) throw new AppError('CONFLICT', 'The document has not been sent yet');
      return { url: `${ctx.config.publicUrl}/d/${publicToken(ctx.secret, doc.id)}`, expiresAt: doc.publicExpiresAt.toISOString() };
    });
    r.post('/api/documents/:id/decision', { schema: { tags: ['documents'], summary: 'Record the customer’s acceptance or rejection (given by phone or in person)', params: idParam, body: documentDecision, response: { 200: documentDetail } } }, async (req) => {
      const actor = actorOf(req);
      await withTx(ctx.database, (tx) => decideQuoteAsStaff(tx, actor, ctx.clock, req.params.id, req.body.decision, req.body.note));
      return documentById(db, actor, req.params.id);
    });
    r.post('/api/documents/:id/invoice', { schema: { tags: ['documents'], summary: 'Turn an accepted quote into an invoice (lines carried over)', params: idParam, response: { 201: documentDetail } } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await withTx(ctx.database, (tx) => invoiceFromQuote(tx, actor, ctx.clock, req.params.id));
      return reply.status(201).send(await documentById(db, actor, id));
    });
    r.post('/api/documents/:id/payments', { schema: { tags: ['documents'], summary: 'Record a payment (full or partial) on an invoice', params: idParam, body: paymentCreate, response: { 201: documentDetail } } }, async (req, reply) => {
      const actor = actorOf(req);
      await withTx(ctx.database, (tx) => recordPayment(tx, actor, ctx.clock, req.params.id, req.body));
      return reply.status(201).send(await documentById(db, actor, req.params.id));
    });
    r.post('/api/documents/:id/cancel', { schema: { tags: ['documents'], summary: 'Cancel: kept, marked cancelled; an issued invoice gets a credit note', params: idParam, body: documentCancel, response: { 200: documentCancelled } } }, async (req) => {
      const actor = actorOf(req);
      const { creditNoteId } = await withTx(ctx.database, (tx) => cancelDocument(tx, actor, ctx.clock, req.params.id, req.body.reason));
      return { ...(await documentById(db, actor, req.params.id)), creditNoteId };
    });

    r.put('/api/settings/logo', { schema: { tags: ['settings'], summary: 'The company logo on documents (PNG or JPEG, at most 500 KB)', body: logoBody, response: { 200: logoSaved } } },
      async (req) => ({ ok: true as const, bytes: await setLogo(db, actorOf(req), req.body.dataUrl) }));
    r.get('/api/settings/logo', { schema: { tags: ['settings'], summary: 'The company logo, if any', response: { 200: fileAnswer(['image/png', 'image/jpeg'], 'The logo as stored (404 when there is none)') } } }, async (req, reply) => {
      actorOf(req);
      const logo = await getLogo(db);
      if (!logo) throw new AppError('NOT_FOUND', 'No logo');
      return reply.type(logo.mime).send(Buffer.from(logo.base64, 'base64'));
    });
    r.delete('/api/settings/logo', { schema: { tags: ['settings'], summary: 'Remove the logo', response: { 204: noContent } } }, async (req, reply) => {
      await deleteLogo(db, actorOf(req));
      return reply.status(204).send();
    });
  };
}

const tokenParam = z.object({ token: z.string() });

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('@fontsource/vazirmatn/package.json')), 'files');
const FONTS = new Set(['vazirmatn-arabic-400-normal.woff2', 'vazirmatn-arabic-700-normal.woff2', 'vazirmatn-latin-400-normal.woff2', 'vazirmatn-latin-700-normal.woff2']);

/** The customer's side: /d/<token> (page), /d/<token>/pdf, /d/<token>/decision. Rate-limited per address. */
export function documentPublicRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.database.db;
    const limiter = new RateLimiter(120, 60_000);
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try { done(null, Object.fromEntries(new URLSearchParams(String(body)))); } catch (e) { done(e as Error); }
    });
    const page = async (token: string, message?: string) => {
      const doc = await documentByToken(db, ctx.clock, token);
      const s = await getOrgSettings(db);
      const lines = await linesOf(db, doc.id);
      return renderPublicPage(doc, lines, { token, unit: s.defaultCurrency === 'IRT' ? 'toman' : 'rial', timeZone: s.timeZone, message });
    };
    app.get('/d/_font/:name', { schema: { hide: true, response: { 200: fileAnswer('font/woff2', 'Vazirmatn for the public page') } } }, async (req, reply) => {
      const name = (req.params as { name: string }).name;
      if (!FONTS.has(name)) throw new AppError('NOT_FOUND', 'Not found');
      return reply.type('font/woff2').header('Cache-Control', 'public, max-age=604800').send(fs.readFileSync(path.join(FONT_DIR, name)));
    });
    app.get('/d/:token', { schema: { tags: ['public pages'], summary: 'The customer’s page of a sent quote or invoice (records the first view)', params: tokenParam, response: { 200: htmlPage('The document with accept/decline buttons while a quote is open') } } }, async (req, reply) => {
      limiter.hit(req.ip);
      const token = (req.params as { token: string }).token;
      const doc = await documentByToken(db, ctx.clock, token);
      await withTx(ctx.database, async (tx) => { await expireIfDue(tx, ctx.clock, doc); await recordPublicView(tx, ctx.clock, doc); });
      return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer').send(await page(token));
    });
    app.get('/d/:token/pdf', { schema: { tags: ['public pages'], summary: 'The PDF of a sent document, for its customer', params: tokenParam, response: { 200: fileAnswer('application/pdf', 'The document as a PDF') } } }, async (req, reply) => {
      limiter.hit(req.ip);
      const doc = await documentByToken(db, ctx.clock, (req.params as { token: string }).token);
      return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${doc.number ?? 'document'}.pdf"`).header('Cache-Control', 'no-store').send(await documentPdf(db, doc));
    });
    app.post('/d/:token/decision', { schema: {
      tags: ['public pages'], summary: 'The customer accepts or declines the quote (form post: decision=accept|reject, note)', params: tokenParam,
      response: { 200: htmlPage('The page again, with the decision'), 409: htmlPage('The page again, saying the quote was already decided or has expired') },
    } }, async (req, reply) => {
      limiter.hit(req.ip);
      const token = (req.params as { token: string }).token;
      const parsed = documentDecision.safeParse(req.body);
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Choose accept or decline', { decision: 'accept or reject' });
      const doc = await documentByToken(db, ctx.clock, token);
      let message: string | undefined;
      try {
        await withTx(ctx.database, (tx) => decideQuote(tx, ctx.clock, doc, parsed.data.decision, { note: parsed.data.note || undefined }));
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'CONFLICT') throw e;
        message = e.message; // already decided or expired: show the page with the reason
      }
      const html = await page(token, message);
      return reply.status(message ? 409 : 200).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(html);
    });
  };
}
