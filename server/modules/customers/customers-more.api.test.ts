import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let manager: Agent;
let sales: Agent;
let sales2: Agent;

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  manager = await env.login('manager');
  sales = await env.login('sales');
  sales2 = await env.login('sales');
});
afterAll(async () => env?.close());

type C = { id: string; displayName: string };

async function create(agent: Agent, body: Record<string, unknown>): Promise<C & Record<string, unknown>> {
  const res = await agent.post('/api/customers', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const listNames = async (agent: Agent, query: string) => {
  const res = await agent.get(`/api/customers?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as C[]).map((c) => c.displayName);
};
const searchNames = async (agent: Agent, q: string) => listNames(agent, `pageSize=100&q=${encodeURIComponent(q)}`);
const quickNames = async (agent: Agent, q: string) => {
  const res = await agent.get(`/api/customers/search?limit=20&q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { displayName: string }[]).map((c) => c.displayName);
};

/** A small RFC 4180 reader (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('organizations and their people', () => {
  it('links a person to an organization with a role title, shown on both 360 views', async () => {
    const org = await create(sales, { kind: 'organization', orgName: 'صنایع غذایی مهرگان' });
    const person = await create(sales, { kind: 'person', firstName: 'نرگس', lastName: 'یزدانی', organizations: [{ organizationId: org.id, roleTitle: 'مدیر خرید' }] });
    const pView = (await sales.get(`/api/customers/${person.id}`)).json();
    expect(pView.organizations).toEqual([{ id: org.id, displayName: 'صنایع غذایی مهرگان', roleTitle: 'مدیر خرید' }]);
    expect(pView.members).toEqual([]);
    const oView = (await sales.get(`/api/customers/${org.id}`)).json();
    expect(oView.members).toEqual([{ id: person.id, displayName: 'نرگس یزدانی', roleTitle: 'مدیر خرید' }]);
    expect(oView.organizations).toEqual([]);

    // A second person, then the first one's role changes.
    const other = await create(sales, { kind: 'person', firstName: 'بابک', lastName: 'آذری', organizations: [{ organizationId: org.id, roleTitle: 'حسابدار' }] });
    expect((await sales.patch(`/api/customers/${person.id}`, { organizations: [{ organizationId: org.id, roleTitle: 'مدیرعامل' }] })).statusCode).toBe(200);
    const members = (await sales.get(`/api/customers/${org.id}`)).json().members as { id: string; roleTitle: string }[];
    expect(Object.fromEntries(members.map((m) => [m.id, m.roleTitle]))).toEqual({ [person.id]: 'مدیرعامل', [other.id]: 'حسابدار' });

    // Only organizations can be linked; an unknown one is not found (like one the user may not see).
    for (const [organizationId, status] of [[other.id, 400], ['00000000-0000-4000-8000-000000000000', 404]] as const) {
      const bad = await sales.post('/api/customers', { kind: 'person', lastName: 'بی‌سازمان', organizations: [{ organizationId, roleTitle: 'x' }] });
      expect(bad.statusCode).toBe(status);
    }
    // Unlinking removes the person from the organization.
    expect((await sales.patch(`/api/customers/${other.id}`, { organizations: [] })).statusCode).toBe(200);
    expect((await sales.get(`/api/customers/${org.id}`)).json().members.map((m: C) => m.id)).toEqual([person.id]);
    // A deleted organization no longer shows on the person.
    expect((await manager.del(`/api/customers/${org.id}`)).statusCode).toBe(204);
    expect((await sales.get(`/api/customers/${person.id}`)).json().organizations).toEqual([]);
  });
});

describe('editing with an audit trail', () => {
  it('writes one audit row per changed field with old and new values, and stamps consent changes', async () => {
    env.clock.set('2026-11-23T08:00:00Z');
    const c = await create(sales, { kind: 'person', firstName: 'کامران', lastName: 'شریفی', city: 'تهران', tags: ['a'] });
    expect(c.smsConsentAt).toBeNull();
    env.clock.set('2026-11-23T09:00:00Z');
    const res = await sales.patch(`/api/customers/${c.id}`, { firstName: 'کامیار', city: 'کرج', tags: ['a', 'vip'], lifecycleStage: 'customer', smsConsent: true, phones: [{ number: '09121112233' }] });
    expect(res.statusCode, res.body).toBe(200);
    const updated = res.json();
    expect(updated.displayName).toBe('کامیار شریفی');
    expect(updated.smsConsent).toBe(true);
    expect(updated.smsConsentAt).toBe('2026-11-23T09:00:00.000Z');
    expect(updated.emailConsentAt).toBeNull();

    const audit = (await sales.get(`/api/customers/${c.id}/audit`)).json().items as { action: string; field: string; oldValue: unknown; newValue: unknown; actorId: string; entityType: string }[];
    const updates = audit.filter((a) => a.action === 'update' && a.entityType === 'customer');
    expect(Object.fromEntries(updates.map((a) => [a.field, [a.oldValue, a.newValue]]))).toEqual({
      firstName: ['کامران', 'کامیار'],
      city: ['تهران', 'کرج'],
      tags: [['a'], ['a', 'vip']],
      lifecycleStage: ['lead', 'customer'],
      smsConsent: [false, true],
      phones: [[], [{ number: '+989121112233', label: 'mobile', primary: true }]],
    });
    expect(updates.every((a) => a.actorId === sales.userId)).toBe(true);

    // Sending the same values again changes nothing and writes nothing; the consent time stays.
    env.clock.set('2026-11-23T10:00:00Z');
    const same = await sales.patch(`/api/customers/${c.id}`, { city: 'کرج', smsConsent: true });
    expect(same.json().smsConsentAt).toBe('2026-11-23T09:00:00.000Z');
    expect((await sales.get(`/api/customers/${c.id}/audit`)).json().items).toHaveLength(audit.length);

    // Withdrawing consent is stamped too.
    env.clock.set('2026-11-24T07:00:00Z');
    const off = (await sales.patch(`/api/customers/${c.id}`, { smsConsent: false, emailConsent: true })).json();
    expect(off).toMatchObject({ smsConsent: false, smsConsentAt: '2026-11-24T07:00:00.000Z', emailConsent: true, emailConsentAt: '2026-11-24T07:00:00.000Z' });
    env.clock.set('2026-11-23T08:00:00Z');
  });
});

describe('soft delete', () => {
  it('lets a manager delete (sales gets 403) and hides the record everywhere', async () => {
    const c = await create(sales, { kind: 'person', firstName: 'حذفی', lastName: 'پاکزاد', phones: [{ number: '09127776655' }], tags: ['to-delete'] });
    const denied = await sales.del(`/api/customers/${c.id}`);
    expect(denied.statusCode).toBe(403);
    expect((await sales.get(`/api/customers/${c.id}`)).statusCode).toBe(200);
    expect(await searchNames(sales, 'پاکزاد')).toEqual(['حذفی پاکزاد']);

    expect((await manager.del(`/api/customers/${c.id}`)).statusCode).toBe(204);
    for (const agent of [sales, manager]) {
      expect((await agent.get(`/api/customers/${c.id}`)).statusCode).toBe(404);
      expect((await agent.get(`/api/customers/${c.id}/timeline`)).statusCode).toBe(404);
      expect((await agent.patch(`/api/customers/${c.id}`, { city: 'قم' })).statusCode).toBe(404);
    }
    expect((await manager.del(`/api/customers/${c.id}`)).statusCode).toBe(404);
    expect(await searchNames(sales, 'پاکزاد')).toEqual([]);
    expect(await listNames(sales, 'tag=to-delete')).toEqual([]);
    expect(await quickNames(sales, 'پاکزاد')).toEqual([]);
    expect(await quickNames(sales, '09127776655')).toEqual([]);
    const csv = (await manager.get('/api/customers/export?tag=to-delete')).body;
    expect(csv).not.toContain('پاکزاد');
    // Its phone no longer counts as a duplicate.
    const again = await sales.post('/api/customers', { kind: 'person', lastName: 'تازه', phones: [{ number: '09127776655' }] });
    expect(again.statusCode, again.body).toBe(201);
  });
});

describe('saved views', () => {
  it('lists your own views and shared ones, and deletes only your own', async () => {
    const mine = await sales.post('/api/saved-views', { name: 'لیدهای تهران', query: { stage: ['lead'], city: 'تهران' } });
    expect(mine.statusCode, mine.body).toBe(201);
    const shared = await sales.post('/api/saved-views', { name: 'مشتریان ویژه', query: { tag: ['vip'] }, shared: true });
    expect(shared.statusCode).toBe(201);
    const theirs = await sales2.post('/api/saved-views', { name: 'پیگیری من', query: { ownerId: 'me' } });
    expect(theirs.statusCode).toBe(201);
    expect((await sales.post('/api/saved-views', { name: '', query: {} })).statusCode).toBe(400);

    const names = async (agent: Agent) => ((await agent.get('/api/saved-views')).json().items as { name: string }[]).map((v) => v.name).sort();
    expect(await names(sales)).toEqual(['لیدهای تهران', 'مشتریان ویژه'].sort());
    expect(await names(sales2)).toEqual(['مشتریان ویژه', 'پیگیری من'].sort());
    const got = ((await sales.get('/api/saved-views')).json().items as { id: string; query: unknown }[]).find((v) => v.id === mine.json().id);
    expect(got?.query).toEqual({ stage: ['lead'], city: 'تهران' });

    expect((await sales2.del(`/api/saved-views/${shared.json().id}`)).statusCode).toBe(404);
    expect((await sales2.del(`/api/saved-views/${mine.json().id}`)).statusCode).toBe(404);
    expect(await names(sales)).toEqual(['لیدهای تهران', 'مشتریان ویژه'].sort());
    expect((await sales.del(`/api/saved-views/${shared.json().id}`)).statusCode).toBe(204);
    expect(await names(sales2)).toEqual(['پیگیری من']);
  });
});

describe('CSV export', () => {
  it('has a BOM and a header, keeps Persian text, and defuses formula cells', async () => {
    await create(sales, { kind: 'person', firstName: 'زهرا', lastName: 'احمدی‌نژاد', city: 'شیراز', tags: ['csv', 'خرید عمده'], emails: [{ address: 'z.ahmadi@example.com' }], phones: [{ number: '09177654321' }] });
    await create(sales, { kind: 'person', firstName: '=HYPERLINK("http://evil.example","x")', lastName: 'فرمول', tags: ['csv'] });
    await create(sales, { kind: 'person', firstName: '+1+2', lastName: 'جمع', tags: ['csv'] });
    await create(sales, { kind: 'person', firstName: '-3+cmd', lastName: 'منها', tags: ['csv'] });
    await create(sales, { kind: 'organization', orgName: '@SUM(A1:A9)', tags: ['csv'] });
    await create(sales, { kind: 'person', firstName: 'بیرون', lastName: 'از فهرست', tags: ['other'] });

    expect((await sales.get('/api/customers/export?tag=csv')).statusCode).toBe(403);
    const res = await manager.get('/api/customers/export?tag=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    const raw = res.rawPayload.toString('utf8');
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(raw.slice(1));
    const header = rows[0];
    expect(header.slice(0, 5)).toEqual(['id', 'kind', 'displayName', 'firstName', 'lastName']);
    const col = (name: string) => header.indexOf(name);
    const data = rows.slice(1);
    expect(data).toHaveLength(5);
    expect(data.every((r) => r.length === header.length)).toBe(true);

    const zahra = data.find((r) => r[col('lastName')] === 'احمدی‌نژاد');
    expect(zahra, 'Persian text with ZWNJ survives').toBeTruthy();
    expect(zahra![col('displayName')]).toBe('زهرا احمدی‌نژاد');
    expect(zahra![col('city')]).toBe('شیراز');
    expect(zahra![col('tags')]).toBe('csv; خرید عمده');
    expect(zahra![col('emails')]).toBe('z.ahmadi@example.com');
    expect(raw).not.toContain('بیرون');

    const first = data.map((r) => r[col('firstName')]);
    expect(first).toContain(`'=HYPERLINK("http://evil.example","x")`);
    expect(first).toContain("'+1+2");
    expect(first).toContain("'-3+cmd");
    expect(data.map((r) => r[col('displayName')])).toContain("'@SUM(A1:A9)");
    // Nothing a spreadsheet would evaluate; plain signed numbers such as E.164 phones stay as they are.
    for (const r of data) for (const cell of r) expect(cell, cell).not.toMatch(/^[=@]|^[+-](?![\d ]+$)/);
    expect(zahra![col('phones')]).toBe('+989177654321');
  });
});

describe('CSV export of many rows', () => {
  it('streams past the first 1,000 rows, each row once, even when they were all created at the same instant', async () => {
    const at = new Date('2026-11-20T10:00:00Z');
    await env.rt.database.db.execute(sql`
      INSERT INTO customers (kind, org_name, display_name, tags, created_by, created_at, updated_at)
      SELECT 'organization', 'انبوه ' || g, 'انبوه ' || g, ARRAY['bulk'], ${manager.userId}::uuid, ${at}, ${at} FROM generate_series(1, 1205) g`);
    const res = await manager.get('/api/customers/export?tag=bulk');
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1)).slice(1);
    expect(rows).toHaveLength(1205);
    expect(new Set(rows.map((r) => r[0])).size).toBe(1205);
    expect(new Set(rows.map((r) => r[2])).size).toBe(1205);
    const list = (await manager.get('/api/customers?tag=bulk&pageSize=100&page=13')).json();
    expect(list.total).toBe(1205);
    expect(list.items).toHaveLength(5);
  });
});

describe('sorting and paging', () => {
  it('sorts by name, created and updated, both ways', async () => {
    const t0 = Date.parse('2026-11-23T08:00:00Z');
    const byName: Record<string, string> = {};
    // Created in this order, one minute apart …
    const createdOrder = ['تابان', 'الف', 'سپهر', 'بهار'];
    for (const [i, n] of createdOrder.entries()) {
      env.clock.set(new Date(t0 + i * 60_000));
      byName[n] = (await create(sales, { kind: 'organization', orgName: n, tags: ['sort-t'] })).id;
    }
    // … and edited in this one.
    const updatedOrder = ['بهار', 'تابان', 'الف', 'سپهر'];
    for (const [i, n] of updatedOrder.entries()) {
      env.clock.set(new Date(t0 + 3600_000 + i * 60_000));
      expect((await sales.patch(`/api/customers/${byName[n]}`, { city: `شهر ${i}` })).statusCode).toBe(200);
    }
    env.clock.set('2026-11-23T08:00:00Z');
    const sorted = (s: string) => listNames(sales, `tag=sort-t&sort=${s}`);
    const nameOrder = ['الف', 'بهار', 'تابان', 'سپهر'];
    expect(await sorted('name')).toEqual(nameOrder);
    expect(await sorted('-name')).toEqual([...nameOrder].reverse());
    expect(await sorted('created')).toEqual(createdOrder);
    expect(await sorted('-created')).toEqual([...createdOrder].reverse());
    expect(await sorted('updated')).toEqual(updatedOrder);
    expect(await sorted('-updated')).toEqual([...updatedOrder].reverse());
    // The default is by last activity (issue 15), not by last update: a record's creation is its first touch, an edit is none.
    expect(await listNames(sales, 'tag=sort-t')).toEqual([...createdOrder].reverse());
    expect((await sales.get('/api/customers?sort=size')).statusCode).toBe(400);
  });

  it('pages with a stable total and no overlap', async () => {
    for (let i = 0; i < 5; i++) await create(sales, { kind: 'organization', orgName: `صفحه ${i}`, tags: ['page-t'] });
    const page = async (p: number) => (await sales.get(`/api/customers?tag=page-t&sort=name&pageSize=2&page=${p}`)).json() as { items: C[]; total: number; page: number; pageSize: number };
    const [p1, p2, p3, p4] = [await page(1), await page(2), await page(3), await page(4)];
    expect([p1.total, p2.total, p3.total, p4.total]).toEqual([5, 5, 5, 5]);
    expect([p1.items.length, p2.items.length, p3.items.length, p4.items.length]).toEqual([2, 2, 1, 0]);
    expect(p2.page).toBe(2);
    const ids = [...p1.items, ...p2.items, ...p3.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(5);
    expect(p1.items.map((c) => c.id)).not.toEqual(p2.items.map((c) => c.id));
    expect([...p1.items, ...p2.items, ...p3.items].map((c) => c.displayName)).toEqual(['صفحه 0', 'صفحه 1', 'صفحه 2', 'صفحه 3', 'صفحه 4']);
    expect((await sales.get('/api/customers?pageSize=101')).statusCode).toBe(400);
  });
});

describe('search', () => {
  it('ranks the exact and prefix matches first, then word prefixes, then matches inside a word', async () => {
    // Created best-first, so "most recently updated" would give the opposite order.
    const expected = ['کریمی', 'رضا کریمی', 'حسن کریمیان', 'علی عبدالکریمی'];
    await create(sales, { kind: 'organization', orgName: 'کریمی' });
    await create(sales, { kind: 'person', firstName: 'رضا', lastName: 'کریمی' });
    await create(sales, { kind: 'person', firstName: 'حسن', lastName: 'کریمیان' });
    await create(sales, { kind: 'person', firstName: 'علی', lastName: 'عبدالکریمی' });
    expect(await searchNames(sales, 'کريمي')).toEqual(expected); // typed with Arabic ي
    expect(await quickNames(sales, 'کریمی')).toEqual(expected);
    // The full name puts the person first.
    expect((await searchNames(sales, 'رضا کریمی'))[0]).toBe('رضا کریمی');
  });

  it('tolerates one wrong or missing letter in a longer surname', async () => {
    await create(sales, { kind: 'person', firstName: 'پرویز', lastName: 'اسفندیاری' });
    await create(sales, { kind: 'person', firstName: 'مینا', lastName: 'شاهمرادی' });
    expect(await searchNames(sales, 'اسفنریاری')).toContain('پرویز اسفندیاری'); // د → ر
    expect(await quickNames(sales, 'اسفندیاری')).toContain('پرویز اسفندیاری');
    expect(await searchNames(sales, 'اسفندیاروی')).toContain('پرویز اسفندیاری'); // one letter too many
    expect(await searchNames(sales, 'شامرادی')).toContain('مینا شاهمرادی'); // ه missing
    expect(await searchNames(sales, 'اسفنریاری')).not.toContain('مینا شاهمرادی');
  });

  it('finds names written with ZWNJ, a space or solid from any of those spellings', async () => {
    await create(sales, { kind: 'person', firstName: 'محمد\u200Cرضا', lastName: 'ملکی' });
    await create(sales, { kind: 'person', firstName: 'محمد رضا', lastName: 'ملکوتی' });
    await create(sales, { kind: 'person', firstName: 'محمدرضا', lastName: 'ملک‌زاده' });
    const all = ['محمد\u200Cرضا ملکی', 'محمد رضا ملکوتی', 'محمدرضا ملک‌زاده'].sort();
    for (const q of ['محمدرضا', 'محمد رضا', 'محمد\u200Cرضا', 'محمدرضا ']) {
      expect((await searchNames(sales, q)).filter((n) => all.includes(n)).sort(), q).toEqual(all);
    }
    expect(await searchNames(sales, 'محمدرضا ملکی')).toContain('محمد\u200Cرضا ملکی');
    expect(await searchNames(sales, 'محمد رضا ملکوتی')).toContain('محمد رضا ملکوتی');
  });

  it('finds by email (any case, or part of it) and by digits from the middle of a phone', async () => {
    await create(sales, { kind: 'person', firstName: 'سارا', lastName: 'نوری', emails: [{ address: 'Sara.Nouri@Example.COM' }], phones: [{ number: '0935 123 4567' }] });
    await create(sales, { kind: 'person', firstName: 'نیما', lastName: 'صدری', emails: [{ address: 'nima@other.org' }], phones: [{ number: '09129998877' }] });
    for (const q of ['sara.nouri@example.com', 'SARA.NOURI@EXAMPLE.COM', 'nouri@exam']) {
      expect(await searchNames(sales, q), q).toEqual(['سارا نوری']);
      expect(await quickNames(sales, q), q).toEqual(['سارا نوری']);
    }
    for (const q of ['5123456', '123 45', '۱۲۳۴۵۶', '351234']) {
      expect(await searchNames(sales, q), q).toEqual(['سارا نوری']);
    }
    expect(await quickNames(sales, '999887')).toEqual(['نیما صدری']);
  });
});
