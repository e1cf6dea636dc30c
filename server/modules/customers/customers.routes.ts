import { findSimilarNames } from './similar-names.ts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import { assertCan, auditScopeSql } from '../auth/index.ts';
import { normalizePhone } from '../../../common/phone.ts';
import { cleanId } from '../../../common/national-id.ts';
import {
  customerCreate, customerUpdate, customerListQuery, customFieldCreate, customFieldUpdate, savedViewCreate,
  customerPage, customerSearchAnswer, duplicatesAnswer, customerView, auditPage, customFieldList, customFieldView, savedViewList, savedViewView,
} from '../../../common/customer.schemas.ts';
import { fileAnswer, noContent } from '../../../common/api.schemas.ts';
import { timelineQuery } from '../../../common/activity.schemas.ts';
import { customer360View, timelinePage } from '../../../common/profile.schemas.ts';
import { duplicatePairsQuery, duplicatePairsPage, duplicatePairView, mergeRequest, mergeAnswer, undoMergeAnswer, mergesQuery, mergesPage } from '../../../common/merge.schemas.ts';
import { customerBulkRequest, bulkAnswer, bulkUndoRequest, bulkUndoAnswer } from '../../../common/lists.schemas.ts';
import { listSavedViews, createSavedView, deleteSavedView } from './saved-views.service.ts';
import {
  createCustomer, updateCustomer, deleteCustomer, findDuplicates, listCustomers, quickSearch, exportCustomersCsv,
  customer360, timeline, loadVisibleCustomer, listCustomFields, createCustomField, updateCustomField,
  listDuplicatePairs, duplicatePair, mergeCustomers, undoMerge, listMerges, bulkEditCustomers, undoCustomerBulk, exportCustomersXlsx,
} from './index.ts';
import { listCustomerAudit } from '../audit/index.ts';
import { LIST_KEYS } from '../../../common/lists.schemas.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const customerExportQuery = customerListQuery.omit({ page: true, pageSize: true }).extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  /** The XLSX sheet's direction and name. */
  lang: z.enum(['fa', 'en']).default('fa'),
});
const idParam = z.object({ id: z.uuid() });
const savedViewListQuery = z.object({ list: z.enum(LIST_KEYS).optional() });
/**
 * The timeline and the 360° view gather what other modules registered (data: unknown to this module); their schemas in
 * common/profile.schemas.ts say what each part holds, and the answer is checked against them.
 */
type Registered<T extends z.ZodType> = z.input<T>;

