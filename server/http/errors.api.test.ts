/**
 * The one error shape on every class of failure, no internals in any answer, the OpenAPI document covering every
 * API route, and the security headers.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createTestEnv, mobileFrom, type TestEnv, type Agent } from '../test/harness.ts';
import { routesOfTree } from '../test/routes.ts';
import { registerErrorHandler } from './errors.ts';
import { AppError } from '../errors.ts';

let env: TestEnv;
let sales: Agent;
let admin: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

const LEAKS = [/\bat [\w.<>]+ \(/, /\bat .*\.[jt]s:\d+/, /node_modules/, /\bSELECT\b/i, /\bINSERT\b/i, /\bUPDATE\s+\w+\s+SET\b/i, /\bFROM\s+"?\w+"?\s/i, /\bpostgres\b|\bpglite\b|\bdrizzle\b/i, /\bstack\b/i];

function expectShape(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  for (const leak of LEAKS) expect(res.body, String(leak)).not.toMatch(leak);
  return body.error as { code: string; message: string; details: Record<string, string> | null };
}

const raw = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, opts: { payload?: string | object; headers?: Record<string, string>; as?: Agent } = {}) =>
  env.app.inject({
    method, url, payload: opts.payload as never,
    headers: { ...(opts.as ? { cookie: opts.as.cookie, 'x-csrf-token': opts.as.csrf } : {}), ...opts.headers },
  });

describe('error classes', () => {
  it('400: Zod field errors name the path of every bad field', async () => {
    const res = await sales.post('/api/customers', {
      kind: 'person', firstName: 'x', phones: [{ number: '0912' + 'abc' }], emails: [{ address: 'not-an-email' }], birthday: '1402/13/40', tags: [''],
    });
    const err = expectShape(res, 400, 'VALIDATION_FAILED');
    expect(err.details).toMatchObject({ 'phones.0.number': expect.any(String), 'emails.0.address': expect.any(String), birthday: expect.any(String), 'tags.0': expect.any(String) });
    expect(err.message).toMatch(/^[\w.]+: /);
    // Unknown fields are refused by name, and a bad query string is a 400 too.
    expect(expectShape(await sales.post('/api/customers', { kind: 'person', firstName: 'x', isAdmin: true }), 400, 'VALIDATION_FAILED').details).toBeTruthy();
    expectShape(await sales.get('/api/customers?pageSize=1000'), 400, 'VALIDATION_FAILED');
    expectShape(await sales.get('/api/customers/not-a-uuid'), 400, 'VALIDATION_FAILED');
    // Service-level validation has the same shape.
    const c = (await sales.post('/api/customers', { kind: 'organization', orgName: 'شرکت آینده' })).json();
    const later = await sales.post('/api/interactions', { customerId: c.id, kind: 'note', summary: 'x', occurredAt: '2030-01-01T00:00:00Z' });
    expect(expectShape(later, 400, 'VALIDATION_FAILED').details).toEqual({ occurredAt: expect.any(String) });
  });

  it('400: malformed JSON, and a body of the wrong content type', async () => {
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: '{"kind": "person", ', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST');
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: '<customer/>', headers: { 'content-type': 'application/xml' } }), 400, 'BAD_REQUEST');
    // text/plain is parsed as text and is then not an object.
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: 'kind=person', headers: { 'content-type': 'text/plain' } }), 400, 'VALIDATION_FAILED');
    expectShape(await raw('POST', '/api/auth/login', { payload: '{"email":', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST');
  });

  it('400: text with a NUL character is refused at the edge (the database cannot store it), never a 500', async () => {
    const before = (await sales.get('/api/customers?pageSize=1')).json().total;
    expectShape(await sales.post('/api/customers', { kind: 'person', firstName: 'a\u0000b' }), 400, 'VALIDATION_FAILED');
    expectShape(await sales.post('/api/customers', { kind: 'person', firstName: 'ab', tags: ['x\u0000'] }), 400, 'VALIDATION_FAILED');
    expectShape(await sales.get('/api/customers?q=a%00b'), 400, 'VALIDATION_FAILED');
    expectShape(await sales.get('/api/customers/search?q=%00'), 400, 'VALIDATION_FAILED');
    expectShape(await raw('POST', '/api/auth/login', { payload: { email: 'a\u0000@x.example', password: 'p' } }), 400, 'VALIDATION_FAILED');
    // Deeply nested input cannot crash the check.
    const deep = '['.repeat(50_000) + '"\\u0000"' + ']'.repeat(50_000);
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: deep, headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: '['.repeat(50_000) + ']'.repeat(50_000), headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
    expect((await sales.get('/api/customers?pageSize=1')).json().total).toBe(before);
  });

  it('400 from a CSV export is JSON, not a download', async () => {
    const res = await admin.get(`/api/customers/export?custom=${encodeURIComponent('{"no_such_field":1}')}`);
    const err = expectShape(res, 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual({ 'custom.no_such_field': expect.any(String) });
    expect(res.headers['content-disposition']).toBeUndefined();
    const ok = await admin.get('/api/customers/export');
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/csv/);
    expect(ok.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d\d-\d\d\.csv"$/);
  });

  it('401 without a session; 401 comes before validation', async () => {
    expectShape(await raw('GET', '/api/customers'), 401, 'UNAUTHENTICATED');
    expectShape(await raw('POST', '/api/customers', { payload: { kind: 'robot' } }), 401, 'UNAUTHENTICATED');
    expectShape(await raw('GET', '/api/customers/not-a-uuid'), 401, 'UNAUTHENTICATED');
  });

  it('403 for a forbidden operation and for a missing CSRF token', async () => {
    const c = (await admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت خطا' })).json();
    const err = expectShape(await sales.del(`/api/customers/${c.id}`), 403, 'FORBIDDEN');
    expect(err.details).toEqual({ object: 'customers', operation: 'delete' });
    expectShape(await raw('POST', '/api/customers', { payload: { kind: 'person', firstName: 'x' }, headers: { cookie: sales.cookie } }), 403, 'CSRF_FAILED');
  });

  it('404 for an unknown id and for an unknown route', async () => {
    expectShape(await sales.get('/api/customers/00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectShape(await sales.patch('/api/tasks/00000000-0000-4000-8000-000000000000', { title: 'x' }), 404, 'NOT_FOUND');
    expectShape(await sales.get('/api/no-such-thing'), 404, 'NOT_FOUND');
    expectShape(await raw('DELETE', '/api/health'), 404, 'NOT_FOUND');
    expectShape(await raw('GET', '/api/customers/x/y/z'), 404, 'NOT_FOUND');
  });

  it('409 for a duplicate customer and a duplicate user email', async () => {
    const body = { kind: 'person', firstName: 'تکرار', phones: [{ number: mobileFrom(55) }] };
    expect((await sales.post('/api/customers', body)).statusCode).toBe(201);
    const dup = expectShape(await sales.post('/api/customers', body), 409, 'DUPLICATE');
    expect((dup.details as unknown as { matches: unknown[] }).matches).toHaveLength(1);
    const roleId = (await admin.get('/api/roles')).json().items[0].id;
    const user = { email: 'twice@test.example', name: 'x', password: 'Golbarg-Narenj-Sahel-47', roleId };
    expect((await admin.post('/api/users', user)).statusCode).toBe(201);
    expectShape(await admin.post('/api/users', user), 409, 'CONFLICT');
  });

  it('413 for a body over 1 MiB, with its own code', async () => {
    const big = JSON.stringify({ kind: 'person', firstName: 'x', body: 'x'.repeat(1024 * 1024) });
    const res = await raw('POST', '/api/customers', { as: sales, payload: big, headers: { 'content-type': 'application/json' } });
    expectShape(res, 413, 'PAYLOAD_TOO_LARGE');
    // Just under the limit is parsed (and then validated).
    const under = JSON.stringify({ kind: 'person', firstName: 'x', note: 'y'.repeat(1024 * 1024 - 200) });
    expectShape(await raw('POST', '/api/customers', { as: sales, payload: under, headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
  });

  it('422 and 429 have the same shape', async () => {
    expectShape(await admin.patch(`/api/users/${admin.userId}`, { active: false }), 422, 'UNPROCESSABLE');
    for (let i = 0; i < 5; i++) await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@y.example', password: 'bad' }, remoteAddress: '10.9.9.9' });
    const res = await env.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@y.example', password: 'bad' }, remoteAddress: '10.9.9.9' });
    expectShape(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('500: an unexpected error is logged, and answered without its message, stack or SQL', async () => {
    const logged: unknown[] = [];
    const app = Fastify({ logger: { level: 'error', stream: { write: (line: string) => { logged.push(line); } } } });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    registerErrorHandler(app);
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/boom', async () => { throw new Error('Failed query: SELECT password_hash FROM users WHERE id = $1\nparams: secret'); });
    r.get('/typed', async () => { throw Object.assign(new TypeError("Cannot read properties of undefined (reading 'x')"), { code: '22P02' }); });
    r.get('/app', async () => { throw new AppError('NOT_FOUND', 'Customer not found'); });
    r.get('/bad-response', { schema: { response: { 200: z.object({ n: z.number() }) } } }, async () => ({ n: 'not a number' }) as never);
    await app.ready();
    for (const url of ['/boom', '/typed', '/bad-response']) {
      const res = await app.inject({ method: 'GET', url });
      const err = expectShape(res, 500, 'INTERNAL');
      expect(res.body).not.toContain('password_hash');
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('Cannot read');
      expect(err.details).toBeNull();
    }
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expectShape(await app.inject({ method: 'GET', url: '/app' }), 404, 'NOT_FOUND');
    await app.close();
  });
});

describe('OpenAPI', () => {
  it('describes every route under /api, with its method', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    // The customer's public pages (/d/…, /s/…) are documented too; this test is about the API's own routes.
    const documented = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/'))
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)).sort();
    const routes = routesOfTree(env.app.printRoutes({ commonPrefix: false })).filter((r) => r.split(' ')[1].startsWith('/api/'));
    // The parser found the routes (guards against a format change making this test vacuous).
    expect(routes).toEqual(expect.arrayContaining(['GET /api/customers', 'POST /api/auth/login', 'PATCH /api/customers/:id', 'GET /api/customers/:id/timeline', 'POST /api/notifications/:id/read']));
    expect(routes.length).toBeGreaterThanOrEqual(35);
    // The document itself is the one route it does not list.
    expect(routes.filter((r) => !documented.includes(r))).toEqual(['GET /api/openapi.json']);
    expect(documented.filter((r) => !routes.includes(r))).toEqual([]);
  });
});

describe('security headers', () => {
  it('every API answer, errors included, has nosniff, no-store and DENY framing', async () => {
    for (const res of [await raw('GET', '/api/health'), await raw('GET', '/api/customers'), await raw('GET', '/api/nope'), await sales.get('/api/customers')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    }
  });

  it('pages outside /api carry a strict Content-Security-Policy', async () => {
    for (const url of ['/', '/customers/123']) {
      const res = await raw('GET', url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp).not.toMatch(/\*/);
    }
  });
});
