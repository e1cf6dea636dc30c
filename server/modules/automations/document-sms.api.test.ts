/**
 * The built-in quote/invoice SMS and the automation templates: with no rule on, a first sending queues the built-in
 * SMS (as before); with the quote-sms (or invoice-sms) rule on, the rule's SMS replaces it — exactly one SMS, never
 * both; a resend (which starts no rule) keeps the built-in one.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { processDueRuns } from './index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const sms = (customerId: string) => rows<{ subject_type: string; body: string }>(sql`SELECT subject_type, body FROM messages WHERE customer_id = ${customerId} AND channel = 'sms' ORDER BY created_at, subject_type`);
const template = async (key: string) => (await admin.get('/api/automations/templates')).json().items.find((x: { key: string }) => x.key === key).definition;

async function customer(lastName: string, phone: string) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName, gender: 'male', smsConsent: true, force: true, phones: [{ number: phone }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function sendNew(kind: 'quote' | 'invoice', customerId: string) {
  const d = await admin.post('/api/documents', { kind, customerId, lines: [{ description: 'نصب', quantity: '1', unitPrice: '1000000' }] });
  expect(d.statusCode, d.body).toBe(201);
  const sent = await admin.post(`/api/documents/${d.json().id}/send`, { email: false, sms: true });
  expect(sent.statusCode, sent.body).toBe(200);
  return { id: d.json().id as string, ...sent.json() as { number: string; link: string; sms: string | null } };
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-12-06T08:00:00Z' });
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => env?.close());

describe('document SMS: built-in or the rule, never both', () => {
  it('quote: built-in by default; the rule replaces it when on; a resend keeps the built-in', async () => {
    const before = await customer('پیش‌فرض', '09125000001');
    const q0 = await sendNew('quote', before);
    await processDueRuns(env.rt.database, env.clock);
    expect((await sms(before)).map((m) => m.subject_type)).toEqual(['document']);
    expect(q0.sms).toBe('+989125000001');

    const rule = await admin.post('/api/automations', await template('quote-sms'));
    expect(rule.statusCode, rule.body).toBe(201);
    const c = await customer('قانونی', '09125000002');
    const q = await sendNew('quote', c);
    expect(q.sms).toBeNull();
    const [ev] = await rows<{ data: { smsSkipped: string } }>(sql`SELECT data FROM document_events WHERE document_id = ${q.id} AND type = 'sent'`);
    expect(ev.data.smsSkipped).toBe('automation');
    await processDueRuns(env.rt.database, env.clock);
    expect(await sms(c)).toEqual([{ subject_type: 'automation', body: `آقای قانونی، پیش‌فاکتور ${q.number} برای شما فرستاده شد: ${q.link}` }]);
    // A resend starts no rule: the built-in SMS goes.
    expect((await admin.post(`/api/documents/${q.id}/send`, { email: false, sms: true, resend: true })).statusCode).toBe(200);
    await processDueRuns(env.rt.database, env.clock);
    expect((await sms(c)).map((m) => m.subject_type)).toEqual(['automation', 'document']);

    // Switched off again: the built-in notice is back.
    expect((await admin.patch(`/api/automations/${rule.json().id}`, { enabled: false })).statusCode).toBe(200);
    const after = await customer('دوباره', '09125000003');
    await sendNew('quote', after);
    await processDueRuns(env.rt.database, env.clock);
    expect((await sms(after)).map((m) => m.subject_type)).toEqual(['document']);
  });

  it('invoice: the invoice-sms rule replaces the built-in SMS of its first sending', async () => {
    const rule = await admin.post('/api/automations', await template('invoice-sms'));
    expect(rule.statusCode, rule.body).toBe(201);
    const c = await customer('فاکتوری', '09125000004');
    const inv = await sendNew('invoice', c);
    await processDueRuns(env.rt.database, env.clock);
    expect(await sms(c)).toEqual([{ subject_type: 'automation', body: `آقای فاکتوری، فاکتور ${inv.number} برای شما صادر شد: ${inv.link}` }]);
    // A quote still gets the built-in one: only the invoice rule is on.
    const other = await customer('دیگر', '09125000005');
    await sendNew('quote', other);
    await processDueRuns(env.rt.database, env.clock);
    expect((await sms(other)).map((m) => m.subject_type)).toEqual(['document']);
  });
});
