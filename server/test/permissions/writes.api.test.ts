/**
 * The other write routes of each object (actions beside the plain create/update/delete the matrix files probe):
 * for every built-in role the expected matrix denies, the request is a 403 in the one error shape and the tables it
 * would touch, re-read from the database, are unchanged. (The allowed side of these actions is each module's own test.)
 */
import { describe, it, expect } from 'vitest';
import { ROLE_KEYS, type Operation, type PermObject } from '../../../common/permissions.ts';
import { expected } from './expected-matrix.ts';
import { useWorld, created, ok, expectForbidden, type World, type Res } from './world.ts';
import type { Agent } from '../harness.ts';

type Ctx = Record<string, string>;
type Extra = { object: PermObject; op: Operation; what: string; tables: string[]; send: (a: Agent, c: Ctx) => Promise<Res> };

const c: Ctx = {};
const w: World = useWorld(async (w) => {
  const pipelines = (await w.admin.get('/api/pipelines')).json().items;
  c.pipeline = pipelines[0].id;
  c.stage = pipelines[0].stages.at(-1).id;
  c.deal = await created(w.admin.post('/api/deals', { customerId: w.customerId, title: 'معامله' }));
  c.product = await created(w.admin.post('/api/products', { code: 'W-1', nameFa: 'کالا', price: '1000' }));
  c.priceList = await created(w.admin.post('/api/price-lists', { name: 'عمده' }));
  const mail = await created(w.admin.post('/api/customers', { kind: 'person', lastName: 'ایمیل‌دار', emails: [{ address: 'w@customer.example' }], emailConsent: true }));
  const doc = (kind: string) => created(w.admin.post('/api/documents', { kind, customerId: mail, lines: [{ description: 'خدمت', quantity: '1', unitPrice: '1000' }] }));
  c.draft = await doc('quote');
  c.quote = await doc('quote');
  await ok(w.admin.post(`/api/documents/${c.quote}/send`, { email: true }));
  c.invoice = await doc('invoice');
  await ok(w.admin.post(`/api/documents/${c.invoice}/send`, { email: true }));
  c.ticket = await created(w.admin.post('/api/tickets', { customerId: w.customerId, channel: 'phone', subject: 'تیکت یک' }));
  c.ticket2 = await created(w.admin.post('/api/tickets', { customerId: w.customerId, channel: 'phone', subject: 'تیکت دو' }));
  c.contract = await created(w.admin.post('/api/contracts', { customerId: w.customerId, kind: 'warranty', title: 'گارانتی', startDate: '2026-01-01', endDate: '2026-12-31' }));
  c.topic = await created(w.admin.post('/api/feedback/topics', { name: 'قیمت', keywords: ['گران'] }));
  c.sla = ((await w.admin.get('/api/support/sla-policies')).json().items[0] ?? {}).id ?? '00000000-0000-4000-8000-000000000000';
});

