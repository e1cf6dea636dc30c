/**
 * The world for read scopes: two custom roles made through the roles API (the same operations, one with scope 'own'
 * and one with scope 'team' on every scoped object), and one record of each scoped object made by each of four people:
 *
 *   uOwn  — the 'own' user, team T1          uTeam — the 'team' user, team T1
 *   m     — a seller (scope all), team T1    x     — a seller (scope all), team T2
 *
 * What each may see, by hand: the 'own' user only what uOwn made; the 'team' user what uOwn, uTeam and m made (the
 * whole of T1); neither what x made. Customers are owned (ownerId) by each; every other record hangs on one customer
 * S owned by uOwn (so the customer is visible to both and only the record's own scope decides), except contracts, which
 * have no scope of their own and hang on each person's customer.
 */
import { expect } from 'vitest';
import { loginAs, mobileFrom, TEST_PASSWORD, type Agent } from '../harness.ts';
import { useWorld, created, ok, type World } from './world.ts';

export const WHO = ['uOwn', 'uTeam', 'm', 'x'] as const;
export type Who = (typeof WHO)[number];
export const SEES: Record<'own' | 'team', Who[]> = { own: ['uOwn'], team: ['uOwn', 'uTeam', 'm'] };
/**
 * Documents have no team (documents.service.ts: "any scope but 'all' means the actor's own"): a 'team' user sees the
 * documents they own or wrote, as docs/api.md describes only 'own'.
 */
export const SEES_DOCUMENTS: Record<'own' | 'team', Who[]> = { own: ['uOwn'], team: ['uTeam'] };
/** Distinct amounts per maker, so a total says whose records it counted. */
export const AMOUNT: Record<Who, number> = { uOwn: 1_000, uTeam: 20_000, m: 300_000, x: 4_000_000 };

const SCOPED = ['customers', 'interactions', 'tasks', 'deals', 'tickets', 'documents', 'contracts', 'feedback', 'surveys'] as const;

export type ScopeWorld = World & {
  people: Record<Who, Agent>;
  teams: { t1: string; t2: string };
  S: string;
  marker: string;
  rec: Record<'customers' | 'interactions' | 'tasks' | 'deals' | 'wonDeals' | 'tickets' | 'quotes' | 'invoices' | 'contracts', Record<Who, string>>;
};

async function customRole(w: World, scope: 'own' | 'team'): Promise<string> {
  const perms: Record<string, { ops: string[]; scope: string }> = {};
  for (const o of SCOPED) perms[o] = { ops: ['read', 'create', 'update', 'delete', 'export'], scope };
  Object.assign(perms, { products: { ops: ['read'], scope: 'all' }, reports: { ops: ['read', 'export'], scope: 'all' }, audit: { ops: ['read'], scope: 'all' }, users: { ops: ['read'], scope: 'all' } });
  return created(w.admin.post('/api/roles', { key: `scope_${scope}`, name: `دامنهٔ ${scope}`, permissions: perms }));
}

async function person(w: World, roleId: string, teamId: string, name: string): Promise<Agent> {
  const email = `${name}@scope.example`;
  await created(w.admin.post('/api/users', { email, name, password: TEST_PASSWORD, roleId, teamId }));
  return loginAs(w.env.app, email, TEST_PASSWORD);
}

