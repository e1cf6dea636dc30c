/**
 * Voice of the customer through the API and the public page: building surveys (bad definitions refused by field), the
 * ticket-resolved and invoice-paid triggers, the single-customer link (answered once, changeable for a while, never
 * counted twice, unguessable), consent, fatigue and quiet hours, a score texted back, the anonymous link (honeypot and
 * rate limit), the closed loop, asking promoters, the feedback inbox with keyword topics, and the figures.
 */
import { sql } from 'drizzle-orm';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { smsWebhookToken } from '../messaging/index.ts';
import { dispatchDue, schedulePeriodic } from './invitations.service.ts';
import { withTx } from '../../db/tx.ts';

let env: TestEnv;
let admin: Agent;
let marketing: Agent;
let support: Agent;
let sales: Agent;
const START = '2026-11-23T08:00:00Z'; // Monday 11:30 in Tehran

const CES_SURVEY = {
  name: 'رضایت از پشتیبانی', status: 'active', channel: 'sms',
  trigger: { type: 'ticket_resolved', delayMinutes: 0 },
  intro: { fa: 'چند ثانیه وقت می‌گیرد.', en: 'Takes a few seconds.' },
  questions: [
    { id: 'ces', type: 'ces', text: { fa: 'رسیدگی به درخواستم آسان بود.', en: 'It was easy to get my issue handled.' },
      followUp: { maxScore: 3, text: { fa: 'چه چیزی را بهتر کنیم؟', en: 'What could we do better?' } } },
    { id: 'csat', type: 'csat', required: false, text: { fa: 'از کارشناس ما چقدر راضی بودید؟', en: 'How satisfied were you with our agent?' } },
    { id: 'note', type: 'text', required: false, text: { fa: 'توضیح دیگری دارید؟', en: 'Anything else?' } },
  ],
};

async function customer(extra: Record<string, unknown> = {}) {
  const res = await sales.post('/api/customers', { kind: 'person', firstName: 'مریم', lastName: `کریمی ${Math.random().toString(36).slice(2, 7)}`, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const q = <T>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
/** The survey link of the newest SMS to a customer, and its token. */
async function lastLink(customerId: string) {
  const [m] = await q<{ body: string }>("SELECT body FROM messages WHERE customer_id = $1 AND subject_type = 'survey_invitation' ORDER BY created_at DESC, id DESC LIMIT 1", [customerId]);
  const url = m?.body.match(/https?:\/\/\S+\/s\/([A-Za-z0-9_-]+)/);
  return url ? { body: m.body, path: `/s/${url[1]}`, token: url[1] } : null;
}
const form = (o: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return p.toString();
};
const post = (path: string, body: Record<string, string | string[]>, ip = '10.0.0.1') =>
  env.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(body), remoteAddress: ip });
const get = (path: string) => env.app.inject({ method: 'GET', url: path });

let surveyId = '';
let ticketCustomer = '';
let ticketId = '';
let link: { path: string; token: string } | null = null;

beforeAll(async () => {
  env = await createTestEnv({ start: START });
  admin = await env.login('admin');
  marketing = await env.login('marketing');
  support = await env.login('support');
  sales = await env.login('sales');
  // The SMS channel is configured (messages queue in the outbox; nothing is delivered in these tests).
  const put = await admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' });
  expect(put.statusCode, put.body).toBe(200);
}, 180_000);
afterAll(async () => env?.close());

describe('building surveys', () => {
  it('refuses bad definitions naming the field, and lets only builders build', async () => {
    const bad = await marketing.post('/api/surveys', { ...CES_SURVEY, questions: [
      { id: 'a', type: 'single', text: { fa: 'کدام؟' }, options: [{ id: 'x', text: { fa: 'فقط یکی' } }] },
      { id: 'b', type: 'nps', text: { fa: 'توصیه؟' }, followUp: { maxScore: 11, text: { fa: 'چرا؟' } } },
      { id: 'c', type: 'text', text: { fa: '' } },
    ] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details)).toEqual(expect.arrayContaining(['questions.0.options', 'questions.1.followUp.maxScore', 'questions.2.text.fa']));
    const dup = await marketing.post('/api/surveys', { ...CES_SURVEY, questions: [CES_SURVEY.questions[0], CES_SURVEY.questions[0]] });
    expect(dup.statusCode).toBe(400);
    expect((await support.post('/api/surveys', CES_SURVEY)).statusCode).toBe(403);
    const ok = await marketing.post('/api/surveys', CES_SURVEY);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ metric: 'ces', status: 'active', anonymousUrl: null });
    surveyId = ok.json().id;
    const preview = await marketing.get(`/api/surveys/${surveyId}/preview?lang=en`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(preview.body).toContain('It was easy to get my issue handled.');
    expect(preview.body).toContain('dir="ltr"');
  });
});

