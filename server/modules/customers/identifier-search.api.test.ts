/**
 * A complete email, phone number or national ID typed in a search box finds its owners by their stored key: the
 * quick search, the list (and its count), the one search box and the export agree; a customer whose email merely
 * contains the text is not listed beside the owner; text that is no one's key is still searched as a substring;
 * the reader's scope and deleted customers apply as on every search.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let limited: Agent;
const ids: Record<string, string> = {};
const NID = nationalIdFrom(7301);

async function customer(agent: Agent, body: Record<string, unknown>): Promise<string> {
  const res = await agent.post('/api/customers', { kind: 'person', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return String(res.json().id);
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  const role = await admin.post('/api/roles', { key: 'own_ids', name: 'فقط مشتریان خود', permissions: {
    customers: { ops: ['read', 'create', 'update', 'export'], scope: 'own' } } });
  expect(role.statusCode, role.body).toBe(201);
  expect((await admin.post('/api/users', { email: 'own-ids@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id })).statusCode).toBe(201);
  limited = await loginAs(env.app, 'own-ids@test.example', 'Kooh-Sabz-Abi-Nazok-12');

  ids.ali = await customer(sales, { firstName: 'علی', lastName: 'شناسه‌دار', emails: [{ address: 'Ali@Example.com' }], phones: [{ number: '0912 111 2233' }], nationalId: NID });
  // Holds «ali@example.com» inside a longer address, and the same phone number as Ali (one family, one phone).
  ids.mali = await customer(sales, { firstName: 'مالی', lastName: 'شناسه‌دار', emails: [{ address: 'mali@example.com' }], phones: [{ number: '+98 912 111 2233' }], force: true });
  ids.own = await customer(limited, { firstName: 'خودی', lastName: 'شناسه‌دار', emails: [{ address: 'own@example.org' }] });
  ids.gone = await customer(sales, { firstName: 'رفته', lastName: 'شناسه‌دار', emails: [{ address: 'gone@example.org' }] });
  expect((await admin.del(`/api/customers/${ids.gone}`)).statusCode).toBe(204);
}, 120_000);
afterAll(async () => env?.close());

const quick = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers/search?limit=8&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((c) => c.id).sort();
};
const list = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: { id: string }[]; total: number };
  return { ids: body.items.map((c) => c.id).sort(), total: body.total };
};
const box = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { kind: string; id: string }[]).filter((h) => h.kind === 'customer').map((h) => h.id).sort();
};
const exported = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers/export?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.body.trim().split('\n').length - 1; // rows after the header
};
const sorted = (...xs: string[]) => [...xs].sort();

describe('a complete identifier finds its owners', () => {
  it('an email, in any letter case: the owner alone, not the customer whose address contains it', async () => {
    for (const q of ['ali@example.com', 'ALI@EXAMPLE.COM', ' Ali@Example.com ']) {
      expect(await quick(sales, q), q).toEqual([ids.ali]);
      expect(await list(sales, q), q).toEqual({ ids: [ids.ali], total: 1 });
      expect(await box(sales, q), q).toEqual([ids.ali]);
    }
    expect(await exported(admin, 'ali@example.com')).toBe(1);
  });

  it('an address no one has is searched as text: both addresses that contain it', async () => {
    expect(await quick(sales, 'ali@example.co')).toEqual(sorted(ids.ali, ids.mali));
    expect(await list(sales, 'ali@example.co')).toEqual({ ids: sorted(ids.ali, ids.mali), total: 2 });
    expect(await exported(admin, 'ali@example.co')).toBe(2);
  });

  it('a phone number in any format: everyone who has it', async () => {
    for (const q of ['09121112233', '+98 912 111 2233', '۰۹۱۲ ۱۱۱ ۲۲۳۳', '00989121112233']) {
      expect(await quick(sales, q), q).toEqual(sorted(ids.ali, ids.mali));
      expect(await list(sales, q), q).toEqual({ ids: sorted(ids.ali, ids.mali), total: 2 });
    }
    // Part of the number is still a substring search.
    expect(await quick(sales, '0912 111')).toEqual(sorted(ids.ali, ids.mali));
  });

  it('a national ID, with Persian digits or dashes', async () => {
    const persian = NID.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);
    const dashed = `${NID.slice(0, 3)}-${NID.slice(3, 9)}-${NID.slice(9)}`;
    for (const q of [NID, persian, dashed]) {
      expect(await quick(sales, q), q).toEqual([ids.ali]);
      expect(await list(sales, q), q).toEqual({ ids: [ids.ali], total: 1 });
    }
  });

  it("keeps the reader's scope and leaves deleted customers out", async () => {
    expect(await quick(limited, 'ali@example.com')).toEqual([]);
    expect(await list(limited, 'ali@example.com')).toEqual({ ids: [], total: 0 });
    expect(await box(limited, '09121112233')).toEqual([]);
    expect(await exported(limited, 'ali@example.com')).toBe(0);
    expect(await quick(limited, 'own@example.org')).toEqual([ids.own]);
    expect(await quick(sales, 'gone@example.org')).toEqual([]);
    expect(await list(sales, 'gone@example.org')).toEqual({ ids: [], total: 0 });
  });
});
