/** SMS.ir specifics: headers and JSON on the wire, the line number, verify templates, per-id status, webhooks. */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import { startFakeSmsir, FAKE_SMSIR_CODES, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { smsirDriver, smsirStatus } from './smsir.ts';
import { SmsError, type SmsDriver } from './types.ts';

const KEY = 'smsir-key';
let fake: FakeGateway;
let driver: SmsDriver;

beforeAll(async () => {
  fake = await startFakeSmsir({ apiKey: KEY, lineNumber: 30007732903879, templates: { 123456: 'کد ورود شما #CODE# است، #NAME# عزیز' } });
  driver = smsirDriver({ guard: loopbackGuard(), apiKey: KEY, sender: '30007732903879', baseUrl: fake.url });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function rejects(p: Promise<unknown>): Promise<SmsError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SmsError);
  return e as SmsError;
}

describe('smsir send', () => {
  it('POSTs the documented JSON with X-API-KEY to /v1/send/bulk', async () => {
    await driver.send({ to: '+989121234567', text: 'سلام' });
    const req = fake.received[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/send/bulk');
    expect(req.headers['x-api-key']).toBe(KEY);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.accept).toBe('application/json');
    expect(JSON.parse(req.raw.toString('utf8'))).toEqual({ lineNumber: 30007732903879, messageText: 'سلام', mobiles: ['09121234567'], sendDateTime: null });
  });

  it('without a line number it is a config error and nothing is sent', async () => {
    const noLine = smsirDriver({ guard: loopbackGuard(), apiKey: KEY, baseUrl: fake.url });
    expect(await rejects(noLine.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: 'no_line_number', kind: 'config', retryable: false });
    expect(fake.received).toHaveLength(0);
  });

  it('a line the account does not own is refused with the gateway\'s code', async () => {
    const other = smsirDriver({ guard: loopbackGuard(), apiKey: KEY, sender: '3000111', baseUrl: fake.url });
    expect(await rejects(other.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: String(FAKE_SMSIR_CODES.invalidLine), retryable: false });
  });

  it('status 0 in the body (the gateway\'s own failure) is retryable', async () => {
    fake.failNext(1, { status: 400, body: { status: 0, message: 'خطای سرور', data: null } });
    expect(await rejects(driver.send({ to: '+989121234567', text: 'x' }))).toMatchObject({ code: '0', retryable: true, kind: 'server' });
  });
});

describe('smsir verify templates', () => {
  it('POSTs mobile, numeric templateId and name/value parameters', async () => {
    const res = await driver.sendTemplate({ to: '+989121234567', template: '123456', params: { CODE: '۵۵۱۲', NAME: 'مریم' } });
    expect(fake.received[0].path).toBe('/v1/send/verify');
    expect(fake.received[0].body).toEqual({ mobile: '09121234567', templateId: 123456, parameters: [{ name: 'CODE', value: '۵۵۱۲' }, { name: 'NAME', value: 'مریم' }] });
    expect(fake.messages[0]).toMatchObject({ id: res.providerId, text: 'کد ورود شما ۵۵۱۲ است، مریم عزیز' });
  });

  it('a template id that is not a number is refused locally; an unknown one by the gateway', async () => {
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: 'otp', params: {} }))).toMatchObject({ code: 'invalid_params', kind: 'config' });
    expect(fake.received).toHaveLength(0);
    expect(await rejects(driver.sendTemplate({ to: '+989121234567', template: '999', params: {} }))).toMatchObject({ code: String(FAKE_SMSIR_CODES.templateNotFound), retryable: false });
  });
});

describe('smsir status', () => {
  it('asks GET /v1/send/{id} once per id', async () => {
    const a = await driver.send({ to: '+989121234567', text: 'a' });
    fake.setStatus(a.providerId, 1);
    const before = fake.received.length;
    const r = await driver.status([a.providerId, 'SMxyz']);
    expect(fake.received.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual([`GET /v1/send/${a.providerId}`]);
    expect(r).toEqual([
      { providerId: a.providerId, status: 'delivered', providerStatus: '1' },
      { providerId: 'SMxyz', status: 'unknown', providerStatus: 'not_found' },
    ]);
  });

  it('an id the gateway refuses is unknown; a bad key still throws', async () => {
    fake.failNext(1, { status: 400, body: { status: 107, message: 'شناسه نامعتبر', data: null } });
    await expect(driver.status(['42'])).resolves.toEqual([{ providerId: '42', status: 'unknown', providerStatus: 'error:107' }]);
    fake.failNext(1, 'invalid_key');
    expect(await rejects(driver.status(['42']))).toMatchObject({ kind: 'auth' });
  });

  it('maps deliveryState', () => {
    expect([1, 2, 3, 4, 5, 6, 7, null, 42].map(smsirStatus)).toEqual(['delivered', 'undelivered', 'sent', 'failed', 'sent', 'failed', 'failed', 'queued', 'unknown']);
  });
});

describe('smsir webhooks', () => {
  const base = { headers: {}, query: {}, url: '/hooks/sms/smsir' };

  it('reads a received message from a JSON body', () => {
    const body = JSON.stringify({ mobile: '9121234567', messageText: 'انصراف', number: '30007732903879', receivedDateTime: 1700000000 });
    expect(driver.parseInbound({ ...base, body })).toEqual({
      messages: [{ from: '+989121234567', to: '30007732903879', text: 'انصراف', providerId: undefined, receivedAt: '2023-11-14T22:13:20.000Z' }],
      statuses: [],
    });
  });

  it('reads a delivery report', () => {
    expect(driver.parseInbound({ ...base, body: { messageId: 86522023, deliveryState: 2 } }).statuses)
      .toEqual([{ providerId: '86522023', status: 'undelivered', providerStatus: '2' }]);
  });
});
