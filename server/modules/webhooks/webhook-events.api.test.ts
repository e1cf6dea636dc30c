/**
 * Each event is recorded where it happens, once per change, with the API's view of the record: deals won and lost,
 * a quote accepted (which also wins its deal), an invoice paid in full, a ticket opened and resolved, a missed call.
 * a survey answered (through the anonymous walk-in link). customer.created/updated: webhooks.api.test.ts.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { createHmac } from 'node:crypto';
import { webhookEvents, WEBHOOK_EVENTS } from './index.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let support: Agent;
let endpointId: string;
let customerId: string;
let stage: Record<string, string>;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  support = await env.login('support');
  const ep = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/never-called', events: [...WEBHOOK_EVENTS] });
  expect(ep.statusCode, ep.body).toBe(201);
  endpointId = ep.json().id;
  const c = await sales.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'رویدادی', phones: [{ number: '09123334455' }] });
  customerId = c.json().id;
  const list = (await sales.get('/api/pipelines')).json().items;
  stage = Object.fromEntries(list[0].stages.map((s: { outcome: string; id: string; name: string }) => [s.outcome === 'open' ? s.name : s.outcome, s.id]));
}, 180_000);
afterAll(async () => env?.close());

/** The events recorded since `since` (a count of rows seen before), in order. */
async function eventsAfter(seen: number) {
  const rows = await env.rt.database.db.select().from(webhookEvents).where(eq(webhookEvents.endpointId, endpointId)).orderBy(webhookEvents.createdAt);
  return rows.slice(seen);
}
const countEvents = async () => (await eventsAfter(0)).length;

