/** The answer of dismissing a call's pop-up (no other test reads it): 204, and the call leaves that user's active list only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import { signWebhook } from './index.ts';

let env: TestEnv;
let admin: Agent, sales: Agent, support: Agent;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  support = await env.login('support');
});
afterAll(async () => env?.close());

describe('dismissing a pop-up', () => {
  it('answers 204 with no body, and only the dismissing user stops seeing the ringing call', async () => {
    const put = await admin.put('/api/telephony/settings', { extensions: [{ extension: '201', userId: sales.userId }, { extension: '202', userId: support.userId }] });
    expect(put.statusCode, put.body).toBe(200);
    const { secret } = (await admin.post('/api/telephony/webhook-secret')).json() as { secret: string };
    const raw = JSON.stringify({ callId: 'cloud-dismiss-1', event: 'ringing', number: '09121234567', extensions: ['201', '202'] });
    const ts = String(Math.floor(env.clock.now().getTime() / 1000));
    const ev = await env.app.inject({
      method: 'POST', url: '/api/telephony/events', headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, raw) }, payload: raw,
    });
    expect(ev.statusCode, ev.body).toBe(202);
    const { callId } = ev.json() as { callId: string };
    expect(ev.json()).toEqual({ callId, applied: true });

    const active = async (a: Agent) => ((await a.get('/api/telephony/calls/active')).json() as { id: string }[]).map((c) => c.id);
    expect(await active(sales)).toEqual([callId]);
    expect(await active(support)).toEqual([callId]);
    const res = await sales.post(`/api/telephony/calls/${callId}/dismiss`);
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(await active(sales)).toEqual([]);
    expect(await active(support)).toEqual([callId]);
  });
});
