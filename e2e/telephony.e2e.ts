/**
 * Telephony end to end in Chromium against the real server: the admin maps extension 101 to themselves and rotates
 * the webhook secret in Settings → Telephony; signed webhook deliveries (made here with Node's HMAC, as a cloud PBX
 * would) ring a known customer's number in another format → the pop-up shows who it is with their open work → one
 * click opens the profile → the call ends → the post-call form files a summary and a promise on the profile. An
 * unknown number becomes a new lead from the pop-up; a shared number asks who it is; click-to-call on the profile
 * makes the (fake) Asterisk receive an Originate from extension 101 to the customer's number.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from './server';
import { choose, dismissToasts, requestJson, screenshot, until, startAdminSession } from './browser';
import { FakeAmiServer } from '../server/test/fakes/ami-server.ts';

let server: RunningServer;
let ami: FakeAmiServer;
let browser: Browser;
let page: Page;
let problems: string[];
let headers: Record<string, string>;
let me: { id: string; name: string };
let webhookSecret = '';
let customerId = '';
const NAME = 'مریم احمدی';

const apiJson = <T>(method: 'get' | 'post' | 'patch' | 'put', url: string, data?: unknown, status?: number) => requestJson<T>(page, headers, method, url, data, status);

/** What a cloud PBX does: POST the event with a timestamp and an HMAC over "<timestamp>.<raw body>". */
async function pbx(event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = 'sha256=' + createHmac('sha256', webhookSecret).update(`${ts}.${body}`).digest('hex');
  const res = await fetch(`${server.baseUrl}/api/telephony/events`, {
    method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Mehvar-Timestamp': ts, 'X-Mehvar-Signature': sig },
  });
  const text = await res.text();
  // A refusal or a crash says why: the answer and the server's last log lines.
  expect(res.status, `${text}\n${res.status === 202 ? '' : server.log().slice(-1500)}`).toBe(202);
  return JSON.parse(text) as { callId: string; applied: boolean };
}

const popup = (callId: string) => page.locator(`[data-testid="call-popup"][data-call-id="${callId}"]`);

