/**
 * The 360° view and the timeline gather what every module registered: each registered timeline kind and profile section
 * must have its schema in common/profile.schemas.ts (or the answer would drop it), and a customer with one of each
 * comes back whole, sections in the order the modules registered them.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, type TestEnv, type Agent } from '../../test/harness.ts';
import { timelineKinds } from './timeline.ts';
import { profileSectionKeys } from './profile.ts';
import { smsWebhookToken } from '../messaging/index.ts';
import { customer360View, timelineItem } from '../../../common/profile.schemas.ts';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  // An SMS gateway is configured (messages wait in the outbox; nothing is delivered in this test).
  const put = await admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' });
  expect(put.statusCode, put.body).toBe(200);
});
afterAll(async () => env?.close());

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 201) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Record<string, unknown> & { id: string };
};

describe('the 360° view and the timeline', () => {
  it('have a schema for every registered timeline kind and profile section', () => {
    const kinds = timelineItem.options.map((o) => o.shape.kind.value).sort();
    expect(timelineKinds().sort()).toEqual(kinds);
    const core = ['customer', 'organizations', 'members', 'timeline'];
    expect([...core, ...profileSectionKeys()]).toEqual(Object.keys(customer360View.shape));
  });

  it('come back whole for a customer with an item of every kind', async () => {
    const c = await ok(admin.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'نوری', phones: [{ number: '09125550101' }], smsConsent: true }));
    await ok(admin.patch(`/api/customers/${c.id}`, { city: 'اصفهان' }), 200); // audit
    await ok(admin.post('/api/interactions', { customerId: c.id, kind: 'call', direction: 'in', summary: 'پرسید قیمت', promises: [{ title: 'پیش‌فاکتور بفرستم', dueAt: '2026-11-25T08:00:00Z' }] }));
    const product = await ok(admin.post('/api/products', { code: 'DESK-1', nameFa: 'میز کار', price: '12000000' }));
    await ok(admin.post('/api/deals', { customerId: c.id, title: 'میز برای دفتر', items: [{ productId: product.id, quantity: '2' }] }));
    await ok(admin.post('/api/documents', { kind: 'quote', customerId: c.id, lines: [{ productId: product.id, quantity: '2' }] }));
    await ok(admin.post(`/api/customers/${c.id}/messages`, { channel: 'sms', text: 'پیش‌فاکتور آماده است' }));
    await ok(admin.post('/api/tickets', { customerId: c.id, channel: 'phone', subject: 'لنگی پایهٔ میز' }));
    await ok(admin.post('/api/contracts', { customerId: c.id, kind: 'warranty', title: 'گارانتی میز', startDate: '2026-11-01', endDate: '2027-10-31' }));
    const survey = await ok(admin.post('/api/surveys', { name: 'پیشنهاد', status: 'active', questions: [{ id: 'nps', type: 'nps', text: { fa: 'ما را پیشنهاد می‌کنید؟' } }] }));
    expect((await ok(admin.post(`/api/surveys/${survey.id}/send`, { customerIds: [c.id] }), 200)).sent).toBe(1);
    const reply = await env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${smsWebhookToken(env.rt.secret)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=770001&from=09125550101&to=10004346&message=9` });
    expect(reply.json()).toMatchObject({ received: 1 });

    const tl = await admin.get(`/api/customers/${c.id}/timeline?limit=100`);
    expect(tl.statusCode, tl.body).toBe(200);
    const items = tl.json().items as { kind: string; data: Record<string, unknown> }[];
    expect([...new Set(items.map((i) => i.kind))].sort()).toEqual(['audit', 'deal', 'document', 'interaction', 'message', 'survey', 'task', 'ticket']);
    const one = (kind: string) => items.find((i) => i.kind === kind)!.data;
    expect(one('audit')).toMatchObject({ entityType: 'customer', action: 'update', changes: [{ field: 'city', old: null, new: 'اصفهان' }] });
    expect(one('document')).toMatchObject({ type: 'created', documentKind: 'quote', status: 'draft', kind: 'quote' });
    expect(one('survey')).toMatchObject({ surveyName: 'پیشنهاد', metric: 'nps', score: 9, channel: 'sms_reply' });
    expect(one('deal')).toMatchObject({ event: 'created', title: 'میز برای دفتر', amount: '24000000' });

    const view = await admin.get(`/api/customers/${c.id}`);
    expect(view.statusCode, view.body).toBe(200);
    const v = view.json();
    expect(Object.keys(v)).toEqual(Object.keys(customer360View.shape));
    expect(v.counters).toMatchObject({ interactions: 1, openPromises: 1, openTasks: 0, brokenPromises: 0 });
    expect(v.deals).toMatchObject({ openCount: 1, openAmount: '24000000' });
    expect(v.voice).toMatchObject({ total: 1, items: [{ score: 9 }] });
    expect(v.tickets).toMatchObject({ openCount: 1, totalCount: 1 });
    expect(v.contracts).toMatchObject({ activeCount: 1 });
    expect(v.purchases).toMatchObject({ orders: 0, totalSpent: '0', openQuotes: [{ status: 'draft' }] });
  });
});
