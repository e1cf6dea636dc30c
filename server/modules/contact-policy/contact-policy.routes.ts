import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { noContent } from '../../../common/api.schemas.ts';
import { contactPolicy, suppressionInput, suppressionPage, suppressionQuery, suppressionView } from '../../../common/contact-policy.schemas.ts';
import { addSuppression, contactPolicyLog, getContactPolicy, listSuppressions, removeSuppression, setContactPolicy } from './contact-policy.service.ts';

const tags = ['settings'];
const auditRow = z.object({
  id: z.number(), at: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), entityType: z.string(), entityId: z.string(),
  action: z.string(), field: z.string().nullable(), oldValue: z.unknown(), newValue: z.unknown(),
});

export function contactPolicyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    r.get('/api/settings/contact-policy', { schema: { tags, summary: 'The marketing contact policy: quiet hours of advertising SMS (Tehran), frequency cap per customer', response: { 200: contactPolicy } } },
      async (req) => getContactPolicy(db, actorOf(req)));
    r.put('/api/settings/contact-policy', { schema: { tags, summary: 'Change the marketing contact policy (admin; audited)', body: contactPolicy, response: { 200: contactPolicy } } },
      async (req) => withTx(ctx.database, (tx) => setContactPolicy(tx, actorOf(req), req.body)));
    r.get('/api/settings/contact-policy/log', { schema: { tags, summary: 'Changes to the contact policy and the suppression list, newest first (admin)', response: { 200: z.object({ items: z.array(auditRow) }) } } },
      async (req) => contactPolicyLog(db, actorOf(req)));
    r.get('/api/settings/suppressions', { schema: { tags, summary: 'Numbers and emails that never get marketing (admin); ?q= searches the address', querystring: suppressionQuery, response: { 200: suppressionPage } } },
      async (req) => listSuppressions(db, actorOf(req), req.query));
    r.post('/api/settings/suppressions', { schema: { tags, summary: 'Put a number or email on the suppression list, with a reason (admin; audited)', body: suppressionInput, response: { 201: suppressionView } } },
      async (req, reply) => reply.code(201).send(await withTx(ctx.database, (tx) => addSuppression(tx, actorOf(req), ctx.clock, req.body))));
    r.delete('/api/settings/suppressions/:id', { schema: { tags, summary: 'Take an entry off the suppression list, with a reason (admin; audited)', params: z.object({ id: z.uuid() }), querystring: z.object({ reason: z.string().trim().min(1).max(300) }), response: { 204: noContent } } },
      async (req, reply) => {
        await withTx(ctx.database, (tx) => removeSuppression(tx, actorOf(req), req.params.id, req.query.reason));
        return reply.code(204).send();
      });
  };
}
