/**
 * Quotes and invoices through the HTTP API, with the real outbox delivering to a local SMTP server and a fake
 * Kavenegar gateway: write → send (PDF email + SMS, exactly once even on a double click) → the customer accepts
 * through the public link → invoice → payments → cancel with a credit note; bad input changes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startSmtp, attachmentsOf, type Smtp } from '../../test/fakes/smtp.ts';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { smtpDriver } from '../../drivers/email/smtp.driver.ts';
import { createSmsDriver } from '../../drivers/sms/index.ts';
import { deliverOutbox } from '../notifications/index.ts';
import { channelSenders } from '../messaging/index.ts';
import { computeTotals } from './totals.ts';
import { publicToken } from './documents.service.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';

let env: TestEnv;
let smtp: Smtp;
let kave: FakeGateway;
let manager: Agent;
let sales: Agent;
let customerId: string;
let productA: { id: string; price: string };
let productB: { id: string; price: string };
const API_KEY = 'test-kave-key-123';

beforeAll(async () => {
  smtp = await startSmtp();
  kave = await startFakeKavenegar({ apiKey: API_KEY });
  env = await createTestEnv({
    start: '2026-11-23T08:00:00Z',
    emailDriver: smtpDriver(smtp.url, 'Mehvar <no-reply@test>', loopbackGuard()),
    smsDriver: createSmsDriver({ driver: 'kavenegar', apiKey: API_KEY, baseUrl: kave.url, sender: '10004346', guard: loopbackGuard() }),
  });
  manager = await env.login('manager');
  sales = await env.login('sales');
  const p = async (body: Record<string, unknown>) => {
    const res = await manager.post('/api/products', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  productA = await p({ code: 'FR-200', nameFa: 'یخچال ساید بای ساید', nameEn: 'Side-by-side fridge', category: 'یخچال', unit: 'دستگاه', price: '850000000' });
  productB = await p({ code: 'INST', kind: 'service', nameFa: 'نصب و راه‌اندازی', unit: 'خدمت', price: '12500000', taxClass: 'exempt' });
  const c = await sales.post('/api/customers', {
    kind: 'person', firstName: 'مریم', lastName: 'کاظمی', phones: [{ number: '0912 345 6789' }], emails: [{ address: 'maryam@example.com' }],
    smsConsent: true, emailConsent: true, nationalId: '0084575948', addresses: [{ line: 'خیابان ولیعصر، پلاک ۱۲', city: 'تهران', postalCode: '1434567890' }],
  });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
}, 180_000);
afterAll(async () => { await env?.close(); await smtp?.close(); await kave?.close(); });

const deliverAll = async () => {
  const rows = (await env.rt.database.db.execute(sql`SELECT id FROM outbox WHERE status = 'pending' ORDER BY created_at`)).rows as { id: string }[];
  const senders = channelSenders(await env.rt.channels.email(), await env.rt.channels.sms());
  for (const r of rows) await deliverOutbox(env.rt.database.db, senders, r.id);
  return rows.length;
};
const threeLines = () => ({
  kind: 'quote', customerId,
  lines: [
    { productId: productA.id, quantity: '2', discount: '20000000' },
    { productId: productB.id, quantity: '1' },
    { description: 'ارسال با وانت', quantity: '1.5', unitPrice: '3333333' },
  ],
  discount: '5000000', fees: [{ label: 'بیمهٔ حمل', amount: '250000' }],
});

describe('quotes', () => {
  let quoteId: string;

  it('computes the totals on the server in integer Rials, from product prices and tax classes', async () => {
    const res = await sales.post('/api/documents', threeLines());
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    quoteId = q.id;
    const expected = computeTotals({
      lines: [
        { quantity: '2', unitPrice: 850_000_000n, discount: 20_000_000n, taxable: true },
        { quantity: '1', unitPrice: 12_500_000n, discount: 0n, taxable: false },
        { quantity: '1.5', unitPrice: 3_333_333n, discount: 0n, taxable: true },
      ], discount: 5_000_000n, vatRateBp: 1000, fees: [{ label: 'x', amount: 250_000n }],
    });
    expect(q).toMatchObject({ status: 'draft', number: null, kind: 'quote', subtotal: expected.subtotal.toString(), taxTotal: expected.taxTotal.toString(), grandTotal: expected.grandTotal.toString() });
    expect(q.lines.map((l: { description: string; taxable: boolean; unitPrice: string }) => [l.description, l.taxable, l.unitPrice]))
      .toEqual([['یخچال ساید بای ساید', true, '850000000'], ['نصب و راه‌اندازی', false, '12500000'], ['ارسال با وانت', true, '3333333']]);
    expect(q.buyer).toMatchObject({ name: 'مریم کاظمی', nationalId: '0084575948', postalCode: '1434567890' });
    expect(q.validUntil).toBe('2026-12-07'); // 14 days by default
  });

  it('refuses bad lines with the field named, and writes nothing', async () => {
    const before = (await sales.get('/api/documents?kind=quote')).json().total;
    const bad = async (patch: (b: ReturnType<typeof threeLines>) => void, field: string) => {
      const body = threeLines();
      patch(body);
      const res = await sales.post('/api/documents', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(Object.keys(res.json().error.details ?? {})).toContain(field);
    };
    await bad((b) => { b.lines[0].quantity = '-1'; }, 'lines.0.quantity');
    await bad((b) => { b.lines[2] = { description: 'x', quantity: '1', unitPrice: '9223372036854775808' }; }, 'lines.2.unitPrice');
    await bad((b) => { b.lines[2] = { description: 'x', quantity: '2', unitPrice: '9223372036854775807' }; }, 'lines.2.unitPrice');
    await bad((b) => { b.lines[0].productId = '00000000-0000-4000-8000-000000000000'; }, 'lines.0.productId');
    await bad((b) => { b.lines[0].discount = '99999999999'; }, 'lines.0.discount');
    await bad((b) => { b.discount = '99999999999999'; }, 'discount');
    expect((await sales.get('/api/documents?kind=quote')).json().total).toBe(before);
  });

  it('a quote for a customer the user may not see is not found', async () => {
    const admin = await env.login('admin');
    const role = await admin.post('/api/roles', { key: 'own_sales', name: 'فروش (فقط خودش)', permissions: {
      customers: { ops: ['read', 'create', 'update'], scope: 'own' }, documents: { ops: ['read', 'create', 'update'], scope: 'own' }, products: { ops: ['read'], scope: 'all' },
    } });
    expect(role.statusCode, role.body).toBe(201);
    const u = await admin.post('/api/users', { email: 'own@test.example', name: 'فروشنده محدود', password: 'Golbarg-Narenj-Sahel-47', roleId: role.json().id });
    expect(u.statusCode, u.body).toBe(201);
    const { loginAs } = await import('../../test/harness.ts');
    const limited = await loginAs(env.app, 'own@test.example', 'Golbarg-Narenj-Sahel-47');
    expect((await limited.post('/api/documents', threeLines())).statusCode).toBe(404);
    expect((await limited.get(`/api/documents/${quoteId}`)).statusCode).toBe(404);
    expect((await limited.get('/api/documents')).json().items).toEqual([]);
    expect((await (await env.login('support')).post('/api/documents', threeLines())).statusCode).toBe(403);
  });

  it('sends once on a double click: one number, one email with the PDF, one SMS', async () => {
    const [a, b] = await Promise.all([sales.post(`/api/documents/${quoteId}/send`, {}), sales.post(`/api/documents/${quoteId}/send`, {})]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const ok = (a.statusCode === 200 ? a : b).json();
    expect(ok).toMatchObject({ number: 'PF-1405-00001', email: 'maryam@example.com', sms: '+989123456789' });
    expect(ok.document.status).toBe('sent');
    const queued = (await env.rt.database.db.execute(sql`SELECT channel FROM outbox WHERE dedupe_key LIKE ${`document:${quoteId}:%`} ORDER BY channel`)).rows;
    expect(queued).toEqual([{ channel: 'email' }, { channel: 'sms' }]);
    expect(await deliverAll()).toBe(2);
    expect(await deliverAll()).toBe(0); // nothing left, nothing twice
    const mails = smtp.messages.filter((m) => m.to.includes('maryam@example.com'));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('PF-1405-00001');
    const [pdf] = attachmentsOf(mails[0].raw);
    expect(pdf.filename).toBe('PF-1405-00001.pdf');
    expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(kave.messages).toHaveLength(1);
    expect(kave.messages[0].to).toBe('09123456789');
    expect(kave.messages[0].text).toContain('مریم کاظمی');
    expect(kave.messages[0].text).toContain(`/d/${publicToken(env.rt.secret, quoteId)}`);
    const doc = (await sales.get(`/api/documents/${quoteId}`)).json();
    expect(doc.messages.map((m: { channel: string; status: string }) => [m.channel, m.status]).sort()).toEqual([['email', 'sent'], ['sms', 'sent']]);
  });

  it('cannot edit a sent quote', async () => {
    const res = await sales.patch(`/api/documents/${quoteId}`, { notes: 'تغییر' });
    expect(res.statusCode).toBe(409);
  });

  it('the customer opens the public link and accepts; the owner is told and it is on the timeline', async () => {
    const token = publicToken(env.rt.secret, quoteId);
    const page = await env.app.inject({ method: 'GET', url: `/d/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('PF-1405-00001'.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]));
    expect(page.body).toContain('data-testid="public-accept"');
    expect((await env.app.inject({ method: 'GET', url: `/d/${token.slice(0, -2)}xx` })).statusCode).toBe(404);
    const pdf = await env.app.inject({ method: 'GET', url: `/d/${token}/pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const accept = () => env.app.inject({ method: 'POST', url: `/d/${token}/decision`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'decision=accept&note=' + encodeURIComponent('لطفاً پنجشنبه نصب شود') });
    const first = await accept();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.body).toContain('public-state');
    expect((await accept()).statusCode).toBe(409);
    const doc = (await sales.get(`/api/documents/${quoteId}`)).json();
    expect(doc).toMatchObject({ status: 'accepted', decisionNote: 'لطفاً پنجشنبه نصب شود' });
    const notes = (await sales.get('/api/notifications')).json().items as { kind: string }[];
    expect(notes.some((n) => n.kind === 'quote_accepted')).toBe(true);
    const tl = (await sales.get(`/api/customers/${customerId}/timeline?limit=50`)).json().items as { kind: string; data: { type?: string; channel?: string } }[];
    const docEvents = tl.filter((i) => i.kind === 'document').map((i) => i.data.type);
    expect(docEvents).toEqual(expect.arrayContaining(['created', 'sent', 'viewed', 'accepted']));
    expect(tl.filter((i) => i.kind === 'message').map((i) => i.data.channel).sort()).toEqual(['email', 'sms']);
  });

  it('an accepted quote becomes an invoice once, with its lines', async () => {
    const res = await sales.post(`/api/documents/${quoteId}/invoice`);
    expect(res.statusCode, res.body).toBe(201);
    const inv = res.json();
    const quote = (await sales.get(`/api/documents/${quoteId}`)).json();
    expect(inv).toMatchObject({ kind: 'invoice', status: 'draft', sourceId: quoteId, grandTotal: quote.grandTotal });
    expect(inv.lines.map((l: { description: string; total: string }) => [l.description, l.total])).toEqual(quote.lines.map((l: { description: string; total: string }) => [l.description, l.total]));
    expect((await sales.post(`/api/documents/${quoteId}/invoice`)).statusCode).toBe(409);
  });
});

describe('invoices and payments', () => {
  let invoiceId: string;
  let grand: bigint;

  it('an issued invoice is numbered in its own series and cannot be edited', async () => {
    const inv = (await sales.post('/api/documents', { ...threeLines(), kind: 'invoice' })).json();
    invoiceId = inv.id;
    grand = BigInt(inv.grandTotal);
    expect((await sales.post(`/api/documents/${invoiceId}/payments`, { amount: '1000', method: 'cash' })).statusCode).toBe(409); // a draft takes no payment
    const sent = await sales.post(`/api/documents/${invoiceId}/send`, { sms: false });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().number).toBe('INV-1405-00001');
    expect(sent.json().document.status).toBe('issued');
    const edit = await sales.patch(`/api/documents/${invoiceId}`, { lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] });
    expect(edit.statusCode).toBe(409);
    expect((await sales.get(`/api/documents/${invoiceId}`)).json().grandTotal).toBe(grand.toString());
  });

  it('records partial and full payments; never more than the balance', async () => {
    const over = await sales.post(`/api/documents/${invoiceId}/payments`, { amount: (grand + 1n).toString(), method: 'card' });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.details).toHaveProperty('amount');
    const part = await sales.post(`/api/documents/${invoiceId}/payments`, { amount: '500000000', method: 'transfer', reference: 'ساتنا ۱۲۳۴۵' });
    expect(part.statusCode, part.body).toBe(201);
    expect(part.json()).toMatchObject({ status: 'partially_paid', paidTotal: '500000000', balance: (grand - 500_000_000n).toString() });
    const rest = await sales.post(`/api/documents/${invoiceId}/payments`, { amount: (grand - 500_000_000n).toString(), method: 'pos' });
    expect(rest.json()).toMatchObject({ status: 'paid', balance: '0' });
    expect((await sales.post(`/api/documents/${invoiceId}/payments`, { amount: '1', method: 'cash' })).statusCode).toBe(409);
  });

  it('the 360° view shows what the customer bought and spent', async () => {
    const view = (await sales.get(`/api/customers/${customerId}`)).json();
    expect(view.purchases).toMatchObject({ orders: 1, totalSpent: grand.toString(), averageOrder: grand.toString(), lastPurchase: '2026-11-23' });
    expect(view.purchases.products.map((p: { name: string; quantity: string }) => [p.name, p.quantity]).sort())
      .toEqual([['ارسال با وانت', '1.5'], ['نصب و راه‌اندازی', '1'], ['یخچال ساید بای ساید', '2']]);
  });

  it('cancelling an issued invoice keeps it and issues a credit note; nothing is deleted', async () => {
    const noReason = await sales.post(`/api/documents/${invoiceId}/cancel`, {});
    expect(noReason.statusCode).toBe(400);
    const res = await sales.post(`/api/documents/${invoiceId}/cancel`, { reason: 'مرجوعی کالا' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const cn = (await sales.get(`/api/documents/${res.json().creditNoteId}`)).json();
    expect(cn).toMatchObject({ kind: 'credit_note', number: 'CN-1405-00001', sourceId: invoiceId, grandTotal: grand.toString(), status: 'issued' });
    expect((await sales.post(`/api/documents/${invoiceId}/cancel`, { reason: 'دوباره' })).statusCode).toBe(409);
    const count = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM documents WHERE id = ${invoiceId}`)).rows[0];
    expect(count).toEqual({ n: 1 });
  });
});

describe('delivery', () => {
  it('a gateway failure is retried: the error shows on the message, then it is sent once', async () => {
    const q = (await sales.post('/api/documents', threeLines())).json();
    kave.failNext(1, 'server_error');
    const before = kave.messages.length;
    await sales.post(`/api/documents/${q.id}/send`, { email: false });
    const [row] = (await env.rt.database.db.execute(sql`SELECT id FROM outbox WHERE dedupe_key = ${`document:${q.id}:send:1:sms`}`)).rows as { id: string }[];
    const senders = channelSenders(undefined, await env.rt.channels.sms());
    await expect(deliverOutbox(env.rt.database.db, senders, row.id)).rejects.toThrow();
    let msg = (await sales.get(`/api/documents/${q.id}`)).json().messages[0];
    expect(msg).toMatchObject({ channel: 'sms', status: 'queued', attempts: 1 });
    expect(msg.error).toMatch(/HTTP 5\d\d/);
    expect(await deliverOutbox(env.rt.database.db, senders, row.id)).toBe('sent');
    expect(await deliverOutbox(env.rt.database.db, senders, row.id)).toBe('skipped');
    msg = (await sales.get(`/api/documents/${q.id}`)).json().messages[0];
    expect(msg).toMatchObject({ status: 'sent', attempts: 2, provider: 'kavenegar' });
    expect(kave.messages.length).toBe(before + 1);
  });

  it('no SMS without consent; the send says so', async () => {
    const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'بی', lastName: 'رضایت', phones: [{ number: '09120000001' }], emails: [{ address: 'b@example.com' }] })).json();
    const q = (await sales.post('/api/documents', { ...threeLines(), customerId: c.id })).json();
    const res = (await sales.post(`/api/documents/${q.id}/send`, {})).json();
    expect(res).toMatchObject({ email: 'b@example.com', sms: null });
    expect(res.document.messages.map((m: { channel: string }) => m.channel)).toEqual(['email']);
  });
});
