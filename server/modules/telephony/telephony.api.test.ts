/**
 * Telephony through the HTTP API: settings, the signed webhook (signature, freshness, idempotency, floods, bad
 * numbers), the screen-pop reaching the right users over the realtime bus with the caller's essentials, ring groups
 * and answering, the call on the timeline, missed calls → call-back tasks, unknown callers → leads, the calls log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, until, loginAs, type Agent, type TestEnv } from '../../test/harness.ts';
import { signWebhook, webhookLimits, expireStaleCalls } from './index.ts';
import { withTx } from '../../db/tx.ts';
import type { CallView } from '../../../common/telephony.schemas.ts';

let env: TestEnv;
let admin: Agent, sales: Agent, support: Agent, manager: Agent;
let secret = '';
let seq = 0;
const limitBefore = webhookLimits.perMinute;

type Received = { event: string; data: CallView & { partial?: boolean } };
const inbox = new Map<string, Received[]>();
const unsubs: (() => void)[] = [];
function listen(a: Agent) {
  inbox.set(a.userId, []);
  unsubs.push(env.rt.hub.subscribe(a.userId, (event, data) => inbox.get(a.userId)!.push({ event, data: data as Received['data'] })));
}
const callsOf = (a: Agent, id?: string) => inbox.get(a.userId)!.filter((r) => r.event === 'call' && (!id || r.data.id === id)).map((r) => r.data);


function send(body: unknown, o: { ip?: string; ts?: number; key?: string; raw?: string; sig?: string } = {}) {
  const raw = o.raw ?? JSON.stringify(body);
  const ts = String(o.ts ?? Math.floor(env.clock.now().getTime() / 1000));
  return env.app.inject({
    method: 'POST', url: '/api/telephony/events', remoteAddress: o.ip ?? `10.1.0.${++seq % 250}`,
    headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': o.sig ?? signWebhook(o.key ?? secret, ts, raw) },
    payload: raw,
  });
}
const callId = () => `cloud-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

async function customer(owner: Agent, first: string, last: string, phone: string, extra: Record<string, unknown> = {}) {
  const res = await owner.post('/api/customers', { kind: 'person', firstName: first, lastName: last, phones: [{ number: phone }], force: true, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; displayName: string };
}

beforeAll(async () => {
  webhookLimits.perMinute = 40;
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  support = await env.login('support');
  manager = await env.login('manager');
  for (const a of [admin, sales, support, manager]) listen(a);
}, 180_000);

afterAll(async () => {
  webhookLimits.perMinute = limitBefore;
  unsubs.forEach((u) => u());
  await env?.close();
});

describe('telephony settings', () => {
  it('are for admins; validate extensions, ring groups and users; keep the AMI secret write-only', async () => {
    expect((await sales.get('/api/telephony/settings')).statusCode).toBe(403);
    expect((await sales.put('/api/telephony/settings', { extensions: [] })).statusCode).toBe(403);
    const empty = (await admin.get('/api/telephony/settings')).json();
    expect(empty.extensions).toEqual([]);
    expect(empty.ami).toMatchObject({ enabled: false, port: 5038, secretSet: false, status: 'off' });
    expect(empty.webhook).toMatchObject({ secretSet: false, url: expect.stringMatching(/\/api\/telephony\/events$/) });

    const bad = await admin.put('/api/telephony/settings', {
      extensions: [{ extension: '101', userId: sales.userId }, { extension: '101', userId: support.userId }, { extension: '103', userId: '00000000-0000-4000-8000-000000000001' }],
      ringGroups: [{ number: '101', name: 'x', userIds: [sales.userId] }],
      recordingUrlTemplate: 'javascript:alert(1)',
    });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details)).toEqual(expect.arrayContaining(['extensions.1.extension', 'extensions.2.userId', 'ringGroups.0.number', 'recordingUrlTemplate']));
    expect((await admin.put('/api/telephony/settings', { extensions: [{ extension: '10a', userId: sales.userId }] })).statusCode).toBe(400);
    expect((await admin.put('/api/telephony/settings', { ami: { enabled: true, host: 'pbx.local' } })).json().error.details.ami).toMatch(/secret/);
    // Nothing of the refused changes was stored.
    expect((await admin.get('/api/telephony/settings')).json().extensions).toEqual([]);

    const ok = await admin.put('/api/telephony/settings', {
      extensions: [{ extension: '101', userId: sales.userId }, { extension: '102', userId: support.userId }, { extension: '103', userId: manager.userId }],
      ringGroups: [{ number: '600', name: 'فروش', userIds: [sales.userId, support.userId] }],
      internalNumbers: ['021-8888 0000'], trunkPrefixes: ['9'], recordingUrlTemplate: 'https://pbx.example/rec/{file}',
      ami: { host: '127.0.0.1', port: 1, username: 'mehvar', secret: 'ami-secret-1' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().ami).toMatchObject({ secretSet: true, enabled: false, username: 'mehvar' });
    expect(JSON.stringify(ok.json())).not.toContain('ami-secret-1');
    // The mask coming back keeps the stored secret.
    const again = await admin.put('/api/telephony/settings', { ami: { secret: '••••••', username: 'mehvar2' } });
    expect(again.json().ami).toMatchObject({ secretSet: true, username: 'mehvar2' });

    expect((await sales.get('/api/telephony/me')).json()).toEqual({ extension: '101', clickToCall: false });
    expect((await admin.get('/api/telephony/me')).json()).toEqual({ extension: null, clickToCall: false });
  });

  it('refuses webhook deliveries until a secret exists, then rotates with an hour of grace for the old one', async () => {
    const body = { callId: callId(), event: 'ringing', number: '09120000001', extensions: ['101'] };
    const none = await send(body, { key: 'anything' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toMatch(/no secret/);
    expect((await sales.post('/api/telephony/webhook-secret')).statusCode).toBe(403);
    const first = (await admin.post('/api/telephony/webhook-secret')).json().secret as string;
    const second = (await admin.post('/api/telephony/webhook-secret')).json().secret as string;
    expect(first).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    expect((await admin.get('/api/telephony/settings')).json().webhook.secretSet).toBe(true);
    expect((await send({ ...body, callId: callId() }, { key: first })).statusCode).toBe(202);
    env.clock.advance(61 * 60_000);
    expect((await send({ ...body, callId: callId() }, { key: first })).statusCode).toBe(401);
    expect((await send({ ...body, callId: callId() }, { key: second })).statusCode).toBe(202);
    secret = second;
  });
});

describe('the screen-pop', () => {
  let sara: { id: string; displayName: string };

  it('reaches the user of the ringing extension with the caller’s essentials, whatever format the PBX sends', async () => {
    sara = await customer(sales, 'سارا', 'کریمی', '09121234567', { tags: ['vip'], lifecycleStage: 'customer' });
    const task = await sales.post('/api/tasks', { title: 'ارسال کاتالوگ', customerId: sara.id, dueAt: '2026-11-25T08:00:00Z' });
    expect(task.statusCode, task.body).toBe(201);
    const ticket = await support.post('/api/tickets', { customerId: sara.id, channel: 'phone', subject: 'کولر خنک نمی‌کند', priority: 'high' });
    expect(ticket.statusCode, ticket.body).toBe(201);
    await sales.post('/api/interactions', { customerId: sara.id, kind: 'meeting', summary: 'جلسه معرفی محصول', occurredAt: '2026-11-20T08:00:00Z' });

    for (const [i, number] of ['989121234567', '+98 912 123 4567', '0098-912-123-4567', '9121234567', '909121234567', '۰۹۱۲۱۲۳۴۵۶۷'].entries()) {
      const id = callId();
      const res = await send({ callId: id, event: 'ringing', number, extensions: ['101'] });
      expect(res.statusCode, `${number}: ${res.body}`).toBe(202);
      const pop = await until(() => callsOf(sales).find((c) => c.matches[0]?.id === sara.id && c.status === 'ringing' && callsOf(sales).indexOf(c) >= i));
      expect(pop.number).toBe('+989121234567');
      const card = pop.matches[0];
      expect(card).toMatchObject({ displayName: sara.displayName, initials: 'سک', lifecycleStage: 'customer', tags: ['vip'], owner: { id: sales.userId } });
      expect(card.openTasks).toMatchObject({ count: 1, items: [{ title: 'ارسال کاتالوگ', isPromise: false }] });
      expect(card.openTickets).toMatchObject({ count: 1, items: [{ subject: 'کولر خنک نمی‌کند', status: 'new' }] });
      expect(card.lastInteraction).toMatchObject({ kind: 'meeting', summary: 'جلسه معرفی محصول' });
      expect(card.totalSpent).toBe('0');
      expect(pop.customer?.id).toBe(sara.id);
    }
    // Extension 101 is the seller's: nobody else got these.
    expect(callsOf(support).filter((c) => c.matches[0]?.id === sara.id)).toHaveLength(0);
    expect(callsOf(manager)).toHaveLength(0);
  });

  it('one call however often the event is delivered; a state never goes backwards', async () => {
    const id = callId();
    const ring = { callId: id, event: 'ringing', number: '09121234567', extensions: ['101'] };
    const first = (await send(ring)).json();
    const again = (await send(ring)).json();
    expect(first.applied).toBe(true);
    expect(again).toEqual({ callId: first.callId, applied: false });
    await send({ callId: id, event: 'answered', number: '09121234567', extensions: ['101'] });
    expect((await send(ring)).json().applied).toBe(false);
    const end = { callId: id, event: 'ended', number: '09121234567', extensions: ['101'], outcome: 'answered', durationSec: 75 };
    expect((await send(end)).json().applied).toBe(true);
    expect((await send(end)).json().applied).toBe(false);
    await until(() => callsOf(sales, first.callId).some((c) => c.status === 'completed'));
    const events = callsOf(sales, first.callId);
    expect(events.map((e) => e.status)).toEqual(['ringing', 'answered', 'completed']);
    const list = (await manager.get(`/api/telephony/calls?customerId=${sara.id}`)).json().items as CallView[];
    expect(list.filter((c) => c.id === first.callId)).toHaveLength(1);
    const tl = (await sales.get(`/api/customers/${sara.id}/timeline?limit=50`)).json();
    const calls = (tl.items as { kind: string; data: { id: string; kind: string; durationSec: number } }[]).filter((t) => t.kind === 'interaction' && t.data.kind === 'call');
    expect(calls.filter((c) => c.data.id === events.at(-1)!.interactionId)).toHaveLength(1);
  });

  it('rings a ring group; who answers takes it; the call lands on the timeline with its recording; notes and promises follow', async () => {
    const id = callId();
    const r = (await send({ callId: id, event: 'ringing', number: '+989121234567', extensions: ['600'] })).json();
    await until(() => callsOf(support, r.callId).length && callsOf(sales, r.callId).length);
    expect(callsOf(support, r.callId)[0].matches[0].displayName).toBe(sara.displayName);
    // Before anyone answers, both have it among their active calls (a reload restores the pop-up).
    expect(((await support.get('/api/telephony/calls/active')).json() as CallView[]).map((c) => c.id)).toContain(r.callId);
    await send({ callId: id, event: 'answered', number: '+989121234567', extensions: ['102'] });
    const taken = await until(() => callsOf(sales, r.callId).find((c) => c.status === 'answered'));
    expect(taken.agent).toMatchObject({ id: support.userId });
    expect(((await sales.get('/api/telephony/calls/active')).json() as CallView[]).map((c) => c.id)).not.toContain(r.callId);
    env.clock.advance(190_000);
    await send({ callId: id, event: 'ended', number: '+989121234567', outcome: 'answered', durationSec: 185, recording: '2026/11/23/in-101.wav' });
    const ended = await until(() => callsOf(support, r.callId).find((c) => c.status === 'completed'));
    expect(ended).toMatchObject({ durationSec: 185, outcome: 'answered', recordingUrl: 'https://pbx.example/rec/2026/11/23/in-101.wav', notesSaved: false });
    expect(((await support.get('/api/telephony/calls/active')).json() as CallView[]).map((c) => c.id)).toContain(r.callId);

    // Only the agent (or someone reading all interactions) may write its notes; the seller it also rang may read it.
    const notes = await support.post(`/api/telephony/calls/${r.callId}/notes`, {
      summary: 'مشتری از صدای کمپرسور شاکی بود', promises: [{ title: 'اعزام تکنسین', dueAt: '2026-11-24T06:30:00Z' }],
      oneChange: 'زمان ارسال تکنسین را از پیش بگویید',
    });
    expect(notes.statusCode, notes.body).toBe(200);
    expect(notes.json().notesSaved).toBe(true);
    // The scorecard exercise's question on the post-call form: the answer is in the feedback inbox, from a call.
    const inbox = (await manager.get('/api/feedback?pageSize=100')).json().items as { customerId: string; channel: string; text: string }[];
    expect(inbox.filter((f) => f.customerId === sara.id && f.text === 'زمان ارسال تکنسین را از پیش بگویید').map((f) => f.channel)).toEqual(['call']);
    const tl = (await manager.get(`/api/customers/${sara.id}`)).json();
    const item = tl.timeline.items.find((t: { data: { id: string } }) => t.data.id === ended.interactionId);
    expect(item.data).toMatchObject({ kind: 'call', direction: 'in', durationSec: 185, summary: 'مشتری از صدای کمپرسور شاکی بود', authorId: support.userId, recording: 'https://pbx.example/rec/2026/11/23/in-101.wav' });
    expect(tl.openPromises.map((p: { title: string }) => p.title)).toContain('اعزام تکنسین');
    expect(((await support.get('/api/telephony/calls/active')).json() as CallView[]).map((c) => c.id)).not.toContain(r.callId);
  });

  it('turns a missed call from a customer into a call-back task for the owner, and says so on the timeline', async () => {
    const id = callId();
    const r = (await send({ callId: id, event: 'ringing', number: '09121234567', extensions: ['102'] })).json();
    await send({ callId: id, event: 'ended', number: '09121234567', outcome: 'no_answer' });
    const missed = await until(() => callsOf(support, r.callId).find((c) => c.status === 'missed'));
    expect(missed.durationSec).toBe(0);
    const tasks = (await sales.get('/api/tasks?status=open&pageSize=100')).json().items as { title: string; customerId: string; assigneeId: string; priority: string }[];
    const callback = tasks.find((t) => t.title === `تماس با ${sara.displayName} (تماس بی‌پاسخ)` && t.customerId === sara.id);
    expect(callback).toMatchObject({ assigneeId: sales.userId, priority: 'high' });
    const tl = (await sales.get(`/api/customers/${sara.id}`)).json();
    expect(tl.timeline.items.find((t: { data: { id: string } }) => t.data.id === missed.interactionId).data).toMatchObject({ summary: 'تماس بی‌پاسخ', outcome: 'no_answer', durationSec: 0 });
    const listed = (await manager.get('/api/telephony/calls?status=missed')).json().items as CallView[];
    expect(listed.map((c) => c.id)).toContain(r.callId);
    expect(listed.every((c) => c.status === 'missed')).toBe(true);
  });

  it('an unknown caller: no card, a lead created from the pop-up and linked, the call filed under them', async () => {
    const id = callId();
    const r = (await send({ callId: id, event: 'ringing', number: '09351112233', extensions: ['101'] })).json();
    const pop = await until(() => callsOf(sales, r.callId)[0]);
    expect(pop).toMatchObject({ matches: [], matchCount: 0, customer: null, number: '+989351112233', numberValid: true });
    await send({ callId: id, event: 'answered', number: '09351112233', extensions: ['101'] });
    await send({ callId: id, event: 'ended', number: '09351112233', outcome: 'answered', durationSec: 40 });
    await until(() => callsOf(sales, r.callId).find((c) => c.status === 'completed'));
    const early = await sales.post(`/api/telephony/calls/${r.callId}/notes`, { summary: 'x' });
    expect(early.statusCode).toBe(422);
    const unknown = (await sales.get('/api/telephony/calls?unknown=true')).json().items as CallView[];
    expect(unknown.map((c) => c.id)).toContain(r.callId);

    const lead = await customer(sales, 'مهدی', 'رضایی', '+989351112233', { source: 'phone' });
    const linked = await sales.post(`/api/telephony/calls/${r.callId}/link`, { customerId: lead.id });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ customer: { id: lead.id }, matches: [{ id: lead.id }] });
    const tl = (await sales.get(`/api/customers/${lead.id}`)).json();
    expect(tl.timeline.items.some((t: { kind: string; data: { kind: string; durationSec: number } }) => t.kind === 'interaction' && t.data.kind === 'call' && t.data.durationSec === 40)).toBe(true);
    expect((await sales.post(`/api/telephony/calls/${r.callId}/notes`, { summary: 'مشتری جدید، قیمت خواست' })).statusCode).toBe(200);
    // Filed under the wrong person: linking again moves the call's timeline entry with it.
    const right = await customer(sales, 'مهدی', 'رضایی‌پور', '09351119999');
    expect((await sales.post(`/api/telephony/calls/${r.callId}/link`, { customerId: right.id })).statusCode).toBe(200);
    const callItems = async (id: string) => ((await sales.get(`/api/customers/${id}`)).json().timeline.items as { kind: string; data: { kind: string; durationSec: number } }[])
      .filter((t) => t.kind === 'interaction' && t.data.kind === 'call' && t.data.durationSec === 40);
    expect(await callItems(right.id)).toHaveLength(1);
    expect(await callItems(lead.id)).toHaveLength(0);
  });

  it('several customers on one number: a chooser, then linking one (and adding the number to another on request)', async () => {
    const a = await customer(sales, 'علی', 'محمدی', '02144556677');
    const b = await customer(support, 'شرکت', 'نمونه', '021-4455-6677');
    const id = callId();
    const r = (await send({ callId: id, event: 'ringing', number: '982144556677', extensions: ['101'] })).json();
    const pop = await until(() => callsOf(sales, r.callId)[0]);
    expect(pop.matchCount).toBe(2);
    expect(pop.customer).toBeNull();
    expect(pop.matches.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    const chosen = (await sales.post(`/api/telephony/calls/${r.callId}/link`, { customerId: b.id })).json();
    expect(chosen.customer.id).toBe(b.id);

    const c = await customer(sales, 'نرگس', 'احمدی', '09131112222');
    const id2 = callId();
    const r2 = (await send({ callId: id2, event: 'ringing', number: '09139998888', extensions: ['101'] })).json();
    await until(() => callsOf(sales, r2.callId)[0]);
    expect((await sales.post(`/api/telephony/calls/${r2.callId}/link`, { customerId: c.id, addPhone: true })).statusCode).toBe(200);
    const phones = (await sales.get(`/api/customers/${c.id}`)).json().customer.phones.map((p: { number: string }) => p.number);
    expect(phones).toEqual(['+989131112222', '+989139998888']);
  });

  it('shows a user only what they may see of the caller', async () => {
    const perms = {
      customers: { ops: ['read', 'create', 'update'], scope: 'own' }, interactions: { ops: ['read', 'create'], scope: 'own' },
      tasks: { ops: ['read', 'create'], scope: 'own' },
    };
    const role = await admin.post('/api/roles', { key: 'own_phone', name: 'اپراتور محدود', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    const u = await admin.post('/api/users', { email: 'operator@test.example', name: 'اپراتور', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
    const operator = await loginAs(env.app, 'operator@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    listen(operator);
    const settings = (await admin.get('/api/telephony/settings')).json();
    await admin.put('/api/telephony/settings', { extensions: [...settings.extensions, { extension: '104', userId: u.json().id }], ringGroups: [{ number: '600', name: 'فروش', userIds: [sales.userId, u.json().id] }] });
    const r = (await send({ callId: callId(), event: 'ringing', number: '09121234567', extensions: ['600'] })).json();
    const theirs = await until(() => callsOf(operator, r.callId)[0]);
    const seller = await until(() => callsOf(sales, r.callId)[0]);
    expect(seller.matches.map((m) => m.id)).toEqual([sara.id]);
    expect(theirs.matches).toEqual([]);
    expect(theirs.customer).toBeNull();
    expect(JSON.stringify(theirs)).not.toContain('سارا');
    // A call that did not ring them, of a customer they cannot see, does not exist for them.
    const other = (await send({ callId: callId(), event: 'ringing', number: '09121234567', extensions: ['101'] })).json();
    await until(() => callsOf(sales, other.callId)[0]);
    expect((await operator.get(`/api/telephony/calls/${other.callId}`)).statusCode).toBe(404);
    expect((await operator.post(`/api/telephony/calls/${other.callId}/dismiss`)).statusCode).toBe(404);
  });
});

describe('lost end events', () => {
  it('a call left ringing for 15 minutes is ended as missed, and its pop-ups are told', async () => {
    const r = (await send({ callId: callId(), event: 'ringing', number: '09121234567', extensions: ['101'] })).json();
    await until(() => callsOf(sales, r.callId)[0]);
    await withTx(env.rt.database, (tx) => expireStaleCalls(tx, env.clock));
    expect((await sales.get(`/api/telephony/calls/${r.callId}`)).json().status).toBe('ringing');
    env.clock.advance(16 * 60_000);
    expect(await withTx(env.rt.database, (tx) => expireStaleCalls(tx, env.clock))).toBeGreaterThanOrEqual(1);
    const closed = await until(() => callsOf(sales, r.callId).find((c) => c.status === 'missed'));
    expect(closed.outcome).toBe('no_answer');
    expect(((await manager.get('/api/telephony/calls?status=ringing&limit=200')).json().items as CallView[]).filter((c) => Date.parse(c.startedAt) < env.clock.now().getTime() - 15 * 60_000)).toEqual([]);
  });

  it('a call answered 4 hours ago whose hang-up never came is ended as answered, its end and duration unknown', async () => {
    const id = callId();
    const r = (await send({ callId: id, event: 'ringing', number: '09121234567', extensions: ['101'] })).json();
    await send({ callId: id, event: 'answered', number: '09121234567', extensions: ['101'] });
    await until(() => callsOf(sales, r.callId).find((c) => c.status === 'answered'));
    env.clock.advance(3 * 3_600_000); // a long call is still a call
    await withTx(env.rt.database, (tx) => expireStaleCalls(tx, env.clock));
    expect((await sales.get(`/api/telephony/calls/${r.callId}`)).json().status).toBe('answered');
    env.clock.advance(3_600_000 + 60_000);
    expect(await withTx(env.rt.database, (tx) => expireStaleCalls(tx, env.clock))).toBeGreaterThanOrEqual(1);
    const closed = await until(() => callsOf(sales, r.callId).find((c) => c.status === 'completed'));
    expect(closed).toMatchObject({ outcome: 'answered', endedAt: null, durationSec: null });
    expect(((await sales.get('/api/telephony/calls/active')).json() as CallView[]).map((c) => c.id)).not.toContain(r.callId);
    // On the timeline as an answered call, with no made-up length.
    expect(closed.customer).not.toBeNull();
    const tl = (await sales.get(`/api/customers/${closed.customer!.id}`)).json();
    expect(tl.timeline.items.find((t: { data: { id: string } }) => t.data.id === closed.interactionId).data).toMatchObject({ summary: 'تماس ورودی، پاسخ داده شد', outcome: 'answered', durationSec: null });
    // The hang-up arriving after all changes nothing.
    expect((await send({ callId: id, event: 'ended', number: '09121234567', outcome: 'answered', durationSec: 60 })).json().applied).toBe(false);
  });
});

describe('bad input', () => {
  it('refuses bad signatures, stale or missing timestamps, malformed bodies; keeps numbers with letters as unknown callers', async () => {
    const body = { callId: callId(), event: 'ringing', number: '09121234567', extensions: ['101'] };
    expect((await send(body, { key: 'whsec_wrong' })).json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Bad signature' });
    expect((await send(body, { sig: 'md5=abc' })).statusCode).toBe(401);
    const stale = await send(body, { ts: Math.floor(env.clock.now().getTime() / 1000) - 3600 });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error.message).toMatch(/Stale timestamp/);
    const noTs = await env.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body), remoteAddress: '10.9.9.9' });
    expect(noTs.statusCode).toBe(401);
    // Signed but not JSON, or not a call event: 400 with the fields, never a stack trace.
    const notJson = await send(null, { raw: '{"callId": "x", ' });
    expect(notJson.statusCode).toBe(400);
    const invalid = await send({ callId: '', event: 'exploded', number: '0912', extensions: ['abc'] });
    expect(invalid.statusCode).toBe(400);
    expect(Object.keys(invalid.json().error.details)).toEqual(expect.arrayContaining(['callId', 'event', 'extensions.0']));
    expect(invalid.body).not.toMatch(/at .*\.ts/);
    // A tampered body with the original signature is refused.
    const raw = JSON.stringify(body);
    const ts = String(Math.floor(env.clock.now().getTime() / 1000));
    const tampered = await env.app.inject({
      method: 'POST', url: '/api/telephony/events', remoteAddress: '10.9.9.8',
      headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, raw) },
      payload: raw.replace('101', '102'),
    });
    expect(tampered.statusCode).toBe(401);

    for (const number of ['Anonymous', '0912-ABC-4567', '<script>alert(1)</script>']) {
      const r = await send({ callId: callId(), event: 'ringing', number, extensions: ['101'] });
      expect(r.statusCode, r.body).toBe(202);
      const pop = await until(() => callsOf(sales, r.json().callId)[0]);
      expect(pop).toMatchObject({ numberValid: false, matches: [], customer: null });
      expect(pop.number).not.toContain('<');
    }
    // Calls between extensions and the company's own lines are not customer calls.
    expect((await send({ callId: callId(), event: 'ringing', number: '102', extensions: ['101'] })).json()).toMatchObject({ callId: null, ignored: 'internal' });
    expect((await send({ callId: callId(), event: 'ringing', number: '+982188880000', extensions: ['101'] })).json().ignored).toBe('internal');
    // Not JSON at all, or no body: a clear refusal in the one error shape.
    const plain = await env.app.inject({ method: 'POST', url: '/api/telephony/events', headers: { 'content-type': 'text/plain' }, payload: 'ring ring', remoteAddress: '10.9.9.7' });
    expect([400, 401, 415]).toContain(plain.statusCode);
    expect(plain.json().error.code).toBeTruthy();
    const empty = await env.app.inject({ method: 'POST', url: '/api/telephony/events', remoteAddress: '10.9.9.6' });
    expect(empty.statusCode).toBeLessThan(500);
    expect(empty.json().error.code).toBeTruthy();
    expect((await env.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('rate-limits a flood from one address and keeps serving others', async () => {
    const codes: number[] = [];
    for (let i = 0; i < webhookLimits.perMinute + 5; i++) codes.push((await send({ callId: `flood-${i}`, event: 'ringing', number: 'x', extensions: [] }, { ip: '10.66.0.1', sig: 'sha256=' + '0'.repeat(64) })).statusCode);
    expect(codes.slice(0, webhookLimits.perMinute).every((c) => c === 401)).toBe(true);
    expect(codes.slice(webhookLimits.perMinute)).toEqual([429, 429, 429, 429, 429]);
    expect((await send({ callId: callId(), event: 'ringing', number: '09121234567', extensions: ['101'] }, { ip: '10.66.0.2' })).statusCode).toBe(202);
  });
});

describe('the calls log', () => {
  it('pages newest first with a cursor, filters by direction, and hides other people’s calls from own-scope roles', async () => {
    const p1 = (await manager.get('/api/telephony/calls?limit=3')).json();
    expect(p1.items).toHaveLength(3);
    const p2 = (await manager.get(`/api/telephony/calls?limit=3&cursor=${p1.nextCursor}`)).json();
    const t = [...p1.items, ...p2.items].map((c: CallView) => Date.parse(c.startedAt));
    expect(t).toEqual([...t].sort((a, b) => b - a));
    expect(new Set([...p1.items, ...p2.items].map((c: CallView) => c.id)).size).toBe(6);
    expect((await manager.get('/api/telephony/calls?direction=out')).json().items).toEqual([]);
    expect((await manager.get('/api/telephony/calls?cursor=bm9wZQ')).statusCode).toBe(400);
    const operator = await loginAs(env.app, 'operator@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    // An unknown caller on the operator's own extension is theirs to see; the ring-group call of a customer they cannot see is not.
    const own = (await send({ callId: callId(), event: 'ringing', number: '09357778899', extensions: ['104'] })).json();
    const mine = (await operator.get('/api/telephony/calls?limit=200')).json().items as CallView[];
    const all = (await manager.get('/api/telephony/calls?limit=200')).json().items as CallView[];
    expect(mine.map((c) => c.id)).toEqual([own.callId]);
    expect(all.length).toBeGreaterThan(10);
  });
});
