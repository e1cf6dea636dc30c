/**
 * Read scopes 'own' and 'team' (custom roles) on deals, tickets, documents and the reports built on them: lists and
 * their totals, get, board counts, search, the 360° sections and every report count exactly the records the scope
 * allows; writes on records out of scope are refused (403 or 404) with the row unchanged.
 */
import { describe, it, expect } from 'vitest';
import { useScopeWorld, split, expectSameIds, SEES, SEES_DOCUMENTS, WHO, AMOUNT, type ScopeWorld } from './scope-world.ts';
import { idsOf, type Res } from './world.ts';

const w: ScopeWorld = useScopeWorld();

function expectRefused(res: Res) {
  expect([403, 404], `${res.statusCode} ${res.body}`).toContain(res.statusCode);
  expect(['FORBIDDEN', 'NOT_FOUND']).toContain(res.json().error.code);
}
async function refusedUnchanged(table: string, id: string, requests: (() => Promise<Res>)[]) {
  for (const send of requests) {
    const before = await w.row(table, id);
    expectRefused(await send());
    expect(await w.row(table, id)).toEqual(before);
  }
}
const sum = (scope: 'own' | 'team', sees = SEES) => sees[scope].reduce((s, who) => s + AMOUNT[who], 0);

for (const scope of ['own', 'team'] as const) {
  const viewer = () => (scope === 'own' ? w.people.uOwn : w.people.uTeam);

  describe(`scope '${scope}'`, () => {
    it('deals: list and its totals, get, the board and the 360° deals section', async () => {
      const { seen, hidden } = split(w, 'deals', scope);
      const a = viewer();
      const list = await a.get(`/api/deals?customerId=${w.S}&pageSize=100`);
      expect(list.statusCode, list.body).toBe(200);
      expectSameIds(idsOf(list), seen);
      expect(list.json()).toMatchObject({ total: seen.length, totalAmount: String(sum(scope)) });
      const search = await a.get(`/api/deals?q=${encodeURIComponent(w.marker)}&pageSize=100`);
      expectSameIds(idsOf(search), [...seen, ...split(w, 'wonDeals', scope).seen]); // the marker is in the customers' names too
      for (const id of seen) expect((await a.get(`/api/deals/${id}`)).statusCode).toBe(200);
      for (const id of hidden) expectRefused(await a.get(`/api/deals/${id}`));
      const pipelineId = (await a.get('/api/pipelines')).json().items[0].id as string;
      const board = (await a.get(`/api/pipelines/${pipelineId}/board`)).json();
      const cards = JSON.stringify(board);
      for (const id of seen) expect(cards).toContain(id);
      for (const id of hidden) expect(cards).not.toContain(id);
      const view = (await a.get(`/api/customers/${w.S}`)).json();
      expect(view.deals.openCount).toBe(seen.length);
      expect(view.deals.openAmount).toBe(String(sum(scope)));
    });

    it('deals: edits, moves and deletes out of scope are refused, the row unchanged', async () => {
      const a = viewer();
      const stageId = (await w.admin.get('/api/pipelines')).json().items[0].stages.at(-1).id as string;
      for (const id of split(w, 'deals', scope).hidden) {
        await refusedUnchanged('deals', id, [
          () => a.patch(`/api/deals/${id}`, { title: 'ربوده' }),
          () => a.post(`/api/deals/${id}/move`, { stageId }),
          () => a.del(`/api/deals/${id}`),
        ]);
      }
    });

    it('tickets: list and its total, search, get', async () => {
      const { seen, hidden } = split(w, 'tickets', scope);
      const a = viewer();
      const list = await a.get(`/api/tickets?customerId=${w.S}&pageSize=100`);
      expect(list.statusCode, list.body).toBe(200);
      expectSameIds(idsOf(list), seen);
      expect(list.json().total).toBe(seen.length);
      expectSameIds(idsOf(await a.get(`/api/tickets?q=${encodeURIComponent(w.marker)}&pageSize=100`)), seen);
      for (const id of seen) expect((await a.get(`/api/tickets/${id}`)).statusCode).toBe(200);
      for (const id of hidden) expectRefused(await a.get(`/api/tickets/${id}`));
    });

    it('tickets: edits, replies and merges out of scope are refused, the row unchanged', async () => {
      const a = viewer();
      const mine = w.rec.tickets[scope === 'own' ? 'uOwn' : 'uTeam'];
      for (const id of split(w, 'tickets', scope).hidden) {
        await refusedUnchanged('tickets', id, [
          () => a.patch(`/api/tickets/${id}`, { subject: 'ربوده', status: 'closed' }),
          () => a.post(`/api/tickets/${id}/messages`, { kind: 'note', body: 'پیام نفوذی' }),
          () => a.post(`/api/tickets/${id}/merge`, { intoId: mine }),
        ]);
        expect(await w.q("SELECT id FROM ticket_messages WHERE ticket_id = $1 AND body = 'پیام نفوذی'", [id])).toEqual([]);
      }
    });

    it('documents: list and its total, get, PDF and public link', async () => {
      const seen = [...split(w, 'quotes', scope).seen, ...split(w, 'invoices', scope).seen];
      const hidden = [...split(w, 'quotes', scope).hidden, ...split(w, 'invoices', scope).hidden];
      const a = viewer();
      const list = await a.get('/api/documents?pageSize=100');
      expect(list.statusCode, list.body).toBe(200);
      expectSameIds(idsOf(list), seen); // the only documents in this world are the eight made here
      expect(list.json().total).toBe(seen.length);
      expectSameIds(idsOf(await a.get(`/api/documents?q=${encodeURIComponent(w.marker)}&pageSize=100`)), seen);
      for (const id of seen) expect((await a.get(`/api/documents/${id}`)).statusCode).toBe(200);
      for (const id of hidden) {
        expectRefused(await a.get(`/api/documents/${id}`));
        expectRefused(await a.get(`/api/documents/${id}/pdf`));
        expectRefused(await a.get(`/api/documents/${id}/link`));
      }
      for (const who of SEES[scope]) {
        const purchases = (await a.get(`/api/customers/${w.rec.customers[who]}`)).json().purchases;
        expect(purchases.openQuotes.map((q: { id: string }) => q.id)).toEqual(SEES_DOCUMENTS[scope].includes(who) ? [w.rec.quotes[who]] : []);
      }
    });

    it('documents: edits, cancels, payments and resends out of scope are refused, the row unchanged', async () => {
      const a = viewer();
      for (const id of split(w, 'invoices', scope).hidden) {
        const payments = await w.q('SELECT * FROM payments WHERE document_id = $1 ORDER BY id', [id]);
        await refusedUnchanged('documents', id, [
          () => a.patch(`/api/documents/${id}`, { notes: 'دستکاری' }),
          () => a.post(`/api/documents/${id}/cancel`, { reason: 'لغو نفوذی' }),
          () => a.post(`/api/documents/${id}/payments`, { amount: '1000', method: 'cash' }),
          () => a.post(`/api/documents/${id}/send`, { email: true, resend: true }),
        ]);
        expect(await w.q('SELECT * FROM payments WHERE document_id = $1 ORDER BY id', [id])).toEqual(payments);
      }
      for (const id of split(w, 'quotes', scope).hidden) {
        await refusedUnchanged('documents', id, [() => a.post(`/api/documents/${id}/decision`, { decision: 'accept' })]);
      }
    });

    it('reports count only what the scope shows', async () => {
      const a = viewer();
      const pipeline = (await a.get('/api/reports/pipeline')).json();
      expect(pipeline.total).toMatchObject({ count: SEES[scope].length, amount: String(sum(scope)) });
      // Quotes and invoices: what the documents scope shows.
      const docs = SEES_DOCUMENTS[scope];
      const conversion = (await a.get('/api/reports/quote-conversion')).json();
      expect(conversion.total).toMatchObject({ sent: docs.length, sentAmount: String(sum(scope, SEES_DOCUMENTS)) });
      const revenue = (await a.get('/api/reports/revenue-by-owner')).json();
      expect(revenue.total).toMatchObject({ invoices: docs.length, invoiced: String(sum(scope, SEES_DOCUMENTS)), payments: docs.length, paid: String(sum(scope, SEES_DOCUMENTS)) });
      const winRate = (await a.get('/api/reports/win-rate')).json();
      expect(winRate.total).toMatchObject({ won: SEES[scope].length, lost: 0, wonAmount: String(sum(scope)) });
      expect((revenue.owners as { ownerId: string }[]).map((o) => o.ownerId).sort()).toEqual(docs.map((who) => w.people[who].userId).sort());
      const sales = (await a.get('/api/reports/sales')).json();
      expect(sales.total.revenue).toBe(String(sum(scope, SEES_DOCUMENTS)));
      const csv = await a.get('/api/reports/revenue-by-owner?format=csv&lang=en');
      expect(csv.statusCode).toBe(200);
      for (const who of WHO) if (!docs.includes(who)) expect(csv.body).not.toContain(String(AMOUNT[who]));
    });
  });
}
