/**
 * A gateway that says "too many calls in this period" (Kavenegar's 451) refused nothing about the message: however
 * often it says so, the outbox row stays pending and is delivered once the gateway takes calls again. A gateway that
 * is broken (502) still gives up after MAX_OUTBOX_ATTEMPTS, as before.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { startFakeKavenegar, type FakeGateway } from '../../test/fakes/sms-gateways.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { createSmsDriver } from '../../drivers/sms/index.ts';
import { deliverOutbox, MAX_OUTBOX_ATTEMPTS } from '../notifications/index.ts';
import { channelSenders } from './index.ts';

const KEY = 'rate-limit-key';
let env: TestEnv;
let kave: FakeGateway;
let sales: Agent;

beforeAll(async () => {
  kave = await startFakeKavenegar({ apiKey: KEY });
  env = await createTestEnv();
  sales = await env.login('sales');
});
afterAll(async () => { await env?.close(); await kave?.close(); });

const senders = () => channelSenders(undefined, createSmsDriver({ driver: 'kavenegar', apiKey: KEY, baseUrl: kave.url, sender: '10004346', guard: loopbackGuard() }));
const row = async (id: string) => ((await env.rt.database.db.execute(sql`SELECT status, attempts FROM outbox WHERE id = ${id}`)).rows[0]) as { status: string; attempts: number };

async function queuedSms(phone: string, text: string): Promise<string> {
  const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'آزاده', lastName: phone.slice(-4), phones: [{ number: phone }], smsConsent: true })).json();
  expect((await sales.post(`/api/customers/${c.id}/messages`, { channel: 'sms', text })).statusCode).toBe(201);
  const [r] = (await env.rt.database.db.execute(sql`SELECT id FROM outbox WHERE recipient LIKE ${'%' + phone.slice(-7)} AND status = 'pending'`)).rows as { id: string }[];
  return r.id;
}

describe('the outbox and a gateway rate limit', () => {
  it('keeps a message refused with 451 more often than the attempts allow pending, then delivers it once', async () => {
    const id = await queuedSms('09127770011', 'یادآوری قرار فردا');
    const refusals = MAX_OUTBOX_ATTEMPTS + 2;
    kave.failNext(refusals, 'rate_limit');
    for (let i = 1; i <= refusals; i++) {
      await expect(deliverOutbox(env.rt.database.db, senders(), id)).rejects.toThrow();
      expect(await row(id)).toEqual({ status: 'pending', attempts: i });
    }
    expect(kave.messages).toHaveLength(0);
    expect(await deliverOutbox(env.rt.database.db, senders(), id)).toBe('sent');
    expect((await row(id)).status).toBe('sent');
    expect(kave.messages.map((m) => m.text)).toEqual(['یادآوری قرار فردا']);
  });

  it('a broken gateway (502) still ends the message as failed after the attempts', async () => {
    const id = await queuedSms('09127770022', 'پیام دوم');
    kave.failNext(MAX_OUTBOX_ATTEMPTS, 'server_error');
    for (let i = 1; i < MAX_OUTBOX_ATTEMPTS; i++) await expect(deliverOutbox(env.rt.database.db, senders(), id)).rejects.toThrow();
    expect(await deliverOutbox(env.rt.database.db, senders(), id)).toBe('failed');
    expect(await row(id)).toEqual({ status: 'failed', attempts: MAX_OUTBOX_ATTEMPTS });
  });
});
