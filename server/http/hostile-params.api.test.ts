/**
 * The wall against the next 500: every route of GET /api/openapi.json, called as an admin with hostile values in each
 * path and query parameter (numbers past bigint, 10^30, NaN, empty, very long, invalid UUIDs and cursors, NUL,
 * deep JSON, repeated parameters, Persian digits, dates PostgreSQL cannot hold …). The answer is never a 5xx, and a
 * 4xx is always the one error shape. Path ids are real records where one exists, so a query parameter reaches the
 * code behind the lookup. A new route or parameter is covered without touching this file.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, mobileFrom, type TestEnv, type Agent } from '../test/harness.ts';
import { withTx } from '../db/tx.ts';
import { handleCallEvent } from '../modules/telephony/index.ts';

type Param = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema?: Record<string, unknown> };
type Operation = { parameters?: Param[] };

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const UUID0 = '00000000-0000-4000-8000-000000000000';
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);

/**
 * Values sent as they are (percent-encoded into the URL). Every parameter gets GENERIC; a parameter whose schema says
 * what it holds (an integer, a UUID, a date, one of an enum) gets the values of that kind on top, and a free-text
 * parameter (a search, a cursor, a token), whose value reaches the code behind the validator, gets all of them.
 */
const GENERIC = ['', ' ', 'a'.repeat(5000), '\u0000', 'NaN', '99999999999999999999', '-1', '1e30', '۱۲۳', '[1,2]', deepArray(5000)];
const MORE_TEXT = ['a\u0000b', '{}', 'null', "' OR 1=1 --", '😀'.repeat(60), '\u202e\u0645\u0631\u06cc'];
const NUMERIC = [
  '9223372036854775808', '-9223372036854775809', '-99999999999999999999', '0', '1e-30', '1000000000000000000000000000000', 'Infinity',
  '-Infinity', '0x10', '1.5', '۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹', '٣٤', 'true',
];
const UUIDS = ['00000000-0000-0000-0000-000000000000', UUID0, '00000000-0000-4000-8000-00000000000g', 'not-a-uuid', `{${UUID0}}`, 'x'.repeat(101)];
const DATES = [
  '0000-01-01', '0001-01-01', '9999-12-31', '10000-01-01', '2026-02-31', '2026-13-01', '1402-13-40', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59-05:00', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '2026-01-01T00:00:00+99:00', '2026-01-01T25:00:00Z',
];
const TEXT = [
  '%', '%00', '../../etc/passwd', '<script>alert(1)</script>', '{"a":'.repeat(2000) + '1' + '}'.repeat(2000),
  b64(JSON.stringify(['-271821-04-20T00:00:00.000Z', 'task', 'x'])), b64(JSON.stringify(['2026-01-01T00:00:00.000Z', 'task', '\u0000'])),
  b64(`-271821-04-20T00:00:00.000Z|${UUID0}`), b64('x|y'), b64(deepArray(100)), '!!!!',
];

/** Parameters already walked with every value: the same name and schema on a list and its export. */
const walked = new Set<string>();

function valuesFor(template: string, p: Param): string[] {
  const s = (p.schema ?? {}) as { type?: string; format?: string; enum?: unknown[]; anyOf?: { items?: { enum?: unknown[] } }[] };
  const key = `${template.replace(/\/export$/, '')} ${p.in} ${p.name} ${JSON.stringify(s)}`;
  if (walked.has(key)) return GENERIC;
  walked.add(key);
  if (s.enum || s.anyOf?.some((x) => x.items?.enum)) return GENERIC;
  if (s.type === 'integer' || s.type === 'number') return [...GENERIC, ...NUMERIC];
  if (s.format === 'uuid') return [...GENERIC, ...UUIDS];
  if (s.format === 'date' || s.format === 'date-time') return [...GENERIC, ...DATES];
  return [...GENERIC, ...MORE_TEXT, ...NUMERIC, ...UUIDS, ...DATES, ...TEXT];
}

/** Values put into the URL without encoding: broken percent-encoding. */
const RAW = ['%E0%A4%A', '%C0%AF'];

let env: TestEnv;
let admin: Agent;
const failures: string[] = [];
let requests = 0;

const SKIP = new Set(['GET /api/events', 'POST /api/auth/logout', 'POST /api/auth/login', 'POST /api/telephony/events']);

