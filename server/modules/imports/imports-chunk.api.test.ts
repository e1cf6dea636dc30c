/**
 * The customer chunk writer with many rows in one chunk: duplicates inside the file (a mobile written three ways, an
 * email in another case, a national ID, an external code) against each other and against the database, on "skip" and
 * on "update"; the names of a bulk insert reach the typo search (search words kept per statement).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import { kit } from '../../test/import-kit.ts';

let env: TestEnv;
let admin: Agent;
const k = kit(() => env);
const q = async <T>(s: ReturnType<typeof sql>) => (await env.rt.database.db.execute(s)).rows as T[];

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
});
afterAll(async () => { await env?.close(); });

/** n distinct people (mobiles 0912 300 0000 + i), then the duplicate rows. */
function file(prefix: string, extra: string[], n = 300) {
  const rows = ['کد مشتری,نام,نام خانوادگی,موبایل,ایمیل,کد ملی'];
  for (let i = 0; i < n; i++) rows.push(`${prefix}${i},نام${i},خانواده${i},0912${prefix === 'A' ? 3 : 4}${String(i).padStart(6, '0')},${i % 10 === 0 ? `p${prefix}${i}@Example.ir` : ''},`);
  return [...rows, ...extra].join('\n');
}

describe('customer chunk writer, many rows in one chunk', () => {
  it('in-file duplicates by phone (another format), email (another case) and code are skipped naming the key; the first row wins', async () => {
    const { done } = await k.runImport(admin, 'customers', file('A', [
      'A900,تکراری,یک,+98 912 300 0005,,', // phone of row 5
      'A901,تکراری,دو,۰۹۱۲۳۰۰۰۰۰۷,,', // phone of row 7, Persian digits
      'A902,تکراری,سه,,PA10@example.IR,', // email of row 10
      'A5,تکراری,چهار,09125550000,,', // code of row 5
      'A903,یکتا,پنج,09125550001,,0012345679',
      'A904,تکراری,شش,09125550002,,0012345679', // national ID of the row above
    ]));
    expect(done).toMatchObject({ status: 'done', total: 306, created: 301, skipped: 5, rejected: 0 });
    const skipped = await q<{ row_no: number; reason: string }>(sql`SELECT row_no, reason FROM import_rows WHERE batch_id = ${done.id} AND outcome = 'skipped' ORDER BY row_no`);
    expect(skipped).toEqual([
      { row_no: 300, reason: 'duplicate (phone)' }, { row_no: 301, reason: 'duplicate (phone)' }, { row_no: 302, reason: 'duplicate (email)' },
      { row_no: 303, reason: 'duplicate (externalId)' }, { row_no: 305, reason: 'duplicate (nationalId)' },
    ]);
    const [{ n }] = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM customers WHERE import_batch_id = ${done.id} AND first_name = 'تکراری'`);
    expect(n).toBe(0);
    // Every created customer has one audit entry and its import mark.
    const [{ audits }] = await q<{ audits: number }>(sql`SELECT count(*)::int AS audits FROM audit_log a JOIN customers c ON c.id = a.entity_id
      WHERE a.entity_type = 'customer' AND a.action = 'create' AND c.import_batch_id = ${done.id}`);
    expect(audits).toBe(301);
  }, 120_000);

  it('on "update" a second file fills the records it matches (phones added, not replaced) and creates the rest; undo puts it back', async () => {
    const { done } = await k.runImport(admin, 'customers', file('A', ['A0,نام0,خانواده0,09127770000,,', 'A950,تازه,نو,09127770001,,'], 40), { options: { onDuplicate: 'update' } });
    // 40 rows match the first import's records (by code and phone); A0 again matches by code and adds a phone; A950 is new.
    expect(done).toMatchObject({ total: 42, created: 1, updated: 41, rejected: 0 });
    const [a0] = await q<{ phone_keys: string[] }>(sql`SELECT phone_keys FROM customers WHERE external_id = 'A0' AND deleted_at IS NULL`);
    expect(a0.phone_keys).toEqual(expect.arrayContaining(['+989123000000', '+989127770000']));
    expect((await admin.post(`/api/imports/${done.id}/undo`)).statusCode).toBe(200);
    const [after] = await q<{ phone_keys: string[] }>(sql`SELECT phone_keys FROM customers WHERE external_id = 'A0' AND deleted_at IS NULL`);
    expect(after.phone_keys).not.toContain('+989127770000');
    expect(await q(sql`SELECT 1 FROM customers WHERE external_id = 'A950' AND deleted_at IS NULL`)).toEqual([]);
  }, 120_000);

  it('a row refused at create (a select value not among the options) makes no record, so a later row with its phone is created, not skipped', async () => {
    const opt = (value: string) => ({ value, labelFa: value, labelEn: value });
    expect((await admin.post('/api/custom-fields', { key: 'tier_imp', labelFa: 'سطح', labelEn: 'Tier', type: 'select', options: [opt('gold'), opt('silver')] })).statusCode).toBe(201);
    const { done } = await k.runImport(admin, 'customers', 'نام,نام خانوادگی,موبایل,سطح\nعلی,رضایی,09129990001,platinum\nعلی,رضایی,09129990001,gold\n',
      { mapping: { 0: 'firstName', 1: 'lastName', 2: 'mobile', 3: 'custom:tier_imp' } });
    expect(done).toMatchObject({ total: 2, created: 1, skipped: 0, rejected: 1 });
    const rows = await q<{ row_no: number; outcome: string; tier: string | null }>(sql`SELECT r.row_no, r.outcome, c.custom->>'tier_imp' AS tier
      FROM import_rows r LEFT JOIN customers c ON c.id = r.customer_id WHERE r.batch_id = ${done.id} ORDER BY r.row_no`);
    expect(rows).toEqual([{ row_no: 0, outcome: 'rejected', tier: null }, { row_no: 1, outcome: 'created', tier: 'gold' }]);
  });

  it('the names of a bulk insert become search words: a mistyped name finds the imported customer', async () => {
    const { done } = await k.runImport(admin, 'customers', 'نام,نام خانوادگی,موبایل\nمحمد,اسفندیاری,09128880001\nسارا,کریمی‌نژاد,09128880002\n');
    expect(done).toMatchObject({ created: 2 });
    const words = (await q<{ word: string }>(sql`SELECT word FROM search_words WHERE word IN ('اسفندیاری', 'محمد', 'سارا')`)).map((w) => w.word).sort();
    expect(words).toEqual(['اسفندیاری', 'سارا', 'محمد']);
    const names = async (s: string) => (await admin.get(`/api/customers?q=${encodeURIComponent(s)}`)).json().items.map((c: { displayName: string }) => c.displayName);
    expect(await names('محمد اسفنریاری')).toEqual(['محمد اسفندیاری']);
    // One statement-level trigger for inserts (not one call per row); renames keep the row trigger.
    const triggers = await q<{ tgname: string }>(sql`SELECT tgname FROM pg_trigger WHERE tgrelid = 'customers'::regclass AND tgname LIKE 'customers_search_words%' ORDER BY tgname`);
    expect(triggers.map((t) => t.tgname)).toEqual(['customers_search_words', 'customers_search_words_insert']);
    const renamed = await admin.get('/api/customers?q=' + encodeURIComponent('سارا'));
    const id = renamed.json().items[0].id as string;
    expect((await admin.patch(`/api/customers/${id}`, { lastName: 'کامرانی‌فر' })).statusCode).toBe(200);
    expect((await q<{ word: string }>(sql`SELECT word FROM search_words WHERE word LIKE 'کامرانی%'`)).length).toBeGreaterThan(0);
  });
});
