import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import iconv from 'iconv-lite';
import { sql } from 'drizzle-orm';
import { createTestEnv, until, type Agent, type TestEnv } from '../../test/harness.ts';
import type { ImportPreview, ImportView } from '../../../common/imports.schemas.ts';
import { withTx } from '../../db/tx.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { actorsOfUsers } from '../auth/index.ts';
import { resumeImports, startImport, runQueuedBatch } from './index.ts';

/** Excel's Persian CSV: Windows-1256, which has Arabic ي/ك and no Persian ی/ک. */
const cp1256 = (text: string) => iconv.encode(text.replace(/ی/g, 'ي').replace(/ک/g, 'ك'), 'windows-1256');

let env: TestEnv;
let admin: Agent;
let sales: Agent;

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
  sales = await env.login('sales');
});
afterAll(async () => { await env?.close(); });

async function upload(agent: Agent, body: Buffer | string, query = 'fileName=customers.csv', type = 'text/csv') {
  return env.app.inject({ method: 'POST', url: `/api/imports?${query}`, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': type }, payload: body });
}

/** Polls the progress route until the import leaves queued/running (bounded). */
async function finished(agent: Agent, id: string): Promise<ImportView> {
  return until(async () => {
    const v = (await agent.get(`/api/imports/${id}`)).json() as ImportView;
    return v.status === 'queued' || v.status === 'running' ? undefined : v;
  }, 30_000);
}

async function customersOfBatch(batchId: string) {
  const r = await env.rt.database.db.execute(sql`SELECT first_name, last_name, phone_keys, national_id, birthday::text AS birthday, city, external_id, deleted_at
    FROM customers WHERE import_batch_id = ${batchId} ORDER BY external_id`);
  return r.rows as { first_name: string | null; last_name: string | null; phone_keys: string[]; national_id: string | null; birthday: string | null; city: string | null; external_id: string | null; deleted_at: unknown }[];
}

describe('customer import through the API', () => {
  it('upload → preview with errors → mapping → start → progress → stored records, skipped duplicates and rejected rows', async () => {
    // An existing customer whose mobile appears (in another format) in the file.
    const existing = await admin.post('/api/customers', { kind: 'person', firstName: 'قدیمی', lastName: 'موجود', phones: [{ number: '09350000001' }] });
    expect(existing.statusCode, existing.body).toBe(201);
    const file = cp1256([
      'فهرست مشتریان فروشگاه,,,,,,',
      'کد مشتری,نام و نام خانوادگی,موبایل,کد ملی,تاریخ تولد,شهر,رنگ',
      'C1,علی رضایی,09121110001 - 021-88776655,0012345679,1370/05/12,تهران,آبی',
      'C2,مریم کریمی,abc,,1991-08-03,شیراز,قرمز',
      'C3,رضا قدیمی,+98 935 000 0001,,,,سبز',
      'C4,=HYPERLINK("x"),09121110004,,1370/13/01,,',
      'C5,سارا احمدی,09121110005,,,اصفهان,زرد',
      'C6,علی رضایی دوم,0912-111-0001,,,,',
      ',,,,,,',
      ',,,,,,',
    ].join('\r\n') + '\r\n');

    const up = await upload(admin, file);
    expect(up.statusCode, up.body).toBe(201);
    const p = up.json() as ImportPreview;
    expect(p).toMatchObject({ status: 'uploaded', format: 'csv', encoding: 'windows-1256', headerRow: 1, total: 6 });
    expect(p.headers).toEqual(['کد مشتری', 'نام و نام خانوادگی', 'موبایل', 'کد ملی', 'تاریخ تولد', 'شهر', 'رنگ']);
    expect(p.mapping).toEqual({ 0: 'externalId', 1: 'fullName', 2: 'mobile', 3: 'nationalId', 4: 'birthday', 5: 'city', 6: 'ignore' });
    expect(p.preview).toHaveLength(6);
    expect(p.preview[0]).toMatchObject({ row: 1, errors: [], values: { firstName: 'علی', lastName: 'رضایی', nationalId: '0012345679', birthday: '1991-08-03', city: 'تهران', externalId: 'C1' } });
    expect((p.preview[0].values as { phones: { number: string }[] }).phones.map((x) => x.number)).toEqual(['+989121110001', '+982188776655']);
    expect(p.preview[1].errors).toEqual(['phone: "abc" is not a valid phone number']);
    expect(p.preview[3].errors).toEqual(['birthday: "1370/13/01" is not a valid Jalali date']);

    // The "color" column goes to tags.
    const put = await admin.put(`/api/imports/${p.id}`, { mapping: { ...p.mapping, 6: 'tags' }, options: { onDuplicate: 'skip' } });
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as ImportPreview).preview[0].values).toMatchObject({ tags: ['آبی'] });

    const start = await admin.post(`/api/imports/${p.id}/start`);
    expect(start.statusCode, start.body).toBe(202);
    const done = await finished(admin, p.id);
    // C1, C5 created; C3 (existing phone) and C6 (C1's mobile) skipped; C2 and C4 rejected.
    expect(done).toMatchObject({ status: 'done', total: 6, processed: 6, created: 2, updated: 0, skipped: 2, rejected: 2 });
    const stored = await customersOfBatch(p.id);
    expect(stored.map((c) => [c.external_id, c.first_name, c.last_name, c.phone_keys, c.national_id, c.birthday, c.city])).toEqual([
      ['C1', 'علی', 'رضایی', ['+989121110001', '+982188776655'], '0012345679', '1991-08-03', 'تهران'],
      ['C5', 'سارا', 'احمدی', ['+989121110005'], null, null, 'اصفهان'],
    ]);

    const rej = await admin.get(`/api/imports/${p.id}/rejected.csv?lang=en`);
    expect(rej.statusCode).toBe(200);
    expect(rej.headers['content-type']).toMatch(/text\/csv/);
    const lines = rej.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'کد مشتری,نام و نام خانوادگی,موبایل,کد ملی,تاریخ تولد,شهر,رنگ,reason',
      'C2,مریم کریمی,abc,,1991-08-03,شیراز,قرمز,"phone: ""abc"" is not a valid phone number"',
      // A cell a spreadsheet would run as a formula is neutralized.
      `C4,"'=HYPERLINK(""x"")",09121110004,,1370/13/01,,,"birthday: ""1370/13/01"" is not a valid Jalali date"`,
    ]);
    // Without lang, the reasons come in the user's language (Persian by default).
    const fa = (await admin.get(`/api/imports/${p.id}/rejected.csv`)).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(fa[0]).toBe('کد مشتری,نام و نام خانوادگی,موبایل,کد ملی,تاریخ تولد,شهر,رنگ,دلیل');
    expect(fa[1]).toBe('C2,مریم کریمی,abc,,1991-08-03,شیراز,قرمز,تلفن: «abc» شماره تلفن درستی نیست');
    expect(fa[2]).toMatch(/,تاریخ تولد: «1370\/13\/01» تاریخ شمسی درستی نیست$/);
    // A started import's settings are fixed.
    expect((await admin.put(`/api/imports/${p.id}`, { options: { onDuplicate: 'create' } })).statusCode).toBe(409);
  });

  it('update on duplicate, then undo: created records removed, updated fields put back (undo needs delete permission)', async () => {
    const existing = (await admin.post('/api/customers', { kind: 'person', firstName: 'نرگس', lastName: 'نوری', city: 'کرج', phones: [{ number: '09124440001' }], emails: [{ address: 'old@example.com' }] })).json() as { id: string };
    const file = Buffer.from('\uFEFFName,Mobile,Email,City\r\nNarges Noori,+989124440001,NEW@example.com,Tabriz\r\nNew Person,09124440002,,Rasht\r\n');
    const p = (await upload(admin, file, 'fileName=update.csv')).json() as ImportPreview;
    expect(p.encoding).toBe('utf-8');
    expect(p.mapping).toEqual({ 0: 'fullName', 1: 'mobile', 2: 'email', 3: 'city' });
    // Updating needs customers:update; sales has it.
    expect((await admin.put(`/api/imports/${p.id}`, { options: { onDuplicate: 'update' } })).statusCode).toBe(200);
    expect((await admin.post(`/api/imports/${p.id}/start`)).statusCode).toBe(202);
    const done = await finished(admin, p.id);
    expect(done).toMatchObject({ status: 'done', created: 1, updated: 1, skipped: 0, rejected: 0 });
    const after = ((await admin.get(`/api/customers/${existing.id}`)).json() as { customer: unknown }).customer as { city: string; emails: { address: string }[]; firstName: string };
    // The record's own name stays (the row gives the same person); the row's city replaces, its email is added.
    expect(after.city).toBe('Tabriz');
    expect(after.emails.map((e) => e.address)).toEqual(['old@example.com', 'new@example.com']);
    const created = await customersOfBatch(p.id);
    expect(created).toHaveLength(1);

    // Sales may not delete customers: the undo is refused and nothing changes.
    const denied = await sales.post(`/api/imports/${p.id}/undo`);
    expect(denied.statusCode).toBe(403);
    expect((await customersOfBatch(p.id))[0].deleted_at).toBeNull();
    expect((((await admin.get(`/api/customers/${existing.id}`)).json() as { customer: unknown }).customer as { city: string }).city).toBe('Tabriz');

    const undo = await admin.post(`/api/imports/${p.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect(undo.json()).toEqual({ removed: 1, reverted: 1 });
    const back = ((await admin.get(`/api/customers/${existing.id}`)).json() as { customer: unknown }).customer as { city: string; emails: { address: string }[]; firstName: string; lastName: string };
    expect([back.firstName, back.lastName, back.city, back.emails.map((e) => e.address)]).toEqual(['نرگس', 'نوری', 'کرج', ['old@example.com']]);
    expect((await customersOfBatch(p.id))[0].deleted_at).not.toBeNull();
    expect(((await admin.get(`/api/imports/${p.id}`)).json() as ImportView).status).toBe('undone');
    // Twice is a conflict, not a second removal.
    expect((await admin.post(`/api/imports/${p.id}/undo`)).statusCode).toBe(409);
  });

  it('an XLSX upload, a cancelled import cannot start, bad input is a 4xx', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['نام', 'نام خانوادگی', 'تلفن همراه']);
    ws.addRow(['پرویز', 'پرستویی', '۰۹۱۲۵۵۵۰۰۰۱']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await upload(admin, xlsx, 'fileName=list.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(up.statusCode, up.body).toBe(201);
    const p = up.json() as ImportPreview;
    expect(p).toMatchObject({ format: 'xlsx', total: 1, mapping: { 0: 'firstName', 1: 'lastName', 2: 'mobile' } });
    const cancel = await admin.post(`/api/imports/${p.id}/cancel`);
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    expect((await admin.post(`/api/imports/${p.id}/start`)).statusCode).toBe(409);
    expect(await customersOfBatch(p.id)).toEqual([]);

    expect((await upload(admin, '')).statusCode).toBe(400);
    const headersOnly = await upload(admin, 'نام,موبایل\r\n,\r\n');
    expect(headersOnly.statusCode).toBe(400);
    expect(headersOnly.json().error.details).toEqual({ file: 'no data rows' });
    const badMap = await admin.put(`/api/imports/${p.id}`, { mapping: { 0: 'shoeSize' } });
    expect(badMap.statusCode).toBe(400);
    expect((await admin.get('/api/imports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const anon = await env.app.inject({ method: 'GET', url: `/api/imports/${p.id}` });
    expect(anon.statusCode).toBe(401);
  });

  it('an import left queued by a crash (committed, job never sent) is picked up again at start', async () => {
    const p = (await upload(admin, Buffer.from('نام,موبایل\nفرهاد,09128880001\nفریبا,09128880002\n'), 'fileName=orphan.csv')).json() as ImportPreview;
    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    // Started with a queue that drops the job: the batch is queued and nothing will run it.
    await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
    expect(((await admin.get(`/api/imports/${p.id}`)).json() as ImportView).status).toBe('queued');
    await resumeImports(env.rt.database, env.rt.queue);
    expect(await finished(admin, p.id)).toMatchObject({ status: 'done', created: 2, processed: 2 });
  });

  it('an erased person is not brought back by a file: the row is rejected naming the erasure, the others go in', async () => {
    const c = await admin.post('/api/customers', { kind: 'person', firstName: 'پاک', lastName: 'شده', phones: [{ number: '09127770001' }] });
    expect(c.statusCode, c.body).toBe(201);
    expect((await admin.post(`/api/customers/${c.json().id}/erase`, { confirm: 'پاک شده' })).statusCode).toBe(200);
    const file = ['نام,نام خانوادگی,موبایل', 'پاک,شده,+98 912 777 0001', 'تازه,وارد,09127770002'].join('\n') + '\n';
    const p = (await upload(admin, file)).json() as ImportPreview;
    expect((await admin.post(`/api/imports/${p.id}/start`)).statusCode).toBe(202);
    const done = await finished(admin, p.id);
    expect(done).toMatchObject({ status: 'done', created: 1, rejected: 1 });
    const rej = (await admin.get(`/api/imports/${p.id}/rejected.csv`)).body;
    expect(rej).toContain('erased customer');
    const back = await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM customers WHERE '+989127770001' = ANY(phone_keys) AND deleted_at IS NULL`);
    expect((back.rows[0] as { n: number }).n).toBe(0);
  });

  it('the row-by-row fallback gives each row the same outcome as the chunk path', async () => {
    await admin.post('/api/customers', { kind: 'person', lastName: 'پیشین', phones: [{ number: '09129990001' }], emails: [{ address: 'was@here.ir' }] });
    const file = Buffer.from(['کد مشتری,نام و نام خانوادگی,موبایل,ایمیل', 'Z1,تازه یکم,09129990010,', 'Z2,تکراری موجود,0912 999 0001,', 'Z3,تکراری در فایل,09129990010,',
      'Z4,ایمیل تکراری,,WAS@here.ir', 'Z5,خراب,12,', 'Z1,کد تکراری,09129990020,', 'Z6,تازه دوم,09129990030,new@x.ir'].join('\n'));
    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    const run = async (rowByRow: boolean) => {
      const p = (await upload(admin, file, 'fileName=same.csv')).json() as ImportPreview;
      await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
      await runQueuedBatch(env.rt.database, env.clock, p.id, { rowByRow });
      const rows = (await env.rt.database.db.execute(sql`SELECT row_no, outcome, reason FROM import_rows WHERE batch_id = ${p.id} ORDER BY row_no`)).rows;
      expect((await admin.post(`/api/imports/${p.id}/undo`)).statusCode).toBe(200);
      return rows;
    };
    const fast = await run(false);
    expect(fast.map((r) => r.outcome)).toEqual(['created', 'skipped', 'skipped', 'skipped', 'rejected', 'skipped', 'created']);
    expect(await run(true)).toEqual(fast);
  });
});
