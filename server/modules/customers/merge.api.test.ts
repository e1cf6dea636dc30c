/**
 * Merging two customers through the API: the chosen values, every linked row moved (counted by customer_id in every
 * table that has one), the joined timeline, the audit on both records, undo that restores exactly, and the refusals:
 * without permission, an invisible record, twice, after 30 days.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, nationalIdFrom, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import { withTx } from '../../db/tx.ts';
import { handleCallEvent } from '../telephony/index.ts';
import { smsWebhookToken } from '../messaging/index.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let own: Agent;

const LOSER_PHONE = '09125550101';

const ok = async (res: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 201) => {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as Record<string, unknown> & { id: string };
};

/** Rows per table that point at a customer, from every table with a customer_id column (information_schema). */
async function linkedCounts(customerId: string): Promise<Record<string, number>> {
  const db = env.rt.database.db;
  const tables = ((await db.execute(sql`SELECT table_name AS t FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'customer_id' ORDER BY table_name`)).rows as { t: string }[]).map((r) => r.t);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const [row] = (await db.execute(sql`SELECT count(*)::int AS n FROM ${sql.identifier(t)} WHERE customer_id = ${customerId}`)).rows as { n: number }[];
    out[t] = Number(row.n);
  }
  const [rel] = (await db.execute(sql`SELECT count(*)::int AS n FROM customer_relations WHERE person_id = ${customerId} OR organization_id = ${customerId}`)).rows as { n: number }[];
  out.customer_relations = Number(rel.n);
  return out;
}

/** The stored row, every column (updated_at aside when asked). */
async function storedRow(id: string, withoutUpdatedAt = false) {
  const [row] = (await env.rt.database.db.execute(sql`SELECT * FROM customers WHERE id = ${id}`)).rows as Record<string, unknown>[];
  const copy = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
  if (withoutUpdatedAt) delete copy.updated_at;
  return copy;
}

async function auditIds(customerId: string) {
  return ((await env.rt.database.db.execute(sql`SELECT id FROM audit_log WHERE customer_id = ${customerId} ORDER BY id`)).rows as { id: unknown }[]).map((r) => String(r.id));
}

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  sales = await env.login('sales');
  const put = await admin.put('/api/settings/channels/sms', { driver: 'kavenegar', apiKey: 'test-key-1234567890', sender: '10004346', baseUrl: 'http://127.0.0.1:9' });
  expect(put.statusCode, put.body).toBe(200);
  const roles = (await admin.get('/api/roles')).json().items as { id: string; key: string }[];
  const permissions = structuredClone(DEFAULT_ROLES.manager.permissions);
  permissions.customers = { ...permissions.customers!, scope: 'own' };
  expect((await admin.patch(`/api/roles/${roles.find((r) => r.key === 'manager')!.id}`, { permissions })).statusCode).toBe(200);
  own = await env.login('manager');
}, 180_000);
afterAll(async () => env?.close());

