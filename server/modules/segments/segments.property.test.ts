/**
 * Property: for random rule trees over random customers, the SQL that compile.ts writes selects exactly the customers
 * the in-memory evaluator (evaluate.ts, the language's meaning written separately) selects — never an error, and for a
 * seller who sees only their own customers, never one outside that scope. Values come from small alphabets with
 * Arabic/Persian letter variants, ZWNJ, Persian digits and missing values, where mistakes of normalization and NULL hide.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { MAX_RULE_DEPTH, type SegmentFieldType, type SegmentNode } from '../../../common/segments.schemas.ts';
import { evaluateRules, type Facts } from './evaluate.ts';

let env: TestEnv;
let admin: Agent;
let seller: Agent;
const TODAY = '2026-11-19';
const facts = new Map<string, Facts>();
const mine = new Set<string>();

const CITIES = ['تهران', 'شيراز', 'شیراز', 'كرج', 'کرج', 'اصفهان', 'Tabriz', 'tabriz'];
const NAMES = ['علي', 'علی', 'مهسا', 'محمد‌رضا', 'محمد رضا', 'Sara', 'SARA'];
const TAGS = ['ویژه', 'وي‌ژه', 'عمده', 'vip', 'VIP', 'مشتری‌ثابت'];
const STAGES = ['visitor', 'lead', 'prospect', 'customer', 'loyal', 'at_risk', 'churned'];
const TYPES = new Map<string, SegmentFieldType>([
  ['city', 'text'], ['firstName', 'text'], ['lifecycleStage', 'enum'], ['tags', 'tags'], ['smsConsent', 'bool'],
  ['birthday', 'date'], ['birthdayWithinDays', 'birthday'], ['custom.score', 'number'], ['ownerId', 'user'],
]);

const day = fc.integer({ min: 0, max: 60 * 365 }).map((n) => new Date(Date.UTC(1960, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const customerArb = fc.record({
  city: fc.option(fc.constantFrom(...CITIES), { nil: null }),
  firstName: fc.option(fc.constantFrom(...NAMES), { nil: null }),
  lifecycleStage: fc.constantFrom(...STAGES),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  smsConsent: fc.boolean(),
  birthday: fc.option(day, { nil: null }),
  score: fc.option(fc.integer({ min: -5, max: 20 }), { nil: null }),
  bySeller: fc.boolean(),
});

const text = (pool: string[]) => fc.constantFrom(...pool, 'ر', 'ا', '۱', 'sa');
const cond: fc.Arbitrary<SegmentNode> = fc.oneof(
  fc.record({ field: fc.constantFrom('city', 'firstName'), op: fc.constantFrom('eq', 'neq', 'contains'), value: text([...CITIES, ...NAMES]) }),
  fc.record({ field: fc.constantFrom('city', 'firstName'), op: fc.constant('in'), value: fc.uniqueArray(text([...CITIES, ...NAMES]), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constantFrom('city', 'firstName', 'tags', 'birthday', 'custom.score', 'ownerId'), op: fc.constant('exists'), value: fc.boolean() }),
  fc.record({ field: fc.constant('lifecycleStage'), op: fc.constantFrom('eq', 'neq'), value: fc.constantFrom(...STAGES) }),
  fc.record({ field: fc.constant('lifecycleStage'), op: fc.constant('in'), value: fc.uniqueArray(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: fc.constant('tags'), op: fc.constant('contains'), value: fc.constantFrom(...TAGS) }),
  fc.record({ field: fc.constant('tags'), op: fc.constant('in'), value: fc.uniqueArray(fc.constantFrom(...TAGS), { minLength: 1, maxLength: 2 }) }),
  fc.record({ field: fc.constant('smsConsent'), op: fc.constant('eq'), value: fc.boolean() }),
  fc.record({ field: fc.constant('birthday'), op: fc.constantFrom('eq', 'gt', 'gte', 'lt', 'lte'), value: day }),
  fc.record({ field: fc.constant('birthday'), op: fc.constant('between'), value: fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a])) }),
  fc.record({ field: fc.constant('birthdayWithinDays'), op: fc.constantFrom('lte', 'eq'), value: fc.integer({ min: 0, max: 120 }) }),
  fc.record({ field: fc.constant('custom.score'), op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'), value: fc.integer({ min: -6, max: 21 }) }),
  fc.record({ field: fc.constant('custom.score'), op: fc.constant('between'), value: fc.tuple(fc.integer({ min: -6, max: 21 }), fc.integer({ min: -6, max: 21 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)]) }),
  fc.record({ field: fc.constant('ownerId'), op: fc.constantFrom('eq', 'neq'), value: fc.constant('me') }),
) as fc.Arbitrary<SegmentNode>;

const tree: fc.Arbitrary<SegmentNode> = fc.letrec<{ node: SegmentNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    cond,
    fc.record({ all: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({ not: tie('node') })) as fc.Arbitrary<SegmentNode>,
})).node;

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  const own = { ...DEFAULT_ROLES.sales.permissions, customers: { ops: ['read', 'create', 'update'], scope: 'own' } };
  expect((await admin.post('/api/roles', { key: 'own_sales', name: 'own', permissions: own })).statusCode).toBe(201);
  seller = await env.login('own_sales' as 'sales');
  expect((await admin.post('/api/custom-fields', { key: 'score', labelFa: 'امتیاز', labelEn: 'Score', type: 'number' })).statusCode).toBe(201);
  const people = fc.sample(customerArb, { numRuns: 70, seed: 1405 });
  for (const [i, p] of people.entries()) {
    const res = await (p.bySeller ? seller : admin).post('/api/customers', {
      kind: 'person', lastName: `نمونه ${i}`, force: true, city: p.city, firstName: p.firstName, lifecycleStage: p.lifecycleStage, tags: p.tags,
      smsConsent: p.smsConsent, birthday: p.birthday, custom: p.score === null ? {} : { score: p.score },
    });
    expect(res.statusCode, res.body).toBe(201);
    if (p.bySeller) mine.add(res.json().id);
  }
  // The facts as stored (the evaluator judges what the database holds, independently of the SQL under test).
  const rows = (await env.rt.database.db.execute(sql`SELECT id, city, first_name, lifecycle_stage, tags, sms_consent, to_char(birthday, 'YYYY-MM-DD') AS birthday, custom, owner_id FROM customers WHERE deleted_at IS NULL`)).rows as Record<string, unknown>[];
  for (const r of rows) {
    const custom = r.custom as Record<string, unknown>;
    facts.set(String(r.id), {
      city: r.city, firstName: r.first_name, lifecycleStage: r.lifecycle_stage, tags: r.tags, smsConsent: r.sms_consent,
      birthday: r.birthday, birthdayWithinDays: r.birthday, 'custom.score': typeof custom.score === 'number' ? custom.score : null, ownerId: r.owner_id,
    });
  }
}, 180_000);
afterAll(async () => env?.close());

/** Levels of a tree: a condition is 1, a group one more than its deepest member. */
const depth = (n: SegmentNode): number => ('all' in n ? 1 + Math.max(0, ...n.all.map(depth)) : 'any' in n ? 1 + Math.max(0, ...n.any.map(depth)) : 'not' in n ? 1 + depth(n.not) : 1);

