/**
 * The crash test: the server is killed (SIGKILL, injected) right after the transaction that marks a quote sent and
 * queues its email and SMS commits, before any delivery job exists. A new server on the same database must deliver
 * exactly one email (with the PDF) and exactly one SMS; a third start sends nothing more.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startServer, ADMIN_EMAIL, ADMIN_PASSWORD, type RunningServer } from './server.ts';
import { startSmtp, attachmentsOf, type Smtp } from '../server/test/fakes/smtp.ts';
import { startFakeKavenegar, type FakeGateway } from '../server/test/fakes/sms-gateways.ts';
import { until } from './browser.ts';

const KEY = 'crash-test-key';
let smtp: Smtp;
let kave: FakeGateway;
let servers: RunningServer[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  kave = await startFakeKavenegar({ apiKey: KEY });
});
afterAll(async () => {
  for (const s of servers) await s.stop().catch(() => {});
  await smtp?.close();
  await kave?.close();
});

/** A signed-in API client over real HTTP (cookie session + CSRF token). */
async function client(baseUrl: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = await login.json() as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

const channelsEnv = (extra: Record<string, string> = {}) => ({
  SMTP_URL: smtp.url, SMTP_FROM: 'Mehvar <no-reply@test>', SMS_DRIVER: 'kavenegar', SMS_API_KEY: KEY, SMS_BASE_URL: kave.url, SMS_SENDER: '10004346', ...extra,
});

describe('a crash after the outbox commit', () => {
  it('loses nothing and sends nothing twice', async () => {
    const first = await startServer({ env: channelsEnv({ MEHVAR_FAILPOINT: 'crash-after-outbox-commit' }) });
    servers.push(first);
    const api = await client(first.baseUrl);
    const c = await api('POST', '/api/customers', { kind: 'person', firstName: 'سعید', lastName: 'نادری', phones: [{ number: '09351112233' }], emails: [{ address: 'saeed@example.com' }], smsConsent: true });
    expect(c.status).toBe(201);
    const q = await api('POST', '/api/documents', { kind: 'quote', customerId: c.json.id, lines: [{ description: 'کولر گازی ۲۴ هزار', quantity: '1', unitPrice: '420000000' }] });
    expect(q.status).toBe(201);
    // The send commits, then the server dies before it can queue the delivery jobs: the request gets no answer.
    await expect(api('POST', `/api/documents/${q.json.id}/send`, {})).rejects.toThrow();
    await first.exited();
    expect(smtp.messages).toHaveLength(0);
    expect(kave.messages).toHaveLength(0);

    const second = await startServer({ env: channelsEnv(), store: first.store });
    servers.push(second);
    await until('the email and the SMS', () => smtp.messages.length >= 1 && kave.messages.length >= 1, 60_000);
    const api2 = await client(second.baseUrl);
    await new Promise((r) => setTimeout(r, 3000)); // time for a duplicate to show up, were there one
    expect(smtp.messages.filter((m) => m.to.includes('saeed@example.com'))).toHaveLength(1);
    expect(attachmentsOf(smtp.messages[0].raw)[0].content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(kave.messages).toHaveLength(1);
    expect(kave.messages[0].text).toContain('PF-');
    const d = await api2('GET', `/api/documents/${q.json.id}`);
    expect(d.json.status).toBe('sent');
    expect(d.json.messages.map((m: { status: string }) => m.status)).toEqual(['sent', 'sent']);

    // Once more: a clean restart finds nothing left to send.
    await second.stop({ keepData: true });
    const third = await startServer({ env: channelsEnv(), store: first.store });
    servers = [third];
    await new Promise((r) => setTimeout(r, 4000));
    expect(smtp.messages).toHaveLength(1);
    expect(kave.messages).toHaveLength(1);
  });
});
