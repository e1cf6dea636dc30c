/**
 * The support desk's settings through the API: round-robin assignment takes turns (within the ticket's team when the
 * rotation has members there), only ticket agents may be in the rotation, and the SLA watch warns the assignee before
 * a deadline and tells the assignee and the managers once it has passed — each exactly once.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { watchSla } from './desk.service.ts';
import { withTx } from '../../db/tx.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let support1: Agent;
let support2: Agent;
let support3: Agent;
let sales: Agent;
let customerId = '';
let teamId = '';
const START = '2026-11-23T08:00:00Z'; // Monday 11:30 in Tehran, a working day

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  teamId = (await admin.post('/api/teams', { name: 'پشتیبانی فنی' })).json().id;
  manager = await env.login('manager');
  support1 = await env.login('support', { email: 'agent1@example.com' });
  support2 = await env.login('support', { email: 'agent2@example.com', teamId });
  support3 = await env.login('support', { email: 'agent3@example.com', teamId });
  sales = await env.login('sales');
  customerId = (await sales.post('/api/customers', { kind: 'person', firstName: 'نرگس', lastName: 'امیری', phones: [{ number: '09121112233' }] })).json().id;
}, 180_000);
afterAll(async () => env?.close());

const open = async (agent: Agent, extra: Record<string, unknown> = {}) => {
  const res = await agent.post('/api/tickets', { customerId, channel: 'phone', subject: 'کارت گارانتی نرسیده', ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number; assigneeId: string | null; status: string };
};

describe('support desk settings', () => {
  it('starts with manual assignment and validates changes', async () => {
    expect((await support1.get('/api/support/settings')).json()).toEqual({ assignment: 'manual', agentIds: [], notifyUserIds: [], problemAlertThreshold: 5 });
    expect((await support1.put('/api/support/settings', { assignment: 'round_robin' })).statusCode).toBe(403);
    const bad = await admin.put('/api/support/settings', { assignment: 'turns', problemAlertThreshold: 1 });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details ?? {})).toEqual(expect.arrayContaining(['assignment', 'problemAlertThreshold']));
    // A sales user cannot work on tickets, so cannot be in the rotation; nothing is saved.
    const notAgent = await admin.put('/api/support/settings', { assignment: 'round_robin', agentIds: [support1.userId, sales.userId] });
    expect(notAgent.statusCode).toBe(422);
    expect(notAgent.json().error.details).toEqual({ 'agentIds.1': 'not an active ticket agent' });
    expect((await admin.get('/api/support/settings')).json().assignment).toBe('manual');
    expect((await open(sales)).assigneeId).toBeNull();
  });

  it('assigns new tickets round robin, in turns, and keeps a chosen assignee', async () => {
    const put = await admin.put('/api/support/settings', { assignment: 'round_robin', agentIds: [support1.userId, support2.userId, support3.userId] });
    expect(put.statusCode, put.body).toBe(200);
    const got = [];
    for (let i = 0; i < 6; i++) {
      const t = await open(sales);
      expect(t.status).toBe('open');
      got.push(t.assigneeId);
    }
    // Each agent once in every three tickets.
    expect(new Set(got.slice(0, 3)).size).toBe(3);
    expect(got.slice(3)).toEqual(got.slice(0, 3));
    expect((await open(sales, { assigneeId: support1.userId })).assigneeId).toBe(support1.userId);
    // A team's ticket goes to the team's agents in the rotation.
    const team = [(await open(sales, { teamId })).assigneeId, (await open(sales, { teamId })).assigneeId];
    expect(new Set(team)).toEqual(new Set([support2.userId, support3.userId]));
    // The audit says how it was assigned.
    const audit = (await admin.get(`/api/customers/${customerId}/audit?limit=200`)).body;
    expect(audit).toContain('round_robin');
  });

  it('leaves a deactivated agent out of the rotation', async () => {
    expect((await admin.patch(`/api/users/${support3.userId}`, { active: false })).statusCode).toBe(200);
    const got = new Set<string | null>();
    for (let i = 0; i < 4; i++) got.add((await open(sales)).assigneeId);
    expect(got).toEqual(new Set([support1.userId, support2.userId]));
    await admin.put('/api/support/settings', { assignment: 'manual' });
  });
});

describe('SLA watch', () => {
  const notices = async (agent: Agent, kind: string, ticketId: string) =>
    ((await agent.get('/api/notifications')).json().items as { kind: string; link: string; title: string }[]).filter((n) => n.kind === kind && n.link === `/tickets/${ticketId}`);
  const watch = () => withTx(env.rt.database, (tx) => watchSla(tx, env.clock));

  it('warns the assignee two hours before, and tells assignee and managers once the deadline passes, once', async () => {
    // Urgent: first response within 60 business minutes (12:30 Tehran), resolution within 480 (Tuesday 10:30).
    const t = await open(support1, { priority: 'urgent', assigneeId: support1.userId });
    const unassigned = await open(sales, { priority: 'urgent' });
    const resolved = await open(support1, { priority: 'urgent', assigneeId: support1.userId });
    expect((await support1.patch(`/api/tickets/${resolved.id}`, { status: 'resolved' })).statusCode).toBe(200);
    await watch();
    await watch();
    expect(await notices(support1, 'sla_warning', t.id)).toHaveLength(1);
    expect(await notices(support1, 'sla_breach', t.id)).toHaveLength(0);
    expect(await notices(manager, 'sla_warning', t.id)).toHaveLength(0); // warnings are for the assignee

    env.clock.advance(61 * 60_000);
    expect(await watch()).toMatchObject({ breached: 2 });
    expect(await watch()).toEqual({ warned: 0, breached: 0 });
    const [mine] = await notices(support1, 'sla_breach', t.id);
    expect(mine.title).toContain(`#${String(t.number).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)])}`);
    expect(mine.title).toContain('پاسخ اول');
    expect(await notices(manager, 'sla_breach', t.id)).toHaveLength(1);
    expect(await notices(admin, 'sla_breach', t.id)).toHaveLength(1);
    expect(await notices(manager, 'sla_breach', unassigned.id)).toHaveLength(1);
    expect(await notices(support1, 'sla_breach', resolved.id)).toHaveLength(0);
  });

  it('sends alerts to the chosen people instead of every manager, and skips deadlines missed long ago', async () => {
    expect((await admin.put('/api/support/settings', { assignment: 'manual', notifyUserIds: [support2.userId] })).statusCode).toBe(200);
    const t = await open(support1, { priority: 'urgent' });
    const old = await open(support1, { priority: 'urgent' });
    env.clock.advance(61 * 60_000);
    await watch();
    expect(await notices(support2, 'sla_breach', t.id)).toHaveLength(1);
    expect(await notices(manager, 'sla_breach', t.id)).toHaveLength(0);
    // A deadline that passed more than a day before the watch first saw it is not announced (no flood).
    env.clock.advance(3 * 86_400_000);
    await watch();
    expect((await notices(support2, 'sla_breach', old.id)).filter((n) => n.title.includes('حل'))).toHaveLength(0);
    expect((await admin.put('/api/support/settings', { notifyUserIds: [sales.userId, '00000000-0000-4000-8000-000000000000'] })).json().error.details)
      .toEqual({ 'notifyUserIds.1': 'not an active user' });
  });
});