async function selected(agent: Agent, rules: SegmentNode): Promise<Set<string>> {
  const res = await agent.post('/api/segments/preview', { rules, sampleSize: 50 });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { count: number; sample: { id: string }[] };
  expect(body.count).toBeLessThanOrEqual(70);
  return new Set(body.sample.map((s) => s.id));
}

describe('segment rules', () => {
  it('select exactly what the evaluator selects, for everyone and within a seller’s own scope', async () => {
    await fc.assert(fc.asyncProperty(tree, async (rules) => {
      if (depth(rules) > MAX_RULE_DEPTH) {
        // Too deep to be read by people: refused as a 400 naming the place, never a 500.
        const res = await admin.post('/api/segments/preview', { rules, sampleSize: 0 });
        expect(res.statusCode, res.body).toBe(400);
        return;
      }
      const expectAll = [...facts].filter(([, f]) => evaluateRules(rules, f, { today: TODAY, types: TYPES, userId: admin.userId })).map(([id]) => id).sort();
      const res = await admin.post('/api/segments/preview', { rules, sampleSize: 0 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().count).toBe(expectAll.length);
      if (expectAll.length <= 50) expect([...(await selected(admin, rules))].sort()).toEqual(expectAll);
      const expectMine = [...facts].filter(([id, f]) => mine.has(id) && evaluateRules(rules, f, { today: TODAY, types: TYPES, userId: seller.userId })).map(([id]) => id).sort();
      const got = [...(await selected(seller, rules))].sort();
      expect(got).toEqual(expectMine);
    }), { numRuns: 120, seed: 20261205 });
  }, 240_000);
});