export function useScopeWorld(): ScopeWorld {
  const w = {} as ScopeWorld;
  const base = useWorld(async (b) => {
    Object.assign(w, b);
    const t1 = await b.env.team('T1');
    const t2 = await b.env.team('T2');
    w.teams = { t1, t2 };
    const own = await customRole(b, 'own');
    const team = await customRole(b, 'team');
    w.people = {
      uOwn: await person(b, own, t1, 'u-own'),
      uTeam: await person(b, team, t1, 'u-team'),
      m: await b.env.login('sales', { teamId: t1 }),
      x: await b.env.login('sales', { teamId: t2 }),
    };
    w.marker = 'سایه‌روشن';
    const each = async (f: (who: Who, a: Agent, i: number) => Promise<string>) => {
      const out = {} as Record<Who, string>;
      let i = 0;
      for (const who of WHO) out[who] = await f(who, w.people[who], i++);
      return out;
    };
    const customers = await each((who, _a, i) => created(b.admin.post('/api/customers', {
      kind: 'person', lastName: `${w.marker} ${who}`, ownerId: w.people[who].userId, phones: [{ number: mobileFrom(5_550_000) }], force: true, city: `شهر${i}`,
      emails: [{ address: `${who.toLowerCase()}@customer.example` }], emailConsent: true,
    })));
    w.S = await created(b.admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت مشترک', ownerId: w.people.uOwn.userId, }));
    const S = w.S;
    const line = (who: Who) => [{ description: `خدمت ${who}`, quantity: '1', unitPrice: String(AMOUNT[who]), taxable: false }];
    w.rec = {
      customers,
      interactions: await each((who, a) => created(a.post('/api/interactions', { customerId: S, kind: 'note', summary: `${w.marker} یادداشت ${who}` }))),
      tasks: await each((who, a) => created(a.post('/api/tasks', { title: `${w.marker} کار ${who}`, customerId: S, assigneeId: a.userId, dueAt: '2026-12-01T08:00:00Z' }))),
      deals: await each((who, a) => created(a.post('/api/deals', { customerId: S, title: `${w.marker} معامله ${who}`, amount: String(AMOUNT[who]) }))),
      // A ticket is its team's when it names the team (or is assigned in it): each is opened for the opener's team.
      // Won deals on each maker's own customer (for the win-rate report; off the shared customer's lists).
      wonDeals: await each((who, a) => created(a.post('/api/deals', { customerId: customers[who], title: `برد ${who}`, amount: String(AMOUNT[who]) }))),
      tickets: await each((who, a) => created(a.post('/api/tickets', { customerId: S, channel: 'phone', subject: `${w.marker} تیکت ${who}`, teamId: who === 'x' ? t2 : t1 }))),
      // A document's owner is its customer's owner: each hangs on its maker's own customer.
      quotes: await each((who, a) => created(a.post('/api/documents', { kind: 'quote', customerId: customers[who], lines: line(who) }))),
      invoices: await each((who, a) => created(a.post('/api/documents', { kind: 'invoice', customerId: customers[who], lines: line(who) }))),
      contracts: await each((who) => created(b.admin.post('/api/contracts', { customerId: customers[who], kind: 'warranty', title: `${w.marker} قرارداد ${who}`, startDate: '2026-11-01', endDate: '2027-10-31' }))),
    };
    // Sent: quotes count in the conversion report, issued and paid invoices in the sales and revenue reports.
    const wonStage = ((await b.admin.get('/api/pipelines')).json().items[0].stages as { id: string; outcome: string }[]).find((x) => x.outcome === 'won')!.id;
    for (const who of WHO) {
      await ok(b.admin.post(`/api/documents/${w.rec.quotes[who]}/send`, { email: true }));
      await ok(b.admin.post(`/api/documents/${w.rec.invoices[who]}/send`, { email: true }));
      await created(b.admin.post(`/api/documents/${w.rec.invoices[who]}/payments`, { amount: String(AMOUNT[who]), method: 'cash' }));
      await ok(b.admin.post(`/api/deals/${w.rec.wonDeals[who]}/move`, { stageId: wonStage }));
    }
  });
  void base;
  return w;
}

/** The records of `kind` the viewer may see, and those it may not. */
export function split(w: ScopeWorld, kind: keyof ScopeWorld['rec'], scope: 'own' | 'team') {
  const sees = kind === 'quotes' || kind === 'invoices' ? SEES_DOCUMENTS[scope] : SEES[scope];
  const seen = sees.map((who) => w.rec[kind][who]);
  const hidden = WHO.filter((who) => !sees.includes(who)).map((who) => w.rec[kind][who]);
  return { seen, hidden };
}

export const sorted = (ids: string[]) => [...ids].sort();
export const expectSameIds = (got: string[], want: string[]) => expect(sorted(got)).toEqual(sorted(want));
