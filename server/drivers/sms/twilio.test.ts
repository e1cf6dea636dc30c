/** Twilio specifics: Basic auth and form on the wire, Messaging Services, Content templates, signed webhooks. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startFakeTwilio, type FakeTwilio } from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { twilioDriver, twilioSignature, twilioStatus } from './twilio.ts';
import { SmsError, type SmsDriver, type SmsInboundRequest } from './types.ts';

const SID = 'AC' + '1'.repeat(32);
const TOKEN = 'tw-token';
let fake: FakeTwilio;

/** A local server standing in for Mehvar's webhook endpoint: it keeps each request as parseInbound receives it. */
let hook: http.Server;
let hookUrl: string;
const hooked: SmsInboundRequest[] = [];

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: SID, authToken: TOKEN, numbers: ['+15005550006'] });
  hook = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooked.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), query: {}, url: req.url ?? '/' });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise((r) => hook.close(r));
});
beforeEach(() => {
  fake.reset();
  hooked.length = 0;
});

const driverWith = (over: Partial<Parameters<typeof twilioDriver>[0]> = {}): SmsDriver =>
  twilioDriver({ guard: loopbackGuard(), accountSid: SID, authToken: TOKEN, sender: '+15005550006', baseUrl: fake.url, webhookUrl: `${hookUrl}/hooks/sms/twilio?tenant=1`, ...over });

async function rejects(p: Promise<unknown> | (() => unknown)): Promise<SmsError> {
  const e = typeof p === 'function'
    ? (() => { try { p(); return undefined; } catch (x) { return x; } })()
    : await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SmsError);
  return e as SmsError;
}

