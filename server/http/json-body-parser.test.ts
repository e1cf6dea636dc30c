/**
 * The JSON body parser as Fastify uses it: nesting deeper than 64 levels is refused before parsing with a
 * VALIDATION_FAILED naming the body; up to 64 is parsed; Fastify's own protections (prototype poisoning) stay on.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, registerJsonBodyParser } from './json-depth.ts';
import { AppError } from '../errors.ts';

let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  registerJsonBodyParser(app);
  app.setErrorHandler((err, _req, reply) => {
    const e = err as Error & { code?: string; details?: unknown };
    return reply.code(400).send({ app: err instanceof AppError, code: e.code, message: e.message, details: e.details ?? null });
  });
  app.post('/echo', async (req) => ({ body: req.body }));
  await app.ready();
});
afterAll(async () => app?.close());

const post = (payload: string, type = 'application/json') => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': type }, payload });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('registerJsonBodyParser', () => {
  it('parses ordinary JSON', async () => {
    const res = await post('{"a":[1,{"b":"x"}]}');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ body: { a: [1, { b: 'x' }] } });
    expect((await post('{"a":1}', 'application/json; charset=utf-8')).json()).toEqual({ body: { a: 1 } });
  });

  it('takes 64 levels and refuses 65, before parsing, naming the body', async () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect((await post(nested(64))).statusCode).toBe(200);
    const res = await post(nested(65));
    expect(res.json()).toEqual({
      app: true, code: 'VALIDATION_FAILED', message: 'body: nested more than 64 levels deep', details: { body: 'nested more than 64 levels deep' },
    });
    // Refused by depth even when the text is not valid JSON afterwards (the parser is never reached).
    expect((await post(`${nested(65)}garbage`)).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('keeps Fastify’s own checks: bad JSON and prototype poisoning are errors', async () => {
    const bad = (await post('{"a":')).json();
    expect(bad.app).toBe(false);
    expect(bad.code).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
    const proto = await post('{"__proto__":{"admin":true}}');
    expect(proto.statusCode).toBe(400);
    expect(proto.json().app).toBe(false);
    const ctor = await post('{"constructor":{"prototype":{"admin":true}}}');
    expect(ctor.statusCode).toBe(400);
  });
});
