/**
 * Test harness: a real database per test file (in-memory PGlite, or a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set), the real app, a controllable clock, and logged-in users of each role.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config.ts';
import { createScratchDatabase, migratedAppTemplate } from './scratch-db.ts';
import { openDatabase, runMigrations, type Database } from '../db/client.ts';
import { boot, type Runtime } from '../boot.ts';
import { buildApp } from '../app.ts';
import { ManualClock } from '../clock.ts';
import { createUser, roleByKey, setPasswordCostForTests, systemActor, createTeam } from '../modules/auth/index.ts';
import { DEFAULT_ROLES, type RoleKey } from '../../common/permissions.ts';
import type { SmsDriver } from '../drivers/sms/index.ts';
import type { EmailDriver } from '../drivers/email/smtp.driver.ts';
import type { AmiClientFactory } from '../modules/telephony/index.ts';
import { FakeDns } from './fakes/dns.ts';

setPasswordCostForTests(2 ** 10);

export const TEST_PG = process.env.TEST_DATABASE_URL;
export const dbKind = TEST_PG ? 'postgresql' : 'pglite';

let migratedDump: Promise<Blob> | undefined;
/**
 * The migrated empty database as an uncompressed tar, made once per test worker (its files share this module): a new
 * in-memory PGlite loaded from it skips initdb and the migrations (measured: 3.9–6 s → 1.6–2 s a file).
 */
function migratedEmptyDump(): Promise<Blob> {
  migratedDump ??= (async () => {
    const database = await openDatabase({ memory: true });
    try {
      await runMigrations(database);
      return await database.dumpDataDir!('none');
    } finally {
      await database.close();
    }
  })();
  return migratedDump;
}

/**
 * A fresh, empty database, already migrated (boot's migration run finds nothing to do): in-memory PGlite loaded from
 * the worker's dump, or a new PostgreSQL database copied from the server's template, dropped at the end.
 * `TEST_PGLITE_WORKER=on` runs each embedded test database in a worker thread, as `npm start` does
 * (server/db/pglite-remote.ts): the whole suite once that way, to check it answers as the main-thread one.
 */
export async function freshDatabase(): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (!TEST_PG) {
    const database = await openDatabase({ memory: true, loadDataDir: await migratedEmptyDump(), worker: process.env.TEST_PGLITE_WORKER === 'on' });
    return { database, drop: async () => {} };
  }
  const scratch = await createScratchDatabase(TEST_PG, 'mehvar_t', { template: await migratedAppTemplate(TEST_PG) });
  const database = await openDatabase({ url: scratch.url });
  return { database, url: scratch.url, drop: scratch.drop };
}

export type Agent = {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
};

export type TestEnv = {
  app: FastifyInstance;
  rt: Runtime;
  clock: ManualClock;
  dbUrl?: string;
  /** What names resolve to for the outbound guard (nothing resolves unless a test sets it). */
  dns: FakeDns;
  /** Creates a user of a role (and optional team) and logs them in. */
  login(role: RoleKey, opts?: { teamId?: string | null; email?: string }): Promise<Agent>;
  team(name: string): Promise<string>;
  close(): Promise<void>;
};

// Strong enough for the password policy (docs/decisions.md, "Passwords"), and built from nothing a test user is named.
const PASSWORD = 'Golbarg-Narenj-Sahel-47';
let counter = 0;

export function agentFor(app: FastifyInstance, cookie: string, csrf: string, userId = '', email = ''): Agent {
  const send = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    app.inject({ method, url, headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }) }, payload: body as never });
  return {
    userId, email, cookie, csrf,
    get: (url) => send('GET', url),
    post: (url, body) => send('POST', url, body ?? {}),
    patch: (url, body) => send('PATCH', url, body ?? {}),
    put: (url, body) => send('PUT', url, body ?? {}),
    del: (url) => send('DELETE', url),
  };
}

export async function loginAs(app: FastifyInstance, email: string, password: string, ip = '127.0.0.1'): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: ip });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.filter((c) => c.name === 'mehvar_session').map((c) => `${c.name}=${c.value}`).join('; ');
  const body = res.json() as { csrfToken: string; user: { id: string } };
  return agentFor(app, cookie, body.csrfToken, body.user.id, email);
}

