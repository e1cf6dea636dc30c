/**
 * The new-customer form's name warning (GET /api/customers/duplicates?name=…): the same normalized name (Arabic ي/ك,
 * ZWNJ), or a close name with the same city or phone prefix; not a close name alone, not another kind, not a deleted
 * record; a record the reader may not see is reported without its name. Creating is never refused for a name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, loginAs, type Agent, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let admin: Agent;
const ids: Record<string, string> = {};

async function create(key: string, body: Record<string, unknown>, who = admin) {
  const res = await who.post('/api/customers', { kind: 'person', force: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
}
type Match = { id: string | null; displayName: string | null; hidden: boolean; matchedOn: string[] };
async function names(who: Agent, q: Record<string, string>) {
  const res = await who.get(`/api/customers/duplicates?${new URLSearchParams(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().matches as Match[];
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  await create('ali', { firstName: 'علي', lastName: 'كريمي', city: 'اصفهان', phones: [{ number: '09131234567' }] });
  await create('aliTehran', { firstName: 'علی', lastName: 'کریمی‌نژاد', city: 'تهران' });
  await create('zahra', { firstName: 'زهرا', lastName: 'محمدی', city: 'شیراز', phones: [{ number: '09171112233' }] });
  await create('org', { kind: 'organization', orgName: 'علی کریمی' });
  await create('gone', { firstName: 'مریم', lastName: 'صادقی' });
  expect((await admin.del(`/api/customers/${ids.gone}`)).statusCode).toBe(204);
}, 180_000);
afterAll(async () => env?.close());

describe('name warning on the customer form', () => {
  it('finds the same normalized name, whatever the keyboard, and only of the same kind', async () => {
    const m = await names(admin, { name: 'علی کریمی', kind: 'person' });
    expect(m).toEqual([{ id: ids.ali, displayName: 'علي كريمي', hidden: false, matchedOn: ['name'] }]);
    expect((await names(admin, { name: 'علی کریمی', kind: 'organization' })).map((x) => x.id)).toEqual([ids.org]);
    expect(await names(admin, { name: 'مریم صادقی', kind: 'person' })).toEqual([]); // deleted
    expect(await names(admin, { name: 'ab', kind: 'person' })).toEqual([]); // too short to say anything
  });

  it('finds a close name only with the same city or phone prefix', async () => {
    // «زهرا محمدي‌پور» is close to «زهرا محمدی» but not the same.
    expect(await names(admin, { name: 'زهرا محمدی‌پور', kind: 'person' })).toEqual([]);
    expect(await names(admin, { name: 'زهرا محمدی‌پور', kind: 'person', city: 'تهران' })).toEqual([]);
    expect(await names(admin, { name: 'زهرا محمدی‌پور', kind: 'person', city: 'شيراز' })).toEqual([{ id: ids.zahra, displayName: 'زهرا محمدی', hidden: false, matchedOn: ['similarName'] }]);
    // Same first nine digits of the mobile (0917 111 ….), typed in another format.
    expect((await names(admin, { name: 'زهرا محمدی‌پور', kind: 'person', phone: '+98 917 111 9999' })).map((x) => x.matchedOn)).toEqual([['similarName']]);
    // An unrelated name in the same city is not a match.
    expect(await names(admin, { name: 'حسن رضایی', kind: 'person', city: 'شیراز' })).toEqual([]);
  });

  it('reports a record the reader may not see without its name, and never refuses creating for a name', async () => {
    const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
    const perms = { customers: { ops: ['read', 'create'], scope: 'own' } };
    const role = await admin.post('/api/roles', { key: 'own_names', name: 'فقط خودم', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    expect(roles.length).toBeGreaterThan(0);
    expect((await admin.post('/api/users', { email: 'own-names@test.example', name: 'خودم', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id })).statusCode).toBe(201);
    const own = await loginAs(env.app, 'own-names@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    expect(await names(own, { name: 'علی کریمی', kind: 'person' })).toEqual([{ id: null, displayName: null, hidden: true, matchedOn: ['name'] }]);
    const res = await own.post('/api/customers', { kind: 'person', firstName: 'علی', lastName: 'کریمی' });
    expect(res.statusCode, res.body).toBe(201);
  });
});
