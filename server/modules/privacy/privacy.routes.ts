import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { fileAnswer } from '../../../common/api.schemas.ts';
import { dataExportAnswer, dataExportPdfQuery, eraseBody, erasureAnswer } from '../../../common/data-rights.schemas.ts';
import { eraseCustomer } from '../customers/index.ts';
import { customerDataExport, customerDataSummaryPdf } from './index.ts';

const idParam = z.object({ id: z.uuid() });

export function privacyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/customers/:id/data-export', { schema: { tags: ['customers'], summary: 'Everything held about one customer, as JSON (customers:export; audited)', params: idParam, response: { 200: dataExportAnswer } } },
      async (req, reply) => {
        const data = await customerDataExport(ctx.database, actorOf(req), req.params.id, ctx.clock.now());
        reply.header('Content-Disposition', `attachment; filename="customer-${req.params.id}.json"`);
        return data;
      });

    r.get('/api/customers/:id/data-export.pdf', { schema: { tags: ['customers'], summary: 'A summary PDF of the data held about a customer (customers:export; audited)', params: idParam, querystring: dataExportPdfQuery, response: { 200: fileAnswer('application/pdf', 'The summary (Persian right to left, or English)') } } },
      async (req, reply) => {
        const pdf = await customerDataSummaryPdf(ctx.database, actorOf(req), req.params.id, ctx.clock.now(), req.query.lang);
        return reply.type('application/pdf').header('Content-Disposition', `attachment; filename="customer-${req.params.id}.pdf"`).header('Cache-Control', 'no-store').send(pdf);
      });

    r.post('/api/customers/:id/erase', { schema: { tags: ['customers'], summary: 'Erase a customer: remove or anonymize every linked record, keep issued invoices, block re-creation without consent (customers:delete; audited)', params: idParam, body: eraseBody, response: { 200: erasureAnswer } } },
      async (req) => withTx(ctx.database, (tx) => eraseCustomer(tx, actorOf(req), ctx.clock, ctx.secret, req.params.id, req.body.confirm)));
  };
}
