/**
 * Offers name the product (issue 17, i17b): offers are stored with product codes (`item` stays the code), and every
 * answer that shows them — the customer's insights, the slipping-away list, the call pop-up's card — carries `names`:
 * the current Persian and English names of the products the offer names (the item and the "why" items). A product
 * renamed after the refit answers with its new name; a code with no product (never one, or deleted) is left out, so
 * the screen shows the code.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { plantPaidInvoice } from '../../test/plant-invoice.ts';

const TODAY = '2026-11-19';
const DAY = 86_400_000;
const dayOf = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * DAY).toISOString().slice(0, 10);

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};
type Offer = { item: string; score: number; reason: { kind: string; because?: string | string[] }; names: Record<string, { fa: string; en: string | null }> };

async function customer(key: string) {
  const res = await admin.post('/api/customers', { kind: 'person', firstName: key, lastName: 'نام‌کالا', smsConsent: true, force: true });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}
async function invoice(key: string, day: string, codes: string[]) {
  await plantPaidInvoice(env.rt.database.db, ids[key], day, codes, { buyer: key });
}
const offersOf = async (key: string) => (await admin.get(`/api/insights/customers/${ids[key]}`)).json().scores.offers as Offer[];
const keysOf = (o: Offer) => [o.item, ...(Array.isArray(o.reason.because) ? o.reason.because : o.reason.because ? [o.reason.because] : [])];

beforeAll(async () => {
  env = await createTestEnv({ start: `${TODAY}T08:00:00Z` });
  admin = await env.login('admin');
  for (const p of [
    { code: 'KETTLE', nameFa: 'کتری برقی', nameEn: 'Electric kettle', price: '25000000' },
    { code: 'FILTER', nameFa: 'فیلتر آب', price: '4000000' }, // no English name: the Persian one in en too
    { code: 'IRON', nameFa: 'اتو بخار', nameEn: 'Steam iron', price: '18000000' },
  ]) {
    const res = await admin.post('/api/products', p);
    expect(res.statusCode, res.body).toBe(201);
    ids[p.code] = res.json().id;
  }
  for (const k of ['sara', 'bahram', 'mina', 'omid']) await customer(k);
  // KETTLE goes with FILTER; GHOST (on invoices, never a product) goes with IRON.
  await invoice('sara', dayOf(150), ['KETTLE', 'FILTER']);
  await invoice('sara', dayOf(60), ['KETTLE', 'FILTER', 'IRON', 'GHOST']);
  await invoice('bahram', dayOf(200), ['KETTLE', 'FILTER']);
  await invoice('bahram', dayOf(20), ['IRON', 'GHOST']);
  await invoice('mina', dayOf(240), ['KETTLE']);
  await invoice('mina', dayOf(150), ['KETTLE']);
  await invoice('omid', dayOf(90), ['IRON']);
  const res = await admin.post('/api/insights/refit');
  expect(res.statusCode, res.body).toBe(200);
}, 120_000);
afterAll(async () => env?.close());

describe('offers name the product (i17b)', () => {
  it('each offer carries the Persian and English names of its item and of the items of its why; a code with no product is left out', async () => {
    const mina = await offersOf('mina');
    const filter = mina.find((o) => o.item === 'FILTER');
    expect(filter, JSON.stringify(mina)).toBeDefined();
    expect(keysOf(filter!)).toContain('KETTLE');
    expect(filter!.names.FILTER).toEqual({ fa: 'فیلتر آب', en: null });
    expect(filter!.names.KETTLE).toEqual({ fa: 'کتری برقی', en: 'Electric kettle' });
    // Exactly the keys the offer names (all of them products here).
    expect(Object.keys(filter!.names).sort()).toEqual([...new Set(keysOf(filter!))].sort());

    // Omid owns IRON: GHOST, bought with it, is offered and has no product, so no name (the screen shows the code).
    const omid = await offersOf('omid');
    const ghost = omid.find((o) => o.item === 'GHOST');
    expect(ghost, JSON.stringify(omid)).toBeDefined();
    expect(ghost!.names.GHOST).toBeUndefined();
    expect(ghost!.names.IRON).toEqual({ fa: 'اتو بخار', en: 'Steam iron' });
    // The stored offers themselves still hold codes only.
    const [stored] = (await env.rt.database.db.execute(sql`SELECT offers FROM customer_scores WHERE customer_id = ${ids.omid}`)).rows as Array<{ offers: unknown }>;
    const raw = (typeof stored.offers === 'string' ? JSON.parse(stored.offers) : stored.offers) as Array<Record<string, unknown>>;
    expect(raw.every((o) => !('names' in o))).toBe(true);
  });

  it('a product renamed since the refit shows its new name; one deleted since shows its code (no name)', async () => {
    const renamed = await admin.patch(`/api/products/${ids.KETTLE}`, { nameFa: 'کتری استیل', nameEn: 'Steel kettle' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // FILTER is on invoice lines by code only, not by product id: it can be deleted.
    const del = await admin.del(`/api/products/${ids.FILTER}`);
    expect(del.statusCode, del.body).toBe(204);
    const filter = (await offersOf('mina')).find((o) => o.item === 'FILTER')!;
    expect(filter.item).toBe('FILTER');
    expect(filter.names).toEqual({ KETTLE: { fa: 'کتری استیل', en: 'Steel kettle' } });
  });

  it('the slipping-away list names its top offer the same way', async () => {
    // Make everyone "falling" since yesterday, as a day-old refit would.
    await env.rt.database.db.execute(sql`UPDATE customer_scores SET prev_day = ${dayOf(1)}::date, prev_p_alive = least(1, p_alive + 0.3), prev_health = least(100, health + 20)`);
    const res = await admin.get('/api/insights/slipping?top=1');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ customer: { id: string }; topOffer: Offer | null }>;
    for (const key of ['mina', 'omid']) {
      const item = items.find((i) => i.customer.id === ids[key]);
      expect(item?.topOffer, JSON.stringify(items)).toBeTruthy();
      // The same offer, with the same current names, as the customer's insights answer.
      expect(item!.topOffer).toEqual((await offersOf(key))[0]);
      expect(item!.topOffer!.names.GHOST).toBeUndefined();
      expect(item!.topOffer!.names.FILTER).toBeUndefined();
      if (item!.topOffer!.names.KETTLE) expect(item!.topOffer!.names.KETTLE).toEqual({ fa: 'کتری استیل', en: 'Steel kettle' });
    }
  });
});
