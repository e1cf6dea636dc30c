/**
 * What a sales user whose customers scope is "own" still saw before: counts, cards and relations go through the same
 * visibility as the records. Every count, joined-in name and id taken from input is checked against a customer (and
 * its organization, deals, tickets) that this user may not see; refused writes leave the rows as they were.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, mobileFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { withTx } from '../../db/tx.ts';
import { handleCallEvent } from '../telephony/index.ts';
import { fireDueReminders } from '../tasks/index.ts';
import { watchSla } from '../support/index.ts';

let env: TestEnv;
let admin: Agent, s1: Agent, s3: Agent;
const HIDDEN_ORG = 'سازمان پنهان‌شده';
const HIDDEN_TWIN = 'همنام پنهان';
const PHONE = mobileFrom(8_123_456);
const ids = {} as { hiddenOrg: string; otherOrg: string; mine: string; twin: string; myOrg: string };

const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
const count = async (text: string, params: unknown[] = []) => Number((await q<{ n: number }>(text, params))[0].n);

function expectNotFound(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(404);
  expect(res.json().error.code).toBe('NOT_FOUND');
  expect(res.body).not.toContain(HIDDEN_ORG);
}

async function created(res: Promise<LightMyRequestResponse>) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  s1 = await env.login('sales', { teamId: await env.team('تیم الف') });
  s3 = await env.login('sales', { teamId: await env.team('تیم ب') });
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  expect((await admin.patch(`/api/roles/${roles.find((r) => r.key === 'sales')!.id}`, { permissions })).statusCode).toBe(200);

  ids.hiddenOrg = (await created(s3.post('/api/customers', { kind: 'organization', orgName: HIDDEN_ORG }))).id;
  ids.otherOrg = (await created(s3.post('/api/customers', { kind: 'organization', orgName: 'سازمان دیگر پنهان' }))).id;
  ids.myOrg = (await created(s1.post('/api/customers', { kind: 'organization', orgName: 'سازمان خودم' }))).id;
  ids.mine = (await created(s1.post('/api/customers', { kind: 'person', firstName: 'مریم', lastName: 'خودی', phones: [{ number: PHONE }] }))).id;
  // The admin (who sees everything) files s1's person under the organization s1 cannot see, and an s3 record shares the phone.
  expect((await admin.patch(`/api/customers/${ids.mine}`, { organizations: [{ organizationId: ids.hiddenOrg, roleTitle: 'خرید' }] })).statusCode).toBe(200);
  ids.twin = (await created(s3.post('/api/customers', { kind: 'person', firstName: HIDDEN_TWIN, phones: [{ number: PHONE }], force: true }))).id;
  expect((await s1.get(`/api/customers/${ids.hiddenOrg}`)).statusCode).toBe(404);
}, 180_000);
afterAll(async () => env?.close());

describe('the call card and the calls log', () => {
  it('show neither the hidden organization of a visible caller nor how many hidden records share the number', async () => {
    const callId = (await withTx(env.rt.database, (tx) => handleCallEvent(tx, env.clock, {
      source: 'webhook', callId: 'vis-1', type: 'ringing', direction: 'in', number: PHONE, extensions: [], at: env.clock.now(),
    }))).callId!;
    // The admin's card names the organization: the data is there to leak.
    const adminView = (await admin.get(`/api/telephony/calls/${callId}`)).json();
    expect(adminView.matches.find((m: { id: string }) => m.id === ids.mine).company).toBe(HIDDEN_ORG);
    expect(adminView.matchCount).toBe(2);

    const one = await s1.get(`/api/telephony/calls/${callId}`);
    expect(one.statusCode, one.body).toBe(200);
    const view = one.json();
    expect(view.matches.map((m: { id: string }) => m.id)).toEqual([ids.mine]);
    expect(view.matches[0].company).toBeNull();
    expect(view.matchCount).toBe(1);
    expect(one.body).not.toContain(HIDDEN_ORG);
    expect(one.body).not.toContain(HIDDEN_TWIN);

    const log = await s1.get('/api/telephony/calls');
    expect(log.statusCode, log.body).toBe(200);
    const item = log.json().items.find((c: { id: string }) => c.id === callId);
    expect(item.matchCount).toBe(1);
    expect(log.body).not.toContain(HIDDEN_ORG);
  });
});

describe('counts', () => {
  it('pipeline stage deal counts count only the deals the reader may see', async () => {
    await created(s3.post('/api/deals', { customerId: ids.hiddenOrg, title: 'معامله پنهان', amount: '1000' }));
    await created(s3.post('/api/deals', { customerId: ids.otherOrg, title: 'معامله پنهان ۲', amount: '1000' }));
    const mineDeal = await created(s1.post('/api/deals', { customerId: ids.mine, title: 'معامله من', amount: '500' }));
    const first = (p: { stages: { id: string; dealCount: number }[] }) => p.stages.find((s) => s.id === mineDeal.stageId)!.dealCount;

    const all = (await admin.get('/api/pipelines')).json().items.find((p: { id: string }) => p.id === mineDeal.pipelineId);
    expect(first(all)).toBe(3);
    const list = (await s1.get('/api/pipelines')).json().items.find((p: { id: string }) => p.id === mineDeal.pipelineId);
    expect(first(list)).toBe(1);
    expect(first((await s1.get(`/api/pipelines/${mineDeal.pipelineId}`)).json())).toBe(1);
    const board = (await s1.get(`/api/pipelines/${mineDeal.pipelineId}/board`)).json();
    expect(board.stages.find((s: { id: string }) => s.id === mineDeal.stageId).count).toBe(1);
  });

  it('survey response and invitation counts count only the customers the reader may see', async () => {
    const survey = await created(admin.post('/api/surveys', { name: 'رضایت', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را توصیه می‌کنید؟' } }] }));
    // Answers and invitations of a hidden customer, one of s1's, and one anonymous answer (no customer: visible to all).
    for (const customerId of [ids.hiddenOrg, ids.otherOrg, ids.mine]) {
      await q(`INSERT INTO survey_invitations (survey_id, customer_id, channel, trigger, status, scheduled_at, sent_at) VALUES ($1, $2, 'sms', 'manual', 'answered', now(), now())`, [survey.id, customerId]);
      await q(`INSERT INTO survey_responses (survey_id, customer_id, metric, score, answers, channel) VALUES ($1, $2, 'nps', 9, '{"nps":9}', 'web')`, [survey.id, customerId]);
    }
    await q(`INSERT INTO survey_responses (survey_id, customer_id, metric, score, answers, channel) VALUES ($1, NULL, 'nps', 3, '{"nps":3}', 'anonymous')`, [survey.id]);

    const adminRow = (await admin.get('/api/surveys')).json().items.find((s: { id: string }) => s.id === survey.id);
    expect({ sent: adminRow.sent, responses: adminRow.responses }).toEqual({ sent: 3, responses: 4 });
    const row = (await s1.get('/api/surveys')).json().items.find((s: { id: string }) => s.id === survey.id);
    expect({ sent: row.sent, responses: row.responses }).toEqual({ sent: 1, responses: 2 });
    const answers = (await s1.get(`/api/survey-responses?surveyId=${survey.id}`)).json();
    expect(answers.total).toBe(2);
  });
});

describe('survey answers', () => {
  it('name the ticket or document they came from only when the reader may see it', async () => {
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    const salesRole = roles.find((r) => r.key === 'sales')!.id;
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.customers = { ...permissions.customers!, scope: 'own' };
    permissions.tickets = { ...permissions.tickets!, scope: 'own' };
    expect((await admin.patch(`/api/roles/${salesRole}`, { permissions })).statusCode).toBe(200);
    try {
      // s1's customer, a ticket about them that someone else opened (hidden from s1 by the tickets scope), and its answer.
      const ticket = await created(admin.post('/api/tickets', { customerId: ids.mine, channel: 'phone', subject: 'تیکت مدیر' }));
      const survey = await created(admin.post('/api/surveys', { name: 'پس از تیکت', status: 'active', channel: 'sms', trigger: { type: 'manual' },
        questions: [{ id: 'csat', type: 'csat', text: { fa: 'راضی بودید؟' } }] }));
      await q(`INSERT INTO survey_responses (survey_id, customer_id, metric, score, answers, channel, source_type, source_id) VALUES ($1, $2, 'csat', 5, '{"csat":5}', 'web', 'ticket', $3)`,
        [survey.id, ids.mine, ticket.id]);
      expect((await s1.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(404);
      const adminView = (await admin.get(`/api/survey-responses?surveyId=${survey.id}`)).json().items;
      expect(adminView.map((r: { ticketNumber: number | null }) => r.ticketNumber)).toEqual([ticket.number]);
      const mine = (await s1.get(`/api/survey-responses?surveyId=${survey.id}`)).json().items;
      expect(mine).toHaveLength(1);
      expect(mine[0].ticketNumber).toBeNull();
      const view = (await s1.get(`/api/customers/${ids.mine}`)).json();
      expect(view.voice.items.find((r: { surveyId: string }) => r.surveyId === survey.id).ticketNumber).toBeNull();

      // An email reply on that ticket is on the customer's timeline for those who may see the ticket only.
      expect((await admin.patch(`/api/customers/${ids.mine}`, { emails: [{ address: 'maryam@example.com' }], emailConsent: true })).statusCode).toBe(200);
      const reply = await admin.post(`/api/tickets/${ticket.id}/messages`, { kind: 'reply', body: 'پاسخ محرمانهٔ تیکت', send: 'email' });
      expect(reply.statusCode, reply.body).toBe(201);
      expect((await admin.get(`/api/customers/${ids.mine}/timeline?limit=100`)).body).toContain('پاسخ محرمانهٔ تیکت');
      const timeline = await s1.get(`/api/customers/${ids.mine}/timeline?limit=100`);
      expect(timeline.statusCode).toBe(200);
      expect(timeline.body).not.toContain('پاسخ محرمانهٔ تیکت');
      expect(timeline.body).not.toContain('تیکت مدیر');
    } finally {
      permissions.tickets = DEFAULT_ROLES.sales.permissions.tickets;
      expect((await admin.patch(`/api/roles/${salesRole}`, { permissions })).statusCode).toBe(200);
    }
  });
});

describe('relations taken from input', () => {
  it('a new person cannot be attached to an organization the user may not see (404, nothing written)', async () => {
    const before = await count('SELECT count(*)::int AS n FROM customers');
    const relations = await count('SELECT count(*)::int AS n FROM customer_relations WHERE organization_id = $1', [ids.otherOrg]);
    expectNotFound(await s1.post('/api/customers', { kind: 'person', firstName: 'تازه', lastName: 'وارد', organizations: [{ organizationId: ids.otherOrg, roleTitle: null }] }));
    expect(await count('SELECT count(*)::int AS n FROM customers')).toBe(before);
    expect(await count('SELECT count(*)::int AS n FROM customer_relations WHERE organization_id = $1', [ids.otherOrg])).toBe(relations);
    // The organization's people, as its owner sees them, do not list anyone new.
    const org = (await s3.get(`/api/customers/${ids.otherOrg}`)).json();
    expect(org.members).toEqual([]);
    // A visible organization still works.
    await created(s1.post('/api/customers', { kind: 'person', firstName: 'تازه', lastName: 'مجاز', organizations: [{ organizationId: ids.myOrg, roleTitle: null }] }));
  });

  it('editing a person’s organizations cannot add a hidden one, and keeps the hidden one it cannot see', async () => {
    const relationsOf = () => q<{ organization_id: string }>('SELECT organization_id FROM customer_relations WHERE person_id = $1 ORDER BY organization_id', [ids.mine]);
    const before = await relationsOf();
    expect(before.map((r) => r.organization_id)).toEqual([ids.hiddenOrg]);
    expectNotFound(await s1.patch(`/api/customers/${ids.mine}`, { organizations: [{ organizationId: ids.otherOrg, roleTitle: null }] }));
    expect(await relationsOf()).toEqual(before);
    const ok = await s1.patch(`/api/customers/${ids.mine}`, { organizations: [{ organizationId: ids.myOrg, roleTitle: 'مدیر' }] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await relationsOf()).map((r) => r.organization_id).sort()).toEqual([ids.hiddenOrg, ids.myOrg].sort());
    // s1's 360° view shows only the visible organization.
    const view = await s1.get(`/api/customers/${ids.mine}`);
    expect(view.body).not.toContain(HIDDEN_ORG);
  });

  it('feedback cannot point at a hidden ticket (404) or an unknown product (400), and nothing is written', async () => {
    const ticket = await created(s3.post('/api/tickets', { customerId: ids.hiddenOrg, channel: 'phone', subject: 'تیکت پنهان' }));
    const before = await count('SELECT count(*)::int AS n FROM feedback');
    expectNotFound(await s1.post('/api/feedback', { channel: 'call', text: 'نظر', ticketId: ticket.id }));
    const bad = await s1.post('/api/feedback', { channel: 'call', text: 'نظر', productId: '00000000-0000-4000-8000-000000000001' });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(await count('SELECT count(*)::int AS n FROM feedback')).toBe(before);
  });

  it('a deal cannot be placed next to a hidden deal (404, rank unchanged)', async () => {
    const hidden = await created(s3.post('/api/deals', { customerId: ids.hiddenOrg, title: 'همسایه پنهان', amount: '1' }));
    const mine = await created(s1.post('/api/deals', { customerId: ids.mine, title: 'کارت من', amount: '1' }));
    const rank = async () => (await q<{ rank: string; stage_id: string }>('SELECT rank::text AS rank, stage_id FROM deals WHERE id = $1', [mine.id]))[0];
    const before = await rank();
    expectNotFound(await s1.post(`/api/deals/${mine.id}/move`, { stageId: hidden.stageId, beforeId: hidden.id }));
    expectNotFound(await s1.post(`/api/deals/${mine.id}/move`, { stageId: hidden.stageId, afterId: hidden.id }));
    expect(await rank()).toEqual(before);
  });
});

describe('documents', () => {
  it('a document lists only related documents the reader may see, and a single read follows the list’s scope', async () => {
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    const salesRole = roles.find((r) => r.key === 'sales')!.id;
    const setDocumentsScope = async (scope: 'own' | 'team') => {
      const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
      permissions.customers = { ...permissions.customers!, scope: 'own' };
      permissions.documents = { ...permissions.documents!, scope };
      expect((await admin.patch(`/api/roles/${salesRole}`, { permissions })).statusCode).toBe(200);
    };
    await setDocumentsScope('own');
    // A person s1 created but s3 owns: s1 sees the person; documents are owned by the customer's owner (s3).
    const person = (await created(s1.post('/api/customers', { kind: 'person', firstName: 'سند', lastName: 'مشترک', ownerId: s3.userId }))).id;
    const mine = (await created(s1.post('/api/documents', { kind: 'quote', customerId: person, lines: [{ description: 'خدمت', quantity: '1', unitPrice: '1000' }] }))).id;
    // Another user's document made from s1's (as an invoice or credit note is), which s1 may not see.
    const [hidden] = await q<{ id: string }>(`INSERT INTO documents SELECT * FROM jsonb_populate_record(NULL::documents, (SELECT to_jsonb(d) || jsonb_build_object(
      'id', gen_random_uuid(), 'kind', 'invoice', 'source_id', d.id, 'owner_id', $2::uuid, 'created_by', $3::uuid, 'number', 'INV-HIDDEN-1') FROM documents d WHERE d.id = $1)) RETURNING id`,
      [mine, s3.userId, admin.userId]);
    expect((await admin.get(`/api/documents/${mine}`)).json().related.map((r: { id: string }) => r.id)).toEqual([hidden.id]);
    const view = await s1.get(`/api/documents/${mine}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json().related).toEqual([]);
    expect(view.body).not.toContain('INV-HIDDEN-1');
    expect((await s1.get(`/api/documents/${hidden.id}`)).statusCode).toBe(404);
    // With scope 'team' the list shows the same as with 'own' (documents have no team), and so does one document.
    await setDocumentsScope('team');
    expect((await s1.get('/api/documents?pageSize=100')).json().items.map((d: { id: string }) => d.id)).not.toContain(hidden.id);
    expect((await s1.get(`/api/documents/${hidden.id}`)).statusCode).toBe(404);
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.customers = { ...permissions.customers!, scope: 'own' };
    expect((await admin.patch(`/api/roles/${salesRole}`, { permissions })).statusCode).toBe(200);
  });
});

describe('notifications', () => {
  it('a task reminder does not name a customer its assignee may not see', async () => {
    const reminderAt = new Date(env.clock.now().getTime() + 60_000).toISOString();
    const dueAt = new Date(env.clock.now().getTime() + 3_600_000).toISOString();
    await created(admin.post('/api/tasks', { title: 'پیگیری کار', customerId: ids.hiddenOrg, assigneeId: s1.userId, reminderAt, dueAt }));
    await created(admin.post('/api/tasks', { title: 'پیگیری کار خودم', customerId: ids.mine, assigneeId: s1.userId, reminderAt, dueAt }));
    env.clock.advance(120_000);
    const fired = await fireDueReminders(env.rt.database, env.clock, { emailEnabled: false });
    expect(fired.fired).toBe(2);
    const list = await s1.get('/api/notifications');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(HIDDEN_ORG);
    expect(list.body).not.toContain(ids.hiddenOrg);
    // The visible customer is still named.
    expect(list.body).toContain('مریم خودی');
  });

  it('an SLA alert to someone who may not see the ticket gives its number and deadline, not its subject or customer', async () => {
    expect((await admin.put('/api/support/settings', { assignment: 'manual', notifyUserIds: [s1.userId, admin.userId] })).statusCode).toBe(200);
    const hidden = await created(s3.post('/api/tickets', { customerId: ids.hiddenOrg, channel: 'phone', subject: 'موضوع محرمانه', priority: 'urgent' }));
    env.clock.advance(3 * 3_600_000);
    await withTx(env.rt.database, (tx) => watchSla(tx, env.clock));
    const mine = ((await s1.get('/api/notifications')).json().items as { kind: string; link: string; title: string; body: string }[])
      .filter((n) => n.link === `/tickets/${hidden.id}`);
    expect(mine.length).toBeGreaterThan(0);
    for (const n of mine) {
      expect(n.body).not.toContain('موضوع محرمانه');
      expect(n.body).not.toContain(HIDDEN_ORG);
    }
    // The admin, who sees the ticket, is told what it is about.
    const theirs = ((await admin.get('/api/notifications')).json().items as { link: string; body: string }[]).filter((n) => n.link === `/tickets/${hidden.id}`);
    expect(theirs.some((n) => n.body.includes('موضوع محرمانه') && n.body.includes(HIDDEN_ORG))).toBe(true);
  });
});