const EXTRAS: Extra[] = [
  { object: 'deals', op: 'update', what: 'move a deal', tables: ['deals', 'deal_stage_events'], send: (a) => a.post(`/api/deals/${c.deal}/move`, { stageId: c.stage }) },
  { object: 'deals', op: 'create', what: 'convert a lead into a deal', tables: ['customers', 'deals'], send: (a) => a.post(`/api/customers/${w.customerId}/convert`, { deal: { title: 'از سرنخ' } }) },
  { object: 'documents', op: 'update', what: 'send a draft', tables: ['documents', 'outbox', 'messages'], send: (a) => a.post(`/api/documents/${c.draft}/send`, { email: true }) },
  { object: 'documents', op: 'update', what: 'cancel an invoice', tables: ['documents', 'document_events'], send: (a) => a.post(`/api/documents/${c.invoice}/cancel`, { reason: 'اشتباه' }) },
  { object: 'documents', op: 'update', what: 'record a payment', tables: ['documents', 'payments'], send: (a) => a.post(`/api/documents/${c.invoice}/payments`, { amount: '500', method: 'cash' }) },
  { object: 'documents', op: 'update', what: 'accept a quote for the customer', tables: ['documents', 'document_events'], send: (a) => a.post(`/api/documents/${c.quote}/decision`, { decision: 'accept' }) },
  { object: 'documents', op: 'create', what: 'invoice a quote', tables: ['documents'], send: (a) => a.post(`/api/documents/${c.quote}/invoice`, {}) },
  { object: 'products', op: 'update', what: 'bulk-change prices', tables: ['products'], send: (a) => a.post('/api/products/bulk', { ids: [c.product], price: { percent: 10 } }) },
  { object: 'products', op: 'update', what: 'deactivate a product', tables: ['products'], send: (a) => a.post(`/api/products/${c.product}/deactivate`, {}) },
  { object: 'products', op: 'create', what: 'make a price list', tables: ['price_lists'], send: (a) => a.post('/api/price-lists', { name: 'تازه' }) },
  { object: 'products', op: 'update', what: 'edit a price list', tables: ['price_lists'], send: (a) => a.patch(`/api/price-lists/${c.priceList}`, { name: 'دیگر' }) },
  { object: 'products', op: 'update', what: 'price a product in a list', tables: ['price_list_items'], send: (a) => a.post(`/api/price-lists/${c.priceList}/items`, { items: [{ productId: c.product, price: '900' }] }) },
  { object: 'products', op: 'delete', what: 'delete a price list', tables: ['price_lists'], send: (a) => a.del(`/api/price-lists/${c.priceList}`) },
  { object: 'tickets', op: 'update', what: 'merge tickets', tables: ['tickets', 'ticket_messages'], send: (a) => a.post(`/api/tickets/${c.ticket2}/merge`, { intoId: c.ticket }) },
  { object: 'tickets', op: 'update', what: 'regroup problems', tables: ['problem_groups', 'problem_index'], send: (a) => a.post('/api/support/problems/regroup', {}) },
  { object: 'contracts', op: 'create', what: 'renew a contract', tables: ['contracts'], send: (a) => a.post(`/api/contracts/${c.contract}/renew`, {}) },
  { object: 'settings', op: 'update', what: 'change the business calendar', tables: ['settings'], send: (a) => a.put('/api/support/calendar', { workdays: [6, 0, 1, 2, 3], start: '08:00', end: '16:00', holidays: [] }) },
  { object: 'settings', op: 'update', what: 'add an SLA policy', tables: ['sla_policies'], send: (a) => a.post('/api/support/sla-policies', { name: 'طلایی', contractLevel: 'gold', priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 }) },
  { object: 'settings', op: 'update', what: 'change an SLA policy', tables: ['sla_policies'], send: (a) => a.put(`/api/support/sla-policies/${c.sla}`, { name: 'فوری', priority: 'urgent', firstResponseMinutes: 1, resolutionMinutes: 2 }) },
  { object: 'settings', op: 'update', what: 'change a feedback topic', tables: ['feedback_topics'], send: (a) => a.put(`/api/feedback/topics/${c.topic}`, { name: 'قیمت', keywords: ['ارزان'] }) },
  { object: 'settings', op: 'update', what: 'delete a feedback topic', tables: ['feedback_topics'], send: (a) => a.del(`/api/feedback/topics/${c.topic}`) },
  { object: 'settings', op: 'update', what: 'send a test email', tables: ['settings', 'outbox'], send: (a) => a.post('/api/settings/channels/test', { channel: 'email', to: 'x@test.example' }) },
  { object: 'settings', op: 'update', what: 'test the PBX connection', tables: ['settings'], send: (a) => a.post('/api/telephony/settings/test-ami', { host: '127.0.0.1', port: 5038, username: 'u', secret: 's' }) },
  { object: 'users', op: 'create', what: 'make a team', tables: ['teams'], send: (a) => a.post('/api/teams', { name: 'تیم نفوذی' }) },
];

const snapshot = async (tables: string[]) => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await w.q(`SELECT * FROM ${t} ORDER BY 1`)] as const)));

describe('other write routes', () => {
  for (const e of EXTRAS) {
    const denied = ROLE_KEYS.filter((r) => expected(r, e.object, e.op) === 'deny');
    if (!denied.length) continue;
    it(`${e.what} (${e.object} ${e.op}): refused to ${denied.join(', ')}, nothing changed`, async () => {
      for (const role of denied) {
        const before = await snapshot(e.tables);
        expectForbidden(await e.send(w.agents[role], c));
        expect(await snapshot(e.tables), role).toEqual(before);
      }
    });
  }
  it('pipelines are changed by those who may change settings or delete deals (managers), no one else', async () => {
    for (const role of ['sales', 'support', 'marketing'] as const) {
      const before = await snapshot(['pipelines', 'pipeline_stages']);
      for (const res of [
        await w.agents[role].post('/api/pipelines', { name: 'نفوذی', stages: [{ name: 'باز' }, { name: 'برد', outcome: 'won' }, { name: 'باخت', outcome: 'lost' }] }),
        await w.agents[role].patch(`/api/pipelines/${c.pipeline}`, { name: 'تغییر' }),
        await w.agents[role].del(`/api/pipelines/${c.pipeline}`),
      ]) expectForbidden(res);
      expect(await snapshot(['pipelines', 'pipeline_stages']), role).toEqual(before);
    }
  });
});
