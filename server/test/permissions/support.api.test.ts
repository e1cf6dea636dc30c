/**
 * The expected matrix, probed over HTTP: tickets, contracts, surveys and feedback.
 * Surveys (docs/api.md, "Voice of the customer"): building or editing a survey is `update`; sending it is `create`
 * (an invitation is what a send creates).
 */
import { expect } from 'vitest';
import { mobileFrom } from '../harness.ts';
import { useWorld, matrix, created, idsOf, type World } from './world.ts';

const w: World = useWorld();

const SURVEY = {
  name: 'رضایت', status: 'active', channel: 'sms', trigger: { type: 'manual' },
  questions: [{ id: 'nps', type: 'nps', text: { fa: 'چقدر ما را توصیه می‌کنید؟', en: 'Would you recommend us?' } }],
};

const ticket = () => created(w.admin.post('/api/tickets', { customerId: w.customerId, channel: 'phone', subject: `تیکت ${w.n()}` }));
const contract = () => created(w.admin.post('/api/contracts', { customerId: w.customerId, kind: 'warranty', title: `گارانتی ${w.n()}`, startDate: '2026-11-01', endDate: '2027-10-31' }));
const survey = () => created(w.admin.post('/api/surveys', { ...SURVEY, name: `نظرسنجی ${w.n()}` }));
const feedback = () => created(w.admin.post('/api/feedback', { customerId: w.customerId, channel: 'call', text: `نظر ${w.n()}` }));

matrix('tickets', {
  read: async () => {
    const id = await ticket();
    return {
      act: (a) => Promise.all([a.get('/api/tickets?pageSize=100'), a.get(`/api/tickets/${id}`)]),
      allowed: ([list, one]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id ?? one.json().ticket?.id).toBe(id);
      },
    };
  },
  create: async () => {
    const subject = `تیکت تازه ${w.n()}`;
    const state = () => w.q('SELECT id, created_by FROM tickets WHERE subject = $1', [subject]);
    return {
      state,
      act: (a) => a.post('/api/tickets', { customerId: w.customerId, channel: 'phone', subject }),
      allowed: async ([res], a) => expect(await state()).toEqual([{ id: res.json().id, created_by: a.userId }]),
    };
  },
  update: async () => {
    const id = await ticket();
    return {
      state: () => w.row('tickets', id),
      act: (a) => a.patch(`/api/tickets/${id}`, { subject: 'موضوع تازه', priority: 'high' }),
      allowed: async () => expect(await w.row('tickets', id)).toMatchObject({ subject: 'موضوع تازه', priority: 'high' }),
    };
  },
}, w);

matrix('contracts', {
  read: async () => {
    const id = await contract();
    return {
      act: (a) => Promise.all([a.get('/api/contracts?pageSize=100'), a.get(`/api/contracts/${id}`)]),
      allowed: ([list, one]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id).toBe(id);
      },
    };
  },
  create: async () => {
    const title = `قرارداد تازه ${w.n()}`;
    const state = () => w.q('SELECT id FROM contracts WHERE title = $1', [title]);
    return {
      state,
      act: (a) => a.post('/api/contracts', { customerId: w.customerId, kind: 'maintenance', title, startDate: '2026-03-21', endDate: '2027-03-20', value: '45000000' }),
      allowed: async ([res]) => expect(await state()).toEqual([{ id: res.json().id }]),
    };
  },
  update: async () => {
    const id = await contract();
    return {
      state: () => w.row('contracts', id),
      act: (a) => a.patch(`/api/contracts/${id}`, { title: 'عنوان تازه' }),
      allowed: async () => expect((await w.row('contracts', id))!.title).toBe('عنوان تازه'),
    };
  },
}, w);

matrix('surveys', {
  read: async () => {
    const id = await survey();
    return {
      act: (a) => Promise.all([a.get('/api/surveys'), a.get(`/api/surveys/${id}`)]),
      allowed: ([list, one]) => {
        expect(idsOf(list)).toContain(id);
        expect(one.json().id).toBe(id);
      },
    };
  },
  create: async () => {
    const id = await survey();
    const n = w.n();
    const cid = await created(w.admin.post('/api/customers', { kind: 'person', lastName: `پاسخ‌دهنده ${n}`, phones: [{ number: mobileFrom(7_000_000 + n) }], smsConsent: true }));
    const state = () => w.q('SELECT id, customer_id FROM survey_invitations WHERE survey_id = $1', [id]);
    return {
      state,
      act: (a) => a.post(`/api/surveys/${id}/send`, { customerIds: [cid] }),
      allowed: async ([res]) => {
        expect(res.json()).toMatchObject({ customers: 1, sent: 1 });
        expect((await state()).map((r) => r.customer_id)).toEqual([cid]);
      },
    };
  },
  update: async () => {
    const id = await survey();
    const name = `نظرسنجی ساخته ${w.n()}`;
    const state = async () => ({ edited: await w.row('surveys', id), built: await w.q('SELECT id FROM surveys WHERE name = $1', [name]) });
    return {
      state,
      act: (a) => Promise.all([a.patch(`/api/surveys/${id}`, { name: 'نام تازه' }), a.post('/api/surveys', { ...SURVEY, name })]),
      allowed: async ([, built]) => {
        const after = await state();
        expect(after.edited!.name).toBe('نام تازه');
        expect(after.built).toEqual([{ id: built.json().id }]);
      },
    };
  },
}, w);

matrix('feedback', {
  read: async () => {
    const id = await feedback();
    return {
      act: (a) => a.get('/api/feedback?pageSize=100'),
      allowed: ([list]) => expect(idsOf(list)).toContain(id),
    };
  },
  create: async () => {
    const text = `نظر تازه ${w.n()}`;
    const state = () => w.q('SELECT id FROM feedback WHERE text = $1', [text]);
    return {
      state,
      act: (a) => a.post('/api/feedback', { customerId: w.customerId, channel: 'visit', text }),
      allowed: async ([res]) => expect(await state()).toEqual([{ id: res.json().id }]),
    };
  },
  update: async () => {
    const id = await feedback();
    return {
      state: () => w.row('feedback', id),
      act: (a) => a.patch(`/api/feedback/${id}`, { sentiment: 'negative' }),
      allowed: async () => expect((await w.row('feedback', id))!.sentiment).toBe('negative'),
    };
  },
}, w);
