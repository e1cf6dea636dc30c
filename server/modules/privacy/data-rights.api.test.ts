/**
 * A customer's data rights: the export holds one of each linked object (made through the API), the erasure removes
 * or anonymizes them (re-read from the database), keeps the issued invoice, blocks re-creating the person with the
 * same phone in another format unless they consent again, and both are audited. Every table with a customer_id
 * column must be covered by a registered section.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { smsWebhookToken } from '../messaging/index.ts';
import { signWebhook } from '../telephony/index.ts';
import { coveredCustomerTables, ERASED_NAME } from '../customers/index.ts';
import { dataExportAnswer } from '../../../common/data-rights.schemas.ts';
import { KIND_LABELS } from './summary-labels.ts';
import { inspectPdf, visualRtl, withoutMarks } from '../documents/pdf/pdf-inspect.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  const put = await admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' });
  expect(put.statusCode, put.body).toBe(200);
}, 180_000);
afterAll(async () => env?.close());

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 201) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Record<string, unknown> & { id: string };
};
const rows = async (q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as Record<string, unknown>[];

async function callFrom(number: string) {
  const secret = (await ok(admin.post('/api/telephony/webhook-secret'), 200)).secret as string;
  const raw = JSON.stringify({ callId: `c-${Math.random().toString(36).slice(2)}`, event: 'ringing', number, extensions: ['101'] });
  const ts = String(Math.floor(env.clock.now().getTime() / 1000));
  const res = await env.app.inject({ method: 'POST', url: '/api/telephony/events', remoteAddress: '10.1.0.9',
    headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, raw) }, payload: raw });
  expect(res.statusCode, res.body).toBe(202);
}

describe('the data-rights registry', () => {
  it('covers every table that has a customer_id column', async () => {
    const tables = (await rows(sql`SELECT DISTINCT table_name FROM information_schema.columns
      WHERE column_name = 'customer_id' AND table_schema = current_schema() ORDER BY table_name`)).map((r) => r.table_name as string);
    expect(tables.length).toBeGreaterThan(10);
    const covered = coveredCustomerTables();
    expect(tables.filter((t) => !covered.has(t)), 'tables with customer rows that no registerCustomerDataSection covers').toEqual([]);
  });
});

describe('export and erasure of one customer', () => {
  let c: { id: string; displayName: string };
  let invoiceId = '';
  let ticketId = '';

  it('exports one of each linked object as JSON, and a PDF summary; both audited', async () => {
    await ok(admin.post('/api/custom-fields', { key: 'shoe_size', labelFa: 'سایز کفش', labelEn: 'Shoe size', type: 'number' }));
    c = await ok(admin.post('/api/customers', {
      kind: 'person', firstName: 'رضا', lastName: 'نوری', phones: [{ number: '09125550101' }], emails: [{ address: 'Reza.Nouri@Example.com' }],
      nationalId: '0012345679', birthday: '1990-05-01', city: 'اصفهان', addresses: [{ line: 'خیابان چهارباغ ۱۲' }], smsConsent: true, custom: { shoe_size: 43 },
    })) as typeof c;
    await ok(admin.patch(`/api/customers/${c.id}`, { province: 'اصفهان' }), 200);
    await ok(admin.post('/api/interactions', { customerId: c.id, kind: 'call', direction: 'in', summary: 'پرسید قیمت', promises: [{ title: 'پیش‌فاکتور بفرستم', dueAt: '2026-11-25T08:00:00Z' }] }));
    const product = await ok(admin.post('/api/products', { code: 'DESK-1', nameFa: 'میز کار', price: '12000000' }));
    await ok(admin.post('/api/deals', { customerId: c.id, title: 'میز برای دفتر رضا', items: [{ productId: product.id, quantity: '2' }] }));
    await ok(admin.post('/api/documents', { kind: 'quote', customerId: c.id, lines: [{ productId: product.id, quantity: '2' }] }));
    const inv = await ok(admin.post('/api/documents', { kind: 'invoice', customerId: c.id, lines: [{ productId: product.id, quantity: '1' }] }));
    invoiceId = inv.id;
    await ok(admin.post(`/api/documents/${invoiceId}/send`, { sms: false }), 200);
    await ok(admin.post(`/api/documents/${invoiceId}/payments`, { amount: '1000000', method: 'cash' }));
    await ok(admin.post(`/api/customers/${c.id}/messages`, { channel: 'sms', text: 'پیش‌فاکتور آماده است' }));
    const t = await ok(admin.post('/api/tickets', { customerId: c.id, channel: 'phone', subject: 'لنگی پایهٔ میز رضا', description: 'رضا گفت پایه شکسته' }));
    ticketId = t.id;
    await ok(admin.post(`/api/tickets/${ticketId}/messages`, { kind: 'reply', body: 'تکنسین فردا می‌آید' }));
    await ok(admin.post('/api/contracts', { customerId: c.id, kind: 'warranty', title: 'گارانتی میز', startDate: '2026-11-01', endDate: '2027-10-31', notes: 'کلید را به همسایه داد' }));
    const survey = await ok(admin.post('/api/surveys', { name: 'پیشنهاد', status: 'active', questions: [{ id: 'nps', type: 'nps', text: { fa: 'ما را پیشنهاد می‌کنید؟' } }] }));
    expect((await ok(admin.post(`/api/surveys/${survey.id}/send`, { customerIds: [c.id] }), 200)).sent).toBe(1);
    const reply = await env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${smsWebhookToken(env.rt.secret)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'messageid=770001&from=09125550101&to=10004346&message=9' });
    expect(reply.json()).toMatchObject({ received: 1 });
    await ok(admin.post('/api/feedback', { customerId: c.id, channel: 'call', text: 'رضا گفت قیمت‌ها بالاست' }));
    await callFrom('+98 912 555 0101');

    const res = await admin.get(`/api/customers/${c.id}/data-export`);
    expect(res.statusCode, res.body).toBe(200);
    const data = dataExportAnswer.parse(res.json());
    expect(data.customer).toMatchObject({ id: c.id, displayName: 'رضا نوری', nationalId: '0012345679' });
    expect(data.customFields).toEqual([{ key: 'shoe_size', labelFa: 'سایز کفش', labelEn: 'Shoe size', type: 'number', value: 43 }]);
    expect(data.consents).toContainEqual({ channel: 'sms', given: true, at: '2026-11-23T08:00:00.000Z' });
    const count = (section: string, kind: string) => data.sections[section]?.[kind]?.length;
    // The summary PDF names every kind of row a section returns, in both languages (a new section needs its words).
    const unnamed = Object.values(data.sections).flatMap((kinds) => Object.keys(kinds)).filter((k) => !KIND_LABELS[k]?.fa || !KIND_LABELS[k]?.en);
    expect(unnamed).toEqual([]);
    expect(count('interactions', 'interactions')).toBe(1);
    expect(count('tasks', 'tasks')).toBe(1);
    expect(count('deals', 'deals')).toBe(1);
    expect(count('documents', 'documents')).toBe(2);
    expect(count('messages', 'messages')).toBeGreaterThanOrEqual(2); // the SMS sent, the survey invitation, the reply
    expect(count('support', 'tickets')).toBe(1);
    expect(count('support', 'contracts')).toBe(1);
    expect(count('calls', 'calls')).toBe(1);
    expect(count('surveys', 'surveyInvitations')).toBe(1);
    expect(count('surveys', 'surveyResponses')).toBe(1);
    expect(count('surveys', 'feedback')).toBe(1);
    expect(count('audit', 'audit')).toBeGreaterThanOrEqual(2);
    const docs = data.sections.documents.documents as { kind: string; lines: unknown[]; payments: { amount: string }[] }[];
    const invoice = docs.find((d) => d.kind === 'invoice')!;
    expect(invoice.lines).toHaveLength(1);
    expect(invoice.payments).toMatchObject([{ amount: '1000000' }]);
    const ticket = (data.sections.support.tickets as { messages: { body: string }[] }[])[0];
    expect(ticket.messages.map((m) => m.body)).toContain('تکنسین فردا می‌آید');

    const pdf = await admin.get(`/api/customers/${c.id}/data-export.pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Persian in Vazirmatn, drawn right to left (react-pdf draws the runs of a line in visual order)
    const fa = inspectPdf(pdf.rawPayload);
    expect(fa.fonts.some((f) => /Vazirmatn/.test(f))).toBe(true);
    expect(withoutMarks(fa.pages.join(''))).toContain(visualRtl('نوری'));
    const en = await admin.get(`/api/customers/${c.id}/data-export.pdf?lang=en`);
    expect(en.statusCode).toBe(200);
    expect(inspectPdf(en.rawPayload).pages.join('')).toContain('Linked records');

    const audits = await rows(sql`SELECT action, new_value FROM audit_log WHERE customer_id = ${c.id} AND action = 'export' ORDER BY id`);
    expect(audits.map((a) => (a.new_value as { format: string }).format)).toEqual(['json', 'pdf', 'pdf']);
    // the export rows show on the customer's timeline and change history without breaking either
    expect((await admin.get(`/api/customers/${c.id}`)).statusCode).toBe(200);
    const history = await admin.get(`/api/customers/${c.id}/audit`);
    expect(history.json().items.filter((i: { action: string }) => i.action === 'export')).toHaveLength(3);
  }, 60_000);

  it('refuses the export without the export permission (403) and for a customer the actor cannot see (404)', async () => {
    const denied = await sales.get(`/api/customers/${c.id}/data-export`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    expect((await sales.get(`/api/customers/${c.id}/data-export.pdf`)).statusCode).toBe(403);
    const perms = { customers: { ops: ['read', 'create', 'update', 'delete', 'export'], scope: 'own' } };
    const role = await ok(admin.post('/api/roles', { key: 'own_exporter', name: 'صادرکنندهٔ محدود', permissions: perms }));
    await ok(admin.post('/api/users', { email: 'own-exporter@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.id }));
    const limited = await loginAs(env.app, 'own-exporter@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    expect((await limited.get(`/api/customers/${c.id}/data-export`)).statusCode).toBe(404);
    expect((await limited.get(`/api/customers/${c.id}/data-export.pdf`)).statusCode).toBe(404);
    expect((await limited.post(`/api/customers/${c.id}/erase`, { confirm: 'رضا نوری' })).statusCode).toBe(404);
    expect((await sales.post(`/api/customers/${c.id}/erase`, { confirm: 'رضا نوری' })).statusCode).toBe(403);
    const still = await rows(sql`SELECT display_name, erased_at FROM customers WHERE id = ${c.id}`);
    expect(still).toEqual([{ display_name: 'رضا نوری', erased_at: null }]);
    const audits = await rows(sql`SELECT count(*)::int AS n FROM audit_log WHERE customer_id = ${c.id} AND action = 'export'`);
    expect(audits[0].n).toBe(3); // the denied attempts exported nothing
  });

  it('erases: asks for the name, removes or anonymizes every linked row, keeps the issued invoice', async () => {
    const wrong = await admin.post(`/api/customers/${c.id}/erase`, { confirm: 'رضا' });
    expect(wrong.statusCode).toBe(400);
    expect((await rows(sql`SELECT erased_at FROM customers WHERE id = ${c.id}`))[0].erased_at).toBeNull();

    const outboxIds = (await rows(sql`SELECT outbox_id FROM messages WHERE customer_id = ${c.id} AND outbox_id IS NOT NULL`)).map((r) => r.outbox_id as string);
    expect(outboxIds.length).toBeGreaterThan(0);
    const res = await admin.post(`/api/customers/${c.id}/erase`, { confirm: 'رضا نوری' });
    expect(res.statusCode, res.body).toBe(200);
    const answer = res.json();
    expect(answer.kept).toMatchObject({ invoices: 1, payments: 1, contracts: 1 });
    expect(answer.deleted).toMatchObject({ interactions: 1, tasks: 1, documents: 1, feedback: 1, ticketMessages: 1 });
    expect(answer.blockedContacts).toBe(3); // phone, email, national ID
    expect(answer.notes.join(' ')).toMatch(/law/);

    const [cust] = await rows(sql`SELECT * FROM customers WHERE id = ${c.id}`);
    expect(cust).toMatchObject({ display_name: ERASED_NAME.fa, latin_name: ERASED_NAME.en, first_name: null, last_name: null, national_id: null, birthday: null,
      city: null, phones: [], emails: [], addresses: [], custom: {}, sms_consent: false, search_doc: '' });
    expect(cust.erased_at).not.toBeNull();
    expect(cust.deleted_at).not.toBeNull();
    const n = async (table: string) => (await rows(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE customer_id = ${c.id}`))[0].n;
    expect(await n('interactions')).toBe(0);
    expect(await n('tasks')).toBe(0);
    expect(await n('messages')).toBe(0);
    expect(await n('feedback')).toBe(0);
    expect(await n('ticket_messages')).toBe(0);
    // nothing still queued for them goes out, and the outbox keeps neither address nor text
    const outbox = await rows(sql`SELECT status, recipient, payload FROM outbox WHERE id IN (${sql.join(outboxIds.map((i) => sql`${i}::uuid`), sql`, `)})`);
    expect(outbox).toHaveLength(outboxIds.length);
    for (const o of outbox) expect(o).toEqual({ status: 'failed', recipient: '', payload: {} });
    const [tk] = await rows(sql`SELECT subject, description FROM tickets WHERE id = ${ticketId}`);
    expect(tk).toEqual({ subject: '—', description: null });
    const calls = await rows(sql`SELECT number, raw_number FROM calls WHERE customer_id = ${c.id}`);
    expect(calls).toEqual([{ number: '', raw_number: '' }]);
    const responses = await rows(sql`SELECT score, comment FROM survey_responses WHERE customer_id = ${c.id}`);
    expect(responses).toEqual([{ score: 9, comment: null }]);
    const [deal] = await rows(sql`SELECT title FROM deals WHERE customer_id = ${c.id}`);
    expect(deal.title).toBe('—');
    const [contract] = await rows(sql`SELECT notes FROM contracts WHERE customer_id = ${c.id}`);
    expect(contract.notes).toBeNull();
    // the issued invoice stays as issued: number, buyer, lines and the payment
    const docs = await rows(sql`SELECT id, kind, number, buyer FROM documents WHERE customer_id = ${c.id}`);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ id: invoiceId, kind: 'invoice' });
    expect(docs[0].number).toMatch(/^INV-/);
    expect((docs[0].buyer as { name: string }).name).toBe('رضا نوری');
    expect(await rows(sql`SELECT count(*)::int AS n FROM document_lines WHERE document_id = ${invoiceId}`)).toEqual([{ n: 1 }]);
    expect(await rows(sql`SELECT amount::text AS amount FROM payments WHERE document_id = ${invoiceId}`)).toEqual([{ amount: '1000000' }]);
    // audit rows stay, their recorded values do not; the erasure itself is audited
    const audits = await rows(sql`SELECT action, field, old_value, new_value FROM audit_log WHERE customer_id = ${c.id} ORDER BY id`);
    expect(audits.filter((a) => a.action !== 'erase').every((a) => a.old_value === null && a.new_value === null)).toBe(true);
    expect(audits.at(-1)).toMatchObject({ action: 'erase' });
    // the hashes are not the contacts
    const hashes = await rows(sql`SELECT hash, kind FROM erased_contacts ORDER BY kind`);
    expect(hashes.map((h) => h.kind)).toEqual(['email', 'national_id', 'phone']);
    expect(JSON.stringify(hashes)).not.toMatch(/0912|5550101|example|0012345679/i);
    // gone from the lists and the 360° view
    expect((await admin.get(`/api/customers/${c.id}`)).statusCode).toBe(404);
  }, 60_000);

  it('blocks re-creating the erased person (phone in another format, email in another case) unless they consent again', async () => {
    const again = { kind: 'person', firstName: 'رضا', lastName: 'نوری', phones: [{ number: '+989125550101' }] };
    const blocked = await admin.post('/api/customers', again);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error).toMatchObject({ code: 'ERASED_CONTACT', details: { matchedOn: ['phone'] } });
    const byEmail = await admin.post('/api/customers', { kind: 'person', lastName: 'دیگر', emails: [{ address: 'reza.nouri@example.COM' }] });
    expect(byEmail.statusCode).toBe(409);
    expect((await rows(sql`SELECT count(*)::int AS n FROM customers WHERE deleted_at IS NULL AND last_name = 'نوری'`))[0].n).toBe(0);

    const created = await ok(admin.post('/api/customers', { ...again, consentAgain: true }));
    expect(await rows(sql`SELECT kind FROM erased_contacts ORDER BY kind`)).toEqual([{ kind: 'email' }, { kind: 'national_id' }]);
    const consent = await rows(sql`SELECT action FROM audit_log WHERE customer_id = ${created.id} AND action = 'consent'`);
    expect(consent).toHaveLength(1);
    // the phone is free again; the email is still blocked
    expect((await admin.post('/api/customers', { kind: 'person', lastName: 'دیگر', emails: [{ address: 'reza.nouri@example.com' }] })).statusCode).toBe(409);
  });
});
