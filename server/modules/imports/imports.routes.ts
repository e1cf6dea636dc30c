import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Readable } from 'node:stream';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { AppError } from '../../errors.ts';
import { fileAnswer } from '../../../common/api.schemas.ts';
import { importPreview, importRejectedQuery, importSettingsInput, importUndoAnswer, importUploadQuery, importView } from '../../../common/imports.schemas.ts';
import { IMPORT_MAX_BYTES, uploadImport, getImport, getPreview, updateImportSettings, startImport, cancelImport, rejectedCsv, userLocale, loadBatch, undoImport } from './index.ts';

const FILE_TYPES = ['application/octet-stream', 'text/csv', 'text/plain', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const idParam = z.object({ id: z.uuid() });
const tags = ['imports'];

export function importRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tx = <T>(fn: Parameters<typeof withTx<T>>[1]) => withTx(ctx.database, fn);
    // The file is the body itself (its bytes as they are: CSV in any encoding, or XLSX), handed on as the request
    // stream: the upload writes it to the database part by part as it arrives, and enforces the size limit itself.
    app.addContentTypeParser(FILE_TYPES, (req, payload, done) => {
      const declared = Number(req.headers['content-length']);
      if (declared > IMPORT_MAX_BYTES) { done(new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; import it with the command line (npm run cli -- import customers FILE)`), undefined); return; }
      done(null, payload);
    });

    r.post('/api/imports', {
      schema: {
        tags, summary: 'Upload a CSV or XLSX file (the raw bytes as the body): detected encoding, header, mapping and a preview of the first 20 rows',
        querystring: importUploadQuery, response: { 201: importPreview },
      },
    }, async (req, reply) => {
      if (!(req.body instanceof Readable)) throw new AppError('BAD_REQUEST', 'Send the file itself as the body (Content-Type: text/csv, application/octet-stream or the XLSX type)');
      const data: Readable = req.body;
      return reply.status(201).send(await uploadImport(ctx.database, actorOf(req), ctx.clock, { kind: req.query.kind, fileName: req.query.fileName, encoding: req.query.encoding, data }));
    });

    r.get('/api/imports/:id', { schema: { tags, summary: 'An import: its mapping, options, progress and counters (poll this for progress)', params: idParam, response: { 200: importView } } },
      async (req) => getImport(db, actorOf(req), req.params.id));

    r.get('/api/imports/:id/preview', { schema: { tags, summary: 'The first 20 rows as they will be stored, with their errors', params: idParam, response: { 200: importPreview } } },
      async (req) => getPreview(db, actorOf(req), req.params.id));

    r.put('/api/imports/:id', { schema: { tags, summary: 'Change the mapping and options (dates, money unit, on duplicate) before starting', params: idParam, body: importSettingsInput, response: { 200: importPreview } } },
      async (req) => updateImportSettings(db, actorOf(req), req.params.id, req.body));

    r.post('/api/imports/:id/start', { schema: { tags, summary: 'Start the import in the background', params: idParam, response: { 202: importView } } },
      async (req, reply) => reply.status(202).send(await tx((t) => startImport(t, actorOf(req), ctx.queue, req.params.id))));

    r.post('/api/imports/:id/cancel', { schema: { tags, summary: 'Stop the import after the chunk it is on (what was imported stays; undo removes it)', params: idParam, response: { 200: importView } } },
      async (req) => tx((t) => cancelImport(t, actorOf(req), ctx.clock, req.params.id)));

    r.post('/api/imports/:id/undo', { schema: { tags, summary: 'Remove the customers the import created and put back the fields it updated', params: idParam, response: { 200: importUndoAnswer } } },
      async (req) => tx((t) => undoImport(t, actorOf(req), ctx.clock, req.params.id)));

    r.get('/api/imports/:id/rejected.csv', { schema: { tags, summary: 'The rejected rows: the file’s columns plus the reason in Persian or English (formula-safe CSV)', params: idParam, querystring: importRejectedQuery, response: { 200: fileAnswer('text/csv', 'Rejected rows as CSV (UTF-8 with BOM)') } } },
      async (req, reply) => {
        const actor = actorOf(req);
        const batch = await loadBatch(db, actor, req.params.id);
        const lang = req.query.lang ?? await userLocale(db, actor.userId);
        reply.header('Content-Type', 'text/csv; charset=utf-8');
        reply.header('Content-Disposition', `attachment; filename="rejected-${batch.id.slice(0, 8)}.csv"`);
        return reply.send(Readable.from(rejectedCsv(db, batch, batch.headers, lang)));
      });
  };
}
