/**
 * The contract every gateway driver keeps, checked against each provider's fake: the exact Persian text arrives,
 * phones are converted from E.164, provider errors become SmsErrors with the right code and retry flag, 5xx and
 * timeouts are retryable, statuses map to ours, and no secret leaks into an error.
 */
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import {
  startFakeKavenegar, startFakeSmsir, startFakeMelipayamak, startFakeTwilio, FAKE_SMSIR_CODES,
  type FakeGateway,
} from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { createSmsDriver, SmsError, type SmsDriver, type SmsConfig, type SmsStatus } from './index.ts';

const PERSIAN = 'سلام علی‌رضا! پیش‌فاکتور ۱۲۳۴ آماده است — يك كلمه عربی و 😀';

interface Case {
  name: string;
  start(): Promise<FakeGateway>;
  config(url: string): SmsConfig;
  /** The recipient +989121234567 as the provider must receive it. */
  wireTo: string;
  /** The secret that must never appear in an error message. */
  secret: string;
  codes: { invalidKey: string; invalidNumber: string; insufficientCredit?: string };
  /** Provider status codes to set on the fake, and what they must map to. */
  statuses: Array<[number | string, SmsStatus]>;
  /** What a freshly sent message reports before any status is set. */
  initial: SmsStatus;
  /** A message id the provider does not know, in its format. */
  unknownId: string;
}

const cases: Case[] = [
  {
    name: 'kavenegar',
    start: () => startFakeKavenegar({ apiKey: 'kave-SECRET-key', senders: ['10004346'] }),
    config: (url) => ({ driver: 'kavenegar', apiKey: 'kave-SECRET-key', sender: '10004346', baseUrl: url, guard: loopbackGuard() }),
    wireTo: '09121234567',
    secret: 'kave-SECRET-key',
    codes: { invalidKey: '403', invalidNumber: '411', insufficientCredit: '418' },
    statuses: [[10, 'delivered'], [11, 'undelivered'], [6, 'failed'], [4, 'sent'], [14, 'failed']],
    initial: 'queued',
    unknownId: '123',
  },
  {
    name: 'smsir',
    start: () => startFakeSmsir({ apiKey: 'smsir-SECRET-key', lineNumber: 30007732903879 }),
    config: (url) => ({ driver: 'smsir', apiKey: 'smsir-SECRET-key', sender: '30007732903879', baseUrl: url, guard: loopbackGuard() }),
    wireTo: '09121234567',
    secret: 'smsir-SECRET-key',
    codes: { invalidKey: String(FAKE_SMSIR_CODES.invalidKey), invalidNumber: String(FAKE_SMSIR_CODES.invalidMobile), insufficientCredit: '13' },
    statuses: [[1, 'delivered'], [2, 'undelivered'], [3, 'sent'], [4, 'failed']],
    initial: 'queued',
    unknownId: '1',
  },
  {
    name: 'melipayamak',
    start: () => startFakeMelipayamak({ username: 'mehvar', password: 'meli-SECRET-pass', senders: ['50004001234567'] }),
    config: (url) => ({ driver: 'melipayamak', username: 'mehvar', password: 'meli-SECRET-pass', sender: '50004001234567', baseUrl: url, guard: loopbackGuard() }),
    wireTo: '09121234567',
    secret: 'meli-SECRET-pass',
    codes: { invalidKey: '0', invalidNumber: '16', insufficientCredit: '2' },
    statuses: [[1, 'delivered'], [2, 'undelivered'], [8, 'sent'], [16, 'failed'], [400, 'queued']],
    initial: 'sent',
    unknownId: '999999999',
  },
  {
    name: 'twilio',
    start: () => startFakeTwilio({ accountSid: 'AC' + 'a'.repeat(32), authToken: 'twilio-SECRET-token', numbers: ['+15005550006'] }),
    config: (url) => ({ driver: 'twilio', accountSid: 'AC' + 'a'.repeat(32), authToken: 'twilio-SECRET-token', sender: '+15005550006', baseUrl: url, guard: loopbackGuard() }),
    wireTo: '+989121234567',
    secret: 'twilio-SECRET-token',
    codes: { invalidKey: '20003', invalidNumber: '21211' },
    statuses: [['delivered', 'delivered'], ['undelivered', 'undelivered'], ['sent', 'sent'], ['failed', 'failed'], ['read', 'delivered']],
    initial: 'queued',
    unknownId: 'SM' + '0'.repeat(32),
  },
];

async function smsError(p: Promise<unknown>): Promise<SmsError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SmsError);
    return e as SmsError;
  }
  throw new Error('expected an SmsError, the call succeeded');
}

