/**
 * GET /api/search, the one search box: each kind of record is found by what people type for it (names with Arabic or
 * Persian letters, phones in any format, national IDs, #ticket numbers, document numbers in Persian digits or in part,
 * product codes, deal and contract titles); every item has exactly {kind, id, title, subtitle, url}; each kind is in
 * the reader's scope and only for readers of that kind; bad text is a 400 in the one error shape, never a 500.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, loginAs, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';

type Hit = { kind: string; id: string; title: string; subtitle: string; url: string };

let env: TestEnv;
let manager: Agent;
let sales: Agent;
let limited: Agent;
const ids: Record<string, string> = {};
let ticketNumber = 0;
let docNumber = '';
const NID = nationalIdFrom(4242);
/** The name as stored: typed on an Arabic keyboard (names are kept as typed). */
const STORED = 'علي كريمي';

async function made(agent: Agent, url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await agent.post(url, body);
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

async function search(agent: Agent, q: string, limit?: number): Promise<Hit[]> {
  const res = await agent.get(`/api/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Hit[];
}
const idsOf = (hits: Hit[], kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.id);

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  const admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
  // A seller who sees only their own customers, deals, tickets and documents, and may not read products.
  const role = await made(admin, '/api/roles', { key: 'own_seller', name: 'فروشنده محدود', permissions: {
    customers: { ops: ['read', 'create', 'update'], scope: 'own' }, deals: { ops: ['read', 'create', 'update'], scope: 'own' },
    tickets: { ops: ['read', 'create'], scope: 'own' }, documents: { ops: ['read', 'create', 'update'], scope: 'own' },
    contracts: { ops: ['read', 'create'], scope: 'all' },
  } });
  await made(admin, '/api/users', { email: 'own-search@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.id });
  limited = await loginAs(env.app, 'own-search@test.example', 'Kooh-Sabz-Abi-Nazok-12');

  // Stored as typed on an Arabic keyboard (ي ك), found when typed with Persian letters, and the other way round.
  ids.karimi = String((await made(sales, '/api/customers', { kind: 'person', firstName: 'علي', lastName: 'كريمي', phones: [{ number: '0912 345 6789' }],
    emails: [{ address: 'ali.karimi@example.com' }], nationalId: NID })).id);
  ids.product = String((await made(manager, '/api/products', { code: 'LAP-2040', nameFa: 'لپ‌تاپ ایسوس زعفرانی', nameEn: 'ASUS laptop', unit: 'دستگاه', price: '100000000' })).id);
  const ticket = await made(sales, '/api/tickets', { customerId: ids.karimi, channel: 'phone', subject: 'صدای اضافه یخچال زعفرانی' });
  ids.ticket = String(ticket.id);
  ticketNumber = Number(ticket.number);
  const doc = await made(sales, '/api/documents', { kind: 'quote', customerId: ids.karimi, lines: [{ productId: ids.product, quantity: '1' }] });
  ids.document = String(doc.id);
  docNumber = String((await made(sales, `/api/documents/${ids.document}/send`, {})).number);
  ids.deal = String((await made(sales, '/api/deals', { customerId: ids.karimi, title: 'فروش عمده لپ‌تاپ زعفرانی' })).id);
  ids.contract = String((await made(sales, '/api/contracts', { customerId: ids.karimi, kind: 'maintenance', title: 'قرارداد نگهداری زعفرانی',
    startDate: '2026-11-01', endDate: '2027-10-31' })).id);

  // The limited seller's own customer with a deal and a ticket; the karimi records above are another seller's.
  ids.own = String((await made(limited, '/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'زعفرانی' })).id);
  ids.ownDeal = String((await made(limited, '/api/deals', { customerId: ids.own, title: 'معامله زعفرانی خودم' })).id);
  ids.ownTicket = String((await made(limited, '/api/tickets', { customerId: ids.own, channel: 'web', subject: 'سؤال زعفرانی خودم' })).id);
}, 180_000);
afterAll(async () => env?.close());

describe('GET /api/search finds every kind', () => {
  it('answers exactly {items:[{kind,id,title,subtitle,url}]} with the record’s own page', async () => {
    const res = await manager.get(`/api/search?q=${encodeURIComponent('زعفرانی')}&limit=50`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['items']);
    for (const h of body.items as Hit[]) {
      expect(Object.keys(h).sort()).toEqual(['id', 'kind', 'subtitle', 'title', 'url']);
      for (const k of ['id', 'title', 'subtitle', 'url'] as const) expect(typeof h[k]).toBe('string');
    }
    const byKind = (kind: string, id: string) => (body.items as Hit[]).find((h) => h.kind === kind && h.id === id);
    expect(byKind('customer', ids.own)).toEqual({ kind: 'customer', id: ids.own, title: 'سارا زعفرانی', subtitle: '', url: `/customers/${ids.own}` });
    expect(byKind('ticket', ids.ticket)).toEqual({ kind: 'ticket', id: ids.ticket, title: 'صدای اضافه یخچال زعفرانی', subtitle: `#${ticketNumber} · ${STORED}`, url: `/tickets/${ids.ticket}` });
    expect(byKind('deal', ids.deal)).toMatchObject({ title: 'فروش عمده لپ‌تاپ زعفرانی', url: `/deals?deal=${ids.deal}` });
    expect(byKind('deal', ids.deal)!.subtitle).toMatch(new RegExp(`^${STORED} · `));
    expect(byKind('product', ids.product)).toEqual({ kind: 'product', id: ids.product, title: 'لپ‌تاپ ایسوس زعفرانی', subtitle: 'LAP-2040 · ASUS laptop', url: '/products?q=LAP-2040' });
    expect(byKind('contract', ids.contract)).toMatchObject({ title: 'قرارداد نگهداری زعفرانی', url: `/contracts?contract=${ids.contract}` });
    // Grouped: the items of one kind are next to each other.
    const kinds = (body.items as Hit[]).map((h) => h.kind);
    expect(kinds.filter((k, i) => i === 0 || k !== kinds[i - 1])).toEqual([...new Set(kinds)]);
  });

  it('customers: Persian for Arabic letters and back, phones in any format, national ID, email', async () => {
    expect(idsOf(await search(sales, 'علی کریمی'), 'customer')).toEqual([ids.karimi]);
    expect(idsOf(await search(sales, 'كريمي'), 'customer')).toEqual([ids.karimi]);
    for (const q of ['09123456789', '+98 912 345 6789', toPersianDigits('09123456789'), '912 345', toPersianDigits(NID), 'ali.karimi@example.com']) {
      const hits = await search(sales, q);
      expect(idsOf(hits, 'customer'), q).toEqual([ids.karimi]);
      expect(hits.find((h) => h.kind === 'customer')!.subtitle, q).toBe('0912 345 6789 · ali.karimi@example.com');
    }
  });

  it('tickets by #number (also in Persian digits) or by text; the ticket comes first', async () => {
    for (const q of [`#${ticketNumber}`, `#${toPersianDigits(ticketNumber)}`, String(ticketNumber)]) {
      const hits = await search(sales, q);
      expect(hits[0], q).toMatchObject({ kind: 'ticket', id: ids.ticket });
    }
    expect(idsOf(await search(sales, 'صداي اضافه'), 'ticket')).toEqual([ids.ticket]); // ي typed for ی
  });

  it('quotes and invoices by number: whole, in Persian digits, without separators, or in part; listed first', async () => {
    expect(docNumber).toBe('PF-1405-00001');
    for (const q of ['PF-1405-00001', 'pf-۱۴۰۵-۰۰۰۰۱', 'PF140500001', '1405-00001', '00001']) {
      const hits = await search(sales, q);
      expect(hits[0], q).toEqual({ kind: 'document', id: ids.document, title: 'PF-1405-00001', subtitle: STORED, url: `/documents/${ids.document}` });
    }
    expect(idsOf(await search(sales, 'PF-1405-00002'), 'document')).toEqual([]);
    expect(idsOf(await search(sales, 'کریمی'), 'document')).toEqual([]); // documents are found by number, not by name
  });

  it('products by code (any case) or name; deals and contracts by title', async () => {
    for (const q of ['LAP-2040', 'lap-2040', 'لپتاپ ایسوس', 'asus']) {
      expect(idsOf(await search(sales, q), 'product'), q).toEqual([ids.product]);
    }
    expect((await search(sales, 'lap-2040'))[0]).toMatchObject({ kind: 'product', id: ids.product });
    expect(idsOf(await search(sales, 'فروش عمده'), 'deal')).toEqual([ids.deal]);
    expect(idsOf(await search(sales, 'نگهداري'), 'contract')).toEqual([ids.contract]);
    expect(idsOf(await search(sales, toPersianDigits('#1')), 'contract')).toContain(ids.contract);
  });

  it('a typed customer name with a wrong letter is forgiven only when no record of any kind matches exactly', async () => {
    // «کریمو» is no record's text: the near pass finds «علي كريمي».
    expect(idsOf(await search(sales, 'کریمو'), 'customer')).toEqual([ids.karimi]);
    // «عمده» is a word of a deal's title and one letter from a customer's name («عمدی»): the Ctrl+K customer box
    // forgives the letter, the one search box answers with the deal and guesses no customer.
    const near = String((await made(sales, '/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'عمدی' })).id);
    const box = await sales.get(`/api/customers/search?q=${encodeURIComponent('عمده')}`);
    expect((box.json().items as { id: string }[]).map((c) => c.id)).toEqual([near]);
    const hits = await search(sales, 'عمده');
    expect(idsOf(hits, 'deal')).toEqual([ids.deal]);
    expect(idsOf(hits, 'customer')).toEqual([]);
  });

  it('limit caps the whole answer, shared between the kinds', async () => {
    const two = await search(manager, 'زعفرانی', 2);
    expect(two).toHaveLength(2);
    expect(new Set(two.map((h) => h.kind)).size).toBe(2);
    expect((await search(manager, 'زعفرانی', 50)).length).toBeGreaterThanOrEqual(7);
  });
});

describe('GET /api/search is in the reader’s scope', () => {
  it('a seller with own scope sees only their own customer, deal and ticket, and no products', async () => {
    const hits = await search(limited, 'زعفرانی', 50);
    expect(idsOf(hits, 'customer')).toEqual([ids.own]);
    expect(idsOf(hits, 'deal')).toEqual([ids.ownDeal]);
    expect(idsOf(hits, 'ticket')).toEqual([ids.ownTicket]);
    expect(idsOf(hits, 'product')).toEqual([]);
    expect(idsOf(hits, 'contract')).toEqual([]); // the contract's customer is another seller's
    for (const q of ['علی کریمی', '09123456789', `#${ticketNumber}`, 'PF-1405-00001', 'LAP-2040', 'فروش عمده']) expect(await search(limited, q), q).toEqual([]);
  });

  it('the others see every kind', async () => {
    const hits = await search(manager, 'زعفرانی', 50);
    expect(idsOf(hits, 'customer')).toEqual([ids.own]);
    expect(idsOf(hits, 'deal').sort()).toEqual([ids.deal, ids.ownDeal].sort());
    expect(idsOf(hits, 'ticket').sort()).toEqual([ids.ticket, ids.ownTicket].sort());
    expect(idsOf(hits, 'product')).toEqual([ids.product]);
    expect(idsOf(hits, 'contract')).toEqual([ids.contract]);
  });

  it('needs a session', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/search?q=x' });
    expect(res.statusCode).toBe(401);
    expect(Object.keys(res.json())).toEqual(['error']);
  });
});

describe('GET /api/search refuses bad text in the one error shape', () => {
  it('too long, NUL, bad limit → 400 VALIDATION_FAILED; only spaces or nothing → no items', async () => {
    for (const url of [`/api/search?q=${'a'.repeat(201)}`, '/api/search?q=%00', '/api/search?q=a%00b', '/api/search?q=x&limit=0', '/api/search?q=x&limit=101', '/api/search']) {
      const res = await sales.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('VALIDATION_FAILED');
    }
    for (const q of ['', '   ', '\u200c', '%', '_', '#', '#99999999999999999999', '٪']) {
      const res = await sales.get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect(await search(sales, '   ')).toEqual([]);
  });
});
