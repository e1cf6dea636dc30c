import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestEnv, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';

let env: TestEnv;
let sales: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  sales = await env.login('sales');
});
afterAll(async () => env?.close());

describe('customers API', () => {
  it('creates a person typed with Arabic letters and Persian digits, normalizing phone, national ID and Jalali birthday', async () => {
    const res = await sales.post('/api/customers', {
      kind: 'person', firstName: 'علي', lastName: 'كريمي', phones: [{ number: '۰۹۱۲ ۳۴۵ ۶۷۸۹' }], nationalId: '۰۴۹۹۳۷۰۸۹۹', birthday: '۱۳۷۰/۰۵/۱۲',
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.phones).toEqual([{ number: '+989123456789', label: 'mobile', primary: true }]);
    expect(c.nationalId).toBe('0499370899');
    expect(c.birthday).toBe('1991-08-03');
    expect(c.ownerId).toBe(sales.userId);
  });

  it('finds it by Persian ی/ک spelling, by another phone format, and by partial phone', async () => {
    for (const q of ['علی کریمی', 'کریمی', '+98 912 345 6789', '989123456789', '۰۹۱۲۳۴۵', '3456789', '0499370899']) {
      const res = await sales.get(`/api/customers?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
      expect(res.json().items.map((c: { displayName: string }) => c.displayName), q).toContain('علي كريمي');
    }
  });

  it('needs every word of a multi-word search, each allowed a typo', async () => {
    await sales.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'کریمی‌نژاد' });
    await sales.post('/api/customers', { kind: 'person', firstName: 'محمد', lastName: 'اسفندیاری' });
    const names = async (q: string) => (await sales.get(`/api/customers?q=${encodeURIComponent(q)}`)).json().items.map((c: { displayName: string }) => c.displayName);
    expect(await names('علی کریمی')).toEqual(['علي كريمي']);
    expect(await names('کریمی')).toEqual(expect.arrayContaining(['علي كريمي', 'سارا کریمی‌نژاد']));
    expect(await names('محمد اسفنریاری')).toEqual(['محمد اسفندیاری']);
    expect(await names('محمد کریمی')).toEqual([]);
    expect(await names('سارا کریمی نژاد')).toEqual(['سارا کریمی‌نژاد']);
  });

  it('warns about a duplicate phone in another format and creates it only when forced', async () => {
    const body = { kind: 'person', firstName: 'رضا', lastName: 'احمدی', phones: [{ number: '+98-912-345-6789' }] };
    const dup = await sales.post('/api/customers', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    expect(dup.json().error.details.matches[0].matchedOn).toEqual(['phone']);
    const check = await sales.get('/api/customers/duplicates?phone=00989123456789');
    expect(check.json().matches).toHaveLength(1);
    const forced = await sales.post('/api/customers', { ...body, force: true });
    expect(forced.statusCode).toBe(201);
  });

  it('rejects bad input with field errors and writes nothing', async () => {
    const before = (await sales.get('/api/customers?pageSize=100')).json().total;
    const cases = [
      { kind: 'person', firstName: 'x', phones: [{ number: '0912abc' }] },
      { kind: 'person', firstName: 'x', nationalId: '1234567890' },
      { kind: 'person', firstName: 'x', birthday: '1402/13/40' },
      { kind: 'person' },
      { kind: 'organization', firstName: 'x' },
      { kind: 'robot', firstName: 'x' },
      { kind: 'person', firstName: 'x', custom: { nope: 1 } },
    ];
    for (const body of cases) {
      const res = await sales.post('/api/customers', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await sales.get('/api/customers?pageSize=100')).json().total).toBe(before);
  });

  it('returns the 360 view with open promises, counters and a merged timeline with audit', async () => {
    const c = (await sales.post('/api/customers', { kind: 'person', firstName: 'مریم', lastName: 'صالحی', nationalId: nationalIdFrom(12345678) })).json();
    const call = await sales.post('/api/interactions', {
      customerId: c.id, kind: 'call', direction: 'in', durationSec: 95, outcome: 'answered', summary: 'پرسید یخچال کی می‌رسد',
      promises: [{ title: 'تماس هفته بعد ساعت ۱۱', dueAt: '2026-11-30T07:30:00Z' }],
    });
    expect(call.statusCode).toBe(201);
    expect(call.json().promises[0].isPromise).toBe(true);
    await sales.patch(`/api/customers/${c.id}`, { lifecycleStage: 'customer', tags: ['vip'] });
    const view = (await sales.get(`/api/customers/${c.id}`)).json();
    expect(view.customer.lifecycleStage).toBe('customer');
    expect(view.openPromises.map((t: { title: string }) => t.title)).toEqual(['تماس هفته بعد ساعت ۱۱']);
    expect(view.counters).toMatchObject({ interactions: 1, openPromises: 1, brokenPromises: 0, byKind: { call: 1 } });
    const kinds = view.timeline.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['interaction', 'task', 'audit']));
    const edit = view.timeline.items.find((i: { kind: string; data: { action: string } }) => i.kind === 'audit' && i.data.action === 'update');
    expect(edit.data.changes).toEqual(expect.arrayContaining([{ field: 'lifecycleStage', old: 'lead', new: 'customer' }]));
    // A week later the promise is broken.
    env.clock.advance(8 * 86400_000);
    const later = (await sales.get(`/api/customers/${c.id}`)).json();
    expect(later.counters.brokenPromises).toBe(1);
    expect(later.openPromises[0].overdue).toBe(true);
  });

  it('pages the timeline with a cursor without gaps or repeats', async () => {
    const c = (await sales.post('/api/customers', { kind: 'organization', orgName: 'فروشگاه نمونه' })).json();
    const at = '2026-11-20T10:00:00Z';
    for (let i = 0; i < 7; i++) {
      const r = await sales.post('/api/interactions', { customerId: c.id, kind: 'note', summary: `note ${i}`, occurredAt: i < 4 ? at : `2026-11-2${i - 3}T07:00:00Z` });
      expect(r.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await sales.get(`/api/customers/${c.id}/timeline?limit=2&kinds=interaction${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json();
      seen.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect((await sales.get(`/api/customers/${c.id}/timeline?cursor=garbage`)).statusCode).toBe(400);
  });
});
