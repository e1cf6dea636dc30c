/**
 * GET /api/telephony/calls lists every call: the phone system's and the ones logged by hand on a timeline, newest
 * first across both, each once (a PBX call's own timeline entry is not listed again), with a source filter, the
 * status/direction filters mapped onto hand-logged outcomes, one cursor across both, and the reader's scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, loginAs, type Agent, type TestEnv } from '../../test/harness.ts';
import { signWebhook } from './index.ts';
import type { CallView } from '../../../common/telephony.schemas.ts';

let env: TestEnv;
let admin: Agent, sales: Agent, manager: Agent;
let secret = '';
let customerId = '';

async function pbx(body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor(env.clock.now().getTime() / 1000));
  const res = await env.app.inject({
    method: 'POST', url: '/api/telephony/events', remoteAddress: '10.9.0.1',
    headers: { 'content-type': 'application/json', 'x-mehvar-timestamp': ts, 'x-mehvar-signature': signWebhook(secret, ts, raw) }, payload: raw,
  });
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as { callId: string };
}

async function logCall(who: Agent, summary: string, direction: 'in' | 'out', outcome: string, occurredAt: string) {
  const res = await who.post('/api/interactions', { customerId, kind: 'call', direction, outcome, summary, occurredAt, durationSec: outcome === 'answered' ? 120 : 0 });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { interaction: { id: string } }).interaction.id;
}

const list = async (who: Agent, q = '') => (await who.get(`/api/telephony/calls?limit=200${q}`)).json() as { items: CallView[]; nextCursor: string | null };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  manager = await env.login('manager');
  secret = (await admin.post('/api/telephony/webhook-secret', {})).json().secret;
  expect((await admin.put('/api/telephony/settings', { extensions: [{ extension: '101', userId: sales.userId }] })).statusCode).toBe(200);
  const c = await sales.post('/api/customers', { kind: 'person', firstName: 'مینا', lastName: 'کاظمی', phones: [{ number: '09121112233' }], force: true });
  customerId = c.json().id;
}, 180_000);
afterAll(async () => env?.close());

describe('the calls log with calls logged by hand', () => {
  it('lists both sources newest first, each call once, and filters by source, status and direction', async () => {
    const t0 = env.clock.now().getTime();
    const outMissed = await logCall(sales, 'جواب نداد', 'out', 'no_answer', new Date(t0 - 3 * 3600_000).toISOString());
    const inTalk = await logCall(sales, 'پرسید یخچال کی می‌رسد', 'in', 'answered', new Date(t0 - 2 * 3600_000).toISOString());
    // A PBX call of the same customer, answered and ended: it goes on the timeline, but is listed once (as pbx).
    const id = `c-${Date.now()}`;
    const rung = await pbx({ callId: id, event: 'ringing', number: '09121112233', extensions: ['101'] });
    await pbx({ callId: id, event: 'answered', number: '09121112233', extensions: ['101'] });
    await pbx({ callId: id, event: 'ended', number: '09121112233', outcome: 'answered', durationSec: 40 });

    const all = await list(manager);
    expect(all.items.map((c) => [c.source, c.id])).toEqual([['pbx', rung.callId], ['manual', inTalk], ['manual', outMissed]]);
    const viaPbx = all.items[0];
    expect(viaPbx.interactionId).not.toBeNull();
    expect(all.items.filter((c) => c.id === viaPbx.interactionId || c.interactionId === viaPbx.interactionId)).toHaveLength(1);
    expect(all.items[1]).toMatchObject({
      source: 'manual', direction: 'in', status: 'completed', outcome: 'answered', summary: 'پرسید یخچال کی می‌رسد',
      number: '+989121112233', customer: { id: customerId, displayName: 'مینا کاظمی' }, agent: { id: sales.userId }, durationSec: 120,
    });
    expect(all.items[2]).toMatchObject({ source: 'manual', direction: 'out', status: 'failed', outcome: 'no_answer' });

    expect((await list(manager, '&source=manual')).items.map((c) => c.id)).toEqual([inTalk, outMissed]);
    expect((await list(manager, '&source=pbx')).items.map((c) => c.id)).toEqual([rung.callId]);
    expect((await list(manager, '&status=failed')).items.map((c) => c.id)).toEqual([outMissed]);
    expect((await list(manager, '&direction=in')).items.map((c) => c.id)).toEqual([rung.callId, inTalk]);
    expect((await list(manager, '&unknown=true')).items).toEqual([]);
    expect((await manager.get('/api/telephony/calls?source=phone')).statusCode).toBe(400);

    // One cursor across both sources: pages of one give the same three, in order.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await manager.get(`/api/telephony/calls?limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: CallView[]; nextCursor: string | null };
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual([rung.callId, inTalk, outMissed]);

    // A deleted timeline entry leaves the log.
    expect((await manager.del(`/api/interactions/${outMissed}`)).statusCode).toBeLessThan(300);
    expect((await list(manager, '&source=manual')).items.map((c) => c.id)).toEqual([inTalk]);
  });

  it('shows an own-scope reader only the calls they logged', async () => {
    const perms = { customers: { ops: ['read'], scope: 'all' }, interactions: { ops: ['read', 'create'], scope: 'own' } };
    const role = await admin.post('/api/roles', { key: 'own_calls', name: 'تماس‌های خودم', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    expect((await admin.post('/api/users', { email: 'own@test.example', name: 'خودم', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id })).statusCode).toBe(201);
    const own = await loginAs(env.app, 'own@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    expect((await list(own)).items).toEqual([]);
    const mine = await logCall(own, 'تماس خودم', 'out', 'answered', env.clock.now().toISOString());
    expect((await list(own)).items.map((c) => c.id)).toEqual([mine]);
    // Without interactions:read there is no log at all.
    const noRead = await admin.post('/api/roles', { key: 'no_calls', name: 'بدون تماس', permissions: { customers: { ops: ['read'], scope: 'all' } } });
    expect((await admin.post('/api/users', { email: 'none@test.example', name: 'هیچ', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: noRead.json().id })).statusCode).toBe(201);
    const none = await loginAs(env.app, 'none@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    expect((await none.get('/api/telephony/calls')).statusCode).toBe(403);
  });
});
