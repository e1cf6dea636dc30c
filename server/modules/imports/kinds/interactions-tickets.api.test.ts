/** Interactions and tickets through the wizard's API: customer keys, Persian labels, users by email, duplicates, undo. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../../test/harness.ts';
import { kit } from '../../../test/import-kit.ts';

let env: TestEnv;
let admin: Agent;
let support: Agent;
const k = kit(() => env);

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: '2025-06-01T08:00:00Z' });
  admin = await env.login('admin');
  support = await env.login('support', { email: 'agent@test.example' });
  const c = await k.runImport(admin, 'customers', 'کد مشتری,نام,نام خانوادگی,موبایل,ایمیل\nK1,سینا,مرادی,09125550001,sina@example.com\nK2,نگار,امینی,09125550002,\n');
  expect(c.done).toMatchObject({ created: 2 });
});
afterAll(async () => { await env?.close(); });

const db = () => env.rt.database.db;

describe('interaction import', () => {
  it('kinds in Persian, Jalali date and time, the user by email; unknown customer, kind and user rejected; duplicates skipped; undo', async () => {
    const file = [
      'کد مشتری,نوع,تاریخ,خلاصه,شرح,کاربر',
      'K1,تماس,1403/01/15 10:30,پیگیری سفارش,قول ارسال تا شنبه,agent@test.example',
      'K2,جلسه,1403/02/01,جلسه معرفی,,',
      ',یادداشت,1403/02/02,بی مشتری,,',
      'K1,پرواز,1403/02/02,نوع نامعلوم,,',
      'K1,visit,1403/02/03,بازدید,,nobody@test.example',
      'K9,note,1403/02/03,مشتری ناشناس,,',
    ].join('\n');
    const { preview, done } = await k.runImport(admin, 'interactions', file);
    expect(preview.mapping).toEqual({ 0: 'customerCode', 1: 'interactionKind', 2: 'date', 3: 'summary', 4: 'body', 5: 'userEmail' });
    expect(preview.preview[0]).toMatchObject({ errors: [], values: { kind: 'call', direction: 'out', occurredAt: '2024-04-03T07:00:00.000Z', summary: 'پیگیری سفارش' } });
    expect(done).toMatchObject({ status: 'done', total: 6, created: 2, skipped: 0, rejected: 4 });
    const rows = (await db().execute(sql`SELECT c.external_id, i.kind, i.direction, to_char(i.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS occurred_at, i.summary, i.body, u.email AS author
      FROM interactions i JOIN customers c ON c.id = i.customer_id LEFT JOIN users u ON u.id = i.author_id
      WHERE c.external_id IN ('K1', 'K2') AND i.deleted_at IS NULL ORDER BY i.occurred_at`)).rows;
    expect(rows).toEqual([
      { external_id: 'K1', kind: 'call', direction: 'out', occurred_at: '2024-04-03T07:00', summary: 'پیگیری سفارش', body: 'قول ارسال تا شنبه', author: 'agent@test.example' },
      { external_id: 'K2', kind: 'meeting', direction: null, occurred_at: '2024-04-20T08:30', summary: 'جلسه معرفی', body: null, author: expect.any(String) },
    ]);
    expect(await k.rejectedReasons(admin, done.id, 'en')).toEqual([
      'customer: the row names no customer (customer code, phone, email or national ID)',
      'interactionKind: "پرواز" is not a kind of interaction (call, meeting, email, sms, visit, note …)',
      'userEmail: no user with the email nobody@test.example',
      'customer: no customer matches (code K9)',
    ]);
    const again = await k.runImport(admin, 'interactions', file);
    expect(again.done).toMatchObject({ created: 0, skipped: 2, rejected: 4 });

    expect((await support.post(`/api/imports/${done.id}/undo`)).statusCode).toBe(403);
    expect((await admin.post(`/api/imports/${done.id}/undo`)).json()).toEqual({ removed: 2, reverted: 0 });
    const [{ n }] = (await db().execute(sql`SELECT count(*)::int AS n FROM interactions i JOIN customers c ON c.id = i.customer_id
      WHERE c.external_id IN ('K1', 'K2') AND i.deleted_at IS NULL`)).rows as { n: number }[];
    expect(n).toBe(0);
    // Undone, the rows are no longer duplicates: a new import makes them again.
    expect((await k.runImport(admin, 'interactions', file)).done).toMatchObject({ created: 2, skipped: 0 });
  });
});

describe('ticket import', () => {
  it('statuses and priorities in Persian, opened at the file\'s date, the ticket number as the duplicate key; update and undo', async () => {
    const file = [
      'شماره تیکت,موبایل,موضوع,شرح,وضعیت,اولویت,دسته بندی,تاریخ ثبت',
      'T-1,09125550001,خرابی دستگاه,دستگاه روشن نمی شود,حل شده,فوری,سخت افزار,1403/03/01',
      'T-2,sina@example.com,سوال درباره فاکتور,,باز,کم,مالی,1403/03/05',
      'T-3,09125550002,بی وضعیت,,گم شده,,,',
      'T-4,09125550009,مشتری نیست,,,,,',
    ].join('\n');
    const { preview, done } = await k.runImport(admin, 'tickets', file);
    expect(preview.mapping).toEqual({ 0: 'ticketNumber', 1: 'customerPhone', 2: 'subject', 3: 'description', 4: 'status', 5: 'priority', 6: 'category', 7: 'date' });
    // The second row's "phone" column holds an email: it is not a phone, and the row has no other key.
    expect(done).toMatchObject({ status: 'done', total: 4, created: 1, rejected: 3 });
    const t = (await db().execute(sql`SELECT t.subject, t.status, t.priority, t.category, to_char(t.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS created_at, to_char(t.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS resolved_at, c.external_id
      FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.subject = 'خرابی دستگاه'`)).rows;
    expect(t).toEqual([{ subject: 'خرابی دستگاه', status: 'resolved', priority: 'urgent', category: expect.stringMatching(/^imp-/), created_at: '2024-05-21T08:30', resolved_at: '2024-05-21T08:30', external_id: 'K1' }]);
    // The file's own category word became a category an admin can rename, named as the file named it.
    const cats = (await admin.get('/api/support/ticket-categories')).json() as { items: { key: string; labelFa: string }[] };
    expect(cats.items.find((c) => c.key === (t[0] as { category: string }).category)?.labelFa).toBe('سخت افزار');
    expect(await k.rejectedReasons(admin, done.id, 'en')).toEqual([
      'customerPhone: "sina@example.com" is not a phone number',
      'status: "گم شده" is not a ticket status (open, resolved, closed …)',
      'customer: no customer matches (phone +989125550009)',
    ]);

    const upd = await k.runImport(admin, 'tickets', 'ticket number,mobile,subject,priority\nT-1,09125550001,خرابی دستگاه (ویرایش),high\n', { options: { onDuplicate: 'update' } });
    expect(upd.done).toMatchObject({ updated: 1, created: 0 });
    const skip = await k.runImport(admin, 'tickets', 'ticket number,mobile,subject\nT-1,09125550001,باز هم\n');
    expect(skip.done).toMatchObject({ skipped: 1, created: 0 });
    const subject = async () => (await db().execute(sql`SELECT t.subject, t.priority FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.external_id = 'K1' ORDER BY t.created_at`)).rows;
    expect(await subject()).toEqual([{ subject: 'خرابی دستگاه (ویرایش)', priority: 'high' }]);
    expect((await admin.post(`/api/imports/${upd.done.id}/undo`)).json()).toEqual({ removed: 0, reverted: 1 });
    expect(await subject()).toEqual([{ subject: 'خرابی دستگاه', priority: 'urgent' }]);
    expect((await admin.post(`/api/imports/${done.id}/undo`)).json()).toEqual({ removed: 1, reverted: 0 });
    expect(await subject()).toEqual([]);
  });
});
