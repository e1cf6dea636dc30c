/**
 * Consumables (issue 17, i17): a product may be consumable with a repurchase cycle in days (required, ≥ 1, for a
 * consumable; none otherwise — refused with 400 and nothing stored). After POST /api/insights/refit a customer who owns
 * a consumable gets it offered again once its cycle has passed since they last bought it ("time to buy … again"), not
 * before; a non-consumable they own is never offered, even where co-purchase similarity points at it.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { plantPaidInvoice } from '../../test/plant-invoice.ts';
import { products } from '../sales/index.ts';

const TODAY = '2026-11-19';
const DAY = 86_400_000;
const dayOf = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};
const productIds: Record<string, string> = {};

async function customer(key: string) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: key, lastName: 'مصرفی', smsConsent: true, force: true });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}

async function invoice(key: string, day: string, codes: string[]) {
  await plantPaidInvoice(env.rt.database.db, ids[key], day, codes, { buyer: key });
}

const stored = async (id: string) => (await env.rt.database.db.select({ consumable: products.consumable, days: products.repurchaseDays }).from(products).where(eq(products.id, id)))[0];

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
}, 120_000);
afterAll(async () => env?.close());

describe('consumable products (i17)', () => {
  it('take a repurchase cycle: required for a consumable, refused otherwise (400, nothing stored)', async () => {
    const coffee = await admin.post('/api/products', { code: 'COFFEE', nameFa: 'قهوه', price: '1000000', consumable: true, repurchaseDays: 30 });
    expect(coffee.statusCode, coffee.body).toBe(201);
    expect(coffee.json()).toMatchObject({ code: 'COFFEE', consumable: true, repurchaseDays: 30 });
    productIds.COFFEE = coffee.json().id;
    const kettle = await admin.post('/api/products', { code: 'KETTLE', nameFa: 'کتری', price: '1000000' });
    expect(kettle.json()).toMatchObject({ consumable: false, repurchaseDays: null });
    productIds.KETTLE = kettle.json().id;

    for (const body of [
      { code: 'TEA', nameFa: 'چای', price: '1', consumable: true }, // no cycle
      { code: 'TEA', nameFa: 'چای', price: '1', consumable: true, repurchaseDays: 0 },
      { code: 'TEA', nameFa: 'چای', price: '1', consumable: true, repurchaseDays: 7.5 },
      { code: 'TEA', nameFa: 'چای', price: '1', repurchaseDays: 30 }, // a cycle on a product that is not consumable
    ]) {
      const res = await admin.post('/api/products', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.json().error.details)).toEqual(['repurchaseDays']);
    }
    expect((await admin.get('/api/products?q=TEA')).json().total).toBe(0);

    // Made consumable without a cycle (checked against the stored product), or given a cycle while not consumable: 400.
    for (const body of [{ consumable: true }, { repurchaseDays: 10 }]) {
      const res = await admin.patch(`/api/products/${productIds.KETTLE}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.details).toHaveProperty('repurchaseDays');
      expect(await stored(productIds.KETTLE)).toEqual({ consumable: false, days: null });
    }
    // Changing the cycle alone, and no longer consumable: the cycle goes with it.
    expect((await admin.patch(`/api/products/${productIds.COFFEE}`, { repurchaseDays: 45 })).json().repurchaseDays).toBe(45);
    const off = await admin.patch(`/api/products/${productIds.COFFEE}`, { consumable: false });
    expect(off.json()).toMatchObject({ consumable: false, repurchaseDays: null });
    expect(await stored(productIds.COFFEE)).toEqual({ consumable: false, days: null });
    const back = await admin.patch(`/api/products/${productIds.COFFEE}`, { consumable: true, repurchaseDays: 30 });
    expect(back.statusCode, back.body).toBe(200);
    expect(await stored(productIds.COFFEE)).toEqual({ consumable: true, days: 30 });
  });

  it('a consumable is offered again once its cycle has passed, not before; an owned non-consumable never', async () => {
    await customer('due'); await customer('notDue'); await customer('coffeeOnly');
    // Due: COFFEE (30-day cycle) last bought 40 days ago. Not due: last bought 10 days ago. Both own KETTLE.
    await invoice('due', dayOf(100), ['KETTLE', 'COFFEE']);
    await invoice('due', dayOf(40), ['COFFEE']);
    await invoice('notDue', dayOf(100), ['KETTLE', 'COFFEE']);
    await invoice('notDue', dayOf(10), ['COFFEE']);
    // Owns only COFFEE (bought 5 days ago): co-purchase similarity offers them KETTLE, so the similarity is there.
    await invoice('coffeeOnly', dayOf(5), ['COFFEE']);
    const res = await admin.post('/api/insights/refit');
    expect(res.statusCode, res.body).toBe(200);
    const offers = async (key: string) => (await admin.get(`/api/insights/customers/${ids[key]}`)).json().scores.offers as Array<{ item: string; score: number; reason: Record<string, unknown> }>;

    const due = await offers('due');
    expect(due).toEqual([{ item: 'COFFEE', score: 1, reason: { kind: 'repurchase', cycleDays: 30, daysSince: 40 }, names: { COFFEE: { fa: 'قهوه', en: null } } }]);
    expect(await offers('notDue')).toEqual([]);
    const other = await offers('coffeeOnly');
    expect(other.map((o) => [o.item, o.reason.kind])).toEqual([['KETTLE', 'similar']]);
  }, 120_000);
});
