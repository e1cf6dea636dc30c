/**
 * The PBX connection and its "test connection" button (SSRF): on a fresh install an admin cannot point the AMI client
 * at loopback, private or metadata addresses in any spelling; the test button answers "refused: private address"
 * without connecting — the same answer whether the port is open or closed, so it is no port scanner — and never sends
 * the credentials. DNS rebinding at connect time is refused. An allow-listed LAN PBX connects; the stored secret is
 * only ever sent to the PBX it was saved for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, until, type Agent, type TestEnv } from '../../test/harness.ts';
import { AmiClient } from '../../drivers/telephony/ami-client.ts';
import { FakeAmiServer } from '../../test/fakes/ami-server.ts';

const PUBLIC = '93.184.215.14';
const REFUSED = 'refused: private address';
const MASK = '••••••';

let env: TestEnv;
let pbx: FakeAmiServer;
let other: FakeAmiServer;
let admin: Agent;

/** Spellings of non-public PBX hosts as an admin might type them. */
const HOSTS = [
  '127.0.0.1', '0177.0.0.1', '2130706433', '0x7f.1', '127.1', '::1', '[::1]', '::ffff:127.0.0.1', '[::ffff:127.0.0.1]',
  'localhost', 'Localhost.', 'pbx.localhost', 'intranet.test', 'dual.test', '10.0.0.5', '172.31.0.9', '192.168.1.10',
  '169.254.169.254', 'fd00:ec2::254', '100.64.0.1', '0.0.0.0', '0', '::', 'fe80::1', '239.255.255.250', '255.255.255.255',
  '240.0.0.1', '::ffff:192.168.0.1',
];

beforeAll(async () => {
  pbx = new FakeAmiServer();
  await pbx.start();
  other = new FakeAmiServer();
  await other.start();
  env = await createTestEnv({ outboundAllow: '', amiFactory: (o) => new AmiClient({ ...o, loginTimeoutMs: 400, connectTimeoutMs: 400, backoff: { initialMs: 50, maxMs: 200 } }) });
  env.dns.set('intranet.test', ['10.20.30.40']);
  env.dns.set('dual.test', [PUBLIC, '::1']);
  env.dns.set('pbx.provider.test', [PUBLIC]);
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => { await env?.close(); await pbx?.stop(); await other?.stop(); });

const stored = async () => (await env.rt.database.db.execute(sql`SELECT value FROM settings WHERE key = 'telephony.config'`)).rows[0]?.value;
const logins = (s: FakeAmiServer) => s.actions.filter((a) => a.Action?.toLowerCase() === 'login');

describe('a fresh install refuses private PBX hosts', () => {
  it('saving: every spelling is a 400 naming ami.host; the stored settings are unchanged and nothing is contacted', async () => {
    const first = await admin.put('/api/telephony/settings', { ami: { enabled: false, host: 'pbx.provider.test', port: 5038, username: 'admin', secret: 'secret' } });
    expect(first.statusCode, first.body).toBe(200);
    const before = await stored();
    for (const host of HOSTS) {
      const res = await admin.put('/api/telephony/settings', { ami: { enabled: true, host, port: pbx.port, username: 'admin', secret: 'secret' } });
      expect(res.statusCode, `${host}: ${res.body}`).toBe(400);
      expect(res.json().error.details, host).toEqual({ 'ami.host': REFUSED });
    }
    expect(await stored()).toEqual(before);
    expect(pbx.accepted).toBe(0);
  });

  it('test connection: "refused: private address", the same for an open and a closed port, with no connection and no login', async () => {
    for (const host of HOSTS) {
      const open = await admin.post('/api/telephony/settings/test-ami', { host, port: pbx.port, username: 'admin', secret: 'secret' });
      const closed = await admin.post('/api/telephony/settings/test-ami', { host, port: 1, username: 'admin', secret: 'secret' });
      expect(open.statusCode, host).toBe(200);
      expect(open.json(), host).toEqual({ ok: false, message: REFUSED });
      expect(closed.json(), host).toEqual(open.json());
    }
    expect(pbx.accepted).toBe(0);
    expect(logins(pbx)).toHaveLength(0);
  });

  it('DNS rebinding: public when checked, loopback when connecting — refused, nothing reached', async () => {
    env.dns.set('pbx-rebind.test', [PUBLIC], ['127.0.0.1']);
    const res = await admin.post('/api/telephony/settings/test-ami', { host: 'pbx-rebind.test', port: pbx.port, username: 'admin', secret: 'secret' });
    expect(res.json()).toEqual({ ok: false, message: REFUSED });
    expect(env.dns.count('pbx-rebind.test')).toBe(2);
    expect(pbx.accepted).toBe(0);
  });
});

describe('an allow-listed LAN PBX', () => {
  it('is tested, saved and connected; its stored secret is not sent to another PBX', async () => {
    env.dns.set('pbx.office.lan', ['127.0.0.1']);
    expect((await admin.put('/api/settings/outbound-allow', { entries: ['pbx.office.lan'] })).statusCode).toBe(200);
    const tried = await admin.post('/api/telephony/settings/test-ami', { host: 'pbx.office.lan', port: pbx.port, username: 'admin', secret: 'secret' });
    expect(tried.json()).toMatchObject({ ok: true });
    const saved = await admin.put('/api/telephony/settings', { ami: { enabled: true, host: 'pbx.office.lan', port: pbx.port, username: 'admin', secret: 'secret' } });
    expect(saved.statusCode, saved.body).toBe(200);
    await until(async () => (await admin.get('/api/telephony/settings')).json().ami.status === 'connected');
    // The masked secret stands for the stored one only for the PBX it was saved for.
    expect((await admin.post('/api/telephony/settings/test-ami', { host: 'pbx.office.lan', port: pbx.port, username: 'admin', secret: MASK })).json()).toMatchObject({ ok: true });
    const elsewhere = await admin.post('/api/telephony/settings/test-ami', { host: 'pbx.office.lan', port: other.port, username: 'admin', secret: MASK });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().error.details).toHaveProperty('secret');
    const before = await stored();
    const moved = await admin.put('/api/telephony/settings', { ami: { host: 'pbx.office.lan', port: other.port, secret: MASK } });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details).toHaveProperty(['ami.secret']);
    expect(await stored()).toEqual(before);
    expect(logins(other)).toHaveLength(0);
  });
});
