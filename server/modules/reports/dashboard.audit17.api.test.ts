/**
 * Issue 17 audit (audit17): "Reports export to CSV/XLSX … respecting scope and export permission". The dashboard's
 * other tests export as a manager (everything) and refuse a seller without the export permission; here a seller who
 * may export but sees only their own customers gets a file with only their customers' figures, also right after a
 * manager's figures were computed and kept for the same period (the kept answer is per reader view).
 * Period: Ordibehesht 1405 (2026-04-21 … 2026-05-21, Tehran).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { createTestEnv, loginAs, type TestEnv, type Agent } from '../../test/harness.ts';
import { plantInvoice } from '../../test/plant-invoice.ts';

const PW = 'Golbarg-Narenj-Sahel-47';
let env: TestEnv;
let manager: Agent;
let seller: Agent;

const invoice = (customer: string, total: number) => plantInvoice(env.rt.database.db, customer, total, '2026-05-10');

beforeAll(async () => {
  env = await createTestEnv({ start: '2026-05-12T08:00:00Z' });
  manager = await env.login('manager');
  const admin = await env.login('admin');
  const role = await admin.post('/api/roles', { key: 'own_exporter', name: 'فروش (فقط خودش، با خروجی)', permissions: {
    customers: { ops: ['read', 'create'], scope: 'own' }, documents: { ops: ['read'], scope: 'own' },
    tickets: { ops: ['read'], scope: 'own' }, reports: { ops: ['read', 'export'], scope: 'all' },
  } });
  expect(role.statusCode, role.body).toBe(201);
  const user = await admin.post('/api/users', { email: 'exporter@test.example', name: 'فروشنده', password: PW, roleId: role.json().id });
  expect(user.statusCode, user.body).toBe(201);
  seller = await loginAs(env.app, 'exporter@test.example', PW);
  const made = async (agent: Agent, name: string) => {
    const res = await agent.post('/api/customers', { kind: 'person', firstName: name, lastName: 'آزمون' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  await invoice(await made(seller, 'نگار'), 170_000);
  await invoice(await made(manager, 'بهرام'), 330_000);
}, 180_000);
afterAll(async () => env?.close());

describe('dashboard export in the reader\'s scope (audit17)', () => {
  it('a manager\'s file has every customer\'s revenue; an own-scope seller\'s has only theirs (CSV and XLSX)', async () => {
    const all = await manager.get('/api/dashboard?period=month&format=csv&lang=en');
    expect(all.statusCode, all.body).toBe(200);
    expect(all.body).toContain('Figures,Revenue (Rials),500000,');

    const csv = await seller.get('/api/dashboard?period=month&format=csv&lang=en');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('Figures,Revenue (Rials),170000,');
    expect(csv.body).not.toContain('500000');
    expect(csv.body).not.toContain('330000');

    const xlsx = await seller.get('/api/dashboard?period=month&format=xlsx&lang=en');
    expect(xlsx.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(xlsx.rawPayload));
    // The cells and the shared strings (numbers may be either).
    const sheets = Object.keys(files).filter((f) => f.startsWith('xl/worksheets/') || f === 'xl/sharedStrings.xml').map((f) => strFromU8(files[f])).join('');
    expect(sheets).toContain('170000');
    expect(sheets).not.toContain('500000');
    expect(sheets).not.toContain('330000');

    // The JSON the seller reads is the same figure.
    const json = await seller.get('/api/dashboard?period=month');
    expect(json.json().metrics.revenue.value).toBe('170000');
  });
});
