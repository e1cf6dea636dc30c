/** The development driver, and createSmsDriver's configuration checks. */
import { describe, it, expect } from 'vitest';
import { createSmsDriver, logDriver, SmsError, type LogSmsDriver } from './index.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';

describe('log driver', () => {
  it('keeps each message, reports it delivered, and knows nothing else', async () => {
    const lines: object[] = [];
    const d = logDriver({ logger: { info: (obj) => void lines.push(obj) } });
    const res = await d.send({ to: '09121234567', text: 'سلام', ref: '7' });
    expect(res.status).toBe('delivered');
    expect(d.sent).toEqual([expect.objectContaining({ providerId: res.providerId, to: '+989121234567', text: 'سلام', ref: '7' })]);
    expect(lines).toHaveLength(1);
    await expect(d.status([res.providerId, 'other'])).resolves.toEqual([
      { providerId: res.providerId, status: 'delivered', providerStatus: 'delivered' },
      { providerId: 'other', status: 'unknown', providerStatus: 'not_found' },
    ]);
  });

  it('renders {name} placeholders of a template', async () => {
    const d = logDriver();
    await d.sendTemplate({ to: '+989121234567', template: 'کد شما {code} است، {name}', params: { code: '۱۲۳', name: 'علی' } });
    expect(d.sent[0]).toMatchObject({ text: 'کد شما ۱۲۳ است، علی', params: { code: '۱۲۳', name: 'علی' } });
  });

  it('keeps only the last `keep` messages', async () => {
    const d = logDriver({ keep: 2 });
    const ids = [];
    for (const t of ['a', 'b', 'c']) ids.push((await d.send({ to: '+989121234567', text: t })).providerId);
    expect(d.sent.map((m) => m.text)).toEqual(['b', 'c']);
    expect((await d.status([ids[0]]))[0].status).toBe('unknown');
  });

  it('refuses a string that is not a phone number', async () => {
    await expect(logDriver().send({ to: 'hello', text: 'x' })).rejects.toBeInstanceOf(SmsError);
  });

  it('parses a fake incoming SMS and a fake status', () => {
    const d = logDriver();
    expect(d.parseInbound({ headers: {}, query: {}, url: '/', body: '{"from":"09121234567","text":"لغو"}' }).messages[0]).toMatchObject({ from: '+989121234567', text: 'لغو' });
    expect(d.parseInbound({ headers: {}, query: {}, url: '/', body: 'providerId=log-1&status=failed' }).statuses).toEqual([{ providerId: 'log-1', status: 'failed', providerStatus: 'failed' }]);
  });
});

describe('createSmsDriver', () => {
  it('builds each driver by name', () => {
    expect(createSmsDriver({ guard: loopbackGuard(), driver: 'kavenegar', apiKey: 'k' }).name).toBe('kavenegar');
    expect(createSmsDriver({ guard: loopbackGuard(), driver: 'smsir', apiKey: 'k' }).name).toBe('smsir');
    expect(createSmsDriver({ guard: loopbackGuard(), driver: 'melipayamak', username: 'u', password: 'p' }).name).toBe('melipayamak');
    expect(createSmsDriver({ guard: loopbackGuard(), driver: 'twilio', accountSid: 'AC1', authToken: 't', sender: '+15005550006' }).name).toBe('twilio');
    const log = createSmsDriver({ driver: 'log' }) as LogSmsDriver;
    expect(log.name).toBe('log');
    expect(log.sent).toEqual([]);
  });

  it('names what is missing, and refuses an unknown driver', () => {
    expect(() => createSmsDriver({ guard: loopbackGuard(), driver: 'kavenegar' })).toThrow(/needs apiKey/);
    expect(() => createSmsDriver({ guard: loopbackGuard(), driver: 'melipayamak', username: 'u' })).toThrow(/needs password/);
    expect(() => createSmsDriver({ guard: loopbackGuard(), driver: 'twilio', accountSid: 'AC1' })).toThrow(/needs authToken, sender/);
    expect(() => createSmsDriver({ driver: 'nexmo' })).toThrow(/Unknown SMS driver "nexmo"/);
  });
});
