/**
 * Where the server may connect for email and SMS (SSRF): on a fresh install (nothing allow-listed) an admin cannot
 * point the SMS gateway or the SMTP server at loopback, private, link-local or metadata addresses, however they are
 * spelled; the stored setting stays as it was. A name that resolves to a public address when it is checked and to a
 * private one when the connection is made (DNS rebinding) is refused, and so is a redirect to a private address.
 * What an admin allow-lists (a LAN host) is reached. Every fake listens on 127.0.0.1 and counts what reaches it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { startSmtp, type Smtp } from '../../test/fakes/smtp.ts';

const KEY = 'kave-outbound-key-4321';
/** A public address (never connected to: the tests only let it pass a check). */
const PUBLIC = '93.184.215.14';
const REFUSED = 'refused: private address';

let env: TestEnv;
let kave: FakeGateway;
let smtp: Smtp;
let admin: Agent;
let sales: Agent;
let kavePort: number;

/** Spellings of loopback, private, link-local, metadata and other non-public targets, as they appear in a URL. */
const URL_HOSTS = [
  '127.0.0.1', '0177.0.0.1', '2130706433', '0x7f.1', '127.1', '127.0.0.1.', '[::1]', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]',
  'localhost', 'LOCALHOST.', 'api.localhost', 'intranet.test', 'dual.test', '10.0.0.5', '172.16.3.4', '192.168.1.10',
  '169.254.169.254', '[fd00:ec2::254]', '100.64.0.1', '0.0.0.0', '0', '[::]', '[fe80::1]', '[fc00::1]', '224.0.0.1',
  '255.255.255.255', '198.18.0.1', '[::ffff:10.0.0.1]', '[64:ff9b::a00:1]', '[2002:7f00:1::]',
];

beforeAll(async () => {
  kave = await startFakeKavenegar({ apiKey: KEY });
  kavePort = Number(new URL(kave.url).port);
  smtp = await startSmtp();
  env = await createTestEnv({ outboundAllow: '' });
  env.dns.set('intranet.test', ['10.20.30.40']);
  env.dns.set('dual.test', [PUBLIC, '10.0.0.1']);
  env.dns.set('sms.gateway.test', [PUBLIC]);
  env.dns.set('mail.provider.test', [PUBLIC]);
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => { await env?.close(); await kave?.close(); await smtp?.close(); });

const stored = async (key: string) => (await env.rt.database.db.execute(sql`SELECT value FROM settings WHERE key = ${key}`)).rows[0]?.value;
const saveSms = (baseUrl: string, apiKey = KEY) => admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey, sender: '10004346', baseUrl });
const saveSmtp = (url: string) => admin.put('/api/settings/channels/smtp', { url, from: 'Shop <shop@test.example>' });
const testSms = () => admin.post('/api/settings/channels/test', { channel: 'sms', to: '09121112233' });
const testEmail = () => admin.post('/api/settings/channels/test', { channel: 'email', to: 'owner@test.example' });
const allow = (entries: string[]) => admin.put('/api/settings/outbound-allow', { entries });

