/**
 * Issue 14's import points the other import tests leave unasserted (audit14): every header the issue names is mapped
 * on upload, in Persian and in English; "create" on a duplicate makes a new record; and an import cancelled while it
 * runs stops after the chunk it is on — what was committed stays, counted, nothing after it is written, and undo
 * removes what it made.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import type { ImportPreview, ImportView } from '../../../common/imports.schemas.ts';
import { withTx } from '../../db/tx.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { actorsOfUsers } from '../auth/index.ts';
import { startImport, runQueuedBatch } from './index.ts';

let env: TestEnv;
let admin: Agent;

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => { await env?.close(); });

async function upload(body: string, fileName: string) {
  const res = await env.app.inject({ method: 'POST', url: `/api/imports?fileName=${fileName}`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' }, payload: Buffer.from(body) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ImportPreview;
}
const liveOfBatch = async (batchId: string) => ((await env.rt.database.db.execute(sql`SELECT external_id FROM customers WHERE import_batch_id = ${batchId} AND deleted_at IS NULL ORDER BY external_id`)).rows as { external_id: string }[]).map((r) => r.external_id);

describe('the headers the issue names', () => {
  it('«نام» «نام خانوادگی» «موبایل» «تلفن همراه» «کد ملی» «ایمیل» «شهر» «تاریخ تولد» and their English names map on upload', async () => {
    const fa = await upload('نام,نام خانوادگی,موبایل,تلفن همراه,کد ملی,ایمیل,شهر,تاریخ تولد\nعلی,رضایی,09121410001,09121410002,0012345679,a14@example.ir,تهران,۱۳۷۰/۰۵/۱۲\n', 'fa.csv');
    expect(fa.mapping).toEqual({ 0: 'firstName', 1: 'lastName', 2: 'mobile', 3: 'mobile', 4: 'nationalId', 5: 'email', 6: 'city', 7: 'birthday' });
    expect(fa.preview[0]).toMatchObject({ errors: [], values: { firstName: 'علی', lastName: 'رضایی', nationalId: '0012345679', city: 'تهران', birthday: '1991-08-03' } });
    expect((fa.preview[0].values as { phones: { number: string }[] }).phones.map((p) => p.number)).toEqual(['+989121410001', '+989121410002']);
    const en = await upload('First name,Last name,Mobile,National ID,Email,City,Birthday\nAli,Rezaei,09121410003,0012345679,b14@example.ir,Tehran,1991-08-03\n', 'en.csv');
    expect(en.mapping).toEqual({ 0: 'firstName', 1: 'lastName', 2: 'mobile', 3: 'nationalId', 4: 'email', 5: 'city', 6: 'birthday' });
    for (const p of [fa, en]) expect((await admin.post(`/api/imports/${p.id}/cancel`)).statusCode).toBe(200);
  });
});

describe('"create" on a duplicate', () => {
  it('makes a new record for a row matching an existing one (and for a repeat in the file); the existing one is left as it was', async () => {
    const existing = await admin.post('/api/customers', { kind: 'person', firstName: 'پیشین', lastName: 'ساکن', city: 'قم', phones: [{ number: '09121430001' }] });
    expect(existing.statusCode, existing.body).toBe(201);
    const p = await upload('کد مشتری,نام,نام خانوادگی,موبایل,شهر\nD1,تازه,یکم,+98 912 143 0001,کرج\nD2,تازه,دوم,0912-143-0001,ساری\n', 'create.csv');
    const put = await admin.put(`/api/imports/${p.id}`, { options: { onDuplicate: 'create' } });
    expect(put.statusCode, put.body).toBe(200);
    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
    await runQueuedBatch(env.rt.database, env.clock, p.id);
    expect((await admin.get(`/api/imports/${p.id}`)).json()).toMatchObject({ status: 'done', created: 2, updated: 0, skipped: 0, rejected: 0 });
    expect(await liveOfBatch(p.id)).toEqual(['D1', 'D2']);
    const same = await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customers WHERE '+989121430001' = ANY(phone_keys) AND deleted_at IS NULL`);
    expect((same.rows[0] as { n: number }).n).toBe(3);
    const before = (await admin.get(`/api/customers/${existing.json().id}`)).json().customer as { firstName: string; city: string };
    expect([before.firstName, before.city]).toEqual(['پیشین', 'قم']);
  });
});

describe('cancel while running', () => {
  it('stops after the chunk it is on: committed rows stay and are counted, later rows are never written; undo removes them', async () => {
    const lines = ['کد مشتری,نام,نام خانوادگی,موبایل'];
    for (let i = 1; i <= 12; i++) lines.push(`X${String(i).padStart(2, '0')},نام${i},لغو${i},0912142${String(i).padStart(4, '0')}`);
    const p = await upload(lines.join('\n') + '\n', 'cancel.csv');
    expect(p.total).toBe(12);
    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    // Started with a queue that drops the job, so this test runs the batch itself, chunk by chunk.
    await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
    let cancelAnswer: ImportView | undefined;
    await runQueuedBatch(env.rt.database, env.clock, p.id, { chunkSize: 4, afterChunk: async (k) => {
      // The person presses "cancel" once the first chunk is committed.
      if (k === 1) cancelAnswer = (await admin.post(`/api/imports/${p.id}/cancel`)).json() as ImportView;
    } });
    expect(cancelAnswer).toMatchObject({ status: 'cancelled' });
    const view = (await admin.get(`/api/imports/${p.id}`)).json() as ImportView;
    expect(view).toMatchObject({ status: 'cancelled', total: 12, processed: 4, created: 4, skipped: 0, rejected: 0 });
    expect(await liveOfBatch(p.id)).toEqual(['X01', 'X02', 'X03', 'X04']);
    const later = await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customers WHERE external_id IN ('X05','X06','X07','X08','X09','X10','X11','X12')`);
    expect((later.rows[0] as { n: number }).n).toBe(0);
    // A cancelled import cannot be started again (a retried job changes nothing either).
    expect((await admin.post(`/api/imports/${p.id}/start`)).statusCode).toBe(409);
    await runQueuedBatch(env.rt.database, env.clock, p.id, { chunkSize: 4 });
    expect(await liveOfBatch(p.id)).toHaveLength(4);
    const undo = await admin.post(`/api/imports/${p.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toEqual({ removed: 4, reverted: 0 });
    expect(await liveOfBatch(p.id)).toEqual([]);
  });
});
