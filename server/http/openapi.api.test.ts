/**
 * The typed-answers wall: every route declares what it answers. The OpenAPI document (GET /api/openapi.json) must
 * describe, for every operation, a success answer with its schema (or an empty 204) and the one error shape for 4XX;
 * every route of the app must be in it, apart from a few named on purpose. A route added without a response schema
 * fails here, by name.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv } from '../test/harness.ts';
import { routesOfTree } from '../test/routes.ts';

type Schema = Record<string, unknown>;
type Response = { description?: string; content?: Record<string, { schema?: Schema }> };
type Operation = { responses?: Record<string, Response> };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

/** Routes left out of the document on purpose (they still declare a response schema). */
const UNDOCUMENTED = [
  'GET /api/openapi.json', // the document itself
  'GET /d/_font/:name', // the public page's font files
  'GET /s/_survey.js', // the survey page's own script
  'GET /f/_form.js', // the lead form page's own script
];

let env: TestEnv;
let doc: Doc;
beforeAll(async () => {
  env = await createTestEnv();
  const res = await env.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json() as Doc;
});
afterAll(async () => env?.close());

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, op })));

describe('typed answers', () => {
  it('every operation describes its success answer with a schema (or an empty 204)', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(150);
    const missing = ops.filter(({ op }) => !Object.entries(op.responses ?? {}).some(([code, r]) =>
      /^2/.test(code) && (code === '204' ? !r.content : Object.values(r.content ?? {}).some((m) => m.schema && Object.keys(m.schema).length > 0))))
      .map((o) => o.name);
    expect(missing, 'routes without a response schema').toEqual([]);
  });

  it('every operation describes its errors in the one shape', () => {
    const shapeOf = (op: Operation) => op.responses?.['4XX']?.content?.['application/json']?.schema as
      { properties?: { error?: { properties?: Record<string, unknown>; required?: string[] } } } | undefined;
    // The customer's survey pages also name their own HTML error pages (404, 429 …); the rest of their errors are JSON.
    const without = operations().filter(({ op }) => {
      const error = shapeOf(op)?.properties?.error;
      return !error || !['code', 'message', 'details'].every((k) => error.properties?.[k]) || !['code', 'message'].every((k) => error.required?.includes(k));
    }).map((o) => o.name);
    expect(without).toEqual([]);
  });

  it('every route of the app is in the document, but the few left out on purpose', () => {
    // The API and the customer's pages; every other path is the web app's files and its single-page fallback.
    const routes = routesOfTree(env.app.printRoutes({ commonPrefix: false })).filter((r) => /^\S+ \/(api|d|s|f)\//.test(r));
    // The parser found the routes (guards against a format change making this test vacuous).
    expect(routes).toEqual(expect.arrayContaining(['GET /api/health', 'GET /api/customers/:id', 'POST /d/:token/decision', 'GET /s/a/:key']));
    const documented = operations().map((o) => o.name);
    expect(routes.filter((r) => !documented.includes(r) && !UNDOCUMENTED.includes(r)), 'routes missing from the OpenAPI document').toEqual([]);
    expect(UNDOCUMENTED.filter((r) => !routes.includes(r)), 'allowed exceptions that no longer exist').toEqual([]);
  });

  it('says what travels on the wire: moments are date-time strings, money is a string, files have their media type', () => {
    const customer = doc.paths['/api/customers/{id}'].get.responses!['200'].content!['application/json'].schema as
      { properties: { customer: { properties: Record<string, Schema> } } };
    expect(customer.properties.customer.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(customer.properties.customer.properties.birthday).toMatchObject({ type: 'string', format: 'date', nullable: true });
    const product = doc.paths['/api/products/{id}'].get.responses!['200'].content!['application/json'].schema as { properties: Record<string, Schema> };
    expect(product.properties.price).toMatchObject({ type: 'string' });
    // A leaked column would be dropped by the schema: the answer's objects list their fields and nothing else.
    expect(product).toMatchObject({ additionalProperties: false });
    expect(Object.keys(doc.paths['/api/documents/{id}/pdf'].get.responses!['200'].content!)).toEqual(['application/pdf']);
    expect(Object.keys(doc.paths['/api/customers/export'].get.responses!['200'].content!)).toEqual(['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(Object.keys(doc.paths['/api/events'].get.responses!['200'].content!)).toEqual(['text/event-stream']);
    expect(doc.paths['/api/customers/{id}'].delete.responses!['204']).toEqual({ description: 'No content' });
  });
});
