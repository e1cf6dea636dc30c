import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';

let env: TestEnv;
let admin: Agent;
let sales: Agent;
let ownExporter: Agent;

/** The first sheet as rows of cell texts (the header first), and whether it reads right to left. */
async function readSheet(payload: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return { rows, rtl: Boolean(ws.views?.[0]?.rightToLeft), name: ws.name };
}

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
  sales = await env.login('sales');
  // Export right, but only their own customers.
  const permissions = structuredClone(DEFAULT_ROLES.manager.permissions);
  permissions.customers = { ops: ['read', 'create', 'update', 'export'], scope: 'own' };
  const role = await admin.post('/api/roles', { key: 'own_exporter', name: 'خروجی محدود', permissions });
  await admin.post('/api/users', { email: 'own-exporter@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id });
  ownExporter = await loginAs(env.app, 'own-exporter@test.example', 'Kooh-Sabz-Abi-Nazok-12');
});
afterAll(async () => env?.close());

describe('export selected customers as XLSX', () => {
  it('writes only the selected rows, every cell formula-safe text (E.164 phones kept), in a right-to-left sheet', async () => {
    const a = (await admin.post('/api/customers', { kind: 'person', firstName: '=HYPERLINK("http://x")', lastName: 'حمله', phones: [{ number: '09121234567' }], tags: ['@ویژه', '-1+1'] })).json();
    const b = (await admin.post('/api/customers', { kind: 'person', firstName: 'سارا', lastName: 'محمدی' })).json();
    await admin.post('/api/customers', { kind: 'person', firstName: 'انتخاب‌نشده', lastName: 'دیگر' });
    const res = await admin.get(`/api/customers/export?format=xlsx&ids=${a.id},${b.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/customers-\d{4}-\d{2}-\d{2}\.xlsx/);
    const { rows, rtl, name } = await readSheet(res.rawPayload);
    expect(rtl).toBe(true);
    expect(name).toBe('مشتریان');
    const head = rows[0];
    expect(rows).toHaveLength(3);
    const col = (row: string[], key: string) => row[head.indexOf(key)];
    const attack = rows.find((r) => col(r, 'id') === a.id)!;
    expect(col(attack, 'firstName')).toBe(`'=HYPERLINK("http://x")`);
    expect(col(attack, 'phones')).toBe('+989121234567');
    expect(col(attack, 'tags')).toBe("'@ویژه; -1+1");
    expect(rows.slice(1).map((r) => col(r, 'id')).sort()).toEqual([a.id, b.id].sort());
    const en = await readSheet((await admin.get(`/api/customers/export?format=xlsx&lang=en&ids=${b.id}`)).rawPayload);
    expect(en.rtl).toBe(false);
    expect(en.rows).toHaveLength(2);
  });

  it('needs the export right, and keeps to the reader’s scope (a selected customer out of scope is not written)', async () => {
    const res = await sales.get('/api/customers/export?format=xlsx');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    const mine = (await ownExporter.post('/api/customers', { kind: 'person', firstName: 'مال', lastName: 'من' })).json();
    const notMine = (await admin.post('/api/customers', { kind: 'person', firstName: 'مال', lastName: 'دیگری' })).json();
    const file = await ownExporter.get(`/api/customers/export?format=xlsx&ids=${mine.id},${notMine.id}`);
    expect(file.statusCode, file.body).toBe(200);
    const { rows } = await readSheet(file.rawPayload);
    expect(rows.slice(1).map((r) => r[0])).toEqual([mine.id]);
    expect((await admin.get('/api/customers/export?format=pdf')).statusCode).toBe(400);
  });
});
