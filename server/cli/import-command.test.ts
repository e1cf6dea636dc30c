/**
 * The command-line contract: `npx tsx server/cli.ts import customers FILE …` against an embedded data folder, with a
 * Windows-1256 CSV and a Persian XLSX made here; the JSON summary is the last line. While another process holds the
 * folder the command refuses; a lock left by a dead process is taken over.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { LOCK_FILE } from '../db/folder-lock.ts';

const lockFileOf = (dataDir: string) => path.join(dataDir, LOCK_FILE);
import { ROOT } from '../paths.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-cli-import-'));
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

async function rows(q: ReturnType<typeof sql>) {
  const database = await openDatabase({ dataDir });
  try { return (await database.db.execute(q)).rows; } finally { await database.close(); }
}

describe('npm run cli -- import customers', () => {
  it('imports a Windows-1256 CSV, writes the rejected rows beside it, prints the summary last', async () => {
    const csv = path.join(dir, 'moshtarian.csv');
    const text = 'لیست مشتریان,,,,\r\nنام,نام خانوادگی,موبایل,کد ملی,تاریخ تولد\r\n'
      + 'کاوه,یزدانی,09127770001,0012345679,1370/05/12\r\nلیلا,کاظمی,09127770002;09127770003,,1365-01-15\r\nبد,ردیف,12,,\r\n,,,,\r\n';
    fs.writeFileSync(csv, iconv.encode(text.replace(/ی/g, 'ي').replace(/ک/g, 'ك'), 'windows-1256'));
    const r = await cli(['import', 'customers', csv]);
    expect(r.code, r.stderr).toBe(0);
    const summary = lastLine(r.stdout);
    expect(summary).toEqual({ created: 2, updated: 0, skipped: 0, rejected: 1, rejectedFile: expect.any(String), batchId: expect.any(String) });
    expect(path.dirname(summary.rejectedFile)).toBe(dir);
    const rejected = fs.readFileSync(summary.rejectedFile, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rejected).toEqual(['نام,نام خانوادگی,موبایل,کد ملی,تاریخ تولد,reason', 'بد,ردیف,12,,,"phone: ""12"" is not a valid phone number"']);
    const stored = await rows(sql`SELECT first_name, last_name, phone_keys, birthday::text AS birthday, owner_id FROM customers WHERE import_batch_id = ${summary.batchId} ORDER BY phone_keys[1]`);
    expect(stored).toEqual([
      { first_name: 'کاوه', last_name: 'یزدانی', phone_keys: ['+989127770001'], birthday: '1991-08-03', owner_id: null },
      { first_name: 'لیلا', last_name: 'کاظمی', phone_keys: ['+989127770002', '+989127770003'], birthday: '1986-04-04', owner_id: null },
    ]);
  });

  it('imports a Persian XLSX with --dates jalali --on-duplicate update (a row matching by phone updates it)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('مشتریان');
    ws.addRow(['مشتریان فروشگاه مرکزی']);
    ws.mergeCells('A1:D1');
    ws.addRow(['نام و نام خانوادگی', 'تلفن همراه', 'شهر', 'تاریخ تولد']);
    ws.addRow(['کاوه یزدانی', '۰۹۱۲۷۷۷۰۰۰۱', 'قم', '۱۳۷۰/۰۵/۱۲']);
    ws.addRow(['نگار شمس', '+98 912 777 0009', 'یزد', '1990-01-01']);
    const file = path.join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await cli(['import', 'customers', file, '--dates', 'jalali', '--on-duplicate', 'update']);
    expect(r.code, r.stderr).toBe(0);
    // The Gregorian date is refused under --dates jalali.
    expect(lastLine(r.stdout)).toEqual({ created: 0, updated: 1, skipped: 0, rejected: 1, rejectedFile: expect.stringMatching(/list\.rejected-.*\.csv$/), batchId: expect.any(String) });
    const kaveh = await rows(sql`SELECT city, count(*) OVER () AS n FROM customers WHERE '+989127770001' = ANY(phone_keys) AND deleted_at IS NULL`);
    expect(kaveh).toEqual([{ city: 'قم', n: expect.anything() }]);
    expect(Number((kaveh[0] as { n: unknown }).n)).toBe(1);
  });

  it('refuses while another process holds the data folder; takes over a dead process’s lock', async () => {
    const held = await openDatabase({ dataDir });
    try {
      const r = await cli(['import', 'customers', path.join(dir, 'moshtarian.csv')]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Mehvar is running on this data folder; stop it first or use the import screen');
      expect(r.stdout).not.toMatch(/"batchId"/);
    } finally {
      await held.close();
    }
    // A lock naming a process that has exited (its pid is free).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(lockFileOf(dataDir), JSON.stringify({ pid: Number(dead), command: 'server/main.ts', since: '2026-12-04T08:00:00.000Z' }));
    const r = await cli(['import', 'customers', path.join(dir, 'moshtarian.csv'), '--on-duplicate', 'skip']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastLine(r.stdout)).toMatchObject({ created: 0, updated: 0, skipped: 2, rejected: 1 });
    expect(fs.existsSync(lockFileOf(dataDir))).toBe(false);
  });

  it('refuses bad options with usage (exit 2)', async () => {
    const r = await cli(['import', 'customers', path.join(dir, 'moshtarian.csv'), '--dates', 'lunar']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dates must be one of auto, jalali, gregorian');
  });
}, 120_000);
