/**
 * Hostile input that used to reach the database or a recursive parser and come back as a 500: numbers past bigint,
 * cursors that decode to impossible dates or wrong types, deeply nested JSON, a URL that is not valid UTF-8. Each is
 * refused as a 400 in the one error shape (or, for a search text, simply matches nothing), and nothing is written.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type TestEnv, type Agent } from '../test/harness.ts';
import { MAX_JSON_DEPTH } from './json-depth.ts';

let env: TestEnv;
let admin: Agent;
let customerId: string;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  customerId = (await admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت آزمون ورودی' })).json().id;
});
afterAll(async () => env?.close());

function expect400(res: LightMyRequestResponse) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(['VALIDATION_FAILED', 'BAD_REQUEST']).toContain(body.error.code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error as { code: string; message: string; details: unknown };
}

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

describe('numbers past what the database holds', () => {
  it('a ticket search for a number past any ticket number is a 400 naming q, not a 500', async () => {
    const res = await admin.get('/api/tickets?q=99999999999999999999');
    expect(res.statusCode, res.body).toBe(400);
    expect(expect400(res)).toMatchObject({ code: 'VALIDATION_FAILED', details: { q: expect.any(String) } });
    expect400(await admin.get('/api/tickets?q=%23' + '9'.repeat(30)));
    // A number that can be a ticket number still searches.
    expect((await admin.get('/api/tickets?q=12345')).statusCode).toBe(200);
  });

  it('an audit cursor past bigint is a 400', async () => {
    expect400(await admin.get(`/api/customers/${customerId}/audit?cursor=99999999999999999999`));
    expect400(await admin.get(`/api/customers/${customerId}/audit?cursor=1e30`));
  });
});

describe('cursors', () => {
  const timeline = (cursor: string) => admin.get(`/api/customers/${customerId}/timeline?cursor=${encodeURIComponent(cursor)}`);
  it('a timeline cursor that decodes to an impossible date, a wrong type or garbage is a 400', async () => {
    for (const cursor of [
      b64(JSON.stringify(['-271821-04-20T00:00:00.000Z', 'interaction', 'x'])),
      b64(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'interaction', 'x'])),
      b64(JSON.stringify(['1', 'interaction', 'x'])),
      b64(JSON.stringify(['2026-01-01T00:00:00.000Z', 'interaction', 5])),
      b64(JSON.stringify(['2026-01-01T00:00:00.000Z', 7, 'x'])),
      b64(JSON.stringify({ at: 1 })),
      b64('[' + deep(5000) + ']'),
      '!!!!',
      '%00',
    ]) expect400(await timeline(cursor));
    // A real cursor still works.
    for (let i = 0; i < 3; i++) await admin.post('/api/interactions', { customerId, kind: 'note', summary: `یادداشت ${i}` });
    const page = (await admin.get(`/api/customers/${customerId}/timeline?limit=1`)).json();
    expect(page.nextCursor).toBeTruthy();
    expect((await timeline(page.nextCursor)).statusCode).toBe(200);
  });

  it('a calls-log cursor that decodes to an impossible date is a 400', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (const cursor of [b64(`-271821-04-20T00:00:00.000Z|${id}`), b64(`+275760-09-13T00:00:00.000Z|${id}`), b64(`1|${id}`), b64('x|y'), '!!!!']) {
      expect400(await admin.get(`/api/telephony/calls?cursor=${encodeURIComponent(cursor)}`));
    }
    expect((await admin.get(`/api/telephony/calls?cursor=${b64(`2026-01-01T00:00:00.000Z|${id}`)}`)).statusCode).toBe(200);
  });
});

describe('deep JSON', () => {
  it('a saved view whose query is nested 10,000 deep is a 400 and is not stored', async () => {
    const before = (await env.rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM saved_views'))[0].n;
    const payload = `{"name":"عمیق","query":${deepObject(10_000)}}`;
    const res = await env.app.inject({ method: 'POST', url: '/api/saved-views', payload, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' } });
    expect400(res);
    expect((await env.rt.database.query<{ n: number }>('SELECT count(*)::int AS n FROM saved_views'))[0].n).toBe(before);
  });

  it('every JSON body deeper than the limit is refused before any route sees it, public routes included', async () => {
    const send = (url: string, payload: string, auth = true) => env.app.inject({
      method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...(auth ? { cookie: admin.cookie, 'x-csrf-token': admin.csrf } : {}) },
    });
    const atTheEdge = (res: LightMyRequestResponse) => expect(expect400(res).details).toEqual({ body: `nested more than ${MAX_JSON_DEPTH} levels deep` });
    for (const payload of [deep(10_000), deep(MAX_JSON_DEPTH + 1), `{"kind":"person","firstName":"x","custom":${deepObject(MAX_JSON_DEPTH + 1)}}`]) {
      atTheEdge(await send('/api/customers', payload));
    }
    atTheEdge(await send('/api/auth/login', `{"email":"a@b.c","password":${deep(10_000)}}`, false));
    atTheEdge(await send('/api/auth/login', `{"email":"a@b.c","password":"\\\"[[[","x":${deep(MAX_JSON_DEPTH + 1)}}`, false));
    // Brackets inside strings do not count, and a body at the limit is parsed as usual.
    const fine = await send('/api/customers', JSON.stringify({ kind: 'organization', orgName: '['.repeat(150) + '\\"{{' }));
    expect(fine.statusCode, fine.body).toBe(201);
    const view = await send('/api/saved-views', JSON.stringify({ name: 'کم‌عمق', query: JSON.parse(deepObject(MAX_JSON_DEPTH - 2)) }));
    expect(view.statusCode, view.body).toBe(201);
  });
});

describe('ids in a body that point at nothing', () => {
  it('an unknown team on a customer, a ticket or a user is a 400 naming the field, and nothing is written', async () => {
    const team = '00000000-0000-4000-8000-000000000009';
    const count = async (table: string) => (await env.rt.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    const [customers, tickets] = [await count('customers'), await count('tickets')];
    expect(expect400(await admin.post('/api/customers', { kind: 'organization', orgName: 'تیم ناموجود', teamId: team })).details).toEqual({ teamId: expect.any(String) });
    expect(expect400(await admin.patch(`/api/customers/${customerId}`, { teamId: team })).details).toEqual({ teamId: expect.any(String) });
    expect(expect400(await admin.post('/api/tickets', { customerId, channel: 'phone', subject: 'تیم ناموجود', teamId: team })).details).toEqual({ teamId: expect.any(String) });
    expect([await count('customers'), await count('tickets')]).toEqual([customers, tickets]);
    expect((await env.rt.database.query('SELECT team_id FROM customers WHERE id = $1', [customerId]))[0]).toEqual({ team_id: null });
    const ticket = (await admin.post('/api/tickets', { customerId, channel: 'phone', subject: 'بی‌تیم' })).json();
    expect(expect400(await admin.patch(`/api/tickets/${ticket.id}`, { teamId: team })).details).toEqual({ teamId: expect.any(String) });
    expect((await env.rt.database.query('SELECT team_id FROM tickets WHERE id = $1', [ticket.id]))[0]).toEqual({ team_id: null });
    // And on a user.
    expect(expect400(await admin.patch(`/api/users/${admin.userId}`, { teamId: team })).details).toEqual({ teamId: expect.any(String) });
    expect((await env.rt.database.query('SELECT team_id FROM users WHERE id = $1', [admin.userId]))[0]).toEqual({ team_id: null });
  });
});

describe('the URL itself', () => {
  it('a URL that is not valid percent-encoded UTF-8 answers in the one shape', async () => {
    for (const url of ['/api/customers/%E0%A4%A', '/api/customers/%', '/api/%C0%AF']) {
      const res = await env.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
      expect400(res);
    }
  });

  it("the web app's addresses too (npm install builds web/dist, which the app then serves)", async () => {
    for (const url of ['/customers/%E0%A4%A', '/%', '/assets/%C0%AF.js']) {
      const res = await env.app.inject({ method: 'GET', url });
      expect400(res);
    }
    expect((await env.app.inject({ method: 'GET', url: '/customers' })).statusCode).toBe(200);
  });
});
