/**
 * The triggers of issue 18: a named field changed (customer.updated carries changedFields), a lifecycle stage changed
 * (from/to), a deal moved to a stage, a ticket opened / resolved, an SLA clock run out (once per breach), a survey
 * answered, a missed call, a health band change and churn risk turning high (once per crossing), an active contract
 * ending in N days, and N days since the last interaction. Each rule adds a tag, so a run is seen on the customer.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createHmac } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { withTx } from '../../db/tx.ts';
import { automationTick, processDueRuns } from './index.ts';
import { watchSla } from '../support/index.ts';
import { customerScores, recordScoreHistory } from '../insights/index.ts';

let env: TestEnv;
let admin: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const db = () => env.rt.database;

async function customer(lastName: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName, smsConsent: true, force: true, phones: [{ number: `0912${Math.floor(1e6 + Math.random() * 8e6)}` }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
async function rule(name: string, trigger: Record<string, unknown>, tag = name) {
  const res = await admin.post('/api/automations', { name, trigger, enabled: true, actions: [{ kind: 'addTag', tag }] });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const runsOf = (automationId: string) => rows<{ customer_id: string; status: string; occurrence: string }>(sql`SELECT customer_id, status, occurrence FROM automation_runs WHERE automation_id = ${automationId} ORDER BY created_at, id`);
const tagsOf = async (id: string) => (await rows<{ tags: string[] }>(sql`SELECT tags FROM customers WHERE id = ${id}`))[0].tags;
const off = (id: string) => admin.patch(`/api/automations/${id}`, { enabled: false });

beforeAll(async () => {
  // Sunday 2026-12-06 08:00 UTC = 11:30 in Tehran (a working day of the support calendar).
  env = await createTestEnv({ start: '2026-12-06T08:00:00Z' });
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => env?.close());

describe('record triggers with filters', () => {
  it('customer.updated with a field: only an update that changed that field starts it; the webhook payload lists the changed fields', async () => {
    const id = await rule('شهر عوض شد', { kind: 'event', event: 'customer.updated', field: 'city' });
    const ep = await admin.post('/api/webhooks', { url: 'http://127.0.0.1:9/never-called', events: ['customer.updated'] });
    expect(ep.statusCode, ep.body).toBe(201);
    const c = await customer('شهری', { city: 'تهران' });
    expect((await admin.patch(`/api/customers/${c}`, { lastName: 'شهری‌تر' })).statusCode).toBe(200);
    await processDueRuns(db(), env.clock);
    expect(await runsOf(id)).toHaveLength(0);
    expect((await admin.patch(`/api/customers/${c}`, { city: 'اصفهان' })).statusCode).toBe(200);
    await processDueRuns(db(), env.clock);
    expect((await runsOf(id)).map((r) => r.status)).toEqual(['done']);
    expect(await tagsOf(c)).toEqual(['شهر عوض شد']);
    const sent = await rows<{ payload: { changedFields: string[] } }>(sql`SELECT payload FROM webhook_events WHERE endpoint_id = ${ep.json().id} ORDER BY created_at, id`);
    // The name change, the city change, then the tag the automation added.
    expect(sent.map((e) => e.payload.changedFields)).toEqual([['lastName'], ['city'], ['tags']]);
    await admin.del(`/api/webhooks/${ep.json().id}`);
    // The same city again changes nothing: no field changed, no run.
    await admin.patch(`/api/customers/${c}`, { city: 'اصفهان' });
    await processDueRuns(db(), env.clock);
    expect(await runsOf(id)).toHaveLength(1);
    await off(id);
  });

  it('customer.stage_changed from lead to customer only', async () => {
    const id = await rule('مشتری شد', { kind: 'event', event: 'customer.stage_changed', from: 'lead', to: 'customer' });
    const a = await customer('سرنخ', { lifecycleStage: 'lead' });
    const b = await customer('بالقوه', { lifecycleStage: 'lead' });
    await admin.patch(`/api/customers/${b}`, { lifecycleStage: 'prospect' });
    await admin.patch(`/api/customers/${b}`, { lifecycleStage: 'customer' }); // from prospect: not this rule
    await admin.patch(`/api/customers/${a}`, { lifecycleStage: 'customer' });
    await processDueRuns(db(), env.clock);
    expect((await runsOf(id)).map((r) => r.customer_id)).toEqual([a]);
    expect(await tagsOf(b)).toEqual([]);
    await off(id);
  });

  it('deal.stage_changed to a chosen stage (not only won or lost)', async () => {
    const pipeline = (await admin.get('/api/pipelines')).json().items[0] as { stages: { id: string; name: string; outcome: string }[] };
    const open = pipeline.stages.filter((s) => s.outcome === 'open');
    expect(open.length).toBeGreaterThanOrEqual(3);
    const id = await rule('مذاکره', { kind: 'event', event: 'deal.stage_changed', to: open[2].id });
    const c = await customer('معامله');
    const deal = (await admin.post('/api/deals', { customerId: c, title: 'یخچال', stageId: open[0].id })).json();
    expect((await admin.post(`/api/deals/${deal.id}/move`, { stageId: open[1].id })).statusCode).toBe(200);
    await processDueRuns(db(), env.clock);
    expect(await runsOf(id)).toHaveLength(0);
    expect((await admin.post(`/api/deals/${deal.id}/move`, { stageId: open[2].id })).statusCode).toBe(200);
    await processDueRuns(db(), env.clock);
    expect((await runsOf(id)).map((r) => r.customer_id)).toEqual([c]);
    await off(id);
  });

  it('ticket opened and resolved start their rules once each', async () => {
    const opened = await rule('تیکت باز', { kind: 'event', event: 'ticket.created' });
    const resolved = await rule('تیکت حل', { kind: 'event', event: 'ticket.resolved' });
    const c = await customer('تیکتی');
    const t = await admin.post('/api/tickets', { customerId: c, channel: 'phone', subject: 'خرابی' });
    expect(t.statusCode, t.body).toBe(201);
    await processDueRuns(db(), env.clock);
    expect(await tagsOf(c)).toEqual(['تیکت باز']);
    expect((await admin.patch(`/api/tickets/${t.json().id}`, { status: 'resolved' })).statusCode).toBe(200);
    await processDueRuns(db(), env.clock);
    expect((await tagsOf(c)).sort()).toEqual(['تیکت باز', 'تیکت حل'].sort());
    expect(await runsOf(opened)).toHaveLength(1);
    expect(await runsOf(resolved)).toHaveLength(1);
    await off(opened); await off(resolved);
  });

  it('ticket.sla_breached once per breach, however often the SLA watch runs', async () => {
    const id = await rule('مهلت گذشت', { kind: 'event', event: 'ticket.sla_breached' });
    const c = await customer('عجول');
    const t = await admin.post('/api/tickets', { customerId: c, channel: 'phone', subject: 'فوری', priority: 'urgent' });
    expect(t.statusCode, t.body).toBe(201);
    const due = new Date(t.json().firstResponseDueAt ?? t.json().sla?.firstResponse?.dueAt);
    expect(Number.isNaN(due.getTime())).toBe(false);
    env.clock.set(new Date(due.getTime() - 60_000).toISOString());
    await watchSla(db().db, env.clock);
    expect(await runsOf(id)).toHaveLength(0); // a warning is no breach
    env.clock.set(new Date(due.getTime() + 60_000).toISOString());
    await watchSla(db().db, env.clock);
    env.clock.advance(60_000);
    await watchSla(db().db, env.clock);
    await processDueRuns(db(), env.clock);
    const runs = await runsOf(id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ customer_id: c, status: 'done' });
    expect(runs[0].occurrence).toMatch(new RegExp(`^event:sla:${t.json().id}:first:`));
    await off(id);
  });

  it('call.missed starts its rule for the caller', async () => {
    const id = await rule('تماس از دست رفته', { kind: 'event', event: 'call.missed' });
    const c = await customer('زنگ‌زن', { phones: [{ number: '09127654321' }] });
    const secret = (await admin.post('/api/telephony/webhook-secret')).json().secret as string;
    const send = (body: unknown) => {
      const raw = JSON.stringify(body);
      const ts = String(Math.floor(env.clock.now().getTime() / 1000));
      return env.app.inject({ method: 'POST', url: '/api/telephony/events', remoteAddress: '10.7.0.1',
        headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': 'sha256=' + createHmac('sha256', secret).update(`${ts}.${raw}`).digest('hex') }, payload: raw });
    };
    expect((await send({ callId: 'auto-1', event: 'ringing', number: '09127654321', extensions: ['101'] })).statusCode).toBe(202);
    expect((await send({ callId: 'auto-1', event: 'ended', number: '09127654321', outcome: 'no_answer' })).statusCode).toBe(202);
    await processDueRuns(db(), env.clock);
    expect((await runsOf(id)).map((r) => r.customer_id)).toEqual([c]);
    await off(id);
  });
});

describe('score crossings', () => {
  it('a health band change and churn risk turning high start their rules once per crossing', async () => {
    const health = await rule('سلامت', { kind: 'event', event: 'customer.health_changed' });
    const churn = await rule('ریسک بالا', { kind: 'event', event: 'customer.churn_risk_high' });
    const falling = await customer('لغزان');
    const steady = await customer('پایدار');
    const today = '2026-12-06';
    for (const [c, churnRisk, health] of [[falling, 80, 35], [steady, 40, 60]] as const) {
      await db().db.execute(sql`INSERT INTO customer_score_history (customer_id, day, p_alive, health, churn_risk, clv) VALUES (${c}, '2026-12-05', 0.9, 60, 30, 1000)`);
      await db().db.insert(customerScores).values({
        customerId: c, recency: 10, frequency: 3, monetary: 1000, rScore: 3, fScore: 3, mScore: 3, rfmSegment: 'loyal', pAlive: 0.5,
        expectedPurchases90: 1, clv: 1000, churnRisk, health, reasons: { churn: [], health: [] }, offers: [], computedAt: env.clock.now(),
      });
    }
    // Twice the same day (a rerun of the refit): today's stored row is the comparison, nothing is raised again.
    for (let i = 0; i < 2; i++) await withTx(db(), (tx) => recordScoreHistory(tx, today, env.clock.now()));
    await processDueRuns(db(), env.clock);
    expect((await runsOf(churn)).map((r) => r.customer_id)).toEqual([falling]);
    // Health 60 → 35 leaves the 40–70 band; 60 → 60 stays.
    expect((await runsOf(health)).map((r) => r.customer_id)).toEqual([falling]);
    expect((await tagsOf(falling)).sort()).toEqual(['ریسک بالا', 'سلامت'].sort());
    await off(health); await off(churn);
  });
});

describe('date schedules', () => {
  it('contract end in N days: customers whose active contract ends that day, once a day', async () => {
    env.clock.set('2026-12-07T08:00:00Z'); // 11:30 Tehran, 2026-12-07
    const ending = await customer('قراردادی');
    const later = await customer('قرارداد دیرتر');
    for (const [c, end] of [[ending, '2027-01-06'], [later, '2027-01-07']] as const) {
      const k = await admin.post('/api/contracts', { customerId: c, kind: 'warranty', title: 'گارانتی', startDate: '2026-01-01', endDate: end });
      expect(k.statusCode, k.body).toBe(201);
    }
    const id = await rule('پایان قرارداد', { kind: 'schedule', hour: 9, rule: { type: 'contractEnd', daysBefore: 30 } });
    await automationTick(db(), env.clock);
    await automationTick(db(), env.clock);
    expect(await runsOf(id)).toEqual([{ customer_id: ending, status: 'done', occurrence: 'contractEnd:2027-01-06' }]);
    await off(id);
  });

  it('N days since the last interaction: once per silence; never-contacted customers are not picked', async () => {
    env.clock.set('2026-12-08T08:00:00Z');
    const quiet = await customer('ساکت');
    const recent = await customer('تازه‌تماس');
    await customer('بی‌تماس');
    for (const [c, at] of [[quiet, '2026-11-01T08:00:00Z'], [recent, '2026-11-20T08:00:00Z']] as const) {
      expect((await admin.post('/api/interactions', { customerId: c, kind: 'call', direction: 'out', outcome: 'answered', summary: 'پیگیری', occurredAt: at })).statusCode).toBe(201);
    }
    const id = await rule('بی‌خبری', { kind: 'schedule', hour: 9, rule: { type: 'noContact', days: 30 } });
    await automationTick(db(), env.clock);
    expect(await runsOf(id)).toEqual([{ customer_id: quiet, status: 'done', occurrence: 'silence:2026-11-01' }]);
    await off(id);
  });
});