describe('twilio send', () => {
  it('POSTs To, From, Body and StatusCallback as a form with HTTP Basic sid:token', async () => {
    const res = await driverWith().send({ to: '+989121234567', text: 'Hello سلام' });
    const req = fake.received[0];
    expect(`${req.method} ${req.path}`).toBe(`POST /2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.headers.authorization).toBe('Basic ' + Buffer.from(`${SID}:${TOKEN}`).toString('base64'));
    expect(req.body).toEqual({ To: '+989121234567', From: '+15005550006', Body: 'Hello سلام', StatusCallback: `${hookUrl}/hooks/sms/twilio?tenant=1` });
    expect(res).toMatchObject({ providerId: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'queued' });
  });

  it('a sender starting with MG is sent as MessagingServiceSid', async () => {
    await driverWith({ sender: 'MG' + '2'.repeat(32) }).send({ to: '+14155550100', text: 'hi' });
    expect(fake.received[0].body).toMatchObject({ MessagingServiceSid: 'MG' + '2'.repeat(32), To: '+14155550100' });
    expect(fake.received[0].body.From).toBeUndefined();
  });

  it('a From the account does not own is 21606, a config error', async () => {
    const err = await rejects(driverWith({ sender: '+15005550001' }).send({ to: '+14155550100', text: 'hi' }));
    expect(err).toMatchObject({ code: '21606', kind: 'config', retryable: false });
    expect(err.message).toContain('not a valid, SMS-capable');
  });

  it('a body over 1600 characters is refused by Twilio (21617)', async () => {
    expect(await rejects(driverWith().send({ to: '+14155550100', text: 'x'.repeat(1601) }))).toMatchObject({ code: '21617', retryable: false });
  });
});

describe('twilio content templates', () => {
  it('sends ContentSid and ContentVariables as JSON', async () => {
    await driverWith().sendTemplate({ to: '+989121234567', template: 'HX' + 'b'.repeat(32), params: { 1: 'مریم', 2: '۱۲:۳۰' } });
    expect(fake.received[0].body).toMatchObject({ ContentSid: 'HX' + 'b'.repeat(32), ContentVariables: '{"1":"مریم","2":"۱۲:۳۰"}' });
    expect(fake.messages[0].params).toEqual({ 1: 'مریم', 2: '۱۲:۳۰' });
  });
});

describe('twilio status', () => {
  it('reads the message resource, keeping the error code', async () => {
    const d = driverWith();
    const { providerId } = await d.send({ to: '+14155550100', text: 'x' });
    fake.setStatus(providerId, 'undelivered');
    await expect(d.status([providerId])).resolves.toEqual([{ providerId, status: 'undelivered', providerStatus: 'undelivered:30003' }]);
    expect(fake.received.at(-1)!.path).toBe(`/2010-04-01/Accounts/${SID}/Messages/${providerId}.json`);
  });

  it('maps the message statuses', () => {
    expect(['accepted', 'scheduled', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled', 'weird'].map(twilioStatus))
      .toEqual(['queued', 'queued', 'queued', 'sent', 'sent', 'delivered', 'delivered', 'undelivered', 'failed', 'failed', 'unknown']);
  });
});

describe('twilio webhook signatures', () => {
  it('matches the example in Twilio\'s documentation', () => {
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', {
      CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212',
    })).toBe('RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  });

  it('accepts a signed incoming SMS (raw form body, path-only URL) and returns the sender in E.164', async () => {
    const { status, sid } = await fake.inbound(`${hookUrl}/hooks/sms/twilio?tenant=1`, { from: '+989121234567', to: '+15005550006', body: 'STOP' });
    expect(status).toBe(204);
    expect(hooked).toHaveLength(1);
    expect(hooked[0].url).toBe('/hooks/sms/twilio?tenant=1');
    expect(driverWith().parseInbound(hooked[0])).toEqual({
      messages: [{ from: '+989121234567', to: '+15005550006', text: 'STOP', providerId: sid }],
      statuses: [],
    });
  });

  it('accepts a signed status callback sent to the StatusCallback URL', async () => {
    const d = driverWith();
    const { providerId } = await d.send({ to: '+989121234567', text: 'x' });
    await fake.statusCallback(providerId, 'delivered');
    await fake.statusCallback(providerId, 'undelivered', '30005');
    expect(hooked.map((h) => d.parseInbound(h).statuses[0])).toEqual([
      { providerId, status: 'delivered', providerStatus: 'delivered' },
      { providerId, status: 'undelivered', providerStatus: 'undelivered:30005' },
    ]);
  });

  it('rejects a forged signature, a missing one, and a body changed after signing', async () => {
    await fake.inbound(`${hookUrl}/hooks/sms/twilio?tenant=1`, { from: '+989121234567', to: '+15005550006', body: 'سلام' });
    const genuine = hooked[0];
    const d = driverWith();
    expect(d.parseInbound(genuine).messages[0].text).toBe('سلام');

    const forged = { ...genuine, headers: { ...genuine.headers, 'x-twilio-signature': twilioSignature('not-the-token', `${hookUrl}/hooks/sms/twilio?tenant=1`, {}) } };
    expect(await rejects(() => d.parseInbound(forged))).toMatchObject({ code: 'invalid_signature', retryable: false });

    const { 'x-twilio-signature': _drop, ...unsigned } = genuine.headers;
    expect((await rejects(() => d.parseInbound({ ...genuine, headers: unsigned }))).code).toBe('invalid_signature');

    const tampered = { ...genuine, body: String(genuine.body).replace(encodeURIComponent('سلام'), 'STOP') };
    expect(tampered.body).not.toBe(genuine.body);
    expect((await rejects(() => d.parseInbound(tampered))).code).toBe('invalid_signature');

    // The signed URL matters too: the same request claimed for another path does not verify.
    expect((await rejects(() => d.parseInbound({ ...genuine, url: '/hooks/sms/twilio?tenant=2' }))).code).toBe('invalid_signature');
  });

  it('verifies a parsed (object) body and an absolute URL as well', () => {
    const url = 'https://crm.example.ir/hooks/sms/twilio';
    const params = { MessageSid: 'SM' + 'c'.repeat(32), From: '+14155550100', To: '+15005550006', Body: 'START', SmsStatus: 'received' };
    const r = driverWith({ webhookUrl: undefined }).parseInbound({ headers: { 'X-Twilio-Signature': twilioSignature(TOKEN, url, params) }, body: params, query: {}, url });
    expect(r.messages[0]).toMatchObject({ from: '+14155550100', text: 'START' });
  });
});
