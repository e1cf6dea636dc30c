/**
 * The scorecard through the API on a small planted business whose every figure is counted by hand below (the clock
 * stands at 2026-11-20 08:00 UTC = 29 Aban 1405 in Tehran; "d days ago" is counted from it). Business-wide: a role
 * that sees only its own customers is refused.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { customers } from '../customers/index.ts';
import { interactions } from '../interactions/index.ts';
import { tasks } from '../tasks/index.ts';
import { tickets, ticketMessages } from '../support/index.ts';
import { surveys, surveyResponses, feedback } from '../surveys/index.ts';
import { auditLog } from '../audit/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { journeys, journeyPainReviews } from '../journeys/index.ts';
import { scoreItems, overall } from './index.ts';

const NOW = Date.parse('2026-11-20T08:00:00Z');
const ago = (days: number) => new Date(NOW - days * 86_400_000);

let env: TestEnv;
let admin: Agent;
const id: Record<string, string> = {};

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-20T08:00:00Z' });
  admin = await env.login('admin');
  const db = env.rt.database.db;
  const created = ago(400);
  // A and D complete (name, phone or email, owner, city); B lacks a city; C has only a name. No two share a key.
  const rows = await db.insert(customers).values([
    { kind: 'person', displayName: 'آرش الف', phoneKeys: ['989121110001'], ownerId: admin.userId, city: 'تهران', createdAt: created, lastActivityAt: ago(5) },
    { kind: 'person', displayName: 'بهار ب', emailKeys: ['bahar@example.com'], ownerId: admin.userId, createdAt: created },
    { kind: 'person', displayName: 'کاوه ج', createdAt: created },
    { kind: 'person', displayName: 'دریا د', phoneKeys: ['989121110004'], ownerId: admin.userId, city: 'شیراز', createdAt: created, lastActivityAt: ago(8) },
  ] as (typeof customers.$inferInsert)[]).returning({ id: customers.id });
  [id.A, id.B, id.C, id.D] = rows.map((r) => r.id);

  // Interactions: A three in the window and one deleted; B one 100 days ago (outside the 90 days).
  await db.insert(interactions).values([
    ...[10, 20, 40].map((d) => ({ customerId: id.A, kind: 'call', occurredAt: ago(d), summary: 'تماس', createdAt: ago(d) })),
    { customerId: id.A, kind: 'call', occurredAt: ago(12), summary: 'حذف‌شده', createdAt: ago(12), deletedAt: ago(11) },
    { customerId: id.B, kind: 'visit', occurredAt: ago(100), summary: 'بازدید', createdAt: ago(100) },
  ]);

  // Promises due in the window: kept (done a day early), late (done a day after), open; a cancelled one and a future one do not count.
  const promise = (dueDays: number, status: 'open' | 'done' | 'cancelled', doneDays?: number) => ({
    customerId: id.A, isPromise: true, title: 'قول', assigneeId: admin.userId, dueAt: ago(dueDays), status,
    completedAt: doneDays === undefined ? null : ago(doneDays), createdAt: ago(60),
  });
  await db.insert(tasks).values([promise(10, 'done', 11), promise(20, 'done', 19), promise(5, 'open'), promise(3, 'cancelled'), promise(-5, 'open')]);

  // Tickets: C's solved with one reply and no word after it, no SLA due; A's took two replies, was handed to another agent and missed its due time.
  const [tc, ta] = await db.insert(tickets).values([
    { customerId: id.C, channel: 'phone', subject: 'گارانتی', status: 'resolved', assigneeId: admin.userId, createdAt: ago(5), resolvedAt: ago(2), firstResponseAt: ago(4) },
    { customerId: id.A, channel: 'email', subject: 'ارسال', status: 'resolved', assigneeId: admin.userId, createdAt: ago(30), resolvedAt: ago(25), firstResponseAt: ago(29),
      resolutionDueAt: ago(27) },
  ] as (typeof tickets.$inferInsert)[]).returning({ id: tickets.id });
  await db.insert(ticketMessages).values([
    { ticketId: tc.id, customerId: id.C, kind: 'customer', body: 'خراب شد', createdAt: ago(5) },
    { ticketId: tc.id, customerId: id.C, kind: 'reply', body: 'حل شد', authorId: admin.userId, createdAt: ago(4) },
    { ticketId: ta.id, customerId: id.A, kind: 'reply', body: 'بررسی می‌کنیم', authorId: admin.userId, createdAt: ago(29) },
    { ticketId: ta.id, customerId: id.A, kind: 'customer', body: 'هنوز نرسیده', createdAt: ago(28) },
    { ticketId: ta.id, customerId: id.A, kind: 'reply', body: 'ارسال شد', authorId: admin.userId, createdAt: ago(26) },
  ]);
  await db.insert(auditLog).values({ at: ago(28), actorId: admin.userId, entityType: 'ticket', entityId: ta.id, customerId: id.A, action: 'update',
    field: 'assigneeId', oldValue: '00000000-0000-0000-0000-0000000000aa', newValue: admin.userId });

  const [survey] = await db.insert(surveys).values({ name: 'NPS', status: 'active', metric: 'nps', questions: [], trigger: { type: 'manual', delayMinutes: 0, everyMonths: 0 },
    intro: { fa: '', en: '' }, thanks: { fa: '', en: '' }, anonymousKey: 'k-scorecard' } as typeof surveys.$inferInsert).returning({ id: surveys.id });
  const answer = (customerId: string, metric: 'nps' | 'csat', score: number, days: number) =>
    ({ surveyId: survey.id, customerId, metric, score, answers: {}, channel: 'web', createdAt: ago(days) });
  await db.insert(surveyResponses).values([
    // The last 90 days: NPS 10, 10, 9, 8, 3, 7 → 3 promoters, 1 detractor of 6 → NPS 33; CSAT at 20 and 25 days.
    answer(id.A, 'nps', 10, 5), answer(id.D, 'nps', 10, 8), answer(id.A, 'nps', 9, 15),
    answer(id.D, 'nps', 8, 35), answer(id.D, 'nps', 3, 65), answer(id.A, 'nps', 7, 70),
    answer(id.A, 'csat', 5, 20), answer(id.A, 'csat', 4, 25),
    // The 90 days before: 10, 6, 5, 9, 8 → 2 promoters, 2 detractors of 5 → NPS 0.
    answer(id.A, 'nps', 10, 95), answer(id.A, 'nps', 6, 100), answer(id.A, 'nps', 5, 105), answer(id.A, 'nps', 9, 110), answer(id.A, 'nps', 8, 115),
  ]);
  await db.insert(feedback).values({ customerId: id.B, channel: 'phone', text: 'ارسال دیر بود', createdAt: ago(50) });
}, 180_000);
afterAll(async () => env?.close());

describe('GET /api/scorecard', () => {
  it('scores each checklist item from the planted data as counted by hand', async () => {
    const res = await admin.get('/api/scorecard?months=3');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const item = (k: string) => body.items.find((i: { key: string }) => i.key === k);
    const fact = (k: string, f: string) => item(k).evidence.find((e: { key: string }) => e.key === f);
    expect(body.items.map((i: { key: string }) => i.key)).toEqual(['voc', 'central_record', 'empowered_staff', 'cx_measured', 'processes_reviewed']);

    // VoC: answers in each 30-day slice (days 5/8/15/20/25, 35, 65/70) → 3 of 3; active A, B (feedback), C (ticket), D → 4; heard A, B, D → 3 ≥ a quarter.
    expect(fact('voc', 'answerMonths')).toMatchObject({ value: 3, total: 3, part: 1 });
    expect(fact('voc', 'heardCustomers')).toMatchObject({ value: 3, total: 4, part: 1 });
    expect(item('voc').score).toBe(100);

    // One record: complete 2 of 4; no duplicate pairs; 3 interactions for 4 active (target 8) → 0.375; promises kept 1 of 3.
    expect(fact('central_record', 'completeProfiles')).toMatchObject({ value: 2, total: 4, part: 0.5 });
    expect(fact('central_record', 'duplicatePairs')).toMatchObject({ value: 0, part: 1 });
    expect(fact('central_record', 'interactionsLogged')).toMatchObject({ value: 3, total: 4, part: 0.375 });
    expect(fact('central_record', 'promisesKept')).toMatchObject({ value: 1, total: 3, part: 0.333 });
    expect(item('central_record').score).toBe(55); // (0.5 + 1 + 0.375 + 1/3) / 4 = 0.552

    // Empowered staff: of 2 resolved tickets, 1 at first contact, 1 not handed over, 1 within SLA; promises 1/3.
    expect(fact('empowered_staff', 'firstContactResolved')).toMatchObject({ value: 1, total: 2 });
    expect(fact('empowered_staff', 'notEscalated')).toMatchObject({ value: 1, total: 2 });
    expect(fact('empowered_staff', 'withinSla')).toMatchObject({ value: 1, total: 2 });
    expect(item('empowered_staff').score).toBe(46); // (0.5 × 3 + 1/3) / 4 = 0.458

    // CX measured: 30-day slices with ≥ 5 NPS/CSAT answers: days 0–30 (5, 8, 15, 20, 25) and 90–120 (95 … 115) → 2 of 6; NPS 33 after 0 → trend 1.
    expect(fact('cx_measured', 'measuredMonths')).toMatchObject({ value: 2, total: 6 });
    expect(fact('cx_measured', 'npsNow')).toMatchObject({ value: 33, total: 6, part: 1 });
    expect(fact('cx_measured', 'npsBefore')).toMatchObject({ value: 0, total: 5 });
    expect(item('cx_measured').score).toBe(53); // 0.7 × 2/6 + 0.3 × 1 = 0.533

    // No journey review yet.
    expect(item('processes_reviewed').score).toBe(0);
    expect(fact('processes_reviewed', 'lastReviewDays').value).toBeNull();

    expect(body.score).toBe(51); // (100 + 55 + 46 + 53 + 0) / 5 = 50.8
    expect(body.items.every((i: { link: string }) => i.link.startsWith('/'))).toBe(true);

    // History: the two Jalali months before Aban 1405 and Aban itself, measured now.
    expect(body.history.map((h: { month: string }) => h.month)).toEqual(['1405-06', '1405-07', '1405-08']);
    expect(body.history.at(-1).score).toBe(51);
    const greg = (await admin.get('/api/scorecard?months=2&calendar=gregorian')).json();
    expect(greg.history.map((h: { month: string }) => h.month)).toEqual(['2026-10', '2026-11']);
  });

  it('measures a past month at its end: Shahrivar 1405 ended 1 Mehr = 2026-09-23 (58.5 days before now)', async () => {
    const body = (await admin.get('/api/scorecard?months=3')).json();
    // Window: 148.5 … 58.5 days ago. In it: B's interaction at 100; D's answer at 65; A's at 70 and 95–115; nothing else.
    // Active: A, B, D → 3; heard: A, D → 2; answers 6.5–12 and 36.5–56.5 days before the month's end → the first two slices of 3.
    const sep = body.history[0];
    expect(sep.month).toBe('1405-06');
    // voc: (2/3 + min(1, 2 / (0.25 × 3))) / 2 = (0.667 + 1) / 2 → 83
    expect(sep.items.voc).toBe(83);
    // record: complete 0.5, duplicates 1, interactions 1 / (2 × 3) = 0.167; no promise due → (0.5 + 1 + 0.167) / 3 = 0.556 → 56
    expect(sep.items.central_record).toBe(56);
    expect(sep.items.empowered_staff).toBe(0); // nothing resolved, no promise due: no part → 0
  });

  it('is refused to a role that does not see every customer, and to a role without reports', async () => {
    const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
    expect((await admin.post('/api/roles', { key: 'own_sc', name: 'فروش خودش', permissions: own })).statusCode).toBe(201);
    const seller = await env.login('own_sc' as 'sales');
    const r1 = await seller.get('/api/scorecard');
    expect(r1.statusCode).toBe(403);
    expect(r1.json().error.code).toBe('FORBIDDEN');
    const none = { ...DEFAULT_ROLES.sales.permissions, reports: { ops: [], scope: 'all' } };
    expect((await admin.post('/api/roles', { key: 'no_reports', name: 'بی‌گزارش', permissions: none })).statusCode).toBe(201);
    expect((await (await env.login('no_reports' as 'sales')).get('/api/scorecard')).statusCode).toBe(403);
    expect((await (await env.login('manager')).get('/api/scorecard')).statusCode).toBe(200);
  });

  it('rejects a bad query in the one error shape', async () => {
    const res = await admin.get('/api/scorecard?months=99');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBeTruthy();
  });
});

describe('processes reviewed (journeys)', () => {
  it('a pain point reviewed 30 days ago with an action scores the item 100; one reviewed 400 days ago does not count', async () => {
    const db = env.rt.database.db;
    const [j] = await db.select({ id: journeys.id }).from(journeys).limit(1);
    await db.insert(journeyPainReviews).values([
      { journeyId: j.id, painId: 'p-old', touchpointKey: 'ticket_opened', status: 'dismissed', reviewedAt: ago(400) },
      { journeyId: j.id, painId: 'p-new', touchpointKey: 'delivery_csat', status: 'confirmed', actionOwnerId: admin.userId, actionDueDate: '2026-12-01', reviewedAt: ago(30) },
    ]);
    const body = (await admin.get('/api/scorecard?months=1')).json();
    const item = body.items.find((i: { key: string }) => i.key === 'processes_reviewed');
    const fact = (f: string) => item.evidence.find((e: { key: string }) => e.key === f);
    expect(fact('lastReviewDays').value).toBe(30);
    expect(fact('painPointsReviewed').value).toBe(1);
    expect(fact('painPointsActed')).toMatchObject({ value: 1, total: 1, part: 1 });
    expect(item.score).toBe(100);
  });
});

describe('POST /api/scorecard/call-five', () => {
  it('gives the caller a task for each visible customer with a phone, active this year and not heard in 90 days', async () => {
    // A and D have phones and recent activity; B has no phone (and was heard), C has neither.
    const res = await admin.post('/api/scorecard/call-five');
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.items.map((i: { customerId: string }) => i.customerId).sort()).toEqual([id.A, id.D].sort());
    expect(body.question.fa).toContain('یک چیز');
    const rows = await env.rt.database.db.select().from(tasks);
    const made = rows.filter((t) => body.items.some((i: { taskId: string }) => i.taskId === t.id));
    expect(made).toHaveLength(2);
    // Due at 21:00 in Tehran today (29 Aban 1405 = 2026-11-20) = 17:30 UTC, assigned to the caller.
    expect(made.every((t) => t.assigneeId === admin.userId && t.dueAt?.toISOString() === '2026-11-20T17:30:00.000Z' && t.status === 'open')).toBe(true);

    // A answers through feedback: the next list leaves A out.
    expect((await admin.post('/api/feedback', { customerId: id.A, channel: 'call', text: 'پیگیری سریع‌تر' })).statusCode).toBe(201);
    const again = (await admin.post('/api/scorecard/call-five')).json();
    expect(again.items.map((i: { customerId: string }) => i.customerId)).toEqual([id.D]);
  });

  it('is refused without the right to create tasks, and creates nothing', async () => {
    const noTasks = { ...DEFAULT_ROLES.sales.permissions, tasks: { ops: ['read'], scope: 'all' } };
    expect((await admin.post('/api/roles', { key: 'no_tasks', name: 'بی‌کار', permissions: noTasks })).statusCode).toBe(201);
    const before = (await env.rt.database.db.select().from(tasks)).length;
    const res = await (await env.login('no_tasks' as 'sales')).post('/api/scorecard/call-five');
    expect(res.statusCode).toBe(403);
    expect((await env.rt.database.db.select().from(tasks)).length).toBe(before);
  });
});

describe('scoring arithmetic', () => {
  const base = { answerMonths: 0, active: 0, heard: 0, live: 0, complete: 0, duplicatePairs: 0, interactions: 0, promisesDue: 0, promisesKept: 0,
    resolved: 0, firstContact: 0, notEscalated: 0, withinSla: 0, measuredMonths: 0, npsNow: { n: 0, promoters: 0, detractors: 0 },
    npsBefore: { n: 0, promoters: 0, detractors: 0 }, painReviewed: 0, painActed: 0, lastReviewDays: null };
  it('an empty business scores 0 and parts without data are left out', () => {
    const items = scoreItems(base);
    expect(items.map((i) => i.score)).toEqual([0, 0, 0, 0, 0]);
    expect(overall(items)).toBe(0);
  });
  it('duplicates reach 0 at 2 % of customers; an NPS fall of more than 5 points scores the trend 0; a review 366 days ago is too old', () => {
    const items = scoreItems({ ...base, live: 100, complete: 100, duplicatePairs: 1, npsNow: { n: 10, promoters: 2, detractors: 3 },
      npsBefore: { n: 10, promoters: 3, detractors: 3 }, measuredMonths: 6, lastReviewDays: 366, painReviewed: 4, painActed: 1 });
    // record: complete 1, duplicates 1 − 1/2 = 0.5 → 75
    expect(items[1].score).toBe(75);
    // NPS −10 after 0: a fall of 10 → trend 0; measured 6/6 → 0.7
    expect(items[3].score).toBe(70);
    // last review 366 days ago → 0; acted 1 of 4 → 0.25 → 13 (12.5 rounds half up)
    expect(items[4].score).toBe(13);
  });
});
