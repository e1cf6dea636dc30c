/**
 * The world the permission matrix is probed in: one test env per file, an admin, one logged-in user of each built-in
 * role, and a runner that turns the expected matrix into one test per role × object × operation.
 *
 * A probe is the real HTTP request for a cell. Allowed: the answer is 2xx and the change is in the database. Denied:
 * every answer is 403 in the one error shape, and what the request would have changed, re-read from the database,
 * deep-equals what was there before.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, type Agent, type TestEnv } from '../harness.ts';
import { ROLE_KEYS, type Operation, type PermObject, type RoleKey } from '../../../common/permissions.ts';
import { OPS, expected, NOT_APPLICABLE } from './expected-matrix.ts';

export type Res = LightMyRequestResponse;

export type Probe = {
  /** What the request could change, read from the database (compared before/after a denied request). */
  state?: () => Promise<unknown>;
  /** The request(s) as the agent. */
  act: (a: Agent) => Promise<Res | Res[]>;
  /** After an allowed request: the answers were 2xx; check the change (or the content read). */
  allowed: (res: Res[], a: Agent) => Promise<void> | void;
};
/** Builds a probe for one cell: creates (as admin) whatever fresh record the cell acts on. */
export type ProbeFactory = (role: RoleKey) => Promise<Probe>;
export type ObjectProbes = Partial<Record<Operation, ProbeFactory>>;

export type World = {
  env: TestEnv;
  admin: Agent;
  agents: Record<RoleKey, Agent>;
  /** A customer every role can see, for records that hang on one. */
  customerId: string;
  q<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  row(table: string, id: string): Promise<Record<string, unknown> | undefined>;
  n(): number;
};

/** One env per file: registers beforeAll/afterAll and returns the world, filled in once beforeAll ran. */
export function useWorld(setup?: (w: World) => Promise<void>): World {
  const w = {} as World;
  let counter = 0;
  beforeAll(async () => {
    w.env = await createTestEnv();
    w.admin = await w.env.login('admin');
    w.agents = { admin: w.admin } as Record<RoleKey, Agent>;
    for (const role of ROLE_KEYS) if (role !== 'admin') w.agents[role] = await w.env.login(role);
    w.q = (text, params = []) => w.env.rt.database.query(text, params);
    w.row = async (table, id) => (await w.q(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];
    w.n = () => ++counter;
    w.customerId = await created(w.admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت جهان آزمون', city: 'شیراز' }));
    await setup?.(w);
  });
  afterAll(async () => w.env?.close());
  return w;
}

/** The id of what a 201 answer created (also `{interaction:{id}}` shapes). */
export async function created(p: Promise<Res>): Promise<string> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  return (body.id ?? body.interaction?.id) as string;
}

export async function ok(p: Promise<Res>, status = 200): Promise<Record<string, unknown>> {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res.body ? res.json() : {};
}

export function expectForbidden(res: Res): void {
  expect(res.statusCode, `${res.statusCode} ${res.body}`).toBe(403);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe('FORBIDDEN');
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** The ids in a list answer (`{items:[{id}]}`). */
export const idsOf = (res: Res): string[] => (res.json().items as { id: string }[]).map((x) => x.id);

/**
 * One test per role × operation of each object; the 'n/a' cells of the table must have no probe, and every other cell
 * must have one (so a missing probe fails instead of silently passing).
 */
export function matrix(object: PermObject, probes: ObjectProbes, w: World): void {
  describe(object, () => {
    it('has a probe for exactly the applicable operations', () => {
      for (const op of OPS) expect(Boolean(probes[op]), `${object}.${op}: ${NOT_APPLICABLE[object]?.[op] ?? 'applicable'}`).toBe(!NOT_APPLICABLE[object]?.[op]);
    });
    for (const role of ROLE_KEYS) {
      for (const op of OPS) {
        const cell = expected(role, object, op);
        const make = probes[op];
        if (cell === 'n/a' || !make) continue;
        it(`${role} ${cell === 'allow' ? 'may' : 'may not'} ${op} ${object}`, async () => {
          const probe = await make(role);
          if (op !== 'read' && op !== 'export') expect(probe.state, 'a write probe re-reads its row').toBeDefined();
          const a = w.agents[role];
          const before = probe.state ? await probe.state() : undefined;
          const out = await probe.act(a);
          const list = Array.isArray(out) ? out : [out];
          if (cell === 'allow') {
            for (const r of list) expect(r.statusCode, `${r.statusCode} ${r.body.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
            for (const r of list) expect(r.statusCode, `${r.statusCode} ${r.body.slice(0, 300)}`).toBeLessThan(300);
            await probe.allowed(list, a);
          } else {
            for (const r of list) expectForbidden(r);
            if (probe.state) expect(await probe.state()).toEqual(before);
          }
        });
      }
    }
  });
}