describe('a fresh install refuses private targets', () => {
  it('the SMS gateway address: every spelling is a 400 naming baseUrl; the stored gateway is unchanged and never called', async () => {
    expect((await saveSms('https://sms.gateway.test')).statusCode).toBe(200);
    const before = await stored('channels.sms');
    for (const host of URL_HOSTS) {
      const res = await saveSms(`http://${host}:${kavePort}`);
      expect(res.statusCode, `${host}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.details, host).toEqual({ baseUrl: REFUSED });
    }
    expect(await stored('channels.sms')).toEqual(before);
    expect(kave.received).toHaveLength(0);
  });

  it('the SMTP server: every spelling is a 400 naming url; the stored server is unchanged and never contacted', async () => {
    expect((await saveSmtp('smtp://mail.provider.test:587')).statusCode).toBe(200);
    const before = await stored('channels.smtp');
    for (const host of URL_HOSTS) {
      const res = await saveSmtp(`smtp://${host}:${smtp.port}`);
      expect(res.statusCode, `${host}: ${res.body}`).toBe(400);
      expect(res.json().error.details, host).toEqual({ url: REFUSED });
    }
    expect(await stored('channels.smtp')).toEqual(before);
    expect(smtp.messages).toHaveLength(0);
  });

  it('DNS rebinding: public when saved and checked, loopback when connecting — the test send is refused and nothing is reached', async () => {
    env.dns.set('rebind-sms.test', [PUBLIC], [PUBLIC], ['127.0.0.1']);
    expect((await saveSms(`http://rebind-sms.test:${kavePort}`)).statusCode).toBe(200);
    const sms = await testSms();
    expect(sms.statusCode, sms.body).toBe(422);
    expect(sms.json().error.message).toBe(REFUSED);
    expect(env.dns.count('rebind-sms.test')).toBe(3);
    expect(kave.received).toHaveLength(0);

    env.dns.set('rebind-mail.test', [PUBLIC], [PUBLIC], ['127.0.0.1']);
    expect((await saveSmtp(`smtp://rebind-mail.test:${smtp.port}`)).statusCode).toBe(200);
    const email = await testEmail();
    expect(email.statusCode, email.body).toBe(422);
    expect(email.json().error.message).toBe(REFUSED);
    expect(env.dns.count('rebind-mail.test')).toBe(3);
    expect(smtp.messages).toHaveLength(0);
  });

  it('a target stored while allowed is refused at sending time once it is no longer allowed', async () => {
    expect((await allow(['127.0.0.1'])).statusCode).toBe(200);
    expect((await saveSms(`http://127.0.0.1:${kavePort}`)).statusCode).toBe(200);
    expect((await testSms()).statusCode).toBe(200);
    expect(kave.received).toHaveLength(1);
    expect((await allow([])).statusCode).toBe(200);
    const res = await testSms();
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe(REFUSED);
    expect(kave.received).toHaveLength(1);
  });
});

describe('the admin allow-list', () => {
  it('only an admin changes it; entries are host names, addresses or CIDR ranges', async () => {
    expect((await sales.put('/api/settings/outbound-allow', { entries: ['10.0.0.5'] })).statusCode).toBe(403);
    expect((await sales.get('/api/settings/outbound-allow')).statusCode).toBe(403);
    const bad = await allow(['pbx.office.lan', 'http://10.0.0.5/', '10.0.0.0/40']);
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.details).sort()).toEqual(['entries.1', 'entries.2']);
    expect(await stored('net.outboundAllow')).toEqual([]);
    const ok = await allow([' Mail.Office.LAN ', '192.168.1.0/24', '[fd12::1]']);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ entries: ['mail.office.lan', '192.168.1.0/24', 'fd12::1'], environment: [] });
    expect((await admin.get('/api/settings/outbound-allow')).json()).toEqual(ok.json());
  });

  it('an allow-listed LAN name is accepted and reached (SMTP), and an allow-listed address (SMS)', async () => {
    env.dns.set('mail.office.lan', ['127.0.0.1']);
    expect((await allow(['mail.office.lan'])).statusCode).toBe(200);
    const saved = await saveSmtp(`smtp://mail.office.lan:${smtp.port}`);
    expect(saved.statusCode, saved.body).toBe(200);
    const email = await testEmail();
    expect(email.statusCode, email.body).toBe(200);
    expect(smtp.messages.at(-1)?.to).toEqual(['owner@test.example']);
    // The name is allowed, not the address it resolves to.
    expect((await saveSms(`http://127.0.0.1:${kavePort}`)).json().error.details).toEqual({ baseUrl: REFUSED });
    expect((await allow(['mail.office.lan', '127.0.0.1'])).statusCode).toBe(200);
    expect((await saveSms(`http://127.0.0.1:${kavePort}`)).statusCode).toBe(200);
    expect((await testSms()).statusCode).toBe(200);
  });
});

describe('redirects', () => {
  let target: http.Server;
  let redirector: http.Server;
  let targetHits = 0;
  let redirectHits = 0;
  let location = '';

  beforeAll(async () => {
    // Listens on 127.0.0.2, which is not allow-listed (only 127.0.0.1 is).
    target = http.createServer((_req, res) => { targetHits++; res.end('{"return":{"status":200},"entries":[{"messageid":1,"status":1}]}'); });
    await new Promise<void>((r) => target.listen(0, '127.0.0.2', r));
    redirector = http.createServer((req, res) => { redirectHits++; res.writeHead(307, { location: location.replace('{path}', req.url ?? '/') }).end(); });
    await new Promise<void>((r) => redirector.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => target.close(r));
    await new Promise((r) => redirector.close(r));
  });

  it('a redirect from an allowed gateway to a private address is refused before connecting', async () => {
    location = `http://127.0.0.2:${(target.address() as AddressInfo).port}{path}`;
    const saved = await saveSms(`http://127.0.0.1:${(redirector.address() as AddressInfo).port}`);
    expect(saved.statusCode, saved.body).toBe(200);
    const res = await testSms();
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toBe(REFUSED);
    expect(redirectHits).toBe(1);
    expect(targetHits).toBe(0);
  });

  it('a redirect to an allowed address is followed', async () => {
    const before = kave.messages.length;
    location = `http://127.0.0.1:${kavePort}{path}`;
    const res = await testSms();
    expect(res.statusCode, res.body).toBe(200);
    expect(kave.messages.length).toBe(before + 1);
  });

  it('redirect loops end after a few hops', async () => {
    location = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}{path}`;
    const hits = redirectHits;
    const res = await testSms();
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.provider).toMatch(/redirect/);
    expect(redirectHits - hits).toBe(4);
  });
});
