/** Melipayamak specifics: the REST form on the wire, return codes hidden in Value, shared-line patterns, webhooks. */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startFakeMelipayamak, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { melipayamakDriver, melipayamakStatus } from './melipayamak.ts';
import { SmsError, type SmsDriver } from './types.ts';

let fake: FakeGateway;
let driver: SmsDriver;

beforeAll(async () => {
  fake = await startFakeMelipayamak({ username: 'u', password: 'p@ss', senders: ['50004001234567'], bodies: { 1234: '{0} عزیز، کد شما {1} است' } });
  driver = melipayamakDriver({ guard: loopbackGuard(), username: 'u', password: 'p@ss', sender: '50004001234567', baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function rejects(p: Promise<unknown>): Promise<SmsError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SmsError);
  return e as SmsError;
}

describe('melipayamak send', () => {
  it('POSTs username, password, to, from and text as a form to /api/SendSMS/SendSMS', async () => {
    await driver.send({ to: '+989121234567', text: 'سلام' });
    const req = fake.received[0];
    expect(`${req.method} ${req.path}`).toBe('POST /api/SendSMS/SendSMS');
    expect(req.body).toEqual({ username: 'u', password: 'p@ss', to: '09121234567', from: '50004001234567', text: 'سلام', isFlash: 'false' });
  });

  it('a wrong sender line is code 5, a config error', async () => {
    const other = melipayamakDriver({ guard: loopbackGuard(), username: 'u', password: 'p@ss', sender: '3000', baseUrl: fake.url });
    expect(await rejects(other.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: '5', kind: 'config', retryable: false });
  });

  it('a short Value in a RetStatus 1 envelope is a return code, not a recId', async () => {
    fake.failNext(1, { status: 200, body: { Value: '11', RetStatus: 1, StrRetStatus: 'Ok' } });
    expect(await rejects(driver.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: '11', retryable: true });
    fake.failNext(1, { status: 200, body: { Value: '35', RetStatus: 1, StrRetStatus: 'Ok' } });
    expect(await rejects(driver.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: '35', kind: 'recipient_blocked', retryable: false });
  });

  it('"system is being updated" (6) is retryable; "filtered word" (7) is not', async () => {
    fake.failNext(1, { status: 200, body: { Value: '6', RetStatus: 6, StrRetStatus: 'Updating' } });
    expect((await rejects(driver.send({ to: '+989121234567', text: 'x' }))).retryable).toBe(true);
    fake.failNext(1, { status: 200, body: { Value: '7', RetStatus: 7, StrRetStatus: 'Filtered' } });
    expect(await rejects(driver.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ retryable: false, kind: 'rejected' });
  });

  it('an answer that is not the envelope is a bad response', async () => {
    fake.failNext(1, { status: 200, body: 'ok' });
    expect(await rejects(driver.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: 'bad_response' });
  });
});

describe('melipayamak shared-line patterns', () => {
  it('sends bodyId and the values joined by ";" in key order', async () => {
    const res = await driver.sendTemplate({ to: '+989121234567', template: '1234', params: { 1: '۷۷۱۲', 0: 'سارا' } });
    expect(fake.received[0].path).toBe('/api/SendSMS/BaseServiceNumber');
    expect(fake.received[0].body).toMatchObject({ to: '09121234567', bodyId: '1234', text: 'سارا;۷۷۱۲' });
    expect(fake.messages[0]).toMatchObject({ id: res.providerId, text: 'سارا عزیز، کد شما ۷۷۱۲ است' });
  });

  it('negative Values are errors: -5 wrong variables, -4 unknown body', async () => {
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: '1234', params: { 0: 'فقط یکی' } }))).toMatchObject({ code: '-5', kind: 'config', retryable: false });
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: '77', params: { 0: 'a' } }))).toMatchObject({ code: '-4', kind: 'config' });
  });

  it('refuses a non-numeric bodyId and a value with ";" before any request', async () => {
    expect((await rejects(driver.sendTemplate({ to: '+989121234567', template: 'otp', params: {} }))).code).toBe('invalid_params');
    expect((await rejects(driver.sendTemplate({ to: '+989121234567', template: '1234', params: { 0: 'a;b', 1: 'c' } }))).code).toBe('invalid_params');
    expect(fake.received).toHaveLength(0);
  });
});

describe('melipayamak status', () => {
  it('asks GetDeliveries2 with the recId', async () => {
    const a = await driver.send({ to: '+989121234567', text: 'a' });
    fake.setStatus(a.providerId, 1);
    await expect(driver.status([a.providerId])).resolves.toEqual([{ providerId: a.providerId, status: 'delivered', providerStatus: '1' }]);
    expect(fake.received.at(-1)!.body).toMatchObject({ recId: a.providerId });
  });

  it('maps the documented delivery codes', () => {
    expect([0, 1, 2, 3, 5, 8, 16, 35, 100, 200, 300, 400, 500, -1].map(melipayamakStatus)).toEqual(
      ['sent', 'delivered', 'undelivered', 'failed', 'failed', 'sent', 'failed', 'failed', 'unknown', 'sent', 'failed', 'queued', 'failed', 'unknown']);
  });
});

describe('melipayamak webhooks', () => {
  it('reads a forwarded SMS from query parameters', () => {
    const r = driver.parseInbound({ headers: {}, body: undefined, query: { from: '09121234567', to: '50004001234567', text: 'شروع' }, url: '/x' });
    expect(r.messages).toEqual([{ from: '+989121234567', to: '50004001234567', text: 'شروع', providerId: undefined, receivedAt: undefined }]);
  });
});
