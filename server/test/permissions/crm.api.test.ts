/** The expected matrix, probed over HTTP: customers, interactions, tasks and the audit trail. */
import { expect } from 'vitest';
import { useWorld, matrix, created, idsOf, type World } from './world.ts';

const w: World = useWorld();

const customer = () => created(w.admin.post('/api/customers', { kind: 'organization', orgName: `شرکت ماتریس ${w.n()}`, city: 'تبریز' }));
const interaction = async () => created(w.admin.post('/api/interactions', { customerId: await customer(), kind: 'note', summary: `یادداشت ${w.n()}` }));
const task = async () => created(w.admin.post('/api/tasks', { title: `پیگیری ${w.n()}`, customerId: w.customerId, assigneeId: w.admin.userId, dueAt: '2026-12-01T08:00:00Z' }));

matrix('customers', {
  read: async () => {
    const id = await customer();
    return {
      act: (a) => Promise.all([a.get('/api/customers?pageSize=100'), a.get(`/api/customers/${id}`), a.get(`/api/customers/search?q=${encodeURIComponent('ماتریس')}&limit=20`)]),
      allowed: ([list, one, search]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().customer.id).toBe(id);
        expect(idsOf(search)).toContain(id);
      },
    };
  },
  create: async (role) => {
    const name = `ساختهٔ ${role} ${w.n()}`;
    return {
      state: () => w.q('SELECT id, created_by FROM customers WHERE org_name = $1', [name]),
      act: (a) => a.post('/api/customers', { kind: 'organization', orgName: name }),
      allowed: async ([res], a) => expect(await w.q('SELECT id, created_by FROM customers WHERE org_name = $1', [name])).toEqual([{ id: res.json().id, created_by: a.userId }]),
    };
  },
  update: async () => {
    const id = await customer();
    return {
      state: () => w.row('customers', id),
      act: (a) => a.patch(`/api/customers/${id}`, { city: 'کرج', tags: ['edited'] }),
      allowed: async () => expect(await w.row('customers', id)).toMatchObject({ city: 'کرج', tags: ['edited'] }),
    };
  },
  delete: async () => {
    const id = await customer();
    return {
      state: () => w.row('customers', id),
      act: (a) => a.del(`/api/customers/${id}`),
      allowed: async () => expect((await w.row('customers', id))!.deleted_at).not.toBeNull(),
    };
  },
  export: async () => {
    const id = await customer();
    return {
      act: (a) => a.get('/api/customers/export'),
      allowed: ([res]) => {
        expect(res.headers['content-type']).toMatch(/^text\/csv/);
        expect(res.body).toContain(id);
      },
    };
  },
}, w);

matrix('interactions', {
  read: async () => {
    const id = await interaction();
    const [{ customer_id: cid }] = await w.q<{ customer_id: string }>('SELECT customer_id FROM interactions WHERE id = $1', [id]);
    return {
      act: (a) => Promise.all([a.get(`/api/customers/${cid}/timeline?kinds=interaction`), a.get(`/api/customers/${cid}`)]),
      allowed: ([tl, view]) => {
        expect(idsOf(tl)).toEqual([id]);
        expect(view.json().counters.interactions).toBe(1);
      },
    };
  },
  create: async (role) => {
    const cid = await customer();
    return {
      state: () => w.q('SELECT id, author_id FROM interactions WHERE customer_id = $1', [cid]),
      act: (a) => a.post('/api/interactions', { customerId: cid, kind: 'call', direction: 'out', summary: `تماس ${role}` }),
      allowed: async (_r, a) => expect(await w.q('SELECT author_id FROM interactions WHERE customer_id = $1', [cid])).toEqual([{ author_id: a.userId }]),
    };
  },
  update: async () => {
    const id = await interaction();
    return {
      state: () => w.row('interactions', id),
      act: (a) => a.patch(`/api/interactions/${id}`, { summary: 'خلاصهٔ ویرایش‌شده' }),
      allowed: async () => expect((await w.row('interactions', id))!.summary).toBe('خلاصهٔ ویرایش‌شده'),
    };
  },
  delete: async () => {
    const id = await interaction();
    return {
      state: () => w.row('interactions', id),
      act: (a) => a.del(`/api/interactions/${id}`),
      allowed: async () => expect((await w.row('interactions', id))!.deleted_at).not.toBeNull(),
    };
  },
}, w);

matrix('tasks', {
  read: async (role) => {
    const id = await created(w.admin.post('/api/tasks', { title: `کار ${w.n()}`, customerId: w.customerId, assigneeId: w.agents[role].userId, dueAt: '2026-12-01T08:00:00Z' }));
    return {
      act: (a) => Promise.all([a.get(`/api/tasks/${id}`), a.get('/api/tasks?view=mine&bucket=all')]),
      allowed: ([one, mine]) => {
        expect(one.json().id).toBe(id);
        expect(idsOf(mine)).toContain(id);
      },
    };
  },
  create: async (role) => {
    const title = `کار ساختهٔ ${role} ${w.n()}`;
    return {
      state: () => w.q('SELECT id, created_by FROM tasks WHERE title = $1', [title]),
      act: (a) => a.post('/api/tasks', { title, customerId: w.customerId, dueAt: '2026-12-02T08:00:00Z' }),
      allowed: async ([res], a) => expect(await w.q('SELECT id, created_by FROM tasks WHERE title = $1', [title])).toEqual([{ id: res.json().id, created_by: a.userId }]),
    };
  },
  update: async () => {
    const id = await task();
    return {
      state: () => w.row('tasks', id),
      act: (a) => a.patch(`/api/tasks/${id}`, { title: 'عنوان تازه' }),
      allowed: async () => expect((await w.row('tasks', id))!.title).toBe('عنوان تازه'),
    };
  },
  delete: async () => {
    const id = await task();
    return {
      state: () => w.row('tasks', id),
      act: (a) => a.del(`/api/tasks/${id}`),
      allowed: async () => {
        const row = await w.row('tasks', id);
        expect(row === undefined || row.deleted_at !== null).toBe(true);
      },
    };
  },
}, w);

matrix('audit', {
  read: async () => {
    const id = await customer();
    await w.admin.patch(`/api/customers/${id}`, { city: 'یزد' });
    return {
      act: (a) => a.get(`/api/customers/${id}/audit`),
      allowed: ([res]) => {
        const items = res.json().items as { entityType: string; entityId: string; action: string }[];
        expect(items.some((x) => x.entityId === id && x.action === 'update')).toBe(true);
      },
    };
  },
}, w);
