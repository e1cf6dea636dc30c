/**
 * The app connected to a PBX over the Asterisk Manager Interface (a fake Asterisk speaking the real wire format and
 * playing recorded call scenarios): answered, missed by a ring group, transferred, click-to-call (Originate), a PBX
 * restart mid-call, malformed frames, and a PBX that never answers the login — the app keeps serving throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, until, type Agent, type TestEnv } from '../../test/harness.ts';
import { AmiClient } from '../../drivers/telephony/ami-client.ts';
import { FakeAmiServer, loadAmiScenario } from '../../test/fakes/ami-server.ts';
import type { CallView } from '../../../common/telephony.schemas.ts';

let env: TestEnv;
let pbx: FakeAmiServer;
let admin: Agent, sales: Agent, support: Agent;
let sara: { id: string; displayName: string };
const inbox = new Map<string, CallView[]>();
const unsubs: (() => void)[] = [];

const popsOf = (a: Agent) => inbox.get(a.userId)!;
const amiStatus = async () => (await admin.get('/api/telephony/settings')).json().ami as { status: string; lastError: string | null };
let n = 0;
/** Each play is a new call: its own ids (the fake's defaults change per play) and a caller we choose. */
const play = (name: string, vars: Record<string, string> = {}) => pbx.play(loadAmiScenario(name), vars);

beforeAll(async () => {
  pbx = new FakeAmiServer();
  await pbx.start();
  // Short timeouts and backoff so that reconnecting takes milliseconds here.
  env = await createTestEnv({ amiFactory: (o) => new AmiClient({ ...o, loginTimeoutMs: 400, connectTimeoutMs: 400, backoff: { initialMs: 50, maxMs: 200 } }) });
  admin = await env.login('admin');
  sales = await env.login('sales');
  support = await env.login('support');
  for (const a of [sales, support]) {
    inbox.set(a.userId, []);
    unsubs.push(env.rt.hub.subscribe(a.userId, (event, data) => { if (event === 'call') inbox.get(a.userId)!.push(data as CallView); }));
  }
  const c = await sales.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'کریمی', phones: [{ number: '09121234567' }] });
  sara = c.json();
}, 180_000);

afterAll(async () => {
  unsubs.forEach((u) => u());
  await env?.close();
  await pbx?.stop();
});

