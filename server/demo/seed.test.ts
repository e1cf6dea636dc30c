import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { verifyIranianNationalId, verifyIranianLegalId } from '@persian-tools/persian-tools';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../test/harness.ts';
import { seedDemo, DEMO_PASSWORD, type DemoResult } from './seed.ts';
import { buildSearchDoc } from '../modules/customers/index.ts';
import { normalizePhone } from '../../common/phone.ts';
import { fixArabicLetters } from '../../common/fa-normalize.ts';
import type { Phone, Email } from '../../common/customer.schemas.ts';

let env: TestEnv;
let sales: Agent;
let first: DemoResult;
type Row = Record<string, unknown> & { id: string; display_name: string; phones: Phone[]; emails: Email[] };
let rows: Row[];

beforeAll(async () => {
  env = await createTestEnv();
  first = await seedDemo(env.rt, { log: () => {}, customers: 200 });
  sales = await loginAs(env.app, 'sales1@mehvar.local', DEMO_PASSWORD);
  rows = await env.rt.database.query<Row>('SELECT * FROM customers');
}, 120_000);
afterAll(async () => env?.close());

const names = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers?pageSize=100&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, q).toBe(200);
  return res.json().items as { id: string; displayName: string }[];
};

describe('demo business seeder', () => {
  it('creates the asked number of customers, people and organizations, with a year of interactions and tasks', async () => {
    expect(first).toMatchObject({ seeded: true, customers: 200 });
    expect(rows).toHaveLength(200);
    const orgs = rows.filter((r) => r.kind === 'organization').length;
    expect(orgs).toBeGreaterThan(15);
    expect(orgs).toBeLessThan(50);
    const [{ n, links }] = await env.rt.database.query<{ n: number; links: number }>(
      'SELECT (SELECT count(*) FROM interactions)::int AS n, (SELECT count(*) FROM customer_relations)::int AS links');
    expect(n).toBeGreaterThan(200 * 5);
    expect(links).toBeGreaterThan(0);
  });

  it('stores derived columns exactly as the API would', () => {
    for (const r of rows) {
      expect(r.search_doc).toBe(buildSearchDoc({
        kind: r.kind as string, firstName: r.first_name as string, lastName: r.last_name as string, orgName: r.org_name as string,
        latinName: r.latin_name as string, phones: r.phones, emails: r.emails, nationalId: r.national_id as string,
        companyNationalId: r.company_national_id as string, economicCode: r.economic_code as string,
      }));
      expect(r.phone_keys).toEqual([...new Set(r.phones.map((p) => p.number))]);
      expect(r.phones.filter((p) => p.primary)).toHaveLength(1);
    }
  });

  it('has names typed with Arabic letters that a Persian-letter search finds', async () => {
    const arabic = rows.filter((r) => /[يك]/.test(r.display_name));
    expect(arabic.length).toBeGreaterThanOrEqual(3);
    for (const r of arabic.slice(0, 3)) {
      const persian = fixArabicLetters(r.display_name);
      expect(persian).not.toBe(r.display_name);
      expect((await names(sales, persian)).map((c) => c.id)).toContain(r.id);
      const quick = (await sales.get(`/api/customers/search?limit=20&q=${encodeURIComponent(persian)}`)).json().items as { id: string }[];
      expect(quick.map((c) => c.id)).toContain(r.id);
    }
  });

  it('has names written with ZWNJ that are found typed with a space or joined', async () => {
    const zwnj = rows.filter((r) => r.display_name.includes('\u200C') && !/[يك]/.test(r.display_name));
    expect(zwnj.length).toBeGreaterThan(0);
    const r = zwnj[0];
    for (const q of [r.display_name.replace(/\u200C/g, ' '), r.display_name.replace(/\u200C/g, '')]) {
      expect((await names(sales, q)).map((c) => c.id), q).toContain(r.id);
    }
  });

  it('stores every phone in E.164 and only valid national IDs', () => {
    const phones = rows.flatMap((r) => r.phones.map((p) => p.number));
    expect(phones.length).toBeGreaterThanOrEqual(200);
    for (const p of phones) {
      expect(p).toMatch(/^\+98\d{10}$/);
      expect(normalizePhone(p)).toMatchObject({ ok: true, e164: p });
    }
    expect(phones.some((p) => p.startsWith('+9821'))).toBe(true);
    const nids = rows.map((r) => r.national_id as string | null).filter((x): x is string => !!x);
    expect(nids.length).toBeGreaterThan(100);
    for (const id of nids) expect(verifyIranianNationalId(id), id).toBe(true);
    const legal = rows.map((r) => r.company_national_id as string | null).filter((x): x is string => !!x);
    expect(legal.length).toBeGreaterThan(15);
    for (const id of legal) expect(verifyIranianLegalId(id), id).toBe(true);
  });

  it('finds a customer by a partial phone typed in another format', async () => {
    const r = rows.find((x) => x.kind === 'person')!;
    const national = '0' + r.phones[0].number.slice(3);
    const partial = national.slice(0, 4) + ' ' + national.slice(4, 8);
    expect((await names(sales, partial)).length).toBeGreaterThan(0);
    expect((await names(sales, national)).map((c) => c.id)).toContain(r.id);
  });

  it('shows a manager the broken promises, and gives each seller tasks for today, overdue and upcoming', async () => {
    const manager = await loginAs(env.app, 'manager@mehvar.local', DEMO_PASSWORD);
    const broken = (await manager.get('/api/tasks?view=broken_promises&bucket=all&pageSize=100')).json();
    expect(broken.total).toBeGreaterThan(0);
    for (const t of broken.items) expect(t).toMatchObject({ isPromise: true, status: 'open', overdue: true });
    const mine = (await sales.get('/api/tasks?view=mine&bucket=all')).json();
    expect(mine.counts.today).toBeGreaterThan(0);
    expect(mine.counts.overdue).toBeGreaterThan(0);
    expect(mine.counts.upcoming).toBeGreaterThan(0);
  });

  it('gives a rich 360 view', async () => {
    const [busy] = await env.rt.database.query<{ customer_id: string; n: number }>(
      'SELECT customer_id, count(*)::int AS n FROM interactions GROUP BY customer_id ORDER BY n DESC LIMIT 1');
    const view = (await sales.get(`/api/customers/${busy.customer_id}`)).json();
    expect(view.counters.interactions).toBe(busy.n);
    expect(view.timeline.items.length).toBeGreaterThan(5);
    expect(view.timeline.items.some((i: { kind: string; data: { summary?: string } }) => i.kind === 'interaction' && /[\u0600-\u06FF]/.test(i.data.summary ?? ''))).toBe(true);
  });

  it('refuses to seed a database that has customers, and says so', async () => {
    const again = await seedDemo(env.rt, { log: () => {}, customers: 50 });
    expect(again.seeded).toBe(false);
    expect(again.seeded === false && again.reason).toMatch(/already has 200 customer/);
    const [{ n }] = await env.rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
    expect(n).toBe(200);
  });
});
