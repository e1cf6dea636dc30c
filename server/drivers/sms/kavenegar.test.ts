/** Kavenegar specifics: the request on the wire, localid idempotency, verify/lookup templates, status batching, webhooks. */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { kavenegarDriver, kavenegarStatus } from './kavenegar.ts';
import { SmsError, type SmsDriver } from './types.ts';

const KEY = 'kave/KEY+123';
let fake: FakeGateway;
let driver: SmsDriver;

beforeAll(async () => {
  fake = await startFakeKavenegar({ apiKey: KEY, senders: ['10004346'], templates: { verify: 'کد تایید شما در محور: %token' } });
  driver = kavenegarDriver({ guard: loopbackGuard(), apiKey: KEY, sender: '10004346', baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function rejects(p: Promise<unknown>): Promise<SmsError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SmsError);
  return e as SmsError;
}

describe('kavenegar send', () => {
  it('POSTs receptor, sender and message as a form to /v1/{apiKey}/sms/send.json', async () => {
    await driver.send({ to: '+989351112233', text: 'درود' });
    const req = fake.received[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/v1/${encodeURIComponent(KEY)}/sms/send.json`);
    expect(String(req.headers['content-type'])).toContain('application/x-www-form-urlencoded');
    expect(req.body).toEqual({ receptor: '09351112233', message: 'درود', sender: '10004346' });
  });

  it('sends a numeric ref as localid, so a retried job does not send twice', async () => {
    const a = await driver.send({ to: '+989121234567', text: 'یک بار', ref: '42' });
    const b = await driver.send({ to: '+989121234567', text: 'یک بار', ref: '42' });
    expect(fake.received.map((r) => r.body.localid)).toEqual(['42', '42']);
    expect(fake.messages).toHaveLength(1);
    expect(b.providerId).toBe(a.providerId);
    await driver.send({ to: '+989121234567', text: 'x', ref: 'c0ffee-uuid' });
    expect(fake.received[2].body.localid).toBeUndefined();
  });

  it('an error keeps Kavenegar\'s code and Persian message but never the key', async () => {
    const bad = kavenegarDriver({ guard: loopbackGuard(), apiKey: 'not-the-key', baseUrl: fake.url });
    const err = await rejects(bad.send({ to: '+989121234567', text: 'x' }));
    expect(err.code).toBe('403');
    expect(err.message).toContain('API-Key');
    expect(err.message).not.toContain('not-the-key');
  });

  it('a sender line the account does not own is a config error', async () => {
    const other = kavenegarDriver({ guard: loopbackGuard(), apiKey: KEY, sender: '2000500', baseUrl: fake.url });
    const err = await rejects(other.send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: '412', kind: 'config', retryable: false });
  });

  it('code 409 ("try later") is retryable even with a 4xx HTTP status', async () => {
    fake.failNext(1, { status: 409, body: { return: { status: 409, message: 'سرور قادر به پاسخگوئی نیست بعدا تلاش کنید' }, entries: null } });
    const err = await rejects(driver.send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: '409', retryable: true, kind: 'server' });
  });

  it('a 200 that is not Kavenegar JSON is a bad response, not a success', async () => {
    fake.failNext(1, { status: 200, body: { hello: 'world' } });
    const err = await rejects(driver.send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: 'bad_response', retryable: false });
  });
});

describe('kavenegar verify/lookup templates', () => {
  it('sends receptor, template and tokens, and the rendered text reaches the phone', async () => {
    const res = await driver.sendTemplate({ to: '+989121234567', template: 'verify', params: { token: '۴۸۲۱' } });
    expect(fake.received[0].path).toBe(`/v1/${encodeURIComponent(KEY)}/verify/lookup.json`);
    expect(fake.received[0].body).toEqual({ receptor: '09121234567', template: 'verify', token: '۴۸۲۱' });
    expect(fake.messages[0]).toMatchObject({ id: res.providerId, text: 'کد تایید شما در محور: ۴۸۲۱', template: 'verify' });
  });

  it('refuses parameter names Kavenegar does not have, before any request', async () => {
    const err = await rejects(driver.sendTemplate({ to: '+989121234567', template: 'verify', params: { code: '1' } }));
    expect(err).toMatchObject({ code: 'invalid_params', kind: 'config' });
    const none = await rejects(driver.sendTemplate({ to: '+989121234567', template: 'verify', params: {} }));
    expect(none.code).toBe('invalid_params');
    expect(fake.received).toHaveLength(0);
  });

  it('an unknown template is 424 and a token with a space is 431, both config errors', async () => {
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: 'nope', params: { token: '1' } }))).toMatchObject({ code: '424', kind: 'config', retryable: false });
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: 'verify', params: { token: 'دو کلمه' } }))).toMatchObject({ code: '431', kind: 'config' });
  });
});

describe('kavenegar status', () => {
  it('asks for all ids in one GET and skips ids that cannot be Kavenegar\'s', async () => {
    const a = await driver.send({ to: '+989121234567', text: 'a' });
    const b = await driver.send({ to: '+989121234567', text: 'b' });
    fake.setStatus(b.providerId, 10);
    const before = fake.received.length;
    const reports = await driver.status([b.providerId, 'log-abc', a.providerId, '5']);
    expect(fake.received.length - before).toBe(1);
    const q = fake.received.at(-1)!;
    expect(q.method).toBe('GET');
    expect(q.query.messageid).toBe([b.providerId, a.providerId, '5'].join(','));
    expect(reports).toEqual([
      { providerId: b.providerId, status: 'delivered', providerStatus: '10' },
      { providerId: 'log-abc', status: 'unknown', providerStatus: 'not_found' },
      { providerId: a.providerId, status: 'queued', providerStatus: '1' },
      { providerId: '5', status: 'unknown', providerStatus: '100' }, // "invalid message id"
    ]);
  });

  it('maps every documented status code', () => {
    expect([1, 2, 4, 5, 6, 10, 11, 13, 14, 100, 99].map(kavenegarStatus)).toEqual(
      ['queued', 'queued', 'sent', 'sent', 'failed', 'delivered', 'undelivered', 'failed', 'failed', 'unknown', 'unknown']);
  });
});

describe('kavenegar webhooks', () => {
  const base = { headers: {}, query: {}, url: '/hooks/sms/kavenegar' };

  it('reads a forwarded SMS (form body) with the sender in E.164', () => {
    const body = new URLSearchParams({ messageid: '777', from: '09121234567', to: '10004346', message: 'لغو۱۱' }).toString();
    expect(driver.parseInbound({ ...base, body })).toEqual({
      messages: [{ from: '+989121234567', to: '10004346', text: 'لغو۱۱', providerId: '777', receivedAt: undefined }],
      statuses: [],
    });
  });

  it('reads a forwarded SMS sent as GET query parameters', () => {
    const r = driver.parseInbound({ ...base, body: undefined, query: { from: '989121234567', to: '10004346', message: 'سلام', messageid: '1' } });
    expect(r.messages[0]).toMatchObject({ from: '+989121234567', text: 'سلام' });
  });

  it('reads a delivery report', () => {
    expect(driver.parseInbound({ ...base, body: { messageid: '8792343', status: '10' } }).statuses)
      .toEqual([{ providerId: '8792343', status: 'delivered', providerStatus: '10' }]);
  });

  it('ignores a request that is neither', () => {
    expect(driver.parseInbound({ ...base, body: { hello: 'x' } })).toEqual({ messages: [], statuses: [] });
  });
});
