import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;

type Stage = { id: string; name: string; position: number; probability: number; outcome: string; dealCount: number };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

const STAGES = [
  { name: 'تماس اول', probability: 20 },
  { name: 'دمو', probability: 60 },
  { name: 'بسته شد', outcome: 'won' },
  { name: 'از دست رفت', outcome: 'lost' },
];

async function pipeline(agent: Agent, name: string, stages: unknown[] = STAGES): Promise<Pipeline> {
  const res = await agent.post('/api/pipelines', { name, stages });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function dealIn(stageId: string, title: string) {
  const c = (await sales.post('/api/customers', { kind: 'person', lastName: title })).json().id;
  const res = await sales.post('/api/deals', { customerId: c, title, stageId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; stageId: string; customerId: string };
}
const get = async (id: string) => (await manager.get(`/api/pipelines/${id}`)).json() as Pipeline;
const byName = (p: Pipeline) => Object.fromEntries(p.stages.map((s) => [s.name, s]));

describe('creating pipelines', () => {
  it('lets managers and admins create one, with default probabilities for won and lost', async () => {
    const p = await pipeline(manager, 'پروژه‌ها');
    expect(p.isDefault).toBe(false);
    expect(p.stages.map((s) => [s.name, s.position, s.probability, s.outcome])).toEqual([
      ['تماس اول', 0, 20, 'open'], ['دمو', 1, 60, 'open'], ['بسته شد', 2, 100, 'won'], ['از دست رفت', 3, 0, 'lost'],
    ]);
    expect((await admin.post('/api/pipelines', { name: 'ادمین', stages: STAGES })).statusCode).toBe(201);
    const list = (await sales.get('/api/pipelines')).json().items as Pipeline[];
    expect(list.map((x) => x.name)).toEqual(['فروش', 'پروژه‌ها', 'ادمین']);
    expect(list.filter((x) => x.isDefault).map((x) => x.name)).toEqual(['فروش']);
  });

  it('requires exactly one won stage, a lost one and an open one; sales may not create', async () => {
    const bad = [
      [...STAGES, { name: 'برد دوم', outcome: 'won' }],
      STAGES.filter((s) => s.outcome !== 'won'),
      STAGES.filter((s) => s.outcome !== 'lost'),
      STAGES.filter((s) => s.outcome),
    ];
    for (const stages of bad) {
      const res = await manager.post('/api/pipelines', { name: 'بد', stages });
      expect(res.statusCode, JSON.stringify(stages)).toBe(400);
      expect(res.json().error.details).toHaveProperty('stages');
    }
    const denied = await sales.post('/api/pipelines', { name: 'فروشنده', stages: STAGES });
    expect(denied.statusCode).toBe(403);
    expect((await sales.get('/api/pipelines')).json().items.map((x: Pipeline) => x.name)).not.toContain('فروشنده');
  });
});

describe('editing stages', () => {
  it('renames, reorders, adds and removes empty stages in one request', async () => {
    const p = await pipeline(manager, 'ویرایش');
    const s = byName(p);
    const res = await manager.patch(`/api/pipelines/${p.id}`, {
      name: 'ویرایش‌شده',
      stages: [
        { id: s['دمو'].id, name: 'نمایش محصول', probability: 50 },
        { id: s['تماس اول'].id, name: 'تماس اول' },
        { name: 'پیشنهاد', probability: 80 },
        { id: s['بسته شد'].id, name: 'بسته شد', outcome: 'won' },
        { name: 'لغو شد', outcome: 'lost' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as Pipeline;
    expect(after.name).toBe('ویرایش‌شده');
    expect(after.stages.map((x) => [x.name, x.position, x.probability, x.outcome])).toEqual([
      ['نمایش محصول', 0, 50, 'open'], ['تماس اول', 1, 20, 'open'], ['پیشنهاد', 2, 80, 'open'], ['بسته شد', 3, 100, 'won'], ['لغو شد', 4, 0, 'lost'],
    ]);
    expect(after.stages.find((x) => x.name === 'نمایش محصول')!.id).toBe(s['دمو'].id);
    expect(after.stages.map((x) => x.id)).not.toContain(s['از دست رفت'].id);
    // The rules hold for edits too; and a stage of another pipeline is not this pipeline's.
    const twoWon = await manager.patch(`/api/pipelines/${p.id}`, { stages: [...after.stages.map(({ id, name, outcome }) => ({ id, name, outcome })), { name: 'x', outcome: 'won' }] });
    expect(twoWon.statusCode).toBe(400);
    const foreign = (await sales.get('/api/pipelines')).json().items.find((x: Pipeline) => x.isDefault).stages[0].id;
    const stolen = await manager.patch(`/api/pipelines/${p.id}`, { stages: [{ id: foreign, name: 'x' }, { name: 'w', outcome: 'won' }, { name: 'l', outcome: 'lost' }] });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.details).toHaveProperty('stages.0.id');
    expect((await sales.patch(`/api/pipelines/${p.id}`, { name: 'نه' })).statusCode).toBe(403);
    expect((await get(p.id)).stages).toHaveLength(5);
  });

  it('removes a stage with deals only when they are moved to a kept stage of the same outcome', async () => {
    const p = await pipeline(manager, 'انتقال');
    const s = byName(p);
    const keep = [
      { id: s['تماس اول'].id, name: 'تماس اول' }, { id: s['بسته شد'].id, name: 'بسته شد', outcome: 'won' },
      { id: s['از دست رفت'].id, name: 'از دست رفت', outcome: 'lost' },
    ];
    const d1 = await dealIn(s['دمو'].id, 'اول');
    const one = (await manager.patch(`/api/pipelines/${p.id}`, { stages: keep })).json().error;
    expect(one.message).toBe('The stage «دمو» holds 1 deal: say where to move it (moveDealsTo)');
    expect(one.details).toEqual({ [`moveDealsTo.${s['دمو'].id}`]: '«دمو» holds 1 deal' });
    const d2 = await dealIn(s['دمو'].id, 'دوم');
    const refused = await manager.patch(`/api/pipelines/${p.id}`, { stages: keep });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    expect(refused.json().error.message).toBe('The stage «دمو» holds 2 deals: say where to move them (moveDealsTo)');
    expect((await get(p.id)).stages.map((x) => x.name)).toContain('دمو');
    const toWon = await manager.patch(`/api/pipelines/${p.id}`, { stages: keep, moveDealsTo: { [s['دمو'].id]: s['بسته شد'].id } });
    expect(toWon.statusCode).toBe(400);
    expect(toWon.json().error.details).toHaveProperty(`moveDealsTo.${s['دمو'].id}`);
    const toGone = await manager.patch(`/api/pipelines/${p.id}`, { stages: keep, moveDealsTo: { [s['دمو'].id]: randomUUID() } });
    expect(toGone.statusCode).toBe(400);

    env.clock.advance(60_000);
    const ok = await manager.patch(`/api/pipelines/${p.id}`, { stages: keep, moveDealsTo: { [s['دمو'].id]: s['تماس اول'].id } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().stages.map((x: Stage) => [x.name, x.dealCount])).toEqual([['تماس اول', 2], ['بسته شد', 0], ['از دست رفت', 0]]);
    for (const d of [d1, d2]) {
      const deal = (await sales.get(`/api/deals/${d.id}`)).json();
      expect(deal).toMatchObject({ stageId: s['تماس اول'].id, status: 'open' });
      expect(deal.history.at(-1)).toMatchObject({ fromStageId: s['دمو'].id, fromStageName: null, toStageName: 'تماس اول' });
    }
    const audit = (await manager.get(`/api/customers/${d1.customerId}/audit`)).json().items as { entityType: string; field: string | null; newValue: unknown }[];
    expect(audit).toContainEqual(expect.objectContaining({ entityType: 'deal', field: 'stageId', newValue: s['تماس اول'].id }));
  });

  it('refuses to change the outcome of a stage that holds deals', async () => {
    const p = await pipeline(manager, 'نتیجه');
    const s = byName(p);
    await dealIn(s['دمو'].id, 'در دمو');
    const res = await manager.patch(`/api/pipelines/${p.id}`, { stages: [
      { id: s['تماس اول'].id, name: 'تماس اول' }, { id: s['دمو'].id, name: 'دمو', outcome: 'lost' },
      { id: s['بسته شد'].id, name: 'بسته شد', outcome: 'won' }, { id: s['از دست رفت'].id, name: 'از دست رفت', outcome: 'lost' },
    ] });
    expect(res.statusCode).toBe(409);
    expect(byName(await get(p.id))['دمو'].outcome).toBe('open');
  });
});

describe('default and deletion', () => {
  it('moves the default, refuses to delete the default or a pipeline with deals, deletes an empty one', async () => {
    const p = await pipeline(manager, 'جدید پیش‌فرض');
    const made = await manager.patch(`/api/pipelines/${p.id}`, { isDefault: true });
    expect(made.json().isDefault).toBe(true);
    const defaults = (await sales.get('/api/pipelines')).json().items.filter((x: Pipeline) => x.isDefault).map((x: Pipeline) => x.id);
    expect(defaults).toEqual([p.id]);
    // A deal without a pipeline now starts in the new default's first open stage.
    const c = (await sales.post('/api/customers', { kind: 'person', lastName: 'پیش‌فرض' })).json().id;
    expect((await sales.post('/api/deals', { customerId: c, title: 'x' })).json().stageId).toBe(p.stages[0].id);
    expect((await manager.del(`/api/pipelines/${p.id}`)).statusCode).toBe(409);

    const old = (await sales.get('/api/pipelines')).json().items.find((x: Pipeline) => x.name === 'فروش') as Pipeline;
    await manager.patch(`/api/pipelines/${old.id}`, { isDefault: true });
    const hasOne = await manager.del(`/api/pipelines/${p.id}`); // it has a deal
    expect(hasOne.statusCode).toBe(409);
    expect(hasOne.json().error.message).toBe('The pipeline has 1 deal (deleted ones included); it cannot be deleted');
    const empty = await pipeline(manager, 'خالی');
    expect((await sales.del(`/api/pipelines/${empty.id}`)).statusCode).toBe(403);
    expect((await manager.del(`/api/pipelines/${empty.id}`)).statusCode).toBe(204);
    expect((await manager.get(`/api/pipelines/${empty.id}`)).statusCode).toBe(404);
  });

  it('places a deal by pipeline, and refuses a stage of another pipeline', async () => {
    const p = await pipeline(manager, 'جای معامله');
    const c = (await sales.post('/api/customers', { kind: 'person', lastName: 'جا' })).json().id;
    const d = await sales.post('/api/deals', { customerId: c, title: 'x', pipelineId: p.id });
    expect(d.json()).toMatchObject({ pipelineId: p.id, stageName: 'تماس اول' });
    const other = (await sales.get('/api/pipelines')).json().items.find((x: Pipeline) => x.name === 'فروش').stages[1].id;
    const wrong = await sales.post('/api/deals', { customerId: c, title: 'x', pipelineId: p.id, stageId: other });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toHaveProperty('stageId');
    expect((await sales.post('/api/deals', { customerId: c, title: 'x', pipelineId: randomUUID() })).json().error.details).toHaveProperty('pipelineId');
    // Moving into another pipeline's stage takes the deal to that pipeline.
    const moved = await sales.post(`/api/deals/${d.json().id}/move`, { stageId: other });
    expect(moved.json()).toMatchObject({ pipelineName: 'فروش', stageId: other });
  });
});
