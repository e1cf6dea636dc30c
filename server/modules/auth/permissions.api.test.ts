/**
 * Permissions through the HTTP API: the role × object × operation matrix of DEFAULT_ROLES (denied writes leave the
 * row untouched), admin-only management, the admin role's safety rail, and read scopes ('own', 'team') on every
 * read path: list, search, 360 view, timeline, audit, duplicates, export and task lists.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestEnv, mobileFrom, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES, ROLE_KEYS, type RoleKey, type PermObject, type Operation, type RolePermissions } from '../../../common/permissions.ts';

function expectError(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

const allowed = (role: RoleKey, object: PermObject, op: Operation) => DEFAULT_ROLES[role].permissions[object]?.ops.includes(op) ?? false;

describe('permission matrix of the built-in roles', () => {
  let env: TestEnv;
  let admin: Agent;
  const agents = {} as Record<RoleKey, Agent>;
  let n = 0;

  beforeAll(async () => {
    env = await createTestEnv();
    admin = await env.login('admin');
    agents.admin = admin;
    for (const role of ROLE_KEYS) if (role !== 'admin') agents[role] = await env.login(role);
  });
  afterAll(async () => env?.close());

  const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => env.rt.database.query<T>(text, params);
  const rowOf = async (table: 'customers' | 'interactions' | 'tasks', id: string) => (await q(`SELECT * FROM ${table} WHERE id = $1`, [id]))[0];

  async function customer() {
    const res = await admin.post('/api/customers', { kind: 'organization', orgName: `شرکت ماتریس ${++n}`, city: 'تبریز' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }
  async function interaction(customerId: string) {
    const res = await admin.post('/api/interactions', { customerId, kind: 'note', summary: `یادداشت ${++n}` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().interaction.id as string;
  }
  async function task(customerId: string, assigneeId = admin.userId) {
    const res = await admin.post('/api/tasks', { title: `پیگیری ${++n}`, customerId, assigneeId, dueAt: '2026-12-01T08:00:00Z' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  }

  it('serves the built-in roles exactly as common/permissions.ts defines them', async () => {
    const roles = (await admin.get('/api/roles')).json().items as { key: string; permissions: RolePermissions; builtIn: boolean }[];
    for (const key of ROLE_KEYS) {
      const r = roles.find((x) => x.key === key);
      expect(r, key).toBeDefined();
      expect(r!.builtIn).toBe(true);
      expect(r!.permissions).toEqual(DEFAULT_ROLES[key].permissions);
    }
  });

  for (const role of ROLE_KEYS) {
    describe(role, () => {
      const a = () => agents[role];
      const check = (object: PermObject, op: Operation) => `${allowed(role, object, op) ? 'may' : 'may not'} ${op} ${object}`;

      it(check('customers', 'read'), async () => {
        const id = await customer();
        const one = await a().get(`/api/customers/${id}`);
        const list = await a().get('/api/customers?pageSize=100');
        if (allowed(role, 'customers', 'read')) {
          expect(one.statusCode).toBe(200);
          expect(one.json().customer.id).toBe(id);
          expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
        } else {
          expectError(one, 403, 'FORBIDDEN');
          expectError(list, 403, 'FORBIDDEN');
        }
      });

      it(check('customers', 'create'), async () => {
        const name = `ساخته‌شده توسط ${role} ${++n}`;
        const res = await a().post('/api/customers', { kind: 'organization', orgName: name });
        const rows = await q('SELECT id, created_by FROM customers WHERE org_name = $1', [name]);
        if (allowed(role, 'customers', 'create')) {
          expect(res.statusCode, res.body).toBe(201);
          expect(rows).toEqual([{ id: res.json().id, created_by: a().userId }]);
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(rows).toHaveLength(0);
        }
      });

      it(check('customers', 'update'), async () => {
        const id = await customer();
        const before = await rowOf('customers', id);
        const res = await a().patch(`/api/customers/${id}`, { city: 'کرج', tags: ['edited'] });
        const after = await rowOf('customers', id);
        if (allowed(role, 'customers', 'update')) {
          expect(res.statusCode, res.body).toBe(200);
          expect(after).toMatchObject({ city: 'کرج', tags: ['edited'] });
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
        }
      });

      it(check('customers', 'delete'), async () => {
        const id = await customer();
        const before = await rowOf('customers', id);
        const res = await a().del(`/api/customers/${id}`);
        const after = await rowOf('customers', id);
        if (allowed(role, 'customers', 'delete')) {
          expect(res.statusCode, res.body).toBe(204);
          expect(after.deleted_at).not.toBeNull();
          expect((await admin.get(`/api/customers/${id}`)).statusCode).toBe(404);
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
          expect(after.deleted_at).toBeNull();
        }
      });

      it(check('customers', 'export'), async () => {
        const id = await customer();
        const res = await a().get('/api/customers/export');
        if (allowed(role, 'customers', 'export')) {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/csv/);
          expect(res.body).toContain(id);
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(res.body).not.toContain(id);
        }
      });

      it(check('interactions', 'read'), async () => {
        const cid = await customer();
        const iid = await interaction(cid);
        const tl = await a().get(`/api/customers/${cid}/timeline?kinds=interaction`);
        expect(tl.statusCode).toBe(200);
        const ids = tl.json().items.map((i: { id: string }) => i.id);
        const view = (await a().get(`/api/customers/${cid}`)).json();
        if (allowed(role, 'interactions', 'read')) {
          expect(ids).toEqual([iid]);
          expect(view.counters.interactions).toBe(1);
        } else {
          expect(ids).toEqual([]);
          expect(view.counters.interactions).toBe(0);
        }
      });

      it(check('interactions', 'create'), async () => {
        const cid = await customer();
        const res = await a().post('/api/interactions', { customerId: cid, kind: 'call', direction: 'out', summary: 'تماس ماتریس' });
        const rows = await q('SELECT author_id FROM interactions WHERE customer_id = $1', [cid]);
        if (allowed(role, 'interactions', 'create')) {
          expect(res.statusCode, res.body).toBe(201);
          expect(rows).toEqual([{ author_id: a().userId }]);
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(rows).toHaveLength(0);
        }
      });

      it(check('interactions', 'update'), async () => {
        const iid = await interaction(await customer());
        const before = await rowOf('interactions', iid);
        const res = await a().patch(`/api/interactions/${iid}`, { summary: 'خلاصهٔ ویرایش‌شده' });
        const after = await rowOf('interactions', iid);
        if (allowed(role, 'interactions', 'update')) {
          expect(res.statusCode, res.body).toBe(200);
          expect(after.summary).toBe('خلاصهٔ ویرایش‌شده');
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
        }
      });

      it(check('interactions', 'delete'), async () => {
        const iid = await interaction(await customer());
        const before = await rowOf('interactions', iid);
        const res = await a().del(`/api/interactions/${iid}`);
        const after = await rowOf('interactions', iid);
        if (allowed(role, 'interactions', 'delete')) {
          expect(res.statusCode, res.body).toBe(204);
          expect(after.deleted_at).not.toBeNull();
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
        }
      });

      it(check('tasks', 'read'), async () => {
        const tid = await task(await customer(), a().userId);
        const one = await a().get(`/api/tasks/${tid}`);
        const mine = await a().get('/api/tasks?view=mine&bucket=all');
        if (allowed(role, 'tasks', 'read')) {
          expect(one.statusCode).toBe(200);
          expect(one.json().id).toBe(tid);
          expect(mine.json().items.map((t: { id: string }) => t.id)).toContain(tid);
        } else {
          expectError(one, 403, 'FORBIDDEN');
          expectError(mine, 403, 'FORBIDDEN');
        }
      });

      it(check('tasks', 'create'), async () => {
        const cid = await customer();
        const res = await a().post('/api/tasks', { title: 'کار ماتریس', customerId: cid });
        const rows = await q('SELECT created_by, assignee_id FROM tasks WHERE customer_id = $1', [cid]);
        if (allowed(role, 'tasks', 'create')) {
          expect(res.statusCode, res.body).toBe(201);
          expect(rows).toEqual([{ created_by: a().userId, assignee_id: a().userId }]);
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(rows).toHaveLength(0);
        }
      });

      it(check('tasks', 'update'), async () => {
        const tid = await task(await customer());
        const before = await rowOf('tasks', tid);
        const res = await a().patch(`/api/tasks/${tid}`, { status: 'done', priority: 'high' });
        const after = await rowOf('tasks', tid);
        if (allowed(role, 'tasks', 'update')) {
          expect(res.statusCode, res.body).toBe(200);
          expect(after).toMatchObject({ status: 'done', priority: 'high' });
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
        }
      });

      it(check('tasks', 'delete'), async () => {
        const tid = await task(await customer());
        const before = await rowOf('tasks', tid);
        const res = await a().del(`/api/tasks/${tid}`);
        const after = await rowOf('tasks', tid);
        if (allowed(role, 'tasks', 'delete')) {
          expect(res.statusCode, res.body).toBe(204);
          expect(after.deleted_at).not.toBeNull();
        } else {
          expectError(res, 403, 'FORBIDDEN');
          expect(after).toEqual(before);
        }
      });
      // Interactions and tasks have no export endpoint yet; the export column is covered for customers only.
    });
  }

  it('a custom role without interaction and task rights sees none of them anywhere on the 360 view', async () => {
    const perms: RolePermissions = { customers: { ops: ['read'], scope: 'all' }, audit: { ops: ['read'], scope: 'all' } };
    const made = await admin.post('/api/roles', { key: 'viewer', name: 'بیننده', permissions: perms });
    expect(made.statusCode, made.body).toBe(201);
    const pw = 'Kooh-Sabz-Abi-Nazok-12';
    const u = await admin.post('/api/users', { email: 'viewer@test.example', name: 'بیننده', password: pw, roleId: made.json().id });
    expect(u.statusCode, u.body).toBe(201);
    const { loginAs } = await import('../../test/harness.ts');
    const viewer = await loginAs(env.app, 'viewer@test.example', pw);

    const cid = await customer();
    const iid = await interaction(cid);
    await admin.patch(`/api/interactions/${iid}`, { summary: 'محرمانه: قیمت ویژه' });
    const tid = await task(cid, viewer.userId);
    await admin.post('/api/interactions', { customerId: cid, kind: 'call', direction: 'in', summary: 'قول داد', promises: [{ title: 'قول محرمانه', dueAt: '2026-11-01T08:00:00Z', assigneeId: viewer.userId }] });

    expectError(await viewer.get(`/api/tasks/${tid}`), 403, 'FORBIDDEN');
    expectError(await viewer.get('/api/tasks?view=mine'), 403, 'FORBIDDEN');
    const view = await viewer.get(`/api/customers/${cid}`);
    expect(view.statusCode).toBe(200);
    const body = view.json();
    expect(body.openTasks).toEqual([]);
    expect(body.openPromises).toEqual([]);
    expect(body.counters).toMatchObject({ interactions: 0, byKind: {}, openTasks: 0, openPromises: 0, brokenPromises: 0, lastInteractionAt: null });
    expect(body.timeline.items.map((i: { kind: string }) => i.kind)).not.toContain('interaction');
    expect(body.timeline.items.map((i: { kind: string }) => i.kind)).not.toContain('task');
    // Audit entries about interactions and tasks would show their content: hidden too.
    expect(view.body).not.toContain('محرمانه');
    const tl = await viewer.get(`/api/customers/${cid}/timeline?kinds=audit`);
    expect(tl.body).not.toContain('محرمانه');
    const audit = await viewer.get(`/api/customers/${cid}/audit`);
    expect(audit.body).not.toContain('محرمانه');
  });

  describe('management is for admins only', () => {
    const others = ROLE_KEYS.filter((r) => r !== 'admin');

    for (const role of others) {
      it(`${role} cannot manage users, roles, teams, custom fields, settings or API keys (403, nothing written)`, async () => {
        const a = agents[role];
        const count = async (table: string) => Number((await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n);
        const before = { users: await count('users'), roles: await count('roles'), teams: await count('teams'), fields: await count('custom_field_defs'), keys: await count('api_keys') };
        const salesRole = (await admin.get('/api/roles')).json().items.find((r: { key: string }) => r.key === 'sales');
        const field = await admin.post('/api/custom-fields', { key: `f_${role}`, labelFa: 'فیلد', labelEn: 'Field', type: 'text' });
        expect(field.statusCode, field.body).toBe(201);
        const key = await admin.post('/api/api-keys', { name: `k-${role}` });
        const custom = await admin.post('/api/roles', { key: `tmp_${role}`, name: 'موقت', permissions: {} });
        const target = agents.sales === a ? agents.support : agents.sales;
        const snapshot = async () => ({
          sales: (await q('SELECT permissions, name FROM roles WHERE key = $1', ['sales']))[0],
          target: (await q('SELECT name, role_id, active, password_hash FROM users WHERE id = $1', [target.userId]))[0],
          field: (await q('SELECT label_fa, active FROM custom_field_defs WHERE id = $1', [field.json().id]))[0],
          settings: (await admin.get('/api/settings')).json(),
          key: (await q('SELECT revoked_at FROM api_keys WHERE id = $1', [key.json().id]))[0],
          custom: (await q('SELECT id FROM roles WHERE id = $1', [custom.json().id])),
          counts: { users: await count('users'), roles: await count('roles'), teams: await count('teams'), fields: await count('custom_field_defs'), keys: await count('api_keys') },
        });
        const snap = await snapshot();

        const attempts: [string, Promise<LightMyRequestResponse>][] = [
          ['create user', a.post('/api/users', { email: `x-${role}@test.example`, name: 'x', password: 'password-123', roleId: salesRole.id })],
          ['edit user', a.patch(`/api/users/${target.userId}`, { name: 'هک', active: false })],
          ['make self admin', a.patch(`/api/users/${a.userId}`, { roleId: (await admin.get('/api/roles')).json().items.find((r: { key: string }) => r.key === 'admin').id })],
          ['create role', a.post('/api/roles', { key: `evil_${role}`, name: 'evil', permissions: DEFAULT_ROLES.admin.permissions })],
          ['edit role', a.patch(`/api/roles/${salesRole.id}`, { permissions: DEFAULT_ROLES.admin.permissions })],
          ['delete role', a.del(`/api/roles/${custom.json().id}`)],
          ['create team', a.post('/api/teams', { name: 'تیم جعلی' })],
          ['create custom field', a.post('/api/custom-fields', { key: `g_${role}`, labelFa: 'x', labelEn: 'x', type: 'text' })],
          ['edit custom field', a.patch(`/api/custom-fields/${field.json().id}`, { labelFa: 'تغییر', active: false })],
          ['edit settings', a.patch('/api/settings', { companyName: 'شرکت هکر' })],
          ['list API keys', a.get('/api/api-keys')],
          ['create API key', a.post('/api/api-keys', { name: 'mine' })],
          ['revoke API key', a.del(`/api/api-keys/${key.json().id}`)],
        ];
        for (const [label, p] of attempts) {
          const res = await p;
          expect(res.statusCode, `${role}: ${label}: ${res.body}`).toBe(403);
          expect(res.json().error.code).toBe('FORBIDDEN');
        }
        expect(await snapshot()).toEqual(snap);
        expect(snap.counts).toEqual({ ...before, fields: before.fields + 1, keys: before.keys + 1, roles: before.roles + 1 });
        // Reading users and settings is allowed to everyone (names for assignment, org defaults).
        expect((await a.get('/api/users')).statusCode).toBe(allowed(role, 'users', 'read') ? 200 : 403);
        expect((await a.get('/api/settings')).statusCode).toBe(200);
      });
    }

    it('the admin role cannot lose its own rights to manage users and roles (422, unchanged)', async () => {
      const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string; permissions: RolePermissions }[];
      const adminRole = roles.find((r) => r.key === 'admin')!;
      const before = (await q('SELECT permissions, updated_at FROM roles WHERE id = $1', [adminRole.id]))[0];
      const without = (o: PermObject, ops?: Operation[]) => {
        const p = structuredClone(DEFAULT_ROLES.admin.permissions);
        if (ops) p[o] = { ops, scope: 'all' }; else delete p[o];
        return p;
      };
      for (const permissions of [without('users'), without('roles'), without('users', ['read']), without('roles', ['read', 'create']), without('users', ['update']), {}]) {
        expectError(await admin.patch(`/api/roles/${adminRole.id}`, { permissions }), 422, 'UNPROCESSABLE');
      }
      expect((await q('SELECT permissions, updated_at FROM roles WHERE id = $1', [adminRole.id]))[0]).toEqual(before);
      expect((await admin.get('/api/users')).statusCode).toBe(200);
      // Renaming it is fine.
      expect((await admin.patch(`/api/roles/${adminRole.id}`, { name: 'مدیر کل' })).statusCode).toBe(200);
    });
  });
});

describe('read scopes', () => {
  let env: TestEnv;
  let admin: Agent;
  let s1: Agent; // sales, team A: the restricted user
  let s2: Agent; // sales, team A
  let s3: Agent; // sales, team B
  let salesRoleId: string;
  const ids = {} as Record<'own' | 'createdForOther' | 'teammate' | 'otherTeam' | 'unowned', string>;
  const names = {} as Record<keyof typeof ids, string>;
  const phones = {} as Record<keyof typeof ids, string>;
  const tasks = {} as Record<keyof typeof ids, string>;

  const visibleUnder = { all: ['own', 'createdForOther', 'teammate', 'otherTeam', 'unowned'], team: ['own', 'createdForOther', 'teammate'], own: ['own', 'createdForOther'] } as const;

  beforeAll(async () => {
    env = await createTestEnv();
    admin = await env.login('admin');
    const teamA = await env.team('تیم الف');
    const teamB = await env.team('تیم ب');
    s1 = await env.login('sales', { teamId: teamA });
    s2 = await env.login('sales', { teamId: teamA });
    s3 = await env.login('sales', { teamId: teamB });
    salesRoleId = (await admin.get('/api/roles')).json().items.find((r: { key: string }) => r.key === 'sales').id;

    const make = async (key: keyof typeof ids, by: Agent, body: Record<string, unknown>, seed: number) => {
      names[key] = `نمونه‌دامنه ${key}`;
      phones[key] = mobileFrom(7000 + seed);
      const res = await by.post('/api/customers', { kind: 'organization', orgName: names[key], phones: [{ number: phones[key] }], companyNationalId: undefined, ...body });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
    };
    await make('otherTeam', s3, {}, 4);
    await make('own', s1, { kind: 'person', orgName: undefined, firstName: 'شخص', lastName: `نمونه‌دامنه own`, nationalId: nationalIdFrom(4242), organizations: [{ organizationId: ids.otherTeam, roleTitle: 'مدیر خرید' }] }, 1);
    names.own = `شخص نمونه‌دامنه own`;
    await make('createdForOther', s1, { ownerId: s3.userId }, 2);
    await make('teammate', s2, {}, 3);
    await make('unowned', admin, { ownerId: null }, 5);

    for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
      const i = await admin.post('/api/interactions', { customerId: ids[key], kind: 'note', summary: `یادداشت ${key}` });
      expect(i.statusCode, i.body).toBe(201);
      const t = await admin.post('/api/tasks', { title: `کار ${key}`, customerId: ids[key], assigneeId: s1.userId, dueAt: '2026-11-25T08:00:00Z' });
      expect(t.statusCode, t.body).toBe(201);
      tasks[key] = t.json().id;
    }
  });
  afterAll(async () => env?.close());

  async function setCustomerScope(scope: 'all' | 'team' | 'own') {
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.customers = { ...permissions.customers!, scope };
    const res = await admin.patch(`/api/roles/${salesRoleId}`, { permissions });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().permissions.customers.scope).toBe(scope);
  }

  const idsOf = (res: LightMyRequestResponse) => res.json().items.map((c: { id: string }) => c.id).sort();
  const expected = (scope: keyof typeof visibleUnder) => visibleUnder[scope].map((k) => ids[k]).sort();
  const hidden = (scope: keyof typeof visibleUnder) => (Object.keys(ids) as (keyof typeof ids)[]).filter((k) => !(visibleUnder[scope] as readonly string[]).includes(k));

  for (const scope of ['all', 'team', 'own'] as const) {
    it(`scope ${scope}: every read path returns only the records allowed, in the live session`, async () => {
      await setCustomerScope(scope);
      // The same sessions as before: the role change applies at once.
      const list = await s1.get('/api/customers?pageSize=100');
      expect(list.statusCode).toBe(200);
      expect(idsOf(list)).toEqual(expected(scope));
      expect(list.json().total).toBe(expected(scope).length);
      for (const q of ['نمونه‌دامنه', 'نمونه دامنه', '0912']) {
        const filtered = await s1.get(`/api/customers?pageSize=100&q=${encodeURIComponent(q)}`);
        expect(idsOf(filtered), q).toEqual(expected(scope));
        const search = await s1.get(`/api/customers/search?limit=20&q=${encodeURIComponent(q)}`);
        expect(search.statusCode).toBe(200);
        expect(idsOf(search), q).toEqual(expected(scope));
      }
      // Other filters cannot widen the scope.
      expect(idsOf(await s1.get(`/api/customers?pageSize=100&ownerId=${s3.userId}`))).toEqual(
        (scope === 'all' ? [ids.otherTeam, ids.createdForOther] : [ids.createdForOther]).sort());
      expect(idsOf(await s1.get('/api/customers?pageSize=100&ownerId=none'))).toEqual(scope === 'all' ? [ids.unowned] : []);

      const csv = await s1.get('/api/customers/export');
      // Sales may not export by default; the manager-like check is below with an API key of a role that may.
      expect(csv.statusCode).toBe(403);

      for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
        const visible = (visibleUnder[scope] as readonly string[]).includes(key);
        const id = ids[key];
        const view = await s1.get(`/api/customers/${id}`);
        const tl = await s1.get(`/api/customers/${id}/timeline`);
        const audit = await s1.get(`/api/customers/${id}/audit`);
        const task = await s1.get(`/api/tasks/${tasks[key]}`);
        if (visible) {
          expect(view.statusCode, key).toBe(200);
          expect(tl.statusCode, key).toBe(200);
          expect(audit.statusCode, key).toBe(200);
          expect(task.statusCode, key).toBe(200);
        } else {
          for (const [what, res] of [['360', view], ['timeline', tl], ['audit', audit], ['task', task]] as const) {
            expect(res.statusCode, `${key} ${what}`).toBe(404);
            expect(res.body, `${key} ${what}`).not.toContain(names[key]);
          }
          // Writes to a hidden record fail the same way and change nothing.
          const before = (await env.rt.database.query('SELECT * FROM customers WHERE id = $1', [id]))[0];
          expect((await s1.patch(`/api/customers/${id}`, { city: 'هک' })).statusCode).toBe(404);
          expect((await s1.post('/api/interactions', { customerId: id, kind: 'note', summary: 'x' })).statusCode).toBe(404);
          expect((await s1.post('/api/tasks', { title: 'x', customerId: id })).statusCode).toBe(404);
          expect((await s1.patch(`/api/tasks/${tasks[key]}`, { status: 'done' })).statusCode).toBe(404);
          expect((await env.rt.database.query('SELECT * FROM customers WHERE id = $1', [id]))[0]).toEqual(before);
          expect((await env.rt.database.query<{ status: string }>('SELECT status FROM tasks WHERE id = $1', [tasks[key]]))[0].status).toBe('open');
        }
      }

      // The person's organization is hidden unless visible.
      const own = (await s1.get(`/api/customers/${ids.own}`)).json();
      expect(own.organizations.map((o: { id: string }) => o.id)).toEqual(scope === 'all' ? [ids.otherTeam] : []);

      // Tasks: assigned to s1 on every customer, listed only for visible customers.
      for (const view of ['mine', 'promises'] as const) {
        const res = await s1.get(`/api/tasks?view=${view}&bucket=all&pageSize=200`);
        expect(res.statusCode).toBe(200);
        const got = res.json().items.map((t: { id: string }) => t.id).sort();
        if (view === 'mine') {
          expect(got).toEqual(visibleUnder[scope].map((k) => tasks[k]).sort());
          expect(res.json().total).toBe(visibleUnder[scope].length);
        }
        for (const k of hidden(scope)) expect(res.body).not.toContain(names[k]);
      }

      // Duplicates: a hidden record is reported, without its id or name.
      for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
        const visible = (visibleUnder[scope] as readonly string[]).includes(key);
        const dup = await s1.get(`/api/customers/duplicates?phone=${encodeURIComponent(phones[key])}`);
        expect(dup.statusCode).toBe(200);
        const [m, ...rest] = dup.json().matches;
        expect(rest).toEqual([]);
        expect(m.matchedOn).toEqual(['phone']);
        if (visible) expect(m).toMatchObject({ id: ids[key], displayName: names[key] });
        else {
          expect(m.id).toBeNull();
          expect(m.displayName).toBeNull();
          expect(dup.body).not.toContain(ids[key]);
          expect(dup.body).not.toContain(names[key]);
          // Creating a duplicate of it: the 409 does not reveal it either.
          const create = await s1.post('/api/customers', { kind: 'organization', orgName: 'تکراری', phones: [{ number: phones[key] }] });
          expect(create.statusCode).toBe(409);
          expect(create.body).not.toContain(ids[key]);
          expect(create.body).not.toContain(names[key]);
        }
      }
    });
  }

  it('export follows the scope too (a role with export and scope own)', async () => {
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.customers = { ops: ['read', 'create', 'update', 'export'], scope: 'own' };
    expect((await admin.patch(`/api/roles/${salesRoleId}`, { permissions })).statusCode).toBe(200);
    const csv = await s1.get('/api/customers/export');
    expect(csv.statusCode).toBe(200);
    const rowIds = csv.body.split('\r\n').slice(1).filter(Boolean).map((line) => line.split(',')[0]).sort();
    expect(rowIds).toEqual(expected('own'));
    for (const k of hidden('own')) expect(csv.body).not.toContain(names[k]);
    // An API key of the same user carries the same scope.
    const key = (await admin.post('/api/api-keys', { name: 's1', userId: s1.userId })).json().key;
    const viaKey = await env.app.inject({ method: 'GET', url: '/api/customers?pageSize=100', headers: { authorization: `Bearer ${key}` } });
    expect(idsOf(viaKey)).toEqual(expected('own'));
    // Teammates see their own, not s1's.
    expect(idsOf(await s2.get('/api/customers?pageSize=100'))).toEqual([ids.teammate]);
  });

  it('interaction and task scope own: others’ interactions, tasks and their audit entries stay hidden', async () => {
    const permissions = structuredClone(DEFAULT_ROLES.sales.permissions);
    permissions.interactions = { ...permissions.interactions!, scope: 'own' };
    permissions.tasks = { ...permissions.tasks!, scope: 'own' };
    expect((await admin.patch(`/api/roles/${salesRoleId}`, { permissions })).statusCode).toBe(200);
    const cid = ids.own;
    const theirs = (await admin.post('/api/interactions', { customerId: cid, kind: 'note', summary: 'سری اول' })).json().interaction.id;
    expect((await admin.patch(`/api/interactions/${theirs}`, { summary: 'سری دوم' })).statusCode).toBe(200);
    const theirTask = (await admin.post('/api/tasks', { title: 'کار سری', customerId: cid })).json().id;
    expect((await admin.patch(`/api/tasks/${theirTask}`, { title: 'کار سری ویرایش' })).statusCode).toBe(200);
    const mine = (await s1.post('/api/interactions', { customerId: cid, kind: 'note', summary: 'مال خودم' })).json().interaction.id;

    const tl = await s1.get(`/api/customers/${cid}/timeline?limit=100`);
    expect(tl.statusCode).toBe(200);
    const items = tl.json().items as { kind: string; id: string }[];
    expect(items.filter((i) => i.kind === 'interaction').map((i) => i.id)).toEqual([mine]);
    expect(items.filter((i) => i.kind === 'task').map((i) => i.id)).toEqual([tasks.own]);
    expect(tl.body).not.toContain('سری');
    const audit = await s1.get(`/api/customers/${cid}/audit?limit=200`);
    expect(audit.statusCode).toBe(200);
    expect(audit.body).not.toContain('سری');
    const view = (await s1.get(`/api/customers/${cid}`)).json();
    expect(view.counters.interactions).toBe(1);
    expect(view.openTasks.map((t: { id: string }) => t.id)).toEqual([tasks.own]);
    expect((await s1.get(`/api/tasks/${theirTask}`)).statusCode).toBe(404);
    expect((await s1.patch(`/api/interactions/${theirs}`, { summary: 'هک' })).statusCode).toBe(404);
    expect((await env.rt.database.query<{ summary: string }>('SELECT summary FROM interactions WHERE id = $1', [theirs]))[0].summary).toBe('سری دوم');
    // The admin still sees all of it.
    expect((await admin.get(`/api/customers/${cid}/audit?limit=200`)).body).toContain('سری دوم');
  });
});
