import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startSmtp, type Smtp } from '../../test/fakes/smtp.ts';
import { fireDueReminders, reminderJobs, REMINDER_JOB, REMINDER_SWEEP_JOB, EMAIL_JOB } from './index.ts';
import { deliverEmail, outboxJobs, OUTBOX_SWEEP_JOB } from '../notifications/index.ts';
import { MAX_EMAIL_ATTEMPTS } from '../notifications/email.jobs.ts';
import { smtpDriver } from '../../drivers/email/smtp.driver.ts';
import { NullQueue as NullQueueForTest, type NullQueue } from '../../jobs/queue.ts';
import { sse } from '../notifications/notifications.routes.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';

type Notice = { id: string; kind: string; title: string; body: string | null; link: string | null };

async function reminders(agent: Agent): Promise<Notice[]> {
  const res = await agent.get('/api/notifications');
  expect(res.statusCode).toBe(200);
  return (res.json().items as Notice[]).filter((n) => n.kind === 'task_reminder');
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------------
describe('firing reminders exactly once (queue off, controllable clock)', () => {
  let env: TestEnv;
  beforeAll(async () => { env = await createTestEnv({ start: '2026-11-23T08:00:00Z' }); });
  afterAll(async () => env?.close());

  const fire = () => fireDueReminders(env.rt.database, env.clock, { emailEnabled: false });

  it('schedules a job at the reminder time when a reminder is set', async () => {
    const sales = await env.login('sales');
    const t = (await sales.post('/api/tasks', { title: 'schedule-me', dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T11:00:00Z' })).json();
    const sent = (env.rt.queue as NullQueue).sent.filter((s) => s.name === REMINDER_JOB && (s.data as { taskId: string }).taskId === t.id);
    expect(sent).toHaveLength(1);
    expect(sent[0].opts).toMatchObject({ startAfter: new Date('2026-11-23T11:00:00Z') });
  });

  it('notifies once per task when the sweep runs twice and concurrently', async () => {
    const a = await env.login('sales');
    const b = await env.login('sales');
    const c = (await a.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'امینی' })).json();
    env.clock.set('2026-11-23T08:00:00Z');
    const t1 = (await a.post('/api/tasks', { title: 'تماس با سارا', customerId: c.id, dueAt: '2026-11-23T10:00:00Z', reminderAt: '2026-11-23T09:30:00Z' })).json();
    await a.post('/api/tasks', { title: 'ارسال فاکتور', assigneeId: b.userId, dueAt: '2026-11-23T11:00:00Z', reminderAt: '2026-11-23T09:45:00Z' });
    await a.post('/api/tasks', { title: 'هنوز زود است', dueAt: '2026-11-24T11:00:00Z', reminderAt: '2026-11-24T09:00:00Z' });

    // Not yet due: nothing fires.
    expect((await fire()).fired).toBe(0);
    expect(await reminders(a)).toHaveLength(0);

    env.clock.set('2026-11-23T10:00:00Z');
    const results = await Promise.all([fire(), fire(), fire()]);
    expect(results.reduce((n, r) => n + r.fired, 0)).toBe(2);
    expect((await fire()).fired).toBe(0);

    const forA = await reminders(a);
    expect(forA).toHaveLength(1);
    expect(forA[0]).toMatchObject({ title: 'یادآوری: تماس با سارا', link: `/customers/${c.id}` });
    expect(forA[0].body).toContain('سارا امینی');
    const forB = await reminders(b);
    expect(forB.map((n) => n.title)).toEqual(['یادآوری: ارسال فاکتور']);
    const task = (await a.get(`/api/tasks/${t1.id}`)).json();
    expect(task.remindedAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('fires a moved reminder again, once, at its new time', async () => {
    const sales = await env.login('sales');
    env.clock.set('2026-11-23T08:00:00Z');
    const t = (await sales.post('/api/tasks', { title: 'جابه‌جا', dueAt: '2026-11-25T10:00:00Z', reminderAt: '2026-11-23T09:00:00Z' })).json();
    env.clock.set('2026-11-23T09:01:00Z');
    await fire();
    expect(await reminders(sales)).toHaveLength(1);

    const moved = await sales.patch(`/api/tasks/${t.id}`, { reminderAt: '2026-11-24T09:00:00Z' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().remindedAt).toBeNull();
    await Promise.all([fire(), fire()]);
    expect(await reminders(sales)).toHaveLength(1); // not before its new time

    env.clock.set('2026-11-24T09:00:30Z');
    await Promise.all([fire(), fire()]);
    await fire();
    expect(await reminders(sales)).toHaveLength(2);
  });

  it('does not re-arm a reminder that already fired when an edit sends the same reminder time back', async () => {
    const sales = await env.login('sales');
    env.clock.set('2026-11-23T08:00:00Z');
    const t = (await sales.post('/api/tasks', { title: 'ویرایش فرم', dueAt: '2026-11-25T10:00:00Z', reminderAt: '2026-11-23T09:00:00Z' })).json();
    env.clock.set('2026-11-23T09:30:00Z');
    await fire();
    expect(await reminders(sales)).toHaveLength(1);
    // The edit form sends every field, the unchanged reminder included.
    const edit = await sales.patch(`/api/tasks/${t.id}`, { title: 'ویرایش فرم (اصلاح)', dueAt: t.dueAt, reminderAt: t.reminderAt, priority: 'high' });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(edit.json().remindedAt).toBe('2026-11-23T09:30:00.000Z');
    env.clock.advance(60_000);
    await fire();
    expect(await reminders(sales)).toHaveLength(1);
  });

  it('does not remind about a task of a deleted customer', async () => {
    const sales = await env.login('sales');
    const manager = await env.login('manager');
    env.clock.set('2026-11-23T08:00:00Z');
    const c = (await sales.post('/api/customers', { kind: 'person', lastName: 'حذف‌شونده' })).json();
    await sales.post('/api/tasks', { title: 'بی‌مشتری', customerId: c.id, dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T09:00:00Z' });
    expect((await manager.del(`/api/customers/${c.id}`)).statusCode).toBe(204);
    env.clock.set('2026-11-23T09:30:00Z');
    await fire();
    expect(await reminders(sales)).toHaveLength(0);
  });

  it('the once-a-minute sweep job catches a reminder whose own job was lost, and queues its email', async () => {
    const sales = await env.login('sales');
    env.clock.set('2026-11-23T08:00:00Z');
    const t = (await sales.post('/api/tasks', { title: 'کار گمشده', dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T09:00:00Z' })).json();
    const queue = new NullQueueForTest();
    const defs = reminderJobs({ database: env.rt.database, clock: env.clock, queue: () => queue, emailEnabled: async () => true });
    const sweep = defs.find((d) => d.name === REMINDER_SWEEP_JOB)!;
    const byId = defs.find((d) => d.name === REMINDER_JOB)!;
    env.clock.set('2026-11-23T09:00:30Z');
    await sweep.handler({});
    await sweep.handler({});
    await byId.handler({ taskId: t.id }); // the lost job turning up late changes nothing
    expect((await reminders(sales)).map((n) => n.title)).toEqual(['یادآوری: کار گمشده']);
    expect(queue.sent.filter((s) => s.name === EMAIL_JOB)).toHaveLength(1);
    const outboxId = (queue.sent.find((s) => s.name === EMAIL_JOB)!.data as { outboxId: string }).outboxId;
    const [row] = (await env.rt.database.db.execute(sql`SELECT recipient, status FROM outbox WHERE id = ${outboxId}`)).rows;
    expect(row).toEqual({ recipient: sales.email, status: 'pending' });
    // Its delivery job is lost too: the outbox's sweep queues the email again, once per sweep until it is attempted.
    const outboxSweep = outboxJobs({ db: env.rt.database.db, now: () => env.clock.now(), queue: () => queue, senders: async () => ({}) }).find((d) => d.name === OUTBOX_SWEEP_JOB)!;
    await env.rt.database.db.execute(sql`UPDATE outbox SET created_at = ${new Date('2026-11-23T09:00:30Z')} WHERE id = ${outboxId}`);
    env.clock.set('2026-11-23T09:01:00Z');
    await outboxSweep.handler({});
    expect(queue.sent.filter((s) => s.name === EMAIL_JOB)).toHaveLength(1);
    env.clock.set('2026-11-23T09:03:00Z');
    await outboxSweep.handler({});
    const resent = queue.sent.filter((s) => s.name === EMAIL_JOB).map((s) => (s.data as { outboxId: string }).outboxId);
    expect(resent).toEqual([outboxId, outboxId]);
  });

  it('never fires for a done, cancelled or deleted task, nor after the reminder is cleared', async () => {
    const sales = await env.login('sales');
    const manager = await env.login('manager');
    env.clock.set('2026-11-23T08:00:00Z');
    const mk = async (title: string, by: Agent = sales) =>
      (await by.post('/api/tasks', { title, assigneeId: sales.userId, dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T09:00:00Z' })).json();
    const done = await mk('done');
    const cancelled = await mk('cancelled');
    const deleted = await mk('deleted', manager);
    const cleared = await mk('cleared');
    expect((await sales.patch(`/api/tasks/${done.id}`, { status: 'done' })).statusCode).toBe(200);
    expect((await sales.patch(`/api/tasks/${cancelled.id}`, { status: 'cancelled' })).statusCode).toBe(200);
    expect((await manager.del(`/api/tasks/${deleted.id}`)).statusCode).toBe(204);
    expect((await sales.patch(`/api/tasks/${cleared.id}`, { reminderAt: null })).statusCode).toBe(200);
    env.clock.set('2026-11-23T09:30:00Z');
    await Promise.all([fire(), fire()]);
    expect(await reminders(sales)).toHaveLength(0);
    expect((await sales.get(`/api/tasks/${done.id}`)).json().remindedAt).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------------
type Stream = { events: { event: string; data: string }[]; close(): void };

/** Opens GET /api/events over real HTTP (no keep-alive, so closing the app does not wait) and collects the events. */
async function openEvents(base: string, agent: Agent): Promise<Stream> {
  const events: { event: string; data: string }[] = [];
  const req = http.get(`${base}/api/events`, { agent: false, headers: { cookie: agent.cookie, accept: 'text/event-stream' } });
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => { req.on('response', resolve); req.on('error', reject); });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/event-stream');
  res.setEncoding('utf8');
  let buf = '';
  res.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(':')) continue; // a keep-alive comment
      const ev = { event: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) ev.event = line.slice(7);
        else if (line.startsWith('data: ')) ev.data += line.slice(6);
      }
      events.push(ev);
    }
  });
  res.on('error', () => {});
  req.on('error', () => {});
  await waitFor('the ready event', async () => events.some((e) => e.event === 'ready'));
  return { events, close: () => req.destroy() };
}

describe('through the real job queue (pg-boss), with live events and email', () => {
  let env: TestEnv;
  let smtp: Smtp;
  let base: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv({ jobs: true, start: new Date().toISOString(), emailDriver: smtpDriver(smtp.url, 'Mehvar <no-reply@test>', loopbackGuard()) });
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await env?.close();
    await smtp?.close();
  });

  /**
   * The job is due at the reminder time on the database's (real) clock; the handler then checks the reminder
   * against the app's clock, which in tests is the manual one. Move that clock past the reminder at once, so the
   * only thing still waiting is the job queue.
   */
  async function taskWithReminderSoon(agent: Agent, title: string) {
    env.clock.set(new Date());
    const reminderAt = new Date(Date.now() + 2000);
    const res = await agent.post('/api/tasks', { title, dueAt: new Date(Date.now() + 3600_000).toISOString(), reminderAt: reminderAt.toISOString() });
    expect(res.statusCode, res.body).toBe(201);
    env.clock.set(new Date(reminderAt.getTime() + 1000));
    return res.json() as { id: string };
  }

  it('fires a reminder 2 s ahead through the queue: one notification, and one email to the assignee', async () => {
    const sales = await env.login('sales');
    const t = await taskWithReminderSoon(sales, 'یادآوری از صف');
    // Nothing fires by itself: the queue has to run the job.
    expect(await reminders(sales)).toHaveLength(0);
    const list = await waitFor('the reminder notification', async () => { const r = await reminders(sales); return r.length ? r : undefined; });
    expect(list.map((n) => n.title)).toEqual(['یادآوری: یادآوری از صف']);
    expect((await sales.get(`/api/tasks/${t.id}`)).json().remindedAt).not.toBeNull();

    const mail = await waitFor('the reminder email', async () => smtp.messages.find((m) => m.to.includes(sales.email)));
    expect(mail.subject).toBe('یادآوری: یادآوری از صف');
    expect(mail.from).toBe('no-reply@test');
    // Running the sweep again (as the once-a-minute job would) changes nothing.
    await fireDueReminders(env.rt.database, env.clock, { emailEnabled: true });
    await sleep(2500);
    expect(smtp.messages.filter((m) => m.to.includes(sales.email))).toHaveLength(1);
    expect(await reminders(sales)).toHaveLength(1);
    const [outbox] = (await env.rt.database.db.execute(sql`SELECT status, attempts FROM outbox WHERE recipient = ${sales.email}`)).rows;
    expect(outbox).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('pushes the notification as a Server-Sent Event to that user only', async () => {
    const alice = await env.login('sales');
    const bob = await env.login('sales');
    const aStream = await openEvents(base, alice);
    const bStream = await openEvents(base, bob);
    try {
      await taskWithReminderSoon(alice, 'رویداد زنده');
      const ev = await waitFor('the notification event', async () => aStream.events.find((e) => e.event === 'notification'));
      const data = JSON.parse(ev.data) as Notice;
      expect(data).toMatchObject({ kind: 'task_reminder', title: 'یادآوری: رویداد زنده' });
      expect((await reminders(alice)).map((n) => n.id)).toEqual([data.id]);
      await sleep(1000);
      expect(aStream.events.filter((e) => e.event === 'notification')).toHaveLength(1);
      expect(bStream.events.map((e) => e.event)).toEqual(['ready']);
    } finally {
      aStream.close();
      bStream.close();
    }
  });

  it('ends the event stream soon after the session ends', async () => {
    sse.pingMs = 200;
    try {
      const carol = await env.login('sales');
      let ended = false;
      const req = http.get(`${base}/api/events`, { agent: false, headers: { cookie: carol.cookie } }, (res) => {
        res.resume();
        res.on('end', () => { ended = true; });
      });
      req.on('error', () => {});
      await sleep(600);
      expect(ended).toBe(false);
      expect((await carol.post('/api/auth/logout')).statusCode).toBe(204);
      // Pings every 200 ms re-check the session, so this takes a fraction of a second alone; the bound is a hang guard
      // sized for CI, where the PGlite worker shares two cores with the end-to-end runs (5 s once ran out there).
      await waitFor('the stream to end', async () => ended, 20_000);
      req.destroy();
    } finally {
      sse.pingMs = 15_000;
    }
  });

  it('refuses the event stream without a session', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http.get(`${base}/api/events`, { agent: false }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    expect(status).toBe(401);
  });
});

// ---------------------------------------------------------------------------------------------------------------
describe('email outbox delivery and retries', () => {
  let env: TestEnv;
  let smtp: Smtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    env = await createTestEnv({ start: '2026-11-23T08:00:00Z', emailDriver: smtpDriver(smtp.url, 'Mehvar <no-reply@test>', loopbackGuard()) });
  });
  afterAll(async () => {
    await env?.close();
    await smtp?.close();
  });

  const outboxRow = async (id: string) => (await env.rt.database.db.execute(sql`SELECT status, attempts, last_error, sent_at FROM outbox WHERE id = ${id}`)).rows[0] as { status: string; attempts: number; last_error: string | null; sent_at: unknown };

  it('keeps a failed email pending with the error and attempt count, and delivers it once on retry', async () => {
    const sales = await env.login('sales');
    const driver = smtpDriver(smtp.url, 'Mehvar <no-reply@test>', loopbackGuard());
    await sales.post('/api/tasks', { title: 'ایمیل با تلاش دوباره', dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T09:00:00Z' });
    env.clock.set('2026-11-23T09:05:00Z');
    const [first, second] = await Promise.all([
      fireDueReminders(env.rt.database, env.clock, { emailEnabled: true }),
      fireDueReminders(env.rt.database, env.clock, { emailEnabled: true }),
    ]);
    const ids = [...first.emails, ...second.emails];
    expect(ids).toHaveLength(1);
    const id = ids[0];
    expect(await outboxRow(id)).toMatchObject({ status: 'pending', attempts: 0, last_error: null });

    smtp.failNext(1);
    await expect(deliverEmail(env.rt.database.db, driver, id)).rejects.toThrow();
    const failed = await outboxRow(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).toMatch(/451|try again/i);
    expect(smtp.messages).toHaveLength(0);

    expect(await deliverEmail(env.rt.database.db, driver, id)).toBe('sent');
    expect(await deliverEmail(env.rt.database.db, driver, id)).toBe('skipped');
    expect(await outboxRow(id)).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ to: [sales.email], subject: 'یادآوری: ایمیل با تلاش دوباره' });
    expect(smtp.messages[0].raw).toContain(`<${id}@mehvar>`);
  });

  it('gives up after the last attempt, counting every attempt', async () => {
    const sales = await env.login('sales');
    const driver = smtpDriver(smtp.url, 'Mehvar <no-reply@test>', loopbackGuard());
    env.clock.set('2026-11-23T08:00:00Z');
    await sales.post('/api/tasks', { title: 'ایمیل ناموفق', dueAt: '2026-11-23T12:00:00Z', reminderAt: '2026-11-23T09:00:00Z' });
    env.clock.set('2026-11-23T09:05:00Z');
    const { emails: [id] } = await fireDueReminders(env.rt.database, env.clock, { emailEnabled: true });
    smtp.failNext(MAX_EMAIL_ATTEMPTS);
    for (let i = 1; i < MAX_EMAIL_ATTEMPTS; i++) await expect(deliverEmail(env.rt.database.db, driver, id)).rejects.toThrow();
    expect(await deliverEmail(env.rt.database.db, driver, id)).toBe('failed');
    const row = await outboxRow(id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_EMAIL_ATTEMPTS });
    expect(row.last_error).toBeTruthy();
    expect(await deliverEmail(env.rt.database.db, driver, id)).toBe('skipped');
    expect(smtp.messages.filter((m) => m.to.includes(sales.email))).toHaveLength(0);
  });
});