describe('events where they happen', () => {
  it('customer.merged once, with the survivor and the merged record\'s id', async () => {
    const a = (await admin.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'دوتایی', phones: [{ number: '09125556677' }] })).json() as { id: string };
    const b = (await admin.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'دوتائی', phones: [{ number: '+989125556677' }], force: true })).json() as { id: string };
    expect(b.id).toBeTruthy();
    const before = await countEvents();
    const merged = await admin.post('/api/customers/merge', { survivorId: a.id, loserId: b.id, fields: {} });
    expect(merged.statusCode, merged.body).toBe(200);
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type)).toEqual(['customer.merged']);
    expect(evs[0].payload).toMatchObject({ id: a.id, mergedId: b.id, mergeId: merged.json().merge.id });
  });

  it('deal.won and deal.lost when a deal enters that outcome, not when it moves within it or stays open', async () => {
    const before = await countEvents();
    const d = (await sales.post('/api/deals', { customerId, title: 'یخچال برای رستوران' })).json() as { id: string };
    await sales.post(`/api/deals/${d.id}/move`, { stageId: stage.won });
    await sales.post(`/api/deals/${d.id}/move`, { stageId: stage.won }); // already won: nothing new
    const lost = (await sales.post('/api/deals', { customerId, title: 'لباسشویی' })).json() as { id: string };
    const moved = await sales.post(`/api/deals/${lost.id}/move`, { stageId: stage.lost, lostReason: 'قیمت' });
    expect(moved.statusCode, moved.body).toBe(200);
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type)).toEqual(['deal.won', 'deal.lost']);
    expect(evs[0].payload).toMatchObject({ id: d.id, status: 'won', title: 'یخچال برای رستوران' });
    expect(evs[1].payload).toMatchObject({ id: lost.id, status: 'lost', lostReason: 'قیمت' });
    expect(typeof (evs[0].payload as { amount: unknown }).amount).toBe('string');
  });

  it('quote.accepted (and the deal it wins), then invoice.paid only when paid in full', async () => {
    const deal = (await sales.post('/api/deals', { customerId, title: 'کولر' })).json() as { id: string };
    const q = await sales.post('/api/documents', { kind: 'quote', customerId, dealId: deal.id, lines: [{ description: 'کولر گازی', quantity: '1', unitPrice: '1000000' }] });
    expect(q.statusCode, q.body).toBe(201);
    const quoteId = q.json().id as string;
    expect((await sales.post(`/api/documents/${quoteId}/send`, { email: false, sms: false })).statusCode).toBe(200);
    const before = await countEvents();
    const decided = await sales.post(`/api/documents/${quoteId}/decision`, { decision: 'accept' });
    expect(decided.statusCode, decided.body).toBe(200);
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type).sort()).toEqual(['deal.won', 'quote.accepted']);
    const accepted = evs.find((e) => e.type === 'quote.accepted')!.payload as Record<string, unknown>;
    expect(accepted).toMatchObject({ id: quoteId, kind: 'quote', status: 'accepted' });
    expect(accepted).not.toHaveProperty('publicTokenHash');

    const inv = (await sales.post(`/api/documents/${quoteId}/invoice`)).json() as { id: string; grandTotal: string };
    expect((await sales.post(`/api/documents/${inv.id}/send`, { email: false, sms: false })).statusCode).toBe(200);
    const beforePay = await countEvents();
    const half = BigInt(inv.grandTotal) / 2n;
    await sales.post(`/api/documents/${inv.id}/payments`, { amount: half.toString(), method: 'cash' });
    expect(await eventsAfter(beforePay)).toHaveLength(0);
    await sales.post(`/api/documents/${inv.id}/payments`, { amount: (BigInt(inv.grandTotal) - half).toString(), method: 'card' });
    const paid = await eventsAfter(beforePay);
    expect(paid.map((e) => e.type)).toEqual(['invoice.paid']);
    expect(paid[0].payload).toMatchObject({ id: inv.id, kind: 'invoice', status: 'paid', balance: '0' });
  });

  it('ticket.created, then ticket.resolved once', async () => {
    const before = await countEvents();
    const t = await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'صدای کمپرسور' });
    expect(t.statusCode, t.body).toBe(201);
    const id = t.json().id as string;
    await support.patch(`/api/tickets/${id}`, { priority: 'high' });
    await support.patch(`/api/tickets/${id}`, { status: 'resolved' });
    await support.patch(`/api/tickets/${id}`, { status: 'closed' }); // resolved → closed is no second resolution
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type)).toEqual(['ticket.created', 'ticket.resolved']);
    expect(evs[1].payload).toMatchObject({ id, status: 'resolved', subject: 'صدای کمپرسور' });
  });

  it('call.missed when an incoming call ends unanswered', async () => {
    const secret = (await admin.post('/api/telephony/webhook-secret')).json().secret as string;
    const send = (body: unknown) => {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(env.clock.now().getTime() / 1000));
      return env.app.inject({ method: 'POST', url: '/api/telephony/events', remoteAddress: '10.7.0.1',
        headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': 'sha256=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex') }, payload: raw });
    };
    const before = await countEvents();
    expect((await send({ callId: 'wh-1', event: 'ringing', number: '09123334455', extensions: ['101'] })).statusCode).toBe(202);
    expect((await send({ callId: 'wh-1', event: 'ended', number: '09123334455', outcome: 'no_answer' })).statusCode).toBe(202);
    expect((await send({ callId: 'wh-1', event: 'ended', number: '09123334455', outcome: 'no_answer' })).statusCode).toBe(202); // again: no change
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type)).toEqual(['call.missed']);
    expect(evs[0].payload).toMatchObject({ status: 'missed', direction: 'in', customer: { id: customerId } });
  });
  it('survey.answered with the answer as the API lists it; a bot answer (honeypot) makes none', async () => {
    const marketing = await env.login('marketing');
    const s = await marketing.post('/api/surveys', { name: 'مراجعه', status: 'active', anonymousEnabled: true,
      questions: [{ id: 'csat', type: 'csat', text: { fa: 'راضی بودید؟' } }] });
    expect(s.statusCode, s.body).toBe(201);
    const path = new URL(s.json().anonymousUrl as string).pathname;
    const post = (body: string) => env.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body, remoteAddress: '10.8.0.1' });
    const before = await countEvents();
    expect((await post('csat=5&website=http%3A%2F%2Fspam.example')).statusCode).toBe(200);
    expect(await eventsAfter(before)).toHaveLength(0);
    expect((await post('csat=4')).statusCode).toBe(200);
    const evs = await eventsAfter(before);
    expect(evs.map((e) => e.type)).toEqual(['survey.answered']);
    expect(evs[0].payload).toMatchObject({ surveyId: s.json().id, surveyName: 'مراجعه', metric: 'csat', score: 4, customerId: null });
  });
});