describe('the PBX over AMI', () => {
  it('click-to-call is refused with a reason while the PBX is not connected', async () => {
    const res = await sales.post('/api/telephony/originate', { number: '09121234567' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/PBX connection/);
  });

  it('connects with the settings, shows the status, and makes phone numbers click-to-call', async () => {
    const [username, secret] = [...pbx.users.entries()][0];
    const tried = await admin.post('/api/telephony/settings/test-ami', { host: '127.0.0.1', port: pbx.port, username, secret: 'wrong' });
    expect(tried.json()).toMatchObject({ ok: false, message: expect.stringMatching(/login rejected/) });
    const put = await admin.put('/api/telephony/settings', {
      ami: { enabled: true, host: '127.0.0.1', port: pbx.port, username, secret },
      extensions: [{ extension: '101', userId: sales.userId }, { extension: '102', userId: support.userId }],
      internalNumbers: ['02191001000'], recordingUrlTemplate: 'https://pbx.example/rec?f={file}',
    });
    expect(put.statusCode, put.body).toBe(200);
    await until(async () => (await amiStatus()).status === 'connected');
    // The stored secret is used when the test button gets the mask back.
    expect((await admin.post('/api/telephony/settings/test-ami', { host: '127.0.0.1', port: pbx.port, username, secret: '••••••' })).json().ok).toBe(true);
    expect((await sales.get('/api/telephony/me')).json()).toEqual({ extension: '101', clickToCall: true });
  });

  it('an answered call: pop-up on ringing, answered, ended with duration and recording on the timeline', async () => {
    await play('answered', { caller: '09121234567', ext: '101' });
    const done = await until(() => popsOf(sales).find((p) => p.status === 'completed' && p.customer?.id === sara.id));
    const seen = popsOf(sales).filter((p) => p.id === done.id).map((p) => p.status);
    expect(seen).toEqual(['ringing', 'answered', 'completed']);
    expect(popsOf(sales).find((p) => p.id === done.id)!.matches[0].displayName).toBe(sara.displayName);
    expect(done).toMatchObject({ direction: 'in', durationSec: 42, outcome: 'answered', agent: { id: sales.userId } });
    expect(done.recordingName).toMatch(/^\/var\/spool\/asterisk\/monitor\/.*\.wav$/);
    expect(done.recordingUrl).toMatch(/^https:\/\/pbx\.example\/rec\?f=\/var\/spool/);
    const tl = (await sales.get(`/api/customers/${sara.id}`)).json();
    const item = tl.timeline.items.find((t: { data: { id: string } }) => t.data.id === done.interactionId);
    expect(item.data).toMatchObject({ kind: 'call', direction: 'in', durationSec: 42, outcome: 'answered', authorId: sales.userId });
    expect(popsOf(support).some((p) => p.id === done.id)).toBe(false);
  });

  it('a ring group nobody answers: both screens pop, the call is missed, the owner gets a call-back task', async () => {
    await play('missed', { caller: '989121234567', ext: '101', ext2: '102' });
    const missed = await until(() => popsOf(support).find((p) => p.status === 'missed'));
    expect(popsOf(sales).some((p) => p.id === missed.id && p.status === 'ringing')).toBe(true);
    expect(popsOf(support).some((p) => p.id === missed.id && p.status === 'ringing')).toBe(true);
    const tasks = (await sales.get('/api/tasks?status=open&pageSize=100')).json().items as { title: string; customerId: string }[];
    expect(tasks.some((t) => t.customerId === sara.id && /تماس بی‌پاسخ/.test(t.title))).toBe(true);
  });

  it('a transfer: the second agent’s screen pops and the call ends as theirs', async () => {
    await play('transferred', { caller: '09121234567', ext: '101', ext2: '102' });
    const done = await until(() => popsOf(support).find((p) => p.status === 'completed'));
    expect(done).toMatchObject({ agent: { id: support.userId }, extension: '102', durationSec: 81 });
    expect(popsOf(support).filter((p) => p.id === done.id).map((p) => p.status)).toEqual(['ringing', 'answered', 'completed']);
    expect(popsOf(sales).filter((p) => p.id === done.id).map((p) => p.status)).toEqual(expect.arrayContaining(['ringing', 'answered', 'completed']));
  });

  it('click-to-call: Originate rings the agent’s extension, then the customer; one outgoing call on the timeline', async () => {
    pbx.onOriginate = (action) => {
      const id = /MEHVAR_CALL_ID=([0-9a-f-]{36})/.exec(action.Variable ?? '')?.[1];
      return id ? loadAmiScenario('outbound').replaceAll('{{mehvarcallid}}', id).replaceAll('{{number}}', action.Exten).replaceAll('{{ext}}', '101') : null;
    };
    const res = await sales.post('/api/telephony/originate', { number: '+98 912 123 4567', customerId: sara.id });
    expect(res.statusCode, res.body).toBe(202);
    const call = res.json() as CallView;
    expect(call).toMatchObject({ direction: 'out', status: 'ringing', customer: { id: sara.id }, extension: '101' });
    const action = await pbx.waitForAction('Originate');
    expect(action).toMatchObject({ Channel: 'PJSIP/101', Exten: '09121234567', Context: 'from-internal', Async: 'true' });
    expect(action.Variable).toContain(`MEHVAR_CALL_ID=${call.id}`);
    const done = await until(() => popsOf(sales).find((p) => p.id === call.id && p.status === 'completed'));
    expect(done).toMatchObject({ direction: 'out', durationSec: 30, outcome: 'answered' });
    const list = (await sales.get(`/api/telephony/calls?customerId=${sara.id}&direction=out`)).json().items as CallView[];
    expect(list.map((c) => c.id)).toEqual([call.id]);
    pbx.onOriginate = undefined;
    // A number with letters is refused before anything reaches the PBX.
    const before = pbx.actions.length;
    const bad = await sales.post('/api/telephony/originate', { number: '0912abc4567' });
    expect(bad.statusCode).toBe(400);
    expect(pbx.actions.length).toBe(before);
  });

  it('survives malformed frames, and a PBX restart mid-call ends the call and reconnects', async () => {
    pbx.sendRaw('this is not AMI\r\nno colon at all\r\n\r\nEvent\r\n\r\n');
    pbx.sendRaw(Buffer.from([0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]));
    await play('restart-mid-call', { caller: '09121234567', ext: '101' });
    const answered = await until(() => popsOf(sales).find((p) => p.status === 'answered' && !popsOf(sales).some((q) => q.id === p.id && q.status === 'completed')));
    await pbx.restart(150);
    const ended = await until(() => popsOf(sales).find((p) => p.id === answered.id && p.status === 'completed'));
    expect(ended.outcome).toBe('answered');
    await until(async () => (await amiStatus()).status === 'connected');
    // And calls after the restart are followed as before.
    const before = popsOf(sales).length;
    await play('answered', { caller: '09121234567', ext: '101' });
    await until(() => popsOf(sales).slice(before).find((p) => p.status === 'completed'));
  });

  it('a PBX that never answers the login: the status says so, the app keeps serving, and it recovers', async () => {
    pbx.loginMode = 'silent';
    pbx.dropConnections();
    const st = await until(async () => { const s = await amiStatus(); return s.status !== 'connected' && s.lastError && /login|timed out/i.test(s.lastError) ? s : false; });
    expect(st.lastError).toMatch(/timed out/);
    expect((await sales.get('/api/telephony/me')).json().clickToCall).toBe(false);
    expect((await sales.post('/api/telephony/originate', { number: '09121234567' })).statusCode).toBe(422);
    expect((await env.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    pbx.loginMode = 'ok';
    await until(async () => (await amiStatus()).status === 'connected');
    // Turning the connection off in the settings disconnects.
    await admin.put('/api/telephony/settings', { ami: { enabled: false } });
    expect((await amiStatus()).status).toBe('off');
    await until(() => pbx.loggedIn === 0);
  });
});