describe('merging two customers', () => {
  let survivor: { id: string };
  let loser: { id: string };
  let org: { id: string };
  let mergeId: string;
  let before: { survivor: Record<string, number>; loser: Record<string, number> };
  let rowsBefore: { survivor: Record<string, unknown>; loser: Record<string, unknown> };
  let auditBefore: { survivor: string[]; loser: string[] };

  it('sets up two records and one of every linked row on the loser', async () => {
    survivor = await ok(admin.post('/api/customers', {
      kind: 'person', firstName: 'رضا', lastName: 'نوری', city: 'اصفهان', phones: [{ number: '09125550202' }], emails: [{ address: 'reza@example.com' }],
      tags: ['vip'], lifecycleStage: 'lead',
    }));
    org = await ok(admin.post('/api/customers', { kind: 'organization', orgName: 'شرکت نوری' }));
    loser = await ok(admin.post('/api/customers', {
      kind: 'person', firstName: 'رضا', lastName: 'نوري', city: 'اصفهان', phones: [{ number: LOSER_PHONE }], emails: [{ address: 'Reza.Noori@Example.com' }],
      tags: ['b2b', 'vip'], lifecycleStage: 'customer', nationalId: nationalIdFrom(777), smsConsent: true, force: true,
      organizations: [{ organizationId: org.id, roleTitle: 'مدیر خرید' }],
    }));
    await ok(admin.post('/api/interactions', { customerId: survivor.id, kind: 'note', summary: 'یادداشت روی رکورد اصلی' }));

    // One of each linked record on the loser.
    await ok(admin.post('/api/interactions', { customerId: loser.id, kind: 'call', direction: 'in', summary: 'پرسید قیمت', promises: [{ title: 'پیش‌فاکتور بفرستم', dueAt: '2026-11-25T08:00:00Z' }] }));
    await ok(admin.post('/api/tasks', { title: 'پیگیری', customerId: loser.id, dueAt: '2026-11-26T08:00:00Z' }));
    const product = await ok(admin.post('/api/products', { code: 'DESK-9', nameFa: 'میز کار', price: '12000000' }));
    await ok(admin.post('/api/deals', { customerId: loser.id, title: 'میز برای دفتر', items: [{ productId: product.id, quantity: '2' }] }));
    await ok(admin.post('/api/documents', { kind: 'quote', customerId: loser.id, lines: [{ productId: product.id, quantity: '2' }] }));
    const invoice = await ok(admin.post('/api/documents', { kind: 'invoice', customerId: loser.id, lines: [{ productId: product.id, quantity: '1' }] }));
    await ok(admin.post(`/api/documents/${invoice.id}/send`, { email: false, sms: false }), 200);
    await ok(admin.post(`/api/documents/${invoice.id}/payments`, { amount: '1000000', method: 'cash' }));
    await ok(admin.post(`/api/customers/${loser.id}/messages`, { channel: 'sms', text: 'پیش‌فاکتور آماده است' }));
    await ok(admin.post('/api/tickets', { customerId: loser.id, channel: 'phone', subject: 'لنگی پایهٔ میز' }));
    await ok(admin.post('/api/contracts', { customerId: loser.id, kind: 'warranty', title: 'گارانتی میز', startDate: '2026-11-01', endDate: '2027-10-31' }));
    const survey = await ok(admin.post('/api/surveys', { name: 'پیشنهاد', status: 'active', questions: [{ id: 'nps', type: 'nps', text: { fa: 'ما را پیشنهاد می‌کنید؟' } }] }));
    expect((await ok(admin.post(`/api/surveys/${survey.id}/send`, { customerIds: [loser.id] }), 200)).sent).toBe(1);
    const reply = await env.app.inject({ method: 'POST', url: `/api/webhooks/sms/${smsWebhookToken(env.rt.secret)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `messageid=880001&from=${LOSER_PHONE}&to=10004346&message=3` });
    expect(reply.json()).toMatchObject({ received: 1 });
    await withTx(env.rt.database, (tx) => handleCallEvent(tx, env.clock, {
      source: 'webhook', callId: 'merge-1', type: 'ringing', direction: 'in', number: LOSER_PHONE, extensions: [], at: env.clock.now(),
    }));

    before = { survivor: await linkedCounts(survivor.id), loser: await linkedCounts(loser.id) };
    for (const t of ['interactions', 'tasks', 'deals', 'deal_stage_events', 'documents', 'payments', 'document_events', 'tickets', 'contracts',
      'calls', 'survey_invitations', 'survey_responses', 'messages', 'audit_log', 'customer_relations']) {
      expect(before.loser[t], t).toBeGreaterThan(0);
    }
    rowsBefore = { survivor: await storedRow(survivor.id, true), loser: await storedRow(loser.id) };
    auditBefore = { survivor: await auditIds(survivor.id), loser: await auditIds(loser.id) };
  });

  it('refuses without customers:delete, and leaves both rows unchanged', async () => {
    const res = await sales.post('/api/customers/merge', { survivorId: survivor.id, loserId: loser.id });
    expect(res.statusCode).toBe(403);
    expect(await storedRow(survivor.id, true)).toEqual(rowsBefore.survivor);
    expect(await storedRow(loser.id)).toEqual(rowsBefore.loser);
    expect(await linkedCounts(loser.id)).toEqual(before.loser);
  });

  it('refuses a record the merging user cannot see, as if it did not exist, and writes nothing', async () => {
    const mine = await ok(own.post('/api/customers', { kind: 'person', firstName: 'رضا', lastName: 'نوری', city: 'اصفهان', force: true }));
    const mineBefore = await storedRow(mine.id);
    for (const body of [{ survivorId: mine.id, loserId: loser.id }, { survivorId: loser.id, loserId: mine.id }]) {
      const res = await own.post('/api/customers/merge', body);
      expect(res.statusCode).toBe(404);
    }
    expect(await storedRow(mine.id)).toEqual(mineBefore);
    expect(await storedRow(loser.id)).toEqual(rowsBefore.loser);
    expect(await linkedCounts(loser.id)).toEqual(before.loser);
  });

  it('refuses a person merged into an organization and a record merged into itself', async () => {
    expect((await admin.post('/api/customers/merge', { survivorId: org.id, loserId: loser.id })).statusCode).toBe(400);
    expect((await admin.post('/api/customers/merge', { survivorId: loser.id, loserId: loser.id })).statusCode).toBe(400);
    expect((await admin.post('/api/customers/merge', { survivorId: loser.id, loserId: survivor.id, fields: { nickname: 'loser' } })).statusCode).toBe(400);
    expect(await storedRow(loser.id)).toEqual(rowsBefore.loser);
  });

  it('moves every linked row to the survivor, with the chosen values and the lists joined', async () => {
    // Side by side first: the differing fields and what the loser holds.
    const side = (await ok(admin.get(`/api/customers/duplicates/pair?a=${survivor.id}&b=${loser.id}`), 200)) as unknown as { reasons: string[]; differing: string[]; related: { b: Record<string, number> } };
    expect(side.reasons).toEqual(['name+city', 'name+phonePrefix']);
    expect(side.differing).toEqual(['lastName', 'nationalId', 'lifecycleStage', 'smsConsent']);
    expect(side.related.b.tickets).toBe(1);

    env.clock.advance(60_000);
    const [{ last }] = (await env.rt.database.db.execute(sql`SELECT max(id)::text AS last FROM audit_log`)).rows as { last: string }[];
    const res = await admin.post('/api/customers/merge', { survivorId: survivor.id, loserId: loser.id, fields: { lastName: 'survivor', lifecycleStage: 'loser', smsConsent: 'loser' } });
    expect(res.statusCode, res.body).toBe(200);
    const { merge, survivor: s } = res.json();
    mergeId = merge.id;
    expect(merge.undoUntil).toBe('2026-12-23T08:01:00.000Z');
    expect(s.lastName).toBe('نوری');
    expect(s.lifecycleStage).toBe('customer');
    expect(s.smsConsent).toBe(true);
    expect(s.nationalId).toBe(nationalIdFrom(777)); // the survivor had none: the loser's fills it
    expect(s.phones.map((p: { number: string; primary: boolean }) => [p.number, p.primary])).toEqual([['+989125550202', true], ['+989125550101', false]]);
    expect(s.emails.map((e: { address: string }) => e.address)).toEqual(['reza@example.com', 'reza.noori@example.com']);
    expect(s.tags).toEqual(['vip', 'b2b']);

    const after = { survivor: await linkedCounts(survivor.id), loser: await linkedCounts(loser.id) };
    for (const t of Object.keys(before.loser).filter((t) => t !== 'audit_log')) {
      expect(after.loser[t], t).toBe(0);
      expect(after.survivor[t], t).toBe(before.survivor[t] + before.loser[t]);
    }
    // The loser keeps only the note of its merge; the survivor has both histories, the merge note and one row per changed field.
    expect(await auditIds(loser.id)).toHaveLength(1);
    const changed = ((await env.rt.database.db.execute(sql`SELECT field FROM audit_log WHERE customer_id = ${survivor.id} AND action = 'update'
      AND id > ${Number(last)} ORDER BY field`)).rows as { field: string }[]).map((r) => r.field);
    expect(changed).toEqual(['emails', 'lifecycleStage', 'nationalId', 'phones', 'smsConsent', 'tags']);
    expect(after.survivor.audit_log).toBe(before.survivor.audit_log + before.loser.audit_log + changed.length + 1);
    expect(merge.moved.tickets).toBe(1);

    const gone = await storedRow(loser.id);
    expect(gone.merged_into).toBe(survivor.id);
    expect(gone.deleted_at).not.toBeNull();
    expect((await admin.get(`/api/customers/${loser.id}`)).statusCode).toBe(404);

    // Listed among recent merges for whoever sees both records; not for the own-scope manager, who sees neither.
    const listed = (await ok(admin.get('/api/customers/merges'), 200)) as unknown as { items: { id: string; survivorName: string; loserName: string; moved: Record<string, number> }[]; total: number };
    expect(listed.items[0]).toMatchObject({ id: mergeId, survivorName: 'رضا نوری', loserName: 'رضا نوري', moved: { tickets: 1, calls: 1 } });
    expect(listed.total).toBe(1);
    const theirs = (await ok(own.get('/api/customers/merges'), 200)) as unknown as { items: unknown[]; total: number };
    expect(theirs).toMatchObject({ items: [], total: 0 });
  });

  it('shows the loser’s history on the survivor’s timeline', async () => {
    const tl = await admin.get(`/api/customers/${survivor.id}/timeline?limit=100`);
    expect(tl.statusCode, tl.body).toBe(200);
    const items = tl.json().items as { kind: string; data: Record<string, unknown> }[];
    expect([...new Set(items.map((i) => i.kind))].sort()).toEqual(['audit', 'deal', 'document', 'interaction', 'message', 'survey', 'task', 'ticket']);
    expect(items.some((i) => i.kind === 'interaction' && i.data.summary === 'پرسید قیمت')).toBe(true);
    expect(items.some((i) => i.kind === 'audit' && i.data.action === 'merge')).toBe(true);
    const view = (await ok(admin.get(`/api/customers/${survivor.id}`), 200)) as unknown as { organizations: { id: string }[] };
    expect(view.organizations.map((o) => o.id)).toEqual([org.id]);
  });

  it('undoes: the loser, its rows and the survivor’s previous values come back exactly', async () => {
    env.clock.advance(29 * 86_400_000);
    admin = await env.login('admin'); // the earlier session has expired
    const res = await admin.post(`/api/customers/merges/${mergeId}/undo`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().merge.undoneAt).not.toBeNull();
    const after = { survivor: await linkedCounts(survivor.id), loser: await linkedCounts(loser.id) };
    for (const t of Object.keys(before.loser).filter((t) => t !== 'audit_log')) {
      expect(after.loser[t], t).toBe(before.loser[t]);
      expect(after.survivor[t], t).toBe(before.survivor[t]);
    }
    expect(await storedRow(survivor.id, true)).toEqual(rowsBefore.survivor);
    expect(await storedRow(loser.id)).toEqual(rowsBefore.loser);
    // Each record's own history is back where it was, followed by the merge and undo notes.
    const loserAudit = await auditIds(loser.id);
    expect(loserAudit.slice(0, auditBefore.loser.length)).toEqual(auditBefore.loser);
    expect(loserAudit).toHaveLength(auditBefore.loser.length + 2);
    expect((await auditIds(survivor.id)).slice(0, auditBefore.survivor.length)).toEqual(auditBefore.survivor);
    expect((await admin.get(`/api/customers/${loser.id}`)).statusCode).toBe(200);
  });

  it('refuses to undo twice', async () => {
    const again = await admin.post(`/api/customers/merges/${mergeId}/undo`);
    expect(again.statusCode).toBe(409);
    expect(await storedRow(loser.id)).toEqual(rowsBefore.loser);
  });

  it('refuses to undo after 30 days, by the runtime clock', async () => {
    const res = await admin.post('/api/customers/merge', { survivorId: survivor.id, loserId: loser.id });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().merge.id;
    env.clock.advance(30 * 86_400_000 + 1);
    admin = await env.login('admin');
    const late = await admin.post(`/api/customers/merges/${id}/undo`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('30 days');
    expect((await storedRow(loser.id)).merged_into).toBe(survivor.id);
    expect((await linkedCounts(loser.id)).tickets).toBe(0);
    expect((await admin.post(`/api/customers/merges/00000000-0000-4000-8000-000000000000/undo`)).statusCode).toBe(404);
  });
});
