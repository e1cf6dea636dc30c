/** The expected matrix, probed over HTTP: products, deals and documents (quotes and invoices). */
import { expect } from 'vitest';
import { useWorld, matrix, created, idsOf, type World } from './world.ts';

const w: World = useWorld();

const product = () => created(w.admin.post('/api/products', { code: `P-${w.n()}`, nameFa: `کالای ماتریس ${w.n()}`, price: '250000' }));
const deal = () => created(w.admin.post('/api/deals', { customerId: w.customerId, title: `معاملهٔ ${w.n()}` }));
const quote = () => created(w.admin.post('/api/documents', { kind: 'quote', customerId: w.customerId, lines: [{ description: `خدمت ${w.n()}`, quantity: '1', unitPrice: '1000' }] }));

matrix('products', {
  read: async () => {
    const id = await product();
    return {
      act: (a) => Promise.all([a.get('/api/products?pageSize=100'), a.get(`/api/products/${id}`)]),
      allowed: ([list, one]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id).toBe(id);
      },
    };
  },
  create: async () => {
    const code = `NEW-${w.n()}`;
    return {
      state: () => w.q('SELECT id FROM products WHERE code = $1', [code]),
      act: (a) => a.post('/api/products', { code, nameFa: 'کالای تازه', price: '1000' }),
      allowed: async ([res]) => expect(await w.q('SELECT id FROM products WHERE code = $1', [code])).toEqual([{ id: res.json().id }]),
    };
  },
  update: async () => {
    const id = await product();
    return {
      state: () => w.row('products', id),
      act: (a) => a.patch(`/api/products/${id}`, { nameFa: 'نام تازه' }),
      allowed: async () => expect((await w.row('products', id))!.name_fa).toBe('نام تازه'),
    };
  },
  delete: async () => {
    const id = await product();
    return {
      state: () => w.row('products', id),
      act: (a) => a.del(`/api/products/${id}`),
      allowed: async () => {
        const row = await w.row('products', id);
        expect(row === undefined || row.deleted_at != null || row.active === false).toBe(true);
      },
    };
  },
}, w);

matrix('deals', {
  read: async () => {
    const id = await deal();
    return {
      act: (a) => Promise.all([a.get('/api/deals?pageSize=100'), a.get(`/api/deals/${id}`)]),
      allowed: ([list, one]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id).toBe(id);
      },
    };
  },
  create: async () => {
    const title = `معاملهٔ تازه ${w.n()}`;
    return {
      state: () => w.q('SELECT id, created_by FROM deals WHERE title = $1', [title]),
      act: (a) => a.post('/api/deals', { customerId: w.customerId, title }),
      allowed: async ([res], a) => expect(await w.q('SELECT id, created_by FROM deals WHERE title = $1', [title])).toEqual([{ id: res.json().id, created_by: a.userId }]),
    };
  },
  update: async () => {
    const id = await deal();
    return {
      state: () => w.row('deals', id),
      act: (a) => a.patch(`/api/deals/${id}`, { title: 'عنوان تازه' }),
      allowed: async () => expect((await w.row('deals', id))!.title).toBe('عنوان تازه'),
    };
  },
  delete: async () => {
    const id = await deal();
    return {
      state: () => w.row('deals', id),
      act: (a) => a.del(`/api/deals/${id}`),
      allowed: async () => {
        const row = await w.row('deals', id);
        expect(row === undefined || row.deleted_at != null).toBe(true);
      },
    };
  },
}, w);

matrix('documents', {
  read: async () => {
    const id = await quote();
    return {
      act: (a) => Promise.all([a.get('/api/documents?pageSize=100'), a.get(`/api/documents/${id}`), a.get(`/api/documents/${id}/pdf`)]),
      allowed: ([list, one, pdf]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id).toBe(id);
        expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
      },
    };
  },
  create: async () => {
    const description = `خط تازه ${w.n()}`;
    const state = () => w.q('SELECT d.id, d.created_by FROM documents d JOIN document_lines l ON l.document_id = d.id WHERE l.description = $1', [description]);
    return {
      state,
      act: (a) => a.post('/api/documents', { kind: 'quote', customerId: w.customerId, lines: [{ description, quantity: '2', unitPrice: '5000' }] }),
      allowed: async ([res], a) => expect(await state()).toEqual([{ id: res.json().id, created_by: a.userId }]),
    };
  },
  update: async () => {
    const id = await quote();
    return {
      state: async () => ({ doc: await w.row('documents', id), lines: await w.q('SELECT * FROM document_lines WHERE document_id = $1 ORDER BY position', [id]) }),
      act: (a) => a.patch(`/api/documents/${id}`, { notes: 'یادداشت تازه' }),
      allowed: async () => expect((await w.row('documents', id))!.notes).toBe('یادداشت تازه'),
    };
  },
}, w);
