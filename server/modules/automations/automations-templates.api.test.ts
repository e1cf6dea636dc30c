/**
 * The ready rules of issue 18 that are switched on from their template: the welcome series (an SMS within the legal
 * hours, three days later an email) and the thank-you after a paid invoice (once, when the invoice becomes paid in
 * full — not on a partial payment). Times are Tehran (UTC+03:30).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { processDueRuns } from './index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const messages = (customerId: string) => rows<{ channel: string; subject: string | null; body: string }>(sql`
  SELECT channel, subject, body FROM messages WHERE customer_id = ${customerId} AND subject_type = 'automation' ORDER BY created_at, channel`);
const template = async (key: string) => (await admin.get('/api/automations/templates')).json().items.find((x: { key: string }) => x.key === key).definition;

async function customer(lastName: string, phone: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName, gender: 'female', smsConsent: true, force: true, phones: [{ number: phone }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  // 22:30 Tehran: inside the quiet hours.
  env = await createTestEnv({ start: '2026-12-06T19:00:00Z' });
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => env?.close());

describe('welcome series', () => {
  it('a new customer gets the welcome SMS at 09:00 Tehran, not at night, and the email three days later', async () => {
    const rule = await admin.post('/api/automations', await template('welcome'));
    expect(rule.statusCode, rule.body).toBe(201);
    const c = await customer('تازه‌وارد', '09126000001', { emails: [{ address: 'sara@example.com' }], emailConsent: true });
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toEqual([]);
    // 09:00 Tehran the next morning = 05:30 UTC.
    env.clock.set('2026-12-07T05:30:00Z');
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toEqual([{ channel: 'sms', subject: null, body: 'خانم تازه‌وارد، به جمع مشتریان ما خوش آمدید! هر پرسشی داشتید همین‌جا پاسخ دهید.' }]);
    // The wait counts from the SMS step: three days later, not before.
    env.clock.set('2026-12-10T05:29:00Z');
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toHaveLength(1);
    env.clock.set('2026-12-10T05:31:00Z');
    await processDueRuns(env.rt.database, env.clock);
    const all = await messages(c);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ channel: 'email', subject: 'خانم تازه‌وارد، خوش آمدید' });
    const runs = (await admin.get(`/api/customers/${c}/automation-runs`)).json().items;
    expect(runs).toMatchObject([{ automationId: rule.json().id, status: 'done', step: 3, steps: 3 }]);
    // Another pass sends nothing again.
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toHaveLength(2);
    await admin.patch(`/api/automations/${rule.json().id}`, { enabled: false });
  });
});

describe('thank-you after a paid invoice', () => {
  it('thanks once, when the invoice is paid in full, with its number', async () => {
    env.clock.set('2026-12-11T08:00:00Z');
    const rule = await admin.post('/api/automations', await template('invoice-paid-thanks'));
    expect(rule.statusCode, rule.body).toBe(201);
    const c = await customer('خریدار', '09126000002');
    const inv = await admin.post('/api/documents', { kind: 'invoice', customerId: c, lines: [{ description: 'نصب', quantity: '1', unitPrice: '1000000' }] });
    expect(inv.statusCode, inv.body).toBe(201);
    const id = inv.json().id as string;
    const sent = await admin.post(`/api/documents/${id}/send`, { email: false, sms: false });
    expect(sent.statusCode, sent.body).toBe(200);
    const { number } = sent.json() as { number: string };
    const grand = BigInt((await admin.get(`/api/documents/${id}`)).json().grandTotal);
    // A part payment is not "paid".
    const part = await admin.post(`/api/documents/${id}/payments`, { amount: '1000', method: 'cash' });
    expect(part.statusCode, part.body).toBe(201);
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toEqual([]);
    const rest = await admin.post(`/api/documents/${id}/payments`, { amount: (grand - 1000n).toString(), method: 'pos' });
    expect(rest.json()).toMatchObject({ status: 'paid' });
    await processDueRuns(env.rt.database, env.clock);
    await processDueRuns(env.rt.database, env.clock);
    expect(await messages(c)).toEqual([{ channel: 'sms', subject: null, body: `خانم خریدار، پرداخت فاکتور ${number} دریافت شد. از خرید شما سپاسگزاریم.` }]);
  });
});