/**
 * `outboundAllow` is the operator's allow-list (MEHVAR_OUTBOUND_ALLOW): by default 127.0.0.1, where every local fake
 * (SMTP, SMS gateways, the AMI server) listens; '' allows nothing private, as a fresh install. `env` adds configuration
 * (e.g. MEHVAR_TRUSTED_PROXIES) as if it were in the environment.
 */
export async function createTestEnv(opts: { start?: string; emailDriver?: EmailDriver; smsDriver?: SmsDriver; jobs?: boolean; amiFactory?: AmiClientFactory; outboundAllow?: string; env?: Record<string, string> } = {}): Promise<TestEnv> {
  const { database, url, drop } = await freshDatabase();
  const clock = new ManualClock(new Date(opts.start ?? '2026-11-23T08:00:00Z'));
  const config = loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: opts.jobs ? 'on' : 'off', NODE_ENV: 'test', MEHVAR_OUTBOUND_ALLOW: opts.outboundAllow ?? '127.0.0.1', ...opts.env });
  const dns = new FakeDns();
  const rt = await boot(config, { database, clock, jobs: opts.jobs ?? false, emailDriver: opts.emailDriver, smsDriver: opts.smsDriver, log: () => {}, amiFactory: opts.amiFactory, resolve: dns.resolve });
  const app = await buildApp(rt);
  const admin = systemActor(DEFAULT_ROLES.admin.permissions);
  return {
    app, rt, clock, dbUrl: url, dns,
    async login(role, o = {}) {
      const r = await roleByKey(rt.database.db, role);
      const email = o.email ?? `${role}${++counter}@test.example`;
      await createUser(rt.database.db, admin, { email, name: `${role} ${counter}`, password: PASSWORD, roleId: r.id, teamId: o.teamId ?? null, locale: 'fa' });
      return loginAs(app, email, PASSWORD);
    },
    async team(name) {
      return (await createTeam(rt.database.db, admin, { name })).id;
    },
    async close() {
      await app.close();
      await rt.close();
      await drop();
    },
  };
}

export const TEST_PASSWORD = PASSWORD;

/**
 * A second app instance on the same PostgreSQL database as `env`, listening on a free loopback port: what two
 * instances behind a load balancer share (NOTIFY events, ended sessions) is tested across them. Close it before `env`.
 */
export async function secondInstance(env: TestEnv): Promise<{ app: FastifyInstance; rt: Runtime; close(): Promise<void> }> {
  if (!env.dbUrl) throw new Error('a second instance needs a PostgreSQL database (TEST_DATABASE_URL)');
  const config = loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: 'off', NODE_ENV: 'test' });
  const rt = await boot(config, { database: await openDatabase({ url: env.dbUrl }), clock: env.clock, jobs: false, log: () => {} });
  const app = await buildApp(rt);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, rt, async close() { await app.close(); await rt.close(); } };
}

/** A valid Iranian national ID from a seed: Tehran prefix 00, seven digits, check digit computed. */
export function nationalIdFrom(seed: number): string {
  const body = '00' + String(1_000_000 + (seed % 7_999_999)); // third digit 1–8: 009 is not an issued prefix
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const r = sum % 11;
  return body + String(r < 2 ? r : 11 - r);
}

/** An Iranian mobile number in national form from a seed: 0912xxxxxxx. */
export const mobileFrom = (seed: number) => '0912' + String(seed).padStart(7, '0').slice(-7);

/** Polls `fn` until it returns something truthy (for what arrives asynchronously: realtime events, a reconnect). */
export async function until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`nothing after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Two users for permission tests on customer data: one whose role may only read customers (all of them), and one
 * whose role has no customers permission at all; both otherwise a seller. Created by `admin` through the roles API.
 */
export async function customerRoleUsers(env: TestEnv, admin: Agent): Promise<{ readOnly: Agent; noCustomers: Agent }> {
  const ro = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read'], scope: 'all' } };
  const a = await admin.post('/api/roles', { key: 'ro_customers', name: 'فقط خواندن', permissions: ro });
  if (a.statusCode !== 201) throw new Error(`the read-only role was refused: ${a.body}`);
  const { customers: _c, ...rest } = DEFAULT_ROLES.sales.permissions;
  const b = await admin.post('/api/roles', { key: 'no_customers', name: 'بی‌مشتری', permissions: rest });
  if (b.statusCode !== 201) throw new Error(`the role without customers was refused: ${b.body}`);
  return { readOnly: await env.login('ro_customers' as 'sales'), noCustomers: await env.login('no_customers' as 'sales') };
}
