/**
 * Read scopes 'own' and 'team' (custom roles) on customers, interactions, tasks and contracts: every read path (list and
 * its total, get, search, duplicates, 360° counters, timeline, export) includes exactly the records the scope allows;
 * a write on a record the user may not see is refused (403 or 404) and the row re-read from the database is unchanged.
 */
import { describe, it, expect } from 'vitest';
import { mobileFrom } from '../harness.ts';
import { useScopeWorld, split, expectSameIds, type ScopeWorld } from './scope-world.ts';
import { idsOf, type Res } from './world.ts';

const w: ScopeWorld = useScopeWorld();

function expectRefused(res: Res) {
  expect([403, 404], `${res.statusCode} ${res.body}`).toContain(res.statusCode);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(['FORBIDDEN', 'NOT_FOUND']).toContain(body.error.code);
}

async function refusedUnchanged(table: string, id: string, requests: (() => Promise<Res>)[]) {
  for (const send of requests) {
    const before = await w.row(table, id);
    expectRefused(await send());
    expect(await w.row(table, id)).toEqual(before);
  }
}

for (const scope of ['own', 'team'] as const) {
  const viewer = () => (scope === 'own' ? w.people.uOwn : w.people.uTeam);

  describe(`scope '${scope}'`, () => {
    it('customers: list and its total, get, search, duplicates and export', async () => {
      const { seen, hidden } = split(w, 'customers', scope);
      const a = viewer();
      const list = await a.get(`/api/customers?q=${encodeURIComponent(w.marker)}&pageSize=100`);
      expectSameIds(idsOf(list), seen);
      expect(list.json().total).toBe(seen.length);
      for (const id of seen) expect((await a.get(`/api/customers/${id}`)).statusCode).toBe(200);
      for (const id of hidden) expectRefused(await a.get(`/api/customers/${id}`));
      const search = await a.get(`/api/customers/search?q=${encodeURIComponent(w.marker)}&limit=20`);
      expectSameIds(idsOf(search), seen);
      // Duplicates say that a hidden record shares the phone (so no second record is made), never which one.
      const dups = (await a.get(`/api/customers/duplicates?phone=${mobileFrom(5_550_000)}`)).json().matches as { id: string | null; displayName: string | null; hidden: boolean }[];
      expectSameIds(dups.filter((d) => !d.hidden).map((d) => d.id!), seen);
      expect(dups.filter((d) => d.hidden)).toHaveLength(hidden.length);
      for (const d of dups.filter((x) => x.hidden)) expect([d.id, d.displayName]).toEqual([null, null]);
      const csv = await a.get(`/api/customers/export?q=${encodeURIComponent(w.marker)}`);
      expect(csv.statusCode).toBe(200);
      for (const id of seen) expect(csv.body).toContain(id);
      for (const id of hidden) expect(csv.body).not.toContain(id);
    });

    it('customers: edits and deletes of a customer out of scope are refused, the row unchanged', async () => {
      for (const id of split(w, 'customers', scope).hidden) {
        await refusedUnchanged('customers', id, [
          () => viewer().patch(`/api/customers/${id}`, { city: 'رشت' }),
          () => viewer().del(`/api/customers/${id}`),
          () => viewer().post('/api/interactions', { customerId: id, kind: 'note', summary: 'نفوذ' }),
        ]);
        expect(await w.q('SELECT id FROM interactions WHERE customer_id = $1', [id])).toEqual([]);
      }
    });

    it('interactions: timeline, 360° counters and audit trail of the shared customer', async () => {
      const { seen, hidden } = split(w, 'interactions', scope);
      const a = viewer();
      const tl = await a.get(`/api/customers/${w.S}/timeline?kinds=interaction&limit=100`);
      expectSameIds(idsOf(tl), seen);
      const view = (await a.get(`/api/customers/${w.S}`)).json();
      expect(view.counters.interactions).toBe(seen.length);
      const audit = (await a.get(`/api/customers/${w.S}/audit?limit=200`)).json().items as { entityType: string; entityId: string }[];
      const audited = audit.filter((x) => x.entityType === 'interaction').map((x) => x.entityId);
      for (const id of hidden) expect(audited).not.toContain(id);
    });

    it('interactions: edits and deletes out of scope are refused, the row unchanged', async () => {
      for (const id of split(w, 'interactions', scope).hidden) {
        await refusedUnchanged('interactions', id, [
          () => viewer().patch(`/api/interactions/${id}`, { summary: 'بازنویسی' }),
          () => viewer().del(`/api/interactions/${id}`),
        ]);
      }
    });

    it('tasks: team list and its total, get, and the 360° open tasks', async () => {
      const { seen, hidden } = split(w, 'tasks', scope);
      const a = viewer();
      const list = await a.get(`/api/tasks?view=team&bucket=all&customerId=${w.S}&pageSize=100`);
      expect(list.statusCode, list.body).toBe(200);
      expectSameIds(idsOf(list), seen);
      expect(list.json().total).toBe(seen.length);
      for (const id of seen) expect((await a.get(`/api/tasks/${id}`)).statusCode).toBe(200);
      for (const id of hidden) expectRefused(await a.get(`/api/tasks/${id}`));
      const view = (await a.get(`/api/customers/${w.S}`)).json();
      expect(view.counters.openTasks).toBe(seen.length);
    });

    it('tasks: edits and deletes out of scope are refused, the row unchanged', async () => {
      for (const id of split(w, 'tasks', scope).hidden) {
        await refusedUnchanged('tasks', id, [
          () => viewer().patch(`/api/tasks/${id}`, { title: 'ربوده' }),
          () => viewer().del(`/api/tasks/${id}`),
        ]);
      }
    });

    it('feedback follows its customer: inbox and its total, the topic trend, and edits refused out of scope', async () => {
      const a = viewer();
      const ids = {} as Record<string, string>;
      const topic = `موضوع ${scope}`;
      for (const [who, cid] of Object.entries(w.rec.customers)) {
        ids[who] = (await w.admin.post('/api/feedback', { customerId: cid, channel: 'call', text: `${w.marker} ${scope} ${who}`, topics: [topic] })).json().id;
      }
      const { seen, hidden } = split(w, 'customers', scope);
      const want = Object.entries(ids).filter(([who]) => seen.includes(w.rec.customers[who as 'uOwn'])).map(([, id]) => id);
      const inbox = await a.get(`/api/feedback?q=${encodeURIComponent(`${w.marker} ${scope}`)}&pageSize=100`);
      expect(inbox.statusCode, inbox.body).toBe(200);
      expectSameIds(idsOf(inbox), want);
      expect(inbox.json().total).toBe(want.length);
      const trend = (await a.get('/api/feedback/trend')).json().items as { topic: string; total: number }[];
      expect(trend.find((t) => t.topic === topic)?.total).toBe(want.length);
      for (const [who, id] of Object.entries(ids)) {
        if (!hidden.includes(w.rec.customers[who as 'uOwn'])) continue;
        await refusedUnchanged('feedback', id, [() => a.patch(`/api/feedback/${id}`, { sentiment: 'negative' })]);
      }
    });

    it('contracts follow their customer: list, get, and edits refused out of scope', async () => {
      const { seen, hidden } = split(w, 'contracts', scope);
      const a = viewer();
      const list = await a.get('/api/contracts?pageSize=200');
      expectSameIds(idsOf(list).filter((id) => [...seen, ...hidden].includes(id)), seen);
      for (const id of seen) expect((await a.get(`/api/contracts/${id}`)).statusCode).toBe(200);
      for (const id of hidden) {
        expectRefused(await a.get(`/api/contracts/${id}`));
        await refusedUnchanged('contracts', id, [() => a.patch(`/api/contracts/${id}`, { title: 'دستکاری' })]);
      }
    });
  });
}