export function customerRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;

    r.get('/api/customers', { schema: { tags: ['customers'], summary: 'Filter, sort and page customers (search with q)', querystring: customerListQuery, response: { 200: customerPage } } },
      async (req) => listCustomers(db, actorOf(req), req.query, ctx.clock.now()));

    r.post('/api/customers/bulk', { schema: { tags: ['customers'], summary: 'One change to many customers (owner, add/remove tag, stage): all or nothing, audited per record, undoable for 10 minutes', body: customerBulkRequest, response: { 200: bulkAnswer } } },
      async (req) => withTx(ctx.database, (tx) => bulkEditCustomers(tx, actorOf(req), ctx.clock, req.body)));

    r.post('/api/customers/bulk/undo', { schema: { tags: ['customers'], summary: 'Undo your bulk edit (within 10 minutes): exactly its changes; records changed again since are skipped', body: bulkUndoRequest, response: { 200: bulkUndoAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoCustomerBulk(tx, actorOf(req), ctx.clock, req.body.undoToken)));

    r.get('/api/customers/search', { schema: { tags: ['customers'], summary: 'One-box search by name, phone, email or national ID', querystring: z.object({ q: z.string().max(200), limit: z.coerce.number().int().min(1).max(20).default(8) }), response: { 200: customerSearchAnswer } } },
      async (req) => quickSearch(db, actorOf(req), req.query.q, req.query.limit));

    r.get('/api/customers/duplicates', {
      schema: { tags: ['customers'], summary: 'Duplicates: with phone/email/nationalId, the records sharing them (any format); without, the pairs of visible records that look like one, with the reasons, paged', querystring: duplicatePairsQuery.extend({
        phone: z.union([z.string().max(40), z.array(z.string().max(40)).max(10)]).optional(),
        email: z.union([z.string().max(200), z.array(z.string().max(200)).max(10)]).optional(),
        nationalId: z.string().max(30).optional(), companyNationalId: z.string().max(30).optional(), excludeId: z.uuid().optional(),
        /** A name being typed (with kind, and optionally city and phone): the records with the same or a close name. */
        name: z.string().max(200).optional(), kind: z.enum(['person', 'organization']).optional(), city: z.string().max(100).optional(),
      }), response: { 200: z.union([duplicatesAnswer, duplicatePairsPage]) } },
    }, async (req) => {
      const actor = actorOf(req);
      assertCan(actor, 'customers', 'read');
      const { phone, email, nationalId, companyNationalId, excludeId, page, pageSize, reason, name, kind, city } = req.query;
      if (name !== undefined) {
        const phones = (phone === undefined ? [] : Array.isArray(phone) ? phone : [phone]).map((p) => normalizePhone(p)).flatMap((p) => (p.ok ? [p.e164] : []));
        return { matches: await findSimilarNames(db, actor, { name, kind: kind ?? 'person', city, phones, excludeId }) };
      }
      if (phone === undefined && email === undefined && nationalId === undefined && companyNationalId === undefined) {
        return listDuplicatePairs(db, actor, { page, pageSize, reason });
      }
      const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
      const phones = list(phone).map((p) => normalizePhone(p)).flatMap((p) => (p.ok ? [p.e164] : []));
      const emails = list(email).map((e) => e.trim().toLowerCase()).filter((e) => e.includes('@'));
      const nid = nationalId ? cleanId(nationalId) : undefined;
      const cnid = companyNationalId ? cleanId(companyNationalId) : undefined;
      return { matches: await findDuplicates(db, actor, { phones, emails, nationalId: nid || undefined, companyNationalId: cnid || undefined, excludeId }) };
    });

    r.get('/api/customers/duplicates/pair', { schema: { tags: ['customers'], summary: 'Two records side by side before a merge: both in full, why they match, the differing fields, the rows each holds', querystring: z.object({ a: z.uuid(), b: z.uuid() }), response: { 200: duplicatePairView } } },
      async (req) => duplicatePair(db, actorOf(req), req.query.a, req.query.b));

    r.post('/api/customers/merge', { schema: { tags: ['customers'], summary: 'Merge the loser into the survivor (per-field choice; every linked record moves; undoable for 30 days)', body: mergeRequest, response: { 200: mergeAnswer } } },
      async (req) => withTx(ctx.database, (tx) => mergeCustomers(tx, actorOf(req), ctx.clock, req.body)));

    r.get('/api/customers/merges', { schema: { tags: ['customers'], summary: 'Recent merges of records the reader sees both of, newest first (undoable until undoUntil unless undone)', querystring: mergesQuery, response: { 200: mergesPage } } },
      async (req) => listMerges(db, actorOf(req), req.query));

    r.post('/api/customers/merges/:id/undo', { schema: { tags: ['customers'], summary: 'Undo a merge within 30 days: the loser, its rows and the survivor’s previous values come back', params: idParam, response: { 200: undoMergeAnswer } } },
      async (req) => withTx(ctx.database, (tx) => undoMerge(tx, actorOf(req), ctx.clock, req.params.id)));

    r.get('/api/customers/export', { schema: { tags: ['customers'], summary: 'CSV (default) or XLSX of the filtered or selected customers (export permission, the reader\u2019s scope)', querystring: customerExportQuery, response: { 200: fileAnswer(['text/csv', XLSX_TYPE], 'The customers as CSV (UTF-8, streamed) or XLSX (at most 20,000 rows); formula-safe cells') } } },
      async (req, reply) => {
        const actor = actorOf(req);
        assertCan(actor, 'customers', 'export');
        const { format, lang, ...query } = req.query;
        const day = ctx.clock.now().toISOString().slice(0, 10);
        if (format === 'xlsx') {
          const file = await exportCustomersXlsx(db, actor, query, lang);
          reply.header('Content-Type', XLSX_TYPE);
          reply.header('Content-Disposition', `attachment; filename="customers-${day}.xlsx"`);
          return reply.send(file);
        }
        reply.header('Content-Type', 'text/csv; charset=utf-8');
        reply.header('Content-Disposition', `attachment; filename="customers-${day}.csv"`);
        const { Readable } = await import('node:stream');
        return reply.send(Readable.from(exportCustomersCsv(db, actor, query)));
      });

    r.post('/api/customers', { schema: { tags: ['customers'], summary: 'Create a customer (409 DUPLICATE unless force)', body: customerCreate, response: { 201: customerView } } },
      async (req, reply) => reply.status(201).send(await withTx(ctx.database, (tx) => createCustomer(tx, actorOf(req), ctx.clock, req.body))));

    r.get('/api/customers/:id', { schema: { tags: ['customers'], summary: 'The 360° view of a customer', params: idParam, querystring: z.object({ timelineLimit: z.coerce.number().int().min(1).max(100).default(30) }), response: { 200: customer360View } } },
      async (req) => customer360(db, actorOf(req), req.params.id, { timelineLimit: req.query.timelineLimit, now: ctx.clock.now() }) as Promise<Registered<typeof customer360View>>);

    r.patch('/api/customers/:id', { schema: { tags: ['customers'], summary: 'Edit a customer (audited field by field)', params: idParam, body: customerUpdate, response: { 200: customerView } } },
      async (req) => withTx(ctx.database, (tx) => updateCustomer(tx, actorOf(req), ctx.clock, req.params.id, req.body)));

    r.delete('/api/customers/:id', { schema: { tags: ['customers'], summary: 'Delete a customer (kept, hidden, audited)', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await withTx(ctx.database, (tx) => deleteCustomer(tx, actorOf(req), ctx.clock, req.params.id));
      return reply.status(204).send();
    });

    r.get('/api/customers/:id/timeline', { schema: { tags: ['customers'], summary: 'The merged timeline, newest first, with a cursor', params: idParam, querystring: timelineQuery, response: { 200: timelinePage } } },
      async (req) => {
        const actor = actorOf(req);
        await loadVisibleCustomer(db, actor, req.params.id);
        return timeline(db, actor, req.params.id, { cursor: req.query.cursor, limit: req.query.limit, kinds: req.query.kinds, now: ctx.clock.now() }) as Promise<Registered<typeof timelinePage>>;
      });

    r.get('/api/customers/:id/audit', { schema: { tags: ['customers'], summary: 'Field-level change history of a customer and its interactions and tasks', params: idParam, querystring: z.object({ cursor: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: auditPage } } },
      async (req) => {
        const actor = actorOf(req);
        assertCan(actor, 'audit', 'read');
        await loadVisibleCustomer(db, actor, req.params.id);
        return listCustomerAudit(db, req.params.id, req.query.cursor, req.query.limit, auditScopeSql(actor, 'a'));
      });

    r.get('/api/custom-fields', { schema: { tags: ['custom fields'], summary: 'Custom field definitions', response: { 200: customFieldList } } }, async (req) => {
      assertCan(actorOf(req), 'custom_fields', 'read');
      return { items: await listCustomFields(db) };
    });
    r.post('/api/custom-fields', { schema: { tags: ['custom fields'], summary: 'Define a custom field', body: customFieldCreate, response: { 201: customFieldView } } }, async (req, reply) =>
      reply.status(201).send(await withTx(ctx.database, (tx) => createCustomField(tx, actorOf(req), req.body))));
    r.patch('/api/custom-fields/:id', { schema: { tags: ['custom fields'], summary: 'Edit or deactivate a custom field', params: idParam, body: customFieldUpdate, response: { 200: customFieldView } } }, async (req) =>
      withTx(ctx.database, (tx) => updateCustomField(tx, actorOf(req), req.params.id, req.body)));

    r.get('/api/saved-views', { schema: { tags: ['customers'], summary: 'The user’s saved list views and shared ones (?list=: of one list; a view\u2019s query.list, customers when absent)', querystring: savedViewListQuery, response: { 200: savedViewList } } }, async (req) => {
      const actor = actorOf(req);
      return { items: await listSavedViews(db, actor, req.query.list) };
    });
    r.post('/api/saved-views', { schema: { tags: ['customers'], summary: 'Save the current filters as a view', body: savedViewCreate, response: { 201: savedViewView } } }, async (req, reply) => {
      const actor = actorOf(req);
      return reply.status(201).send(await createSavedView(db, actor, req.body));
    });
    r.delete('/api/saved-views/:id', { schema: { tags: ['customers'], summary: 'Delete one of your saved views', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      const actor = actorOf(req);
      await deleteSavedView(db, actor, req.params.id);
      return reply.status(204).send();
    });
  };
}