describe('a ticket resolved asks the customer', () => {
  it('texts a single-customer link when the ticket is resolved, once', async () => {
    ticketCustomer = await customer({ phones: [{ number: '0912 555 1122' }], smsConsent: true });
    const t = await support.post('/api/tickets', { customerId: ticketCustomer, channel: 'phone', subject: 'کولر گرم می‌زند', assigneeId: support.userId });
    ticketId = t.json().id;
    expect(await lastLink(ticketCustomer)).toBeNull();
    expect((await support.patch(`/api/tickets/${ticketId}`, { status: 'resolved' })).statusCode).toBe(200);
    const l = await lastLink(ticketCustomer);
    expect(l).not.toBeNull();
    expect(l!.token.length).toBeGreaterThanOrEqual(24);
    expect(l!.body).toContain('۱ تا ۷');
    link = l;
    // Reopened and resolved again: the same ticket does not ask twice.
    await support.patch(`/api/tickets/${ticketId}`, { status: 'open' });
    await support.patch(`/api/tickets/${ticketId}`, { status: 'resolved' });
    const [{ n }] = await q<{ n: number }>("SELECT count(*)::int AS n FROM survey_invitations WHERE customer_id = $1", [ticketCustomer]);
    expect(n).toBe(1);
    // Only the hash of the token is stored.
    const [{ hits }] = await q<{ hits: number }>('SELECT count(*)::int AS hits FROM survey_invitations WHERE token_hash = $1', [link!.token]);
    expect(hits).toBe(0);
  });

  it('shows the page phone-first in Persian, RTL, without login', async () => {
    const page = await get(link!.path);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('dir="rtl"');
    expect(page.body).toContain('name="viewport"');
    expect(page.body).toContain('رسیدگی به درخواستم آسان بود.');
    expect(page.body).toContain('مریم');
    expect(page.body.length).toBeLessThan(20_000); // small page for a weak connection
    expect((await get(`${link!.path}?lang=en`)).body).toContain('dir="ltr"');
  });

  it('refuses out-of-range scores and forged tokens, counting nothing', async () => {
    const bad = await post(link!.path, { ces: '9', csat: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="err"');
    const forged = await post('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { ces: '5' });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('مهلت آن تمام شده');
    const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses');
    expect(n).toBe(0);
  });

  it('records a 3 (hard) with its comment inert, opens a follow-up for the ticket\'s agent, and shows it on the timeline and the ticket', async () => {
    const res = await post(link!.path, { ces: '۳', csat: '2', ces_followup: 'سه بار زنگ زدم <script>alert(1)</script>', note: '' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('سپاس');
    const [r] = await q<{ id: string; score: number; metric: string; loop_status: string; loop_task_id: string; agent_id: string; comment: string }>('SELECT * FROM survey_responses');
    expect(r).toMatchObject({ score: 3, metric: 'ces', loop_status: 'open', agent_id: support.userId });
    expect(r.comment).toContain('<script>');
    const [task] = await q<{ assignee_id: string; title: string; customer_id: string; priority: string }>('SELECT * FROM tasks WHERE id = $1', [r.loop_task_id]);
    expect(task).toMatchObject({ assignee_id: support.userId, customer_id: ticketCustomer, priority: 'high' });
    expect(task.title).toContain('۳');
    // The page shows the answer escaped when opened again.
    const again = await get(link!.path);
    expect(again.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(again.body).not.toContain('<script>alert(1)');
    // Timeline, the ticket, the 360° voice section.
    const view = (await support.get(`/api/customers/${ticketCustomer}`)).json();
    const item = view.timeline.items.find((i: { kind: string }) => i.kind === 'survey');
    expect(item.data).toMatchObject({ metric: 'ces', score: 3, sourceType: 'ticket', sourceId: ticketId, loopStatus: 'open' });
    expect(view.voice.items[0]).toMatchObject({ score: 3, metric: 'ces' });
    const onTicket = (await support.get(`/api/survey-responses?sourceType=ticket&sourceId=${ticketId}`)).json();
    expect(onTicket.items).toHaveLength(1);
    // The comment joined the feedback inbox as negative.
    const fb = (await support.get(`/api/feedback?customerId=${ticketCustomer}`)).json();
    expect(fb.items[0]).toMatchObject({ channel: 'survey', sentiment: 'negative', ticketId });
  });

  it('lets the answer change within the edit window without counting twice, then refuses', async () => {
    const change = await post(link!.path, { ces: '4' });
    expect(change.statusCode).toBe(200);
    const rows = await q<{ score: number }>('SELECT score FROM survey_responses');
    expect(rows).toEqual([{ score: 4 }]);
    env.clock.advance(31 * 60_000);
    const late = await post(link!.path, { ces: '7' });
    expect(late.statusCode).toBe(409);
    expect((await q<{ score: number }>('SELECT score FROM survey_responses'))).toEqual([{ score: 4 }]);
    expect((await get(link!.path)).body).toContain('پاسخ داده شده');
  });

  it('closes the loop with what was done; only once', async () => {
    const [r] = await q<{ id: string; loop_task_id: string }>('SELECT id, loop_task_id FROM survey_responses');
    const open = (await admin.get('/api/survey-responses?loop=open')).json();
    expect(open.items.map((x: { id: string }) => x.id)).toContain(r.id);
    expect((await support.post(`/api/survey-responses/${r.id}/close-loop`, { note: '' })).statusCode).toBe(400);
    const closed = await support.post(`/api/survey-responses/${r.id}/close-loop`, { note: 'تماس گرفتم و قطعه را رایگان عوض کردیم' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().loop).toMatchObject({ status: 'closed', note: 'تماس گرفتم و قطعه را رایگان عوض کردیم' });
    const [task] = await q<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [r.loop_task_id]);
    expect(task.status).toBe('done');
    expect((await support.post(`/api/survey-responses/${r.id}/close-loop`, { note: 'دوباره' })).statusCode).toBe(409);
  });
});

describe('consent, fatigue and quiet hours', () => {
  it('skips a customer without SMS consent, and one surveyed within the fatigue window', async () => {
    const noConsent = await customer({ phones: [{ number: '0912 555 3344' }] });
    const t1 = (await support.post('/api/tickets', { customerId: noConsent, channel: 'phone', subject: 'سؤال', assigneeId: support.userId })).json();
    await support.patch(`/api/tickets/${t1.id}`, { status: 'resolved' });
    expect(await lastLink(noConsent)).toBeNull();
    const [a] = await q<{ status: string; skip_reason: string }>('SELECT status, skip_reason FROM survey_invitations WHERE customer_id = $1', [noConsent]);
    expect(a).toEqual({ status: 'skipped', skip_reason: 'no consent' });
    // The first customer was asked a few minutes ago: a second resolved ticket is not surveyed.
    const t2 = (await support.post('/api/tickets', { customerId: ticketCustomer, channel: 'phone', subject: 'دوباره', assigneeId: support.userId })).json();
    await support.patch(`/api/tickets/${t2.id}`, { status: 'resolved' });
    const [b] = await q<{ status: string; skip_reason: string }>("SELECT status, skip_reason FROM survey_invitations WHERE source_id = $1", [t2.id]);
    expect(b).toEqual({ status: 'skipped', skip_reason: 'fatigue' });
  });

  it('waits for the morning during quiet hours', async () => {
    const c = await customer({ phones: [{ number: '0912 555 5566' }], smsConsent: true });
    const t = (await support.post('/api/tickets', { customerId: c, channel: 'phone', subject: 'شب', assigneeId: support.userId })).json();
    env.clock.set(new Date('2026-11-23T19:00:00Z')); // 22:30 in Tehran
    await support.patch(`/api/tickets/${t.id}`, { status: 'resolved' });
    expect(await lastLink(c)).toBeNull();
    const [inv] = await q<{ status: string; scheduled_at: Date }>('SELECT status, scheduled_at FROM survey_invitations WHERE source_id = $1', [t.id]);
    expect(inv.status).toBe('scheduled');
    expect(new Date(inv.scheduled_at).toISOString()).toBe('2026-11-24T05:30:00.000Z'); // 09:00 Tehran
    env.clock.set(new Date('2026-11-24T05:31:00Z'));
    const run = await dispatchDue(env.rt.database.db, env.clock, (fn) => withTx(env.rt.database, fn));
    expect(run.sent).toBe(1);
    expect(await lastLink(c)).not.toBeNull();
    env.clock.set(START);
  });
});

describe('other ways in', () => {
  it('takes a score texted back to the survey SMS (Persian digits); other numbers stay ordinary texts', async () => {
    const nps = await marketing.post('/api/surveys', { name: 'توصیه به دوستان', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را به دوستانتان توصیه می‌کنید؟' } }] });
    expect(nps.statusCode, nps.body).toBe(201);
    const c = await customer({ phones: [{ number: '0912 777 0011' }], smsConsent: true, ownerId: sales.userId });
    const sent = await support.post(`/api/surveys/${nps.json().id}/send`, { customerIds: [c] });
    expect(sent.json()).toMatchObject({ customers: 1, sent: 1 });
    expect((await lastLink(c))!.body).toContain('۰ تا ۱۰');
    const token = smsWebhookToken(env.rt.secret);
    const inbound = (id: number, text: string) => env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=${id}&from=09127770011&to=10004346&message=${encodeURIComponent(text)}` });
    expect((await inbound(990001, '۱۲')).json()).toMatchObject({ received: 1 }); // not a score of this survey: an ordinary text
    expect((await inbound(990002, '۱۰')).json()).toMatchObject({ received: 1 });
    const rows = await q<{ score: number; channel: string; loop_status: string | null }>('SELECT score, channel, loop_status FROM survey_responses WHERE customer_id = $1', [c]);
    expect(rows).toEqual([{ score: 10, channel: 'sms_reply', loop_status: null }]);
    // A promoter may be asked for a review, once; a detractor may not.
    const [r] = await q<{ id: string }>('SELECT id FROM survey_responses WHERE customer_id = $1', [c]);
    const ask = await support.post(`/api/survey-responses/${r.id}/ask`, { kind: 'review', channel: 'sms' });
    expect(ask.statusCode, ask.body).toBe(200);
    expect(ask.json().asked).toMatchObject({ kind: 'review' });
    expect((await support.post(`/api/survey-responses/${r.id}/ask`, { kind: 'referral', channel: 'sms' })).statusCode).toBe(409);
    const [hard] = await q<{ id: string }>("SELECT id FROM survey_responses WHERE metric = 'ces'");
    expect((await support.post(`/api/survey-responses/${hard.id}/ask`, { kind: 'review', channel: 'sms' })).statusCode).toBe(422);
  });

  it('asks after an invoice is paid in full', async () => {
    const paid = await marketing.post('/api/surveys', { name: 'خرید', status: 'active', channel: 'sms', trigger: { type: 'invoice_paid', delayMinutes: 60 },
      questions: [{ id: 'csat', type: 'csat', text: { fa: 'از خریدتان راضی هستید؟' } }] });
    expect(paid.statusCode, paid.body).toBe(201);
    const c = await customer({ phones: [{ number: '0912 777 2233' }], smsConsent: true });
    const inv = await sales.post('/api/documents', { kind: 'invoice', customerId: c, lines: [{ description: 'نصب', quantity: '1', unitPrice: '5000000' }] });
    expect(inv.statusCode, inv.body).toBe(201);
    expect((await sales.post(`/api/documents/${inv.json().id}/send`, { sms: false })).statusCode).toBe(200);
    const pay = await sales.post(`/api/documents/${inv.json().id}/payments`, { amount: String(inv.json().grandTotal), method: 'cash' });
    expect(pay.statusCode, pay.body).toBe(201);
    const [i] = await q<{ status: string; scheduled_at: Date; source_type: string }>('SELECT status, scheduled_at, source_type FROM survey_invitations WHERE customer_id = $1', [c]);
    expect(i).toMatchObject({ status: 'scheduled', source_type: 'document' });
    expect(new Date(i.scheduled_at).getTime() - Date.parse(START)).toBe(3_600_000);
  });

  it('answers anonymously through the walk-in link: bots filling the hidden field count nothing; repeats are limited', async () => {
    const s = await marketing.post('/api/surveys', { name: 'مراجعهٔ حضوری', status: 'active', anonymousEnabled: true,
      questions: [{ id: 'csat', type: 'csat', text: { fa: 'از مراجعه‌تان راضی بودید؟' } }, { id: 'how', type: 'multi', required: false, text: { fa: 'چه چیزی خوب بود؟' },
        options: [{ id: 'fast', text: { fa: 'سرعت' } }, { id: 'kind', text: { fa: 'برخورد' } }] }] });
    expect(s.statusCode, s.body).toBe(201);
    const url = s.json().anonymousUrl as string;
    const path = new URL(url).pathname;
    expect((await get(path)).statusCode).toBe(200);
    expect((await marketing.get(`/api/surveys/${s.json().id}/qr.svg`)).body).toContain('<svg');
    const before = (await q<{ n: number }>('SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1', [s.json().id]))[0].n;
    expect((await post(path, { csat: '5', website: 'http://spam.example' }, '10.9.9.9')).statusCode).toBe(200);
    expect((await post(path, { csat: '5', how: ['fast', 'kind'] }, '10.9.9.9')).statusCode).toBe(200);
    expect((await post(path, { csat: '4', how: ['nope'] }, '10.9.9.9')).statusCode).toBe(400);
    const rows = await q<{ answers: { how: string[] }; customer_id: string | null }>('SELECT answers, customer_id FROM survey_responses WHERE survey_id = $1', [s.json().id]);
    expect(rows.length - before).toBe(1);
    expect(rows[0]).toMatchObject({ customer_id: null, answers: { how: ['fast', 'kind'] } });
    for (let i = 0; i < 4; i++) expect((await post(path, { csat: '4' }, '10.9.9.9')).statusCode).toBe(200);
    const limited = await post(path, { csat: '4' }, '10.9.9.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('کمی بعد');
    expect((await get(`${path}?embed=1`)).headers['content-security-policy']).toContain('frame-ancestors *');
  });

  it('sends by hand to a segment, and schedules the periodic survey for those not asked lately', async () => {
    const periodic = await marketing.post('/api/surveys', { name: 'NPS دوره‌ای', status: 'active', channel: 'sms', trigger: { type: 'periodic', everyMonths: 6 },
      questions: [{ id: 'nps', type: 'nps', text: { fa: 'توصیه؟' } }] });
    expect(periodic.statusCode).toBe(201);
    await customer({ phones: [{ number: '0912 777 4455' }], smsConsent: true, lifecycleStage: 'loyal' });
    await customer({ phones: [{ number: '0912 777 5566' }], smsConsent: true, lifecycleStage: 'loyal' });
    const seg = await support.post(`/api/surveys/${periodic.json().id}/send`, { segment: { lifecycleStage: 'loyal' } });
    expect(seg.statusCode, seg.body).toBe(200);
    expect(seg.json()).toMatchObject({ customers: 2, sent: 2 });
    const first = await withTx(env.rt.database, (tx) => schedulePeriodic(tx, env.clock));
    const again = await withTx(env.rt.database, (tx) => schedulePeriodic(tx, env.clock));
    expect(first.scheduled).toBeGreaterThan(0);
    expect(again.scheduled).toBe(0); // everyone was just asked
    expect((await support.post(`/api/surveys/${periodic.json().id}/send`, {})).statusCode).toBe(400);
  });

  it('sends by hand to a saved segment: its members now, and an unknown segment sends nothing', async () => {
    const csat = await marketing.post('/api/surveys', { name: 'رضایت کرمانشاه', status: 'active', channel: 'sms', trigger: { type: 'manual' },
      questions: [{ id: 'csat', type: 'csat', text: { fa: 'راضی بودید؟' } }] });
    expect(csat.statusCode, csat.body).toBe(201);
    await customer({ phones: [{ number: '0918 111 2233' }], smsConsent: true, city: 'کرمانشاه' });
    await customer({ phones: [{ number: '0918 111 4455' }], smsConsent: true, city: 'كرمانشاه' }); // Arabic kaf: the same city
    await customer({ phones: [{ number: '0918 111 6677' }], smsConsent: true, city: 'همدان' });
    const seg = await marketing.post('/api/segments', { name: 'کرمانشاهی‌ها', rules: { field: 'city', op: 'eq', value: 'کرمانشاه' } });
    expect(seg.statusCode, seg.body).toBe(201);
    const invites = async () => (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM survey_invitations WHERE survey_id = ${csat.json().id}`)).rows[0] as { n: number };
    const missing = await support.post(`/api/surveys/${csat.json().id}/send`, { segment: { segmentId: '00000000-0000-4000-8000-000000000000' } });
    expect(missing.statusCode).toBe(404);
    expect((await invites()).n).toBe(0);
    const sent = await support.post(`/api/surveys/${csat.json().id}/send`, { segment: { segmentId: seg.json().id } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ customers: 2, sent: 2 });
    expect((await invites()).n).toBe(2);
  });
});

describe('feedback inbox and figures', () => {
  it('tags feedback by keyword rules and groups it by topic over time', async () => {
    expect((await support.post('/api/feedback/topics', { name: 'قیمت', keywords: ['گران'] })).statusCode).toBe(403);
    expect((await admin.post('/api/feedback/topics', { name: 'قیمت', keywords: ['گران', 'قیمت'] })).statusCode).toBe(201);
    expect((await admin.post('/api/feedback/topics', { name: 'قیمت', keywords: [] })).statusCode).toBe(409);
    const c = await customer();
    const fb = await support.post('/api/feedback', { customerId: c, channel: 'call', text: 'گفت نسبت به رقیب گرانتر هستیم', sentiment: 'negative' });
    expect(fb.statusCode, fb.body).toBe(201);
    expect(fb.json().topics).toEqual(['قیمت']);
    // A keyword tags words it begins, not words it sits inside: «گران» is not in «نگرانم».
    expect((await support.post('/api/feedback', { channel: 'call', text: 'کمی نگرانم' })).json().topics).toEqual([]);
    // Arabic letters and other spelling still match.
    expect((await support.post('/api/feedback', { channel: 'social', text: 'قيمت ها بالاست' })).json().topics).toEqual(['قیمت']);
    expect((await support.post('/api/feedback', { channel: 'pigeon', text: 'x' })).statusCode).toBe(400);
    const list = (await support.get('/api/feedback?topic=قیمت')).json();
    expect(list.total).toBe(2);
    const trend = (await support.get('/api/feedback/trend?months=3')).json();
    expect(trend.items.find((x: { topic: string }) => x.topic === 'قیمت')).toMatchObject({ total: 2, negative: 1 });
  });

  it('computes the figures with n, interval, response rate and the previous period', async () => {
    const res = await admin.get('/api/voc/metrics?metric=ces&groupBy=agent');
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    expect(m.summary).toMatchObject({ kind: 'ces', n: 1, value: 4 });
    // The one CES survey delivered today was answered (the one sent at tomorrow's 09:00 is outside the period).
    expect(m.responseRate).toMatchObject({ delivered: 1, responses: 1, value: 100 });
    expect(m.previous.n).toBe(0);
    expect(m.change).toBeNull();
    expect(m.groups[0]).toMatchObject({ n: 1, lowSample: true });
    const nps = (await admin.get('/api/voc/metrics?metric=nps&groupBy=week')).json();
    expect(nps.summary).toMatchObject({ n: 1, value: 100 });
    expect(nps.groups.at(-1).key).toBe('2026-11-21');
    expect((await admin.get('/api/voc/metrics?metric=xyz')).statusCode).toBe(400);
    expect((await admin.get('/api/voc/metrics?metric=nps&from=2026-12-01&to=2026-11-01')).statusCode).toBe(400);
  });
});
