/**
 * Support tickets through the HTTP API: opening, SLA deadlines in business hours (controllable clock), queues,
 * assignment rules, the conversation (replies sent through the outbox, notes, summaries on the 360° timeline),
 * waiting on the customer, closing and reopening, merging, and what each role may do.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { smsWebhookToken } from '../messaging/index.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let support: Agent;
let support2: Agent;
let sales: Agent;
let marketing: Agent;

// The harness clock starts at 2026-11-23T08:00:00Z: Monday 11:30 in Tehran.
const START = '2026-11-23T08:00:00Z';

type Sla = { firstResponse: { state: string; dueAt: string | null }; resolution: { state: string; dueAt: string | null }; breached: boolean };
type Ticket = { id: string; number: number; status: string; priority: string; assigneeId: string | null; sla: Sla; mergedIntoId: string | null; firstResponseAt: string | null; resolvedAt: string | null; closedAt: string | null };

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  manager = await env.login('manager');
  support = await env.login('support');
  support2 = await env.login('support');
  sales = await env.login('sales');
  marketing = await env.login('marketing');
});
afterAll(async () => env?.close());

async function customer(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await support.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'محمدی', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function ticket(agent: Agent, body: Record<string, unknown>): Promise<Ticket> {
  const res = await agent.post('/api/tickets', { channel: 'phone', subject: 'یخچال خنک نمی‌کند', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const count = async (table: 'ticket_messages' | 'outbox' | 'tickets') =>
  Number(((await env.rt.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))).rows[0] as { n: number }).n);

describe('tickets', () => {
  it('opens a ticket with SLA deadlines counted in business hours (Sat–Wed 8–17, Thu 8–13)', async () => {
    env.clock.set(START);
    const customerId = await customer();
    const t = await ticket(support, { customerId, description: 'از دیروز صدای کمپرسور قطع شده', priority: 'normal' });
    expect(t.status).toBe('new');
    expect(t.number).toBeGreaterThan(0);
    // normal: first response in 8 business hours — Mon 11:30→17:00 is 5.5 h, then Tue 08:00 + 2.5 h = Tue 10:30 Tehran.
    expect(t.sla.firstResponse).toEqual({ state: 'ok', dueAt: '2026-11-24T07:00:00.000Z' });
    // resolution in 45 business hours: Mon 5.5 + Tue 9 + Wed 9 + Thu 5 + Sat 9 = 37.5, Friday closed, Sun 08:00 + 7.5 h = 15:30.
    expect(t.sla.resolution).toEqual({ state: 'ok', dueAt: '2026-11-29T12:00:00.000Z' });
  });

  it('rejects bad input with the error shape, writing nothing', async () => {
    const customerId = await customer();
    const before = await count('tickets');
    const missing = await support.post('/api/tickets', { customerId, channel: 'phone' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    expect((await support.post('/api/tickets', { customerId, channel: 'fax', subject: 'x' })).statusCode).toBe(400);
    expect((await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'x', description: 'ب'.repeat(20_001) })).statusCode).toBe(400);
    expect((await support.post('/api/tickets', { customerId: '00000000-0000-4000-8000-000000000000', channel: 'phone', subject: 'x' })).statusCode).toBe(404);
    expect((await support.post('/api/tickets', { customerId, channel: 'phone', subject: 'x', productId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect(await count('tickets')).toBe(before);
  });

  it('keeps script-bearing text as text', async () => {
    const customerId = await customer();
    const t = await ticket(support, { customerId, subject: '<script>alert(1)</script> ماشین لباسشویی', description: '<img src=x onerror=alert(1)>' });
    const got = (await support.get(`/api/tickets/${t.id}`)).json();
    expect(got.ticket.subject).toBe('<script>alert(1)</script> ماشین لباسشویی');
    expect(got.ticket.description).toBe('<img src=x onerror=alert(1)>');
  });

  it('assigns only to active users whose role works on tickets; assigning a new ticket opens it', async () => {
    const customerId = await customer();
    const t = await ticket(support, { customerId });
    const toSales = await support.patch(`/api/tickets/${t.id}`, { assigneeId: sales.userId });
    expect(toSales.statusCode).toBe(422);
    expect(toSales.json().error.message).toMatch(/support tickets/);
    expect((await support.get(`/api/tickets/${t.id}`)).json().ticket.assigneeId).toBeNull();
    const ok = await support.patch(`/api/tickets/${t.id}`, { assigneeId: support2.userId });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ assigneeId: support2.userId, status: 'open' });
    const audit = (await env.rt.database.db.execute(sql`SELECT field, new_value FROM audit_log WHERE entity_type = 'ticket' AND entity_id = ${t.id} AND action = 'update' ORDER BY field`)).rows;
    expect(audit.map((a) => a.field)).toEqual(['assigneeId', 'status']);
  });

  it('lists queues: mine, unassigned, breaching', async () => {
    env.clock.set(START);
    const customerId = await customer();
    const mine = await ticket(support, { customerId, assigneeId: support.userId, subject: 'صف من' });
    const loose = await ticket(support, { customerId, subject: 'بدون مسئول' });
    const ids = async (queue: string) => (await support.get(`/api/tickets?queue=${queue}&pageSize=200&customerId=${customerId}`)).json().items.map((t: Ticket) => t.id);
    expect(await ids('mine')).toEqual([mine.id]);
    expect(await ids('unassigned')).toEqual([loose.id]);
    expect(await ids('breaching')).toEqual([]);
    // Monday 16:00 Tehran: both first responses (due Tuesday 10:30) are not within 2 h yet; Tuesday 09:00 they are.
    env.clock.set('2026-11-24T05:30:00Z');
    expect((await ids('breaching')).sort()).toEqual([mine.id, loose.id].sort());
    const found = (await support.get(`/api/tickets?q=${encodeURIComponent('بدون مسيول')}&customerId=${customerId}`)).json();
    expect(found.items.map((t: Ticket) => t.id)).toEqual([loose.id]);
    env.clock.set(START);
  });

  it('shows warning then breach as the clock runs out, and counts a late reply as breached', async () => {
    env.clock.set(START);
    const customerId = await customer();
    const t = await ticket(support, { customerId, priority: 'urgent' });
    // urgent: first response in 1 business hour → 12:30 Tehran = 09:00Z.
    expect(t.sla.firstResponse.dueAt).toBe('2026-11-23T09:00:00.000Z');
    env.clock.set('2026-11-23T08:30:00Z');
    expect((await support.get(`/api/tickets/${t.id}`)).json().ticket.sla.firstResponse.state).toBe('warning');
    env.clock.set('2026-11-23T09:00:01Z');
    const late = (await support.get(`/api/tickets/${t.id}`)).json().ticket as Ticket;
    expect(late.sla.firstResponse.state).toBe('breached');
    expect(late.sla.breached).toBe(true);
    await support.post(`/api/tickets/${t.id}/messages`, { kind: 'reply', body: 'در حال بررسی هستیم' });
    expect((await support.get(`/api/tickets/${t.id}`)).json().ticket.sla.firstResponse.state).toBe('breached');
    env.clock.set(START);
  });

  it('keeps the conversation: reply, the customer\'s words, notes and summaries; summaries and the opening are on the 360° timeline', async () => {
    env.clock.set(START);
    const customerId = await customer();
    const t = await ticket(support, { customerId });
    const reply = await support.post(`/api/tickets/${t.id}/messages`, { kind: 'reply', body: 'تکنسین فردا ساعت ۱۰ می‌آید' });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().ticket.firstResponseAt).toBe(new Date(START).toISOString());
    expect(reply.json().ticket.sla.firstResponse.state).toBe('met');
    await support.post(`/api/tickets/${t.id}/messages`, { kind: 'note', body: 'قطعه در انبار موجود است' });
    await support.post(`/api/tickets/${t.id}/messages`, { kind: 'summary', body: 'کمپرسور تعویض شد؛ مشتری راضی بود' });
    const got = (await support.get(`/api/tickets/${t.id}`)).json();
    expect(got.messages.map((m: { kind: string }) => m.kind)).toEqual(['reply', 'note', 'summary']);
    const view = (await manager.get(`/api/customers/${customerId}`)).json();
    const items = view.timeline.items.filter((i: { kind: string }) => i.kind === 'ticket');
    expect(items.map((i: { data: { event: string } }) => i.data.event).sort()).toEqual(['opened', 'summary']);
    expect(items.find((i: { data: { event: string } }) => i.data.event === 'summary').data.body).toBe('کمپرسور تعویض شد؛ مشتری راضی بود');
    expect(view.tickets).toMatchObject({ openCount: 1, totalCount: 1 });
    // Internal notes never reach the customer's timeline.
    expect(JSON.stringify(view.timeline)).not.toContain('قطعه در انبار');
  });

  it('sends a reply by SMS through the outbox only with consent; without it nothing is written', async () => {
    const withConsent = await customer({ phones: [{ number: '0912 111 2233' }], smsConsent: true });
    const t = await ticket(support, { customerId: withConsent });
    const sent = await support.post(`/api/tickets/${t.id}/messages`, { kind: 'reply', body: 'درخواست شما ثبت شد', send: 'sms' });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().message).toMatchObject({ channel: 'sms', messageStatus: 'queued' });
    const out = (await env.rt.database.db.execute(sql`SELECT o.recipient, o.payload FROM outbox o JOIN messages m ON m.outbox_id = o.id WHERE m.subject_type = 'ticket' AND m.subject_id = ${t.id}`)).rows as { recipient: string; payload: { text: string } }[];
    expect(out).toHaveLength(1);
    expect(out[0].recipient).toBe('+989121112233');
    expect(out[0].payload.text).toContain(`#${t.number}`);

    const noConsent = await customer({ phones: [{ number: '0912 111 4455' }] });
    const t2 = await ticket(support, { customerId: noConsent });
    const [messagesBefore, outboxBefore] = [await count('ticket_messages'), await count('outbox')];
    const refused = await support.post(`/api/tickets/${t2.id}/messages`, { kind: 'reply', body: 'سلام', send: 'sms' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details).toEqual({ send: 'no SMS consent' });
    expect([await count('ticket_messages'), await count('outbox')]).toEqual([messagesBefore, outboxBefore]);
    expect((await support.post(`/api/tickets/${t2.id}/messages`, { kind: 'reply', body: 'x', send: 'email' })).statusCode).toBe(422);
    expect((await support.post(`/api/tickets/${t2.id}/messages`, { kind: 'note', body: 'x', send: 'sms' })).statusCode).toBe(400);
  });

  it('adds a customer\'s SMS to their ticket: the one it quotes (#number, Persian digits too), else the one last answered by SMS; a resolved ticket reopens', async () => {
    const put = await env.app.inject({ method: 'PUT', url: '/api/settings/channels/sms', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' } });
    expect(put.statusCode, put.body).toBe(200);
    const customerId = await customer({ phones: [{ number: '0912 777 8899' }], smsConsent: true });
    const answered = await ticket(support, { customerId, subject: 'تلویزیون تصویر ندارد' });
    const other = await ticket(support, { customerId, subject: 'فاکتور اشتباه' });
    await support.post(`/api/tickets/${answered.id}/messages`, { kind: 'reply', body: 'دستگاه را خاموش و روشن کنید', send: 'sms' });
    await support.patch(`/api/tickets/${answered.id}`, { status: 'resolved' });
    const token = smsWebhookToken(env.rt.secret);
    const inbound = (id: number, text: string) => env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=${id}&from=09127778899&to=10004346&message=${encodeURIComponent(text)}` });
    expect((await inbound(880001, 'باز هم تصویر نمی‌آید')).json()).toMatchObject({ received: 1 });
    const back = (await support.get(`/api/tickets/${answered.id}`)).json();
    expect(back.ticket).toMatchObject({ status: 'open', resolvedAt: null });
    expect(back.messages.at(-1)).toMatchObject({ kind: 'customer', channel: 'sms', body: 'باز هم تصویر نمی‌آید' });
    expect((await inbound(880002, `درباره تیکت #${toPersianDigits(other.number)} مبلغ را اصلاح کنید`)).json()).toMatchObject({ received: 1 });
    expect((await support.get(`/api/tickets/${other.id}`)).json().messages.at(-1)).toMatchObject({ kind: 'customer', channel: 'sms' });
    expect((await support.get(`/api/tickets/${answered.id}`)).json().messages).toHaveLength(back.messages.length);
  });

  it('stops the resolution clock while waiting on the customer', async () => {
    env.clock.set(START);
    const customerId = await customer();
    const t = await ticket(support, { customerId, assigneeId: support.userId });
    const due = t.sla.resolution.dueAt;
    // Waiting on the customer from Monday 12:30 to Tuesday 10:30 Tehran: 4.5 + 2.5 = 7 business hours.
    env.clock.set('2026-11-23T09:00:00Z');
    const waiting = (await support.patch(`/api/tickets/${t.id}`, { status: 'waiting_customer' })).json() as Ticket;
    expect(waiting.sla.resolution.state).toBe('paused');
    env.clock.set('2026-11-24T07:00:00Z');
    const back = (await support.post(`/api/tickets/${t.id}/messages`, { kind: 'customer', body: 'عکس پلاک دستگاه را فرستادم' })).json().ticket as Ticket;
    expect(back.status).toBe('open');
    // Sunday 15:30 + 7 business hours: Sun 1.5 h, Mon 5.5 h → Monday 13:30 Tehran.
    expect(due).toBe('2026-11-29T12:00:00.000Z');
    expect(back.sla.resolution.dueAt).toBe('2026-11-30T10:00:00.000Z');
    env.clock.set(START);
  });

  it('refuses replies on a closed ticket (409, nothing written); reopening works; a customer reply reopens a resolved one', async () => {
    const customerId = await customer();
    const t = await ticket(support, { customerId, assigneeId: support.userId });
    const resolved = (await support.patch(`/api/tickets/${t.id}`, { status: 'resolved' })).json() as Ticket;
    expect(resolved.resolvedAt).not.toBeNull();
    const reopened = (await support.post(`/api/tickets/${t.id}/messages`, { kind: 'customer', body: 'باز هم همان مشکل' })).json().ticket as Ticket;
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null });
    await support.patch(`/api/tickets/${t.id}`, { status: 'closed' });
    const before = await count('ticket_messages');
    const refused = await support.post(`/api/tickets/${t.id}/messages`, { kind: 'reply', body: 'سلام' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    expect(await count('ticket_messages')).toBe(before);
    expect((await support.patch(`/api/tickets/${t.id}`, { priority: 'high' })).statusCode).toBe(409);
    expect((await support.patch(`/api/tickets/${t.id}`, { status: 'waiting_customer' })).statusCode).toBe(409);
    const open = await support.patch(`/api/tickets/${t.id}`, { status: 'open' });
    expect(open.json()).toMatchObject({ status: 'open', closedAt: null });
  });

  it('merges a duplicate into a ticket of the same customer', async () => {
    const customerId = await customer();
    const keep = await ticket(support, { customerId, subject: 'کولر آب می‌دهد' });
    const dup = await ticket(support, { customerId, subject: 'چکه آب از کولر', description: 'زیر کولر خیس است' });
    const merged = await support.post(`/api/tickets/${dup.id}/merge`, { intoId: keep.id });
    expect(merged.statusCode, merged.body).toBe(200);
    const gone = (await support.get(`/api/tickets/${dup.id}`)).json().ticket as Ticket;
    expect(gone).toMatchObject({ status: 'closed', mergedIntoId: keep.id });
    const kept = (await support.get(`/api/tickets/${keep.id}`)).json();
    expect(kept.messages.at(-1).body).toContain('زیر کولر خیس است');
    expect((await support.post(`/api/tickets/${dup.id}/merge`, { intoId: keep.id })).statusCode).toBe(409);
    const other = await ticket(support, { customerId: await customer() });
    expect((await support.post(`/api/tickets/${other.id}/merge`, { intoId: keep.id })).statusCode).toBe(422);
    expect((await support.post(`/api/tickets/${keep.id}/merge`, { intoId: keep.id })).statusCode).toBe(400);
  });

  it('lets each role do only what it may, and a denied change leaves the ticket unchanged', async () => {
    const customerId = await customer();
    const t = await ticket(sales, { customerId }); // sales may open tickets for the customers they talk to
    expect((await marketing.get(`/api/tickets/${t.id}`)).statusCode).toBe(200);
    expect((await marketing.post('/api/tickets', { customerId, channel: 'phone', subject: 'x' })).statusCode).toBe(403);
    const denied = await sales.patch(`/api/tickets/${t.id}`, { priority: 'urgent' });
    expect(denied.statusCode).toBe(403);
    expect((await support.get(`/api/tickets/${t.id}`)).json().ticket.priority).toBe('normal');
    expect((await sales.post(`/api/tickets/${t.id}/messages`, { kind: 'note', body: 'x' })).statusCode).toBe(403);
  });
});

describe('SLA settings', () => {
  const put = (agent: Agent, url: string, body: unknown) =>
    env.app.inject({ method: 'PUT', url, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf }, payload: body as never });

  it('rejects impossible business hours naming the field, and uses a saved calendar for new tickets', async () => {
    const week = (day: { start: string; end: string }[]) => Array.from({ length: 7 }, () => day);
    const bad = await put(admin, '/api/support/calendar', { weeklyHours: week([{ start: '17:00', end: '08:00' }]) });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error)).toMatch(/weeklyHours/);
    expect((await put(admin, '/api/support/calendar', { weeklyHours: week([{ start: '25:00', end: '26:00' }]) })).statusCode).toBe(400);
    expect((await put(admin, '/api/support/calendar', { timeZone: 'Mars/Olympus' })).statusCode).toBe(400);
    expect((await put(support, '/api/support/calendar', {})).statusCode).toBe(403);

    // Open every day 00:00–24:00 in UTC: a normal ticket's first response is due exactly 8 hours later.
    const ok = await put(admin, '/api/support/calendar', { timeZone: 'UTC', weeklyHours: week([{ start: '00:00', end: '24:00' }]) });
    expect(ok.statusCode, ok.body).toBe(200);
    env.clock.set(START);
    const t = await ticket(support, { customerId: await customer() });
    expect(t.sla.firstResponse.dueAt).toBe('2026-11-23T16:00:00.000Z');
    expect((await put(admin, '/api/support/calendar', {})).statusCode).toBe(200); // back to the default week
  });

  it('validates SLA policies and refuses a second policy for the same priority', async () => {
    const policies = (await support.get('/api/support/sla-policies')).json().items as { id: string; priority: string; firstResponseMinutes: number }[];
    expect(policies.map((p) => p.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    const backwards = await admin.post('/api/support/sla-policies', { name: 'x', priority: 'low', contractLevel: 'gold', firstResponseMinutes: 600, resolutionMinutes: 60 });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json().error)).toMatch(/firstResponseMinutes/);
    expect((await admin.post('/api/support/sla-policies', { name: 'x', priority: 'low', firstResponseMinutes: 60, resolutionMinutes: 600 })).statusCode).toBe(409);
    const gold = await admin.post('/api/support/sla-policies', { name: 'طلایی', priority: 'urgent', contractLevel: 'gold', firstResponseMinutes: 15, resolutionMinutes: 120 });
    expect(gold.statusCode, gold.body).toBe(201);
    const urgent = policies.find((p) => p.priority === 'urgent')!;
    const changed = await put(admin, `/api/support/sla-policies/${urgent.id}`, { name: 'فوری', priority: 'urgent', firstResponseMinutes: 30, resolutionMinutes: 240 });
    expect(changed.statusCode, changed.body).toBe(200);
    env.clock.set(START);
    const t = await ticket(support, { customerId: await customer(), priority: 'urgent' });
    expect(t.sla.firstResponse.dueAt).toBe('2026-11-23T08:30:00.000Z');
  });
});

describe('tickets scope', () => {
  // own: assigned to or opened by me; team: also the tickets of my team or assigned to one of its members.
  it('own and team: the ticket list and the customer’s audit trail show exactly the tickets the scope allows', async () => {
    const permissions = (scope: 'own' | 'team') => ({
      customers: { ops: ['read'], scope: 'all' }, tickets: { ops: ['read', 'create', 'update'], scope }, audit: { ops: ['read'], scope: 'all' },
    });
    for (const scope of ['own', 'team'] as const) {
      const role = await admin.post('/api/roles', { key: `tickets_${scope}`, name: `تیکت ${scope}`, permissions: permissions(scope) });
      expect(role.statusCode, role.body).toBe(201);
    }
    const teamA = await env.team('پشتیبانی الف');
    const teamB = await env.team('پشتیبانی ب');
    const own = await env.login('tickets_own' as never, { teamId: teamA });
    const teamer = await env.login('tickets_team' as never, { teamId: teamA });
    const mate = await env.login('support', { teamId: teamA });
    const outsider = await env.login('support', { teamId: teamB });
    const customerId = await customer();
    const t1 = (await ticket(admin, { customerId, assigneeId: own.userId })).id; // assigned to me
    const t2 = (await ticket(admin, { customerId, assigneeId: mate.userId })).id; // assigned to a member of team A
    const t3 = (await ticket(admin, { customerId, assigneeId: outsider.userId, teamId: teamA })).id; // team A's
    const t4 = (await ticket(admin, { customerId, assigneeId: outsider.userId, teamId: teamB })).id; // nobody's here
    const t5 = (await ticket(own, { customerId, assigneeId: outsider.userId, teamId: teamB })).id; // opened by me
    for (const id of [t1, t2, t3, t4, t5]) expect((await admin.patch(`/api/tickets/${id}`, { priority: 'high' })).statusCode).toBe(200);
    const all = [t1, t2, t3, t4, t5];

    const seen = async (agent: Agent) => {
      const list = await agent.get(`/api/tickets?customerId=${customerId}&pageSize=200`);
      expect(list.statusCode, list.body).toBe(200);
      const audit = await agent.get(`/api/customers/${customerId}/audit?limit=200`);
      expect(audit.statusCode, audit.body).toBe(200);
      const audited = (audit.json().items as { entityType: string; entityId: string }[]).filter((a) => a.entityType === 'ticket').map((a) => a.entityId);
      return {
        list: all.filter((id) => (list.json().items as { id: string }[]).some((t) => t.id === id)),
        audit: all.filter((id) => audited.includes(id)),
      };
    };
    expect(await seen(own)).toEqual({ list: [t1, t5], audit: [t1, t5] });
    expect(await seen(teamer)).toEqual({ list: [t1, t2, t3], audit: [t1, t2, t3] });
    expect(await seen(admin)).toEqual({ list: all, audit: all });
  });
});