describe('telephony: extension and webhook secret in settings → screen-pop → profile → post-call notes; new lead; click-to-call', () => {
  beforeAll(async () => {
    ami = new FakeAmiServer();
    await ami.start();
    ({ server, browser, page, problems, headers } = await startAdminSession());
    me = (await apiJson<{ user: { id: string; name: string } }>('get', '/api/auth/me')).user;
    customerId = (await apiJson<{ id: string }>('post', '/api/customers', {
      kind: 'person', firstName: 'مریم', lastName: 'احمدی', phones: [{ number: '0912 345 6789' }], lifecycleStage: 'customer', tags: ['VIP'],
    })).id;
    await apiJson('post', '/api/tasks', { title: 'ارسال کاتالوگ جدید', customerId, assigneeId: me.id, dueAt: new Date(Date.now() + 2 * 86400e3).toISOString() });
    await apiJson('post', '/api/tickets', { customerId, channel: 'phone', subject: 'دستگاه روشن نمی‌شود', assigneeId: me.id });
    // Issue 20: the caller card also shows the club standing and the remembered preferences.
    await apiJson('put', '/api/loyalty/program', { enabled: true, tiers: [{ key: 'silver', nameFa: 'نقره‌ای', nameEn: 'Silver', threshold: 100 }, { key: 'gold', nameFa: 'طلایی', nameEn: 'Gold', threshold: 1000 }] }, 200);
    await apiJson('post', '/api/loyalty/ledger', { customerId, kind: 'earn', points: 250, reason: 'seed' }, 201);
    await apiJson('put', `/api/customers/${customerId}/preferences`, { preferredChannel: 'sms', contactFrom: '10:00', contactTo: '13:00', tastes: 'چای سبز' }, 200);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await ami?.stop();
  });

  it('maps extension 101 to the admin and rotates the webhook secret in Settings → Telephony', async () => {
    await page.goto('/settings?tab=telephony');
    const card = page.getByTestId('tel-extensions');
    await card.waitFor();
    await card.getByTestId('tel-ext-add').click();
    await card.getByTestId('tel-ext-number').last().fill('۱۰۱');
    await card.getByTestId('tel-ext-user').last().click();
    await page.getByRole('option', { name: me.name, exact: true }).click();
    await card.getByTestId('tel-ext-save').click();
    await until('extension 101 saved', async () => (await apiJson<{ extensions: { extension: string; userId: string }[] }>('get', '/api/telephony/settings'))
      .extensions.some((e) => e.extension === '101' && e.userId === me.id));
    await dismissToasts(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'telephony-settings');

    await page.getByTestId('tel-webhook-rotate').click();
    const shown = page.getByTestId('tel-webhook-secret');
    await shown.waitFor();
    webhookSecret = (await shown.innerText()).trim();
    expect(webhookSecret.length).toBeGreaterThanOrEqual(32);
    await screenshot(page, 'telephony-webhook-secret');
    await page.getByTestId('tel-webhook-done').click();
    await page.getByTestId('tel-webhook-state').getByText(/۱۴۰|\d/).waitFor();
  });

  it('pops up the known caller (number in another format) with open work; one click opens the profile', async () => {
    await page.goto('/customers');
    const { callId } = await pbx({ callId: 'pbx-known-1', event: 'ringing', number: '989123456789', extensions: ['101'] });
    const card = popup(callId);
    await card.waitFor();
    expect(await card.getByTestId('call-name').innerText()).toContain(NAME);
    await card.getByTestId('call-open-tasks').getByText('ارسال کاتالوگ جدید').waitFor();
    await card.getByTestId('call-open-tickets').getByText('دستگاه روشن نمی‌شود').waitFor();
    // 250 points earned: silver (100), 750 more to gold (1,000).
    await card.getByTestId('call-loyalty').waitFor();
    expect(await card.getByTestId('call-loyalty').innerText()).toContain('نقره‌ای');
    expect(await card.getByTestId('call-loyalty').innerText()).toContain('۲۵۰');
    expect(await card.getByTestId('call-loyalty').innerText()).toContain('۷۵۰');
    await card.getByTestId('call-preferences').waitFor();
    expect(await card.getByTestId('call-preferences').innerText()).toContain('چای سبز');
    expect(await card.getByTestId('call-preferences').innerText()).toContain('پیامک');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="call-popups"]')!).left)).toBe('16px'); // inline-end in RTL
    await screenshot(page, 'telephony-popup-known-fa');

    await card.getByTestId('call-open-profile').click();
    await page.waitForURL((url) => url.pathname === `/customers/${customerId}`);
    await page.getByTestId('profile-name').waitFor();

    // The customer talked for 95 s; the pop-up becomes the post-call form.
    await pbx({ callId: 'pbx-known-1', event: 'ended', number: '989123456789', extensions: ['101'], outcome: 'answered', durationSec: 95, recording: 'https://pbx.example/rec/in-0912.wav' });
    const form = card.getByTestId('call-post-form');
    await form.waitFor();
    await form.getByTestId('call-summary').fill('قیمت سرویس سالانه را پرسید');
    await form.getByTestId('call-add-promise').click();
    await form.getByTestId('call-promise-title').fill('ارسال پیش‌فاکتور سرویس');
    // Tomorrow on the Jalali calendar: the day cells carry Persian digits.
    await form.getByTestId('call-promise-due').click();
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const part = (opts: Intl.DateTimeFormatOptions, d = tomorrow) => new Intl.DateTimeFormat('fa-IR-u-ca-persian', { ...opts, timeZone: 'Asia/Tehran' }).format(d);
    if (part({ month: 'numeric' }) !== part({ month: 'numeric' }, new Date())) await page.locator('.rmdp-arrow-container').last().click();
    await page.locator('.rmdp-day:not(.rmdp-deactive):not(.rmdp-disabled) span', { hasText: new RegExp(`^${part({ day: 'numeric' })}$`) }).first().click();
    await page.keyboard.press('Escape');
    await form.getByTestId('call-summary').click();
    await until('the calendar to close', async () => (await page.locator('.rmdp-calendar').count()) === 0, 5000);
    expect(await card.getByTestId('call-duration').innerText()).toContain('۱:۳۵');
    await screenshot(page, 'telephony-post-call-form');
    await form.getByTestId('call-save-notes').click();
    await card.waitFor({ state: 'detached' });

    await page.getByTestId('open-promises').getByText('ارسال پیش‌فاکتور سرویس').waitFor();
    await page.getByTestId('timeline').getByText('قیمت سرویس سالانه را پرسید').waitFor();
    expect(await page.getByTestId('timeline').getByTestId('timeline-recording').first().getAttribute('href')).toBe('https://pbx.example/rec/in-0912.wav');
    await page.getByTestId('timeline-recording').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'telephony-timeline-call');
    const call = await apiJson<{ customer: { id: string } | null; notesSaved: boolean; interactionId: string | null }>('get', `/api/telephony/calls/${callId}`);
    expect(call).toMatchObject({ customer: { id: customerId }, notesSaved: true });
  });

  it('an unknown number becomes a new lead from the pop-up', async () => {
    const { callId } = await pbx({ callId: 'pbx-unknown-1', event: 'ringing', number: '+98 935 111 2233', extensions: ['101'] });
    const card = popup(callId);
    await card.getByTestId('call-unknown').waitFor();
    await screenshot(page, 'telephony-popup-unknown');
    await card.getByTestId('call-new-lead').click();
    const form = page.getByTestId('new-customer-form');
    await form.waitFor();
    expect(await form.getByTestId('phone-0').inputValue()).toContain('935');
    await form.getByTestId('field-firstName').fill('کاوه');
    await form.getByTestId('field-lastName').fill('تماس‌گیر');
    await form.getByTestId('save-customer').click();
    await page.waitForURL((url) => /^\/customers\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(customerId));
    const leadId = new URL(page.url()).pathname.split('/').pop()!;
    await until('the call filed under the new lead', async () =>
      (await apiJson<{ customer: { id: string } | null }>('get', `/api/telephony/calls/${callId}`)).customer?.id === leadId);
    const lead = await apiJson<{ customer: { source: string | null; lifecycleStage: string } }>('get', `/api/customers/${leadId}`);
    expect(lead.customer).toMatchObject({ source: 'phone', lifecycleStage: 'lead' });
    await card.getByTestId('call-dismiss').click();
    await card.waitFor({ state: 'detached' });
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-table').getByText('کاوه تماس‌گیر').waitFor();
  });

  it('asks who is calling when several customers share the number', async () => {
    for (const firstName of ['سارا', 'نیما']) {
      await apiJson('post', '/api/customers', { kind: 'person', firstName, lastName: 'کریمی', phones: [{ number: '021 8800 1122' }], force: true });
    }
    const { callId } = await pbx({ callId: 'pbx-shared-1', event: 'ringing', number: '02188001122', extensions: ['101'] });
    const card = popup(callId);
    await card.getByTestId('call-chooser').waitFor();
    expect(await card.getByTestId('call-choose').count()).toBe(2);
    await screenshot(page, 'telephony-popup-chooser');
    // A reload (or a second tab) gets the same pop-up back from GET /api/telephony/calls/active.
    await page.reload();
    await card.getByTestId('call-chooser').waitFor();
    await card.getByTestId('call-choose').filter({ hasText: 'نیما' }).click();
    await card.getByTestId('call-name').getByText('نیما کریمی').waitFor();
    await card.getByTestId('call-dismiss').click();
  });

  it('closes the pop-up when a colleague in the ring group takes the call', async () => {
    const roles = await apiJson<{ items: { id: string; key: string }[] }>('get', '/api/roles');
    const colleague = await apiJson<{ id: string }>('post', '/api/users', {
      email: 'sara@example.com', name: 'سارا فروش', password: 'Daryache-Namak-Ghoo-5', roleId: roles.items.find((r) => r.key === 'sales')!.id,
    });
    await apiJson('put', '/api/telephony/settings', { extensions: [{ extension: '101', userId: me.id }, { extension: '102', userId: colleague.id }] });
    const { callId } = await pbx({ callId: 'pbx-group-1', event: 'ringing', number: '+989123456789', extensions: ['101', '102'] });
    await popup(callId).waitFor();
    await pbx({ callId: 'pbx-group-1', event: 'answered', number: '+989123456789', extensions: ['102'] });
    await popup(callId).waitFor({ state: 'detached' });
  });

  it('a missed call says so (no notes form) and the owner has a call-back task', async () => {
    const { callId } = await pbx({ callId: 'pbx-missed-1', event: 'ringing', number: '09123456789', extensions: ['101'] });
    await popup(callId).waitFor();
    await pbx({ callId: 'pbx-missed-1', event: 'ended', number: '09123456789', outcome: 'no_answer' });
    await popup(callId).locator('[data-status="missed"], [data-testid="call-missed-note"]').first().waitFor();
    await popup(callId).getByTestId('call-missed-note').waitFor();
    await screenshot(page, 'telephony-popup-missed');
    expect(await popup(callId).locator('textarea, input[name="summary"]').count()).toBe(0);
    const tasks = await apiJson<{ items: { title: string; customerId: string }[] }>('get', '/api/tasks?status=open&pageSize=100');
    expect(tasks.items.some((t) => t.customerId === customerId && t.title.includes('تماس بی‌پاسخ'))).toBe(true);
    await popup(callId).getByTestId('call-dismiss').click();
    await popup(callId).waitFor({ state: 'detached' });
  });

  it('delivers reminders over the same event stream (one EventSource for the app)', async () => {
    let streams = 0;
    page.on('request', (req) => { if (new URL(req.url()).pathname === '/api/events') streams += 1; });
    await page.reload();
    await page.getByTestId('nav-customers').waitFor();
    await apiJson('post', '/api/tasks', { title: 'یادآوری آزمایشی تماس', assigneeId: me.id, dueAt: new Date(Date.now() + 3600e3).toISOString(), reminderAt: new Date(Date.now() + 1500).toISOString() });
    await page.locator('.mantine-Notification-root', { hasText: 'یادآوری آزمایشی تماس' }).waitFor({ timeout: 20_000 });
    expect(streams).toBe(1);
  });

  it('looks right in English (LTR): the pop-up at the bottom right', async () => {
    await apiJson('patch', '/api/auth/me/preferences', { locale: 'en', calendar: 'gregorian' });
    await page.goto('/customers');
    await page.waitForFunction(() => document.documentElement.dir === 'ltr');
    const { callId } = await pbx({ callId: 'pbx-known-en', event: 'ringing', number: '+989123456789', extensions: ['101'] });
    const card = popup(callId);
    await card.getByText('Incoming call').waitFor();
    await card.getByTestId('call-open-tasks').waitFor();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid="call-popups"]')!).right)).toBe('16px');
    await screenshot(page, 'telephony-popup-known-en');
    await pbx({ callId: 'pbx-known-en', event: 'answered', number: '+989123456789', extensions: ['101'] });
    await pbx({ callId: 'pbx-known-en', event: 'ended', number: '+989123456789', extensions: ['101'], outcome: 'answered', durationSec: 64 });
    await card.getByTestId('call-post-form').waitFor();
    await card.getByTestId('call-dismiss').click();
    await page.goto('/calls');
    await page.getByTestId('calls-table').waitFor();
    expect(await page.getByTestId('call-row').count()).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'telephony-calls-en');
    await apiJson('patch', '/api/auth/me/preferences', { locale: 'fa', calendar: 'jalali' });
    await page.goto('/calls');
    await page.getByTestId('calls-table').waitFor();
    await screenshot(page, 'telephony-calls-fa');
  });

  it('click-to-call from the profile: the PBX receives an Originate from PJSIP/101 to the customer', async () => {
    await apiJson('put', '/api/telephony/settings', {
      ami: { enabled: true, host: '127.0.0.1', port: ami.port, username: 'admin', secret: 'secret', originateChannel: 'PJSIP/{extension}', originateContext: 'from-internal' },
    });
    await until('the PBX connection', async () => (await apiJson<{ clickToCall: boolean }>('get', '/api/telephony/me')).clickToCall, 20_000);
    await page.goto(`/customers/${customerId}`);
    const phone = page.getByTestId('profile-phone');
    await until('click-to-call on the phone link', async () => (await phone.getAttribute('data-click-to-call')) === 'on', 10_000);
    await phone.click();
    await page.getByText('اول تلفن شما زنگ می‌خورد').waitFor();
    const originate = await until('an Originate at the PBX', () => ami.actions.find((a) => a.Action?.toLowerCase() === 'originate'), 10_000);
    expect(originate.Channel).toBe('PJSIP/101');
    expect(originate.Exten).toBe('09123456789');
    expect(problems.filter((p) => !/401|Unauthorized/.test(p))).toEqual([]);
  });
});
