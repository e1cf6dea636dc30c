/** Answers of the catalog routes no other test reads: one price list with its prices, and renaming it. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let manager: Agent;
beforeAll(async () => { env = await createTestEnv(); manager = await env.login('manager'); });
afterAll(async () => env?.close());

describe('price list answers', () => {
  it('reads one price list with each price beside the list price, and renames it', async () => {
    const p = await manager.post('/api/products', { code: 'LAMP-1', nameFa: 'چراغ مطالعه', price: '2500000' });
    expect(p.statusCode, p.body).toBe(201);
    const list = await manager.post('/api/price-lists', { name: 'همکاران' });
    expect(list.statusCode, list.body).toBe(201);
    expect(list.json()).toMatchObject({ name: 'همکاران', active: true, itemCount: 0 });
    const id = list.json().id as string;
    expect((await manager.post(`/api/price-lists/${id}/items`, { items: [{ productId: p.json().id, price: '2250000' }] })).statusCode).toBe(200);

    const one = await manager.get(`/api/price-lists/${id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toEqual({
      id, name: 'همکاران', active: true, createdAt: list.json().createdAt, itemCount: 1,
      items: [{ productId: p.json().id, code: 'LAMP-1', nameFa: 'چراغ مطالعه', price: '2250000', productPrice: '2500000', active: true }],
    });

    const renamed = await manager.patch(`/api/price-lists/${id}`, { name: 'همکاران ۱۴۰۵', active: false });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id, name: 'همکاران ۱۴۰۵', active: false, itemCount: 1, items: [{ price: '2250000' }] });
  });
});