describe.each(cases)('$name driver against its fake', (c) => {
  let fake: FakeGateway;
  let driver: SmsDriver;

  beforeAll(async () => {
    fake = await c.start();
    driver = createSmsDriver(c.config(fake.url));
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('delivers the Persian text byte for byte, to the number in the provider format', async () => {
    const res = await driver.send({ to: '+989121234567', text: PERSIAN });
    expect(fake.messages).toHaveLength(1);
    const got = fake.messages[0];
    expect(got.to).toBe(c.wireTo);
    expect(got.text).toBe(PERSIAN);
    expect(Buffer.from(got.text, 'utf8').equals(Buffer.from(PERSIAN, 'utf8'))).toBe(true);
    expect(res.providerId).toBe(got.id);
    expect(res.status).toBe('queued');
    expect(driver.name).toBe(c.name);
  });

  it('accepts any spelling of the number that normalizes to the same E.164', async () => {
    await driver.send({ to: '+98 912 123 4567', text: 'a' });
    await driver.send({ to: '۰۹۱۲۱۲۳۴۵۶۷', text: 'b' });
    expect(fake.messages.map((m) => m.to)).toEqual([c.wireTo, c.wireTo]);
  });

  it('refuses a wrong key/credential with a non-retryable auth error that does not quote the secret', async () => {
    const bad = createSmsDriver({ ...c.config(fake.url), apiKey: 'wrong', authToken: 'wrong', password: 'wrong' });
    const err = await smsError(bad.send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: c.codes.invalidKey, retryable: false, kind: 'auth', provider: c.name });
    expect(fake.messages).toHaveLength(0);
    const injected = await smsError((fake.failNext(1, 'invalid_key'), driver.send({ to: '+989121234567', text: 'x' })));
    expect(injected).toMatchObject({ code: c.codes.invalidKey, retryable: false, kind: 'auth' });
    expect(injected.message).not.toContain(c.secret);
  });

  it('maps the provider\'s invalid-number error to a non-retryable SmsError', async () => {
    fake.failNext(1, 'invalid_number');
    const err = await smsError(driver.send({ to: '+989121234567', text: 'x' }));
    expect(err.code).toBe(c.codes.invalidNumber);
    expect(err.retryable).toBe(false);
  });

  it('a 5xx is retryable, and the next request goes through', async () => {
    fake.failNext(1, 'server_error');
    const err = await smsError(driver.send({ to: '+989121234567', text: 'x' }));
    expect(err.retryable).toBe(true);
    expect(err.kind).toBe('server');
    expect(err.message).not.toContain(c.secret);
    await expect(driver.send({ to: '+989121234567', text: 'x' })).resolves.toMatchObject({ providerId: expect.any(String) });
    expect(fake.received).toHaveLength(2);
  });

  it('a rate limit is retryable', async () => {
    fake.failNext(1, 'rate_limit');
    const err = await smsError(driver.send({ to: '+989121234567', text: 'x' }));
    expect(err.retryable).toBe(true);
    expect(err.kind).toBe('rate_limited');
  });

  it('gives up after its timeout with a retryable error', async () => {
    const slow = createSmsDriver({ ...c.config(fake.url), timeoutMs: 250 });
    fake.failNext(1, 'timeout');
    const t0 = Date.now();
    const err = await smsError(slow.send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: 'timeout', retryable: true, kind: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('a gateway that cannot be reached is a retryable network error without the secret', async () => {
    const closed = await c.start();
    const url = closed.url;
    await closed.close();
    const err = await smsError(createSmsDriver(c.config(url)).send({ to: '+989121234567', text: 'x' }));
    expect(err).toMatchObject({ code: 'network', retryable: true });
    expect(err.message).not.toContain(c.secret);
  });

  it('maps provider statuses to ours, and an unknown id to unknown', async () => {
    const ids: string[] = [];
    for (let i = 0; i < c.statuses.length + 1; i++) ids.push((await driver.send({ to: '+989121234567', text: `m${i}` })).providerId);
    c.statuses.forEach(([code], i) => fake.setStatus(ids[i], code));
    const fresh = ids[c.statuses.length];
    const reports = await driver.status([...ids, c.unknownId]);
    expect(reports.map((r) => r.providerId)).toEqual([...ids, c.unknownId]);
    expect(reports.map((r) => r.status)).toEqual([...c.statuses.map(([, s]) => s), c.initial, 'unknown']);
    expect(reports[0].providerStatus).toBe(String(c.statuses[0][0]));
    expect(reports.find((r) => r.providerId === fresh)?.status).toBe(c.initial);
    await expect(driver.status([])).resolves.toEqual([]);
  });

  it('a status query that hits a 5xx throws a retryable error', async () => {
    const { providerId } = await driver.send({ to: '+989121234567', text: 'x' });
    fake.failNext(1, 'server_error');
    const err = await smsError(driver.status([providerId]));
    expect(err.retryable).toBe(true);
  });
});

describe('Iranian gateways refuse numbers they cannot reach', () => {
  it.each(cases.filter((c) => c.name !== 'twilio'))('$name: a non-Iranian number is invalid_number before any request', async (c) => {
    const fake = await c.start();
    try {
      const driver = createSmsDriver(c.config(fake.url));
      for (const to of ['+14155550100', '+982188776655', 'not a phone']) {
        const err = await smsError(driver.send({ to, text: 'x' }));
        expect(err).toMatchObject({ code: 'invalid_number', retryable: false, kind: 'invalid_number' });
      }
      expect(fake.received).toHaveLength(0);
    } finally {
      await fake.close();
    }
  });
});

describe('"insufficient credit" is a non-retryable SmsError', () => {
  // Twilio documents no API error for credit, so only the Iranian gateways are checked.
  it.each(cases.filter((c) => c.codes.insufficientCredit !== undefined))('$name', async (c) => {
    const fake = await c.start();
    try {
      fake.failNext(1, 'insufficient_credit');
      const err = await smsError(createSmsDriver(c.config(fake.url)).send({ to: '+989121234567', text: 'x' }));
      expect(err).toMatchObject({ code: c.codes.insufficientCredit, retryable: false, kind: 'insufficient_credit', provider: c.name });
    } finally {
      await fake.close();
    }
  });
});
