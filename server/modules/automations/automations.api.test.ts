/**
 * Automations: a web-form lead starts the lead rule in the submission's transaction and its task is made once; the
 * birthday schedule picks customers by their Jalali birthday (hand-calculated below); no consent, no SMS; running the
 * job again (or a run replayed from its first step) sends nothing twice; a changed rule is a new version while a
 * running customer keeps the old one; writes without settings:update are refused and change nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { automationTick, processDueRuns, pickScheduled, nextSendingTime } from './index.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
const rows = async <T>(q: ReturnType<typeof sql>) => (await env.rt.database.db.execute(q)).rows as T[];
const db = () => env.rt.database;

async function customer(lastName: string, phone: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName, gender: 'female', smsConsent: true, force: true, phones: [{ number: phone }], ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const smsTo = (customerId: string) => rows<{ body: string }>(sql`SELECT body FROM messages WHERE customer_id = ${customerId} AND channel = 'sms' AND subject_type = 'automation'`);

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
}, 180_000);
afterAll(async () => env?.close());

describe('templates and permissions', () => {
  it('lists the eight ready rules; a user without settings:update cannot create, change, delete or start one', async () => {
    const t = await admin.get('/api/automations/templates');
    expect(t.statusCode, t.body).toBe(200);
    expect(t.json().items.map((x: { key: string }) => x.key)).toEqual(['quote-sms', 'invoice-sms', 'birthday', 'win-back', 'win-back-churn', 'welcome', 'invoice-paid-thanks', 'new-lead']);

    const denied = await sales.post('/api/automations', { name: 'x', trigger: { kind: 'manual' }, actions: [{ kind: 'addTag', tag: 'x' }] });
    expect(denied.statusCode).toBe(403);
    expect((await rows(sql`SELECT id FROM automations WHERE name = 'x'`))).toHaveLength(0);

    const made = await admin.post('/api/automations', { name: 'برچسب دستی', trigger: { kind: 'manual' }, actions: [{ kind: 'addTag', tag: 'ویژه' }], enabled: true });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;
    const c = await customer('دستی', '09120000001');
    expect((await sales.patch(`/api/automations/${id}`, { enabled: false })).statusCode).toBe(403);
    expect((await sales.del(`/api/automations/${id}`)).statusCode).toBe(403);
    expect((await sales.post(`/api/automations/${id}/run`, { customerIds: [c] })).statusCode).toBe(403);
    const [row] = await rows<{ enabled: boolean; deleted_at: string | null; version: number }>(sql`SELECT enabled, deleted_at, version FROM automations WHERE id = ${id}`);
    expect(row).toEqual({ enabled: true, deleted_at: null, version: 1 });
    expect(await rows(sql`SELECT id FROM automation_runs WHERE automation_id = ${id}`)).toHaveLength(0);
    // Reading is allowed (settings:read), and the run log too.
    expect((await sales.get('/api/automations')).statusCode).toBe(200);

    // A bad condition is a 400, not a 500.
    const bad = await admin.post('/api/automations', { name: 'y', trigger: { kind: 'manual' }, conditions: { field: 'noSuchField', op: 'eq', value: 1 }, actions: [{ kind: 'addTag', tag: 'x' }] });
    expect(bad.statusCode, bad.body).toBe(400);

    // The manual start: the tag is added once; the same customer started again is a new occurrence, and the tag stays one.
    const run = await admin.post(`/api/automations/${id}/run`, { customerIds: [c, c] });
    expect(run.json()).toEqual({ started: 1, skipped: 0 });
    await processDueRuns(db(), env.clock);
    const got = (await admin.get(`/api/customers/${c}`)).json();
    expect(got.customer.tags).toEqual(['ویژه']);
    const runs = (await admin.get(`/api/automations/${id}/runs`)).json().items;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'done', step: 1, steps: 1, customerId: c });
    expect(runs[0].log.map((l: { action: string; outcome: string }) => `${l.action}:${l.outcome}`)).toEqual(['condition:met', 'addTag:changed']);
  });
});

describe('a web-form lead', () => {
  it('starts the lead rule in the same transaction and makes the owner one task, also when the job runs again', async () => {
    const tpl = (await admin.get('/api/automations/templates')).json().items.find((x: { key: string }) => x.key === 'new-lead');
    const a = await admin.post('/api/automations', tpl.definition);
    expect(a.statusCode, a.body).toBe(201);
    const owner = await env.login('sales');
    const form = await admin.post('/api/lead-forms', {
      name: 'فرم سایت', title: { fa: 'مشاوره', en: 'Ask' },
      fields: [{ key: 'name', target: 'lastName', label: { fa: 'نام', en: 'Name' }, required: true, type: 'text' }, { key: 'mobile', target: 'phone', label: { fa: 'موبایل', en: 'Mobile' }, required: true, type: 'tel' }],
      consents: [], thankYou: { kind: 'message', text: { fa: 'ممنون', en: 'Thanks' } }, ownerRule: { kind: 'round_robin', userIds: [owner.userId] }, createDeal: false,
    });
    expect(form.statusCode, form.body).toBe(201);
    const res = await env.app.inject({ method: 'POST', url: `/f/${form.json().token}`, payload: { name: 'کاوه سرنخ', mobile: '09127770001' }, headers: { accept: 'application/json' }, remoteAddress: '10.7.0.1' });
    expect(res.statusCode, res.body).toBe(200);
    const [c] = await rows<{ id: string; owner_id: string }>(sql`SELECT id, owner_id FROM customers WHERE last_name = 'کاوه سرنخ'`);
    expect(c.owner_id).toBe(owner.userId);
    // The run was written with the submission (before any job ran).
    expect(await rows(sql`SELECT id FROM automation_runs WHERE automation_id = ${a.json().id} AND status = 'pending'`)).toHaveLength(1);

    const now = env.clock.now().getTime();
    await processDueRuns(db(), env.clock);
    await processDueRuns(db(), env.clock);
    await automationTick(db(), env.clock);
    const tasks = await rows<{ assignee_id: string; title: string; due_at: Date }>(sql`SELECT assignee_id, title, due_at FROM tasks WHERE customer_id = ${c.id}`);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].assignee_id).toBe(owner.userId);
    expect(tasks[0].title).toBe('تماس با سرنخ تازه: کاوه سرنخ');
    expect(new Date(tasks[0].due_at).getTime()).toBe(now + 3_600_000);
  });
});

describe('the birthday schedule', () => {
  it('picks by the Jalali birthday three days ahead, texts only with consent, and never twice', async () => {
    // 2026-12-06 07:00 UTC = 10:30 in Tehran; today is 15 Azar 1405 (Azar 1 = 22 Nov in 1405), so +3 days = 18 Azar.
    env.clock.set('2026-12-06T07:00:00Z');
    // 1985-12-09: Azar 1 of 1364 was 22 Nov 1985 → 18 Azar: yes.
    const a = await customer('آذرماهی', '09121000001', { birthday: '1985-12-09' });
    // 2000-12-09: Azar 1 of 1379 was 21 Nov 2000 (a Gregorian leap year) → 19 Azar: no, though the same Gregorian day.
    const b = await customer('یک‌روزدیرتر', '09121000002', { birthday: '2000-12-09' });
    // 2000-12-08 → 18 Azar 1379: yes.
    const d = await customer('هزاره', '09121000003', { birthday: '2000-12-08' });
    // 18 Azar as well, but no SMS consent: the run goes through, the SMS is skipped.
    const e = await customer('بی‌رضایت', '09121000004', { birthday: '1985-12-09', smsConsent: false });
    const tpl = (await admin.get('/api/automations/templates')).json().items.find((x: { key: string }) => x.key === 'birthday');
    const made = await admin.post('/api/automations', tpl.definition);
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id;

    await automationTick(db(), env.clock);
    const picked = await rows<{ customer_id: string; occurrence: string; status: string }>(sql`SELECT customer_id, occurrence, status FROM automation_runs WHERE automation_id = ${id}`);
    expect(picked.map((r) => r.customer_id).sort()).toEqual([a, d, e].sort());
    expect(new Set(picked.map((r) => r.occurrence))).toEqual(new Set(['birthday:1405']));
    expect(picked.every((r) => r.status === 'done')).toBe(true);
    expect(await smsTo(b)).toHaveLength(0);
    expect(await smsTo(e)).toHaveLength(0);
    const [sms] = await smsTo(a);
    expect(sms.body).toBe('خانم آذرماهی، تولدتان پیشاپیش مبارک! هدیهٔ ما: ۲۰٪ تخفیف تا یک هفته.');
    const [log] = await rows<{ log: { action: string; outcome: string; detail: string }[] }>(sql`SELECT log FROM automation_runs WHERE automation_id = ${id} AND customer_id = ${e}`);
    expect(log.log.at(-1)).toMatchObject({ action: 'sms', outcome: 'skipped', detail: 'no SMS consent' });

    // The job again, an hour later and the next day with the schedule forgotten: nothing new, nothing twice.
    env.clock.set('2026-12-06T08:00:00Z');
    await automationTick(db(), env.clock);
    await env.rt.database.db.execute(sql`UPDATE automations SET scheduled_on = NULL WHERE id = ${id}`);
    expect(await pickScheduled(db(), env.clock)).toBe(0);
    // A run replayed from its first step (as if its progress were lost): the outbox's key keeps it to one message.
    await env.rt.database.db.execute(sql`UPDATE automation_runs SET status = 'pending', step = 0, due_at = ${env.clock.now()} WHERE automation_id = ${id} AND customer_id = ${a}`);
    await processDueRuns(db(), env.clock);
    expect(await smsTo(a)).toHaveLength(1);
    expect(await smsTo(d)).toHaveLength(1);
  });

  it('waits for 09:00 Tehran before an advertising SMS', () => {
    // 22:10 Tehran (18:40 UTC) → 09:00 Tehran next day = 05:30 UTC.
    expect(nextSendingTime(new Date('2026-12-06T18:40:00Z')).toISOString()).toBe('2026-12-07T05:30:00.000Z');
    expect(nextSendingTime(new Date('2026-12-06T07:00:00Z')).toISOString()).toBe('2026-12-06T07:00:00.000Z');
  });
});

describe('versions and waits', () => {
  it('a customer in a wait keeps the version it started with; a change a step makes starts no automation', async () => {
    // Listens to every customer update: the tag the other rule adds must not start it (no chains, no loops).
    const echo = await admin.post('/api/automations', { name: 'پژواک', trigger: { kind: 'event', event: 'customer.updated' }, enabled: true, actions: [{ kind: 'removeTag', tag: 'نسخه-۱' }] });
    expect(echo.statusCode, echo.body).toBe(201);
    const made = await admin.post('/api/automations', {
      name: 'خوشامد', trigger: { kind: 'event', event: 'customer.created' }, enabled: true,
      actions: [{ kind: 'wait', amount: 2, unit: 'days' }, { kind: 'addTag', tag: 'نسخه-۱' }],
    });
    const id = made.json().id;
    const c = await customer('نسخه', '09121000009');
    await processDueRuns(db(), env.clock);
    const changed = await admin.patch(`/api/automations/${id}`, { actions: [{ kind: 'addTag', tag: 'نسخه-۲' }] });
    expect(changed.json().version).toBe(2);
    env.clock.advance(2 * 86_400_000 + 1000);
    await processDueRuns(db(), env.clock);
    expect((await admin.get(`/api/customers/${c}`)).json().customer.tags).toEqual(['نسخه-۱']);
    const runs = (await admin.get(`/api/customers/${c}/automation-runs`)).json().items;
    expect(runs.filter((r: { automationId: string }) => r.automationId === id)).toMatchObject([{ version: 1, status: 'done' }]);
    expect(runs.filter((r: { automationId: string }) => r.automationId === echo.json().id)).toEqual([]);
    await admin.patch(`/api/automations/${id}`, { enabled: false });
    await admin.patch(`/api/automations/${echo.json().id}`, { enabled: false });
  });
});

describe('more triggers', () => {
  const template = async (key: string) => (await admin.get('/api/automations/templates')).json().items.find((x: { key: string }) => x.key === key).definition;

  it('a quote sent starts the quote SMS with its number and link', async () => {
    env.clock.set('2026-12-06T08:00:00Z');
    const made = await admin.post('/api/automations', await template('quote-sms'));
    expect(made.statusCode, made.body).toBe(201);
    const c = await customer('پیش‌فاکتوری', '09121000010');
    const q = await admin.post('/api/documents', { kind: 'quote', customerId: c, lines: [{ description: 'نصب', quantity: '1', unitPrice: '1000000' }] });
    expect(q.statusCode, q.body).toBe(201);
    // The dialog's own SMS is off: the automation's is the only one.
    const sent = await admin.post(`/api/documents/${q.json().id}/send`, { email: false, sms: false });
    expect(sent.statusCode, sent.body).toBe(200);
    const { number, link } = sent.json();
    await processDueRuns(db(), env.clock);
    const texts = await smsTo(c);
    expect(texts.map((m) => m.body)).toEqual([`خانم پیش‌فاکتوری، پیش‌فاکتور ${number} برای شما فرستاده شد: ${link}`]);
    // Sending it again is not a first sending: no second run.
    await admin.post(`/api/documents/${q.json().id}/send`, { email: false, sms: false, resend: true });
    await processDueRuns(db(), env.clock);
    expect(await smsTo(c)).toHaveLength(1);
    await admin.patch(`/api/automations/${made.json().id}`, { enabled: false });
  });

  it('win-back: only a buyer whose last purchase is 90 or more days back, once per lapse, with an SMS and a task', async () => {
    env.clock.set('2026-12-06T08:00:00Z'); // 11:30 Tehran; 90 days before 2026-12-06 is 2026-09-07
    const lapsed = await customer('قدیمی', '09121000011');
    const edge = await customer('مرزی', '09121000012');
    const recent = await customer('تازه', '09121000013');
    const never = await customer('بی‌خرید', '09121000014');
    const buy = async (customerId: string, day: string, n: string) => {
      const res = await admin.post('/api/documents', { kind: 'invoice', customerId, issueDate: day, lines: [{ description: 'کالا', quantity: '1', unitPrice: '5000000' }] });
      expect(res.statusCode, res.body).toBe(201);
      const s = await admin.post(`/api/documents/${res.json().id}/send`, { email: false, sms: false });
      expect(s.statusCode, `${n} ${s.body}`).toBe(200);
    };
    await buy(lapsed, '2026-08-01', 'a');
    await buy(edge, '2026-09-07', 'b');
    await buy(recent, '2026-09-08', 'c');
    void never;
    const made = await admin.post('/api/automations', await template('win-back'));
    const id = made.json().id;
    await automationTick(db(), env.clock);
    const runs = await rows<{ customer_id: string; occurrence: string; status: string }>(sql`SELECT customer_id, occurrence, status FROM automation_runs WHERE automation_id = ${id} ORDER BY occurrence`);
    expect(runs).toEqual([
      { customer_id: lapsed, occurrence: 'lapse:2026-08-01', status: 'done' },
      { customer_id: edge, occurrence: 'lapse:2026-09-07', status: 'done' },
    ]);
    expect((await smsTo(lapsed)).map((m) => m.body)).toEqual(['خانم قدیمی، دلمان برایتان تنگ شده! با این پیامک ۱۵٪ تخفیف خرید بعدی‌تان را بگیرید.']);
    const tasks = await rows<{ title: string; due_at: Date }>(sql`SELECT title, due_at FROM tasks WHERE customer_id = ${lapsed}`);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].title).toBe('تماس با مینا قدیمی: ۹۰ روز بی‌خرید');
    expect(new Date(tasks[0].due_at).toISOString()).toBe('2026-12-08T08:00:00.000Z');
    // The next day: the same lapses do not start again; the buyer of 2026-09-08 is now 90 days back and starts.
    env.clock.set('2026-12-07T08:00:00Z');
    await automationTick(db(), env.clock);
    const next = await rows<{ customer_id: string; occurrence: string }>(sql`SELECT customer_id, occurrence FROM automation_runs WHERE automation_id = ${id} ORDER BY occurrence`);
    expect(next.map((r) => `${r.customer_id}:${r.occurrence}`)).toEqual([`${lapsed}:lapse:2026-08-01`, `${edge}:lapse:2026-09-07`, `${recent}:lapse:2026-09-08`]);
    expect(await smsTo(lapsed)).toHaveLength(1);
    await admin.patch(`/api/automations/${id}`, { enabled: false });
  });

  it('an advertising SMS at 22:00 Tehran waits for 09:00; a condition not met skips the run', async () => {
    env.clock.set('2026-12-07T18:30:00Z'); // 22:00 Tehran
    const made = await admin.post('/api/automations', {
      name: 'تبلیغ', trigger: { kind: 'manual' }, enabled: true, conditions: { field: 'city', op: 'eq', value: 'کرمان' },
      actions: [{ kind: 'sms', body: '{greeting}، حراج!', advertising: true }],
    });
    const id = made.json().id;
    // Written with the Arabic kaf: the condition compares Persian-normalized text.
    const kerman = await customer('کرمانی', '09121000015', { city: 'كرمان' });
    const tehran = await customer('تهرانی', '09121000016', { city: 'تهران' });
    expect((await admin.post(`/api/automations/${id}/run`, { customerIds: [kerman, tehran] })).json()).toEqual({ started: 2, skipped: 0 });
    await processDueRuns(db(), env.clock);
    const state = async (c: string) => (await rows<{ status: string; due_at: Date | null; log: { action: string; outcome: string }[] }>(sql`SELECT status, due_at, log FROM automation_runs WHERE automation_id = ${id} AND customer_id = ${c}`))[0];
    expect(await state(tehran)).toMatchObject({ status: 'skipped', log: [{ action: 'condition', outcome: 'not met' }] });
    const waiting = await state(kerman);
    expect(waiting.status).toBe('waiting');
    expect(new Date(waiting.due_at!).toISOString()).toBe('2026-12-08T05:30:00.000Z'); // 09:00 Tehran
    env.clock.set('2026-12-08T05:29:00Z');
    await processDueRuns(db(), env.clock);
    expect(await smsTo(kerman)).toHaveLength(0);
    env.clock.set('2026-12-08T05:30:00Z');
    await processDueRuns(db(), env.clock);
    expect((await smsTo(kerman)).map((m) => m.body)).toEqual(['خانم کرمانی، حراج!']);
    expect(await smsTo(tehran)).toHaveLength(0);
    expect((await state(kerman)).status).toBe('done');
  });
});

describe('a step that fails', () => {
  it('is retried with backoff without repeating the steps before it, then the run fails with the reason and an admin is told', async () => {
    env.clock.set('2026-12-08T08:00:00Z');
    const owner = await env.login('sales');
    const c = await customer('شکست', '09121000017', { ownerId: owner.userId });
    expect((await admin.patch(`/api/users/${owner.userId}`, { active: false })).statusCode).toBe(200);
    const made = await admin.post('/api/automations', {
      name: 'سه گام', trigger: { kind: 'manual' }, enabled: true,
      actions: [{ kind: 'addTag', tag: 'الف' }, { kind: 'sms', body: 'سلام {نام}', advertising: false }, { kind: 'task', title: 'پیگیری', dueIn: 1, unit: 'days' }],
    });
    const id = made.json().id;
    await admin.post(`/api/automations/${id}/run`, { customerIds: [c] });
    const run = async () => (await rows<{ status: string; step: number; attempts: number; due_at: Date | null; error: string | null }>(sql`SELECT status, step, attempts, due_at, error FROM automation_runs WHERE automation_id = ${id}`))[0];
    await processDueRuns(db(), env.clock);
    // The task's assignee (the owner) is inactive: the third step rolls back; the first two stay done.
    expect(await run()).toMatchObject({ status: 'pending', step: 2, attempts: 1 });
    expect(new Date((await run()).due_at!).toISOString()).toBe('2026-12-08T08:01:00.000Z');
    for (const [minute, attempts] of [['08:01', 2], ['08:03', 3]] as const) {
      env.clock.set(`2026-12-08T${minute}:00Z`);
      await processDueRuns(db(), env.clock);
      expect(await run()).toMatchObject({ status: 'pending', step: 2, attempts });
    }
    const notices = async () => ((await admin.get('/api/notifications')).json().items as { kind: string; title: string; body: string; link: string }[]).filter((n) => n.kind === 'automation_failed');
    // Retrying is no alarm yet.
    expect(await notices()).toEqual([]);
    env.clock.set('2026-12-08T08:07:00Z');
    await processDueRuns(db(), env.clock);
    // Given up: the admin is told once, in Persian, with the step, its reason and a link to the rule.
    const told = await notices();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ title: 'خودکارسازی «سه گام» پس از ۴ تلاش ناموفق ماند', link: `/automations?automation=${id}` });
    expect(told[0].body).toMatch(/^گام ۳ \(task\): VALIDATION_FAILED/);
    // Only admins are told: one notice per active admin, nobody else.
    const to = await rows<{ key: string }>(sql`SELECT r.key FROM notifications n JOIN users u ON u.id = n.user_id JOIN roles r ON r.id = u.role_id WHERE n.kind = 'automation_failed'`);
    const admins = await rows<{ id: string }>(sql`SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE r.key = 'admin' AND u.active`);
    expect(to.map((r) => r.key)).toEqual(admins.map(() => 'admin'));
    const failed = await run();
    expect(failed).toMatchObject({ status: 'failed', step: 2, attempts: 4 });
    expect(failed.error).toMatch(/^VALIDATION_FAILED/);
    expect((await admin.get(`/api/customers/${c}`)).json().customer.tags).toEqual(['الف']);
    expect((await smsTo(c)).map((m) => m.body)).toEqual(['سلام مینا']);
    expect(await rows(sql`SELECT id FROM tasks WHERE customer_id = ${c}`)).toHaveLength(0);
    await processDueRuns(db(), env.clock);
    expect(await notices()).toHaveLength(1);
  });
});