async function created(agent: Agent, url: string, body: unknown): Promise<string> {
  const res = await agent.post(url, body);
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  const json = res.json();
  return json.id ?? json.interaction?.id ?? json.document?.id;
}

/** One real id per collection (the path before "/{id}"), from fixtures or from the collection's own list. */
const realIds = new Map<string, string>();

async function realId(prefix: string): Promise<string> {
  if (realIds.has(prefix)) return realIds.get(prefix)!;
  const res = await admin.get(prefix);
  const items = res.statusCode === 200 ? (res.json().items as { id?: string }[] | undefined) : undefined;
  const id = items?.find((x) => typeof x.id === 'string')?.id ?? UUID0;
  realIds.set(prefix, id);
  return id;
}

/**
 * `page`: a public address for people (a quote or survey link, not under /api/): its 4xx may also be a whole page in
 * the reader's language ("this link does not exist") rather than JSON — still never a 5xx.
 */
function check(label: string, res: LightMyRequestResponse, page = false) {
  requests++;
  if (res.statusCode >= 500) { failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`); return; }
  if (res.statusCode < 400) return;
  if (page && /^text\/html/.test(String(res.headers['content-type'])) && /<html[\s>]/.test(res.body)) return;
  let body: { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined;
  try { body = res.json(); } catch { /* not JSON */ }
  const e = body?.error;
  const ok = body && Object.keys(body).length === 1 && e && Object.keys(e).sort().join() === 'code,details,message'
    && typeof e.code === 'string' && typeof e.message === 'string' && (e.message as string).length > 0
    && /^application\/json/.test(String(res.headers['content-type']));
  if (!ok) failures.push(`${label} → ${res.statusCode} not the one error shape: ${res.body.slice(0, 200)}`);
}

/** A valid value for a required query parameter (so that the others are reached). */
function validFor(p: Param): string {
  const s = p.schema ?? {};
  if (Array.isArray(s.enum)) return String(s.enum[0]);
  if (p.name === 'q') return 'a';
  return '1';
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  // A little of everything, so that path ids are real and the code behind each lookup runs.
  const org = await created(admin, '/api/customers', { kind: 'organization', orgName: 'شرکت دیوار', phones: [{ number: mobileFrom(5_550_001) }] });
  const person = await created(admin, '/api/customers', { kind: 'person', firstName: 'نگار', lastName: 'دیواری', organizations: [{ organizationId: org, roleTitle: null }] });
  realIds.set('/api/customers', person);
  realIds.set('/api/interactions', await created(admin, '/api/interactions', { customerId: person, kind: 'note', summary: 'یادداشت دیوار' }));
  await created(admin, '/api/tasks', { title: 'کار دیوار', customerId: person, dueAt: '2026-12-01T08:00:00Z' });
  const product = await created(admin, '/api/products', { code: 'WALL-1', nameFa: 'کالای دیوار', price: '1000' });
  await created(admin, '/api/price-lists', { name: 'فهرست دیوار' });
  await created(admin, '/api/deals', { customerId: person, title: 'معامله دیوار', amount: '1000' });
  realIds.set('/api/documents', await created(admin, '/api/documents', { kind: 'quote', customerId: person, lines: [{ productId: product, quantity: '1' }] }));
  await created(admin, '/api/tickets', { customerId: person, channel: 'phone', subject: 'تیکت دیوار', productId: product });
  await created(admin, '/api/contracts', { customerId: org, kind: 'service', title: 'قرارداد دیوار', startDate: '2026-01-01', endDate: '2026-12-29' });
  await created(admin, '/api/surveys', { name: 'نظرسنجی دیوار', status: 'active', channel: 'sms', trigger: { type: 'manual' }, questions: [{ id: 'nps', type: 'nps', text: { fa: 'توصیه؟' } }] });
  await created(admin, '/api/feedback', { customerId: person, channel: 'call', text: 'نظر دیوار' });
  await created(admin, '/api/feedback/topics', { name: 'قیمت', keywords: ['گران'] });
  await created(admin, '/api/saved-views', { name: 'نمای دیوار', query: { q: 'x' } });
  await created(admin, '/api/api-keys', { name: 'کلید دیوار' });
  await created(admin, '/api/custom-fields', { key: 'wall_field', labelFa: 'فیلد', labelEn: 'Field', type: 'text' });
  await created(admin, '/api/roles', { key: 'wall_role', name: 'نقش دیوار', permissions: {} });
  await withTx(env.rt.database, (tx) => handleCallEvent(tx, env.clock, {
    source: 'webhook', callId: 'wall-1', type: 'ringing', direction: 'in', number: mobileFrom(5_550_001).replace(/^0/, '+98'), extensions: [], at: env.clock.now(),
  }));
  realIds.set('/api/telephony/calls', (await admin.get('/api/telephony/calls')).json().items[0]?.id ?? UUID0);
}, 180_000);
afterAll(async () => env?.close());

describe('every route, every parameter, hostile values', () => {
  it('never answers 5xx, and every 4xx is the one error shape', async () => {
    const started = Date.now();
    const cpu = process.cpuUsage();
    const doc = (await admin.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, Operation>> };
    const send = (method: string, url: string) => env.app.inject({
      method: method as 'GET', url, headers: { cookie: admin.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': admin.csrf }) },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });
    let operations = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const method = m.toUpperCase();
        if (SKIP.has(`${method} ${template}`)) continue;
        operations++;
        const page = !template.startsWith('/api/');
        const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
        const pathValues: Record<string, string> = {};
        for (const p of params.filter((x) => x.in === 'path')) {
          const prefix = template.slice(0, template.indexOf(`/{${p.name}}`));
          pathValues[p.name] = p.name === 'id' ? await realId(prefix) : 'x';
        }
        const required = params.filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(validFor(p))}`);
        const url = (path: Record<string, string>, query: string[]) => {
          const base = template.replace(/\{(\w+)\}/g, (_, k: string) => path[k]);
          return query.length ? `${base}?${query.join('&')}` : base;
        };
        // The plain call; and a PATCH that changes nothing (an empty body), which must not fail either.
        if (method === 'PATCH') check(`PATCH ${template} {}`, await send(method, url(pathValues, required)), page);
        if (method === 'GET') check(`${method} ${url(Object.fromEntries(Object.entries(pathValues).map(([k, v]) => [k, encodeURIComponent(v)])), required)}`, await send(method, url(pathValues, required)), page);
        for (const p of params) {
          // Writes take hostile ids only (their query parameters are none today, and a write with a real id would change it).
          if (method !== 'GET' && p.in !== 'path') continue;
          const values = [...valuesFor(template, p).map(encodeURIComponent), ...RAW];
          for (const v of values) {
            const path = { ...Object.fromEntries(Object.entries(pathValues).map(([k, x]) => [k, encodeURIComponent(x)])) };
            let query = required;
            if (p.in === 'path') path[p.name] = v;
            else query = [...required.filter((r) => !r.startsWith(`${p.name}=`)), `${p.name}=${v}`];
            const u = url(path, query);
            check(`${method} ${u.slice(0, 160)}`, await send(method, u), page);
          }
          if (p.in === 'query') {
            // Repeated where one is expected, and the bracket form of an array.
            for (const extra of [[`${p.name}=1`, `${p.name}=2`], [`${p.name}[]=1`], [`${p.name}[a][b]=1`]]) {
              const u = url(Object.fromEntries(Object.entries(pathValues).map(([k, x]) => [k, encodeURIComponent(x)])), [...required.filter((r) => !r.startsWith(`${p.name}=`)), ...extra]);
              check(`${method} ${u}`, await send(method, u), page);
            }
          }
        }
      }
    }
    const used = process.cpuUsage(cpu);
    console.info(`hostile-params wall: ${operations} operations, ${requests} requests, ${Date.now() - started} ms (${Math.round((used.user + used.system) / 1000)} ms CPU)`);
    // The walk covered the API (a broken openapi.json must not make this wall pass by walking nothing).
    expect(operations).toBeGreaterThan(100);
    expect(requests).toBeGreaterThan(3000);
    expect(failures, failures.join('\n')).toEqual([]);
    // The admin's session survived the walk (nothing in it logged out or deactivated anyone).
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  }, 300_000); // 14 s alone on PostgreSQL; a hang guard sized for CI, where the end-to-end runs share the two cores
});
