/**
 * `npm run cli -- import products|purchases|interactions|tickets FILE …` against an embedded data folder: the same
 * summary line as customers, rejected rows written beside the file with English reasons.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { ROOT } from '../paths.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-cli-kinds-'));
const dataDir = path.join(dir, 'data');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'server/cli.ts', ...args], {
      cwd: ROOT, env: { ...process.env, MEHVAR_DATA_DIR: dataDir, DATABASE_URL: '', MEHVAR_JOBS: 'off' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const lastLine = (s: string) => JSON.parse(s.trim().split('\n').pop()!);
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
async function rows(q: ReturnType<typeof sql>) {
  const database = await openDatabase({ dataDir });
  try { return (await database.db.execute(q)).rows; } finally { await database.close(); }
}

describe('npm run cli -- import <kind>', () => {
  it('customers, then products (Toman), purchases (a transaction log), interactions and tickets, each with its summary last', async () => {
    const c = await cli(['import', 'customers', write('c.csv', 'customer code,first name,last name,mobile\n00001,Ava,Stone,09121110001\n00002,Ben,Ray,09121110002\n')]);
    expect(c.code, c.stderr).toBe(0);
    expect(lastLine(c.stdout)).toMatchObject({ created: 2, rejected: 0 });

    const p = await cli(['import', 'products', write('p.csv', 'sku,name,price\nA-1,Pen,1500\nA-2,,20\n'), '--money', 'toman']);
    expect(p.code, p.stderr).toBe(0);
    const ps = lastLine(p.stdout);
    expect(ps).toEqual({ created: 1, updated: 0, skipped: 0, rejected: 1, rejectedFile: expect.stringMatching(/p\.rejected-.*\.csv$/), batchId: expect.any(String) });
    expect(fs.readFileSync(ps.rejectedFile, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n')).toEqual(['sku,name,price,reason', 'A-2,,20,name: required']);
    expect(await rows(sql`SELECT code, price::text AS price FROM products WHERE code = 'A-1'`)).toEqual([{ code: 'A-1', price: '15000' }]);

    const h = await cli(['import', 'purchases', write('log.csv', 'customer_code,date,quantity,amount\n00001,19970101,1,10\n00001,19970101,1,5\n00002,19970102,2,30\n00009,19970103,1,1\n')]);
    expect(h.code, h.stderr).toBe(0);
    expect(lastLine(h.stdout)).toMatchObject({ created: 3, updated: 0, skipped: 0, rejected: 1 });
    expect(await rows(sql`SELECT issue_date::text AS day, grand_total::text AS total FROM documents WHERE number LIKE 'H-%' ORDER BY issue_date`))
      .toEqual([{ day: '1997-01-01', total: '15' }, { day: '1997-01-02', total: '30' }]);

    const i = await cli(['import', 'interactions', write('i.csv', 'customer code,type,date,summary\n00001,call,2024-03-01,Asked for a quote\n00002,fax,2024-03-02,?\n')]);
    expect(i.code, i.stderr).toBe(0);
    expect(lastLine(i.stdout)).toMatchObject({ created: 1, rejected: 1 });

    const t = await cli(['import', 'tickets', write('t.csv', 'ticket number,mobile,subject,status\nZ-1,09121110002,Broken lid,closed\nZ-1,09121110002,Broken lid,closed\n')]);
    expect(t.code, t.stderr).toBe(0);
    // The second row repeats the ticket number: a duplicate, skipped by default.
    expect(lastLine(t.stdout)).toMatchObject({ created: 1, skipped: 1, rejected: 0, rejectedFile: null });
    expect(await rows(sql`SELECT subject, status FROM tickets`)).toEqual([{ subject: 'Broken lid', status: 'closed' }]);
  });

  it('refuses an unknown kind with usage (exit 2)', async () => {
    const r = await cli(['import', 'planets', path.join(dir, 'c.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('import needs: customers|products|purchases|interactions|tickets FILE');
  });
}, 180_000);
