/** The SMS webhook's answer when a gateway calls back with GET (the POST form is read by messaging.api.test.ts). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { createSmsDriver } from '../../drivers/sms/index.ts';
import { loopbackGuard } from '../../test/fakes/dns.ts';
import { smsWebhookToken } from './index.ts';

let env: TestEnv;
// Parsing a callback is local to the driver: the gateway address is never called.
beforeAll(async () => { env = await createTestEnv({ smsDriver: createSmsDriver({ driver: 'kavenegar', apiKey: 'k-1', baseUrl: 'http://127.0.0.1:9', guard: loopbackGuard() }) }); });
afterAll(async () => env?.close());

describe('SMS webhook by GET', () => {
  it('takes a text received from an unknown number and says so', async () => {
    const token = smsWebhookToken(env.rt.secret);
    const url = `/api/webhooks/sms/${token}?messageid=880001&from=09121110000&to=10004346&message=${encodeURIComponent('سلام، قیمت؟')}`;
    const res = await env.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ statuses: 0, received: 1 });
    // The same callback again (the gateway retried) is not a second text.
    expect((await env.app.inject({ method: 'GET', url })).json()).toEqual({ statuses: 0, received: 0 });
  });
});
