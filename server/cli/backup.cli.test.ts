/**
 * The backup and restore commands as an operator runs them (`npm run cli -- backup --out F`, `restore --from F`):
 * the JSON summary on the last line, a refusal while another process holds the embedded folder, and a refusal to
 * restore over data without --force. On PostgreSQL (TEST_DATABASE_URL) the same commands with DATABASE_URL.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { lockFolder } from '../db/folder-lock.ts';
import { openDatabase, runMigrations } from '../db/client.ts';
import { createScratchDatabase } from '../test/scratch-db.ts';
import { TEST_PG } from '../test/harness.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-cli-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', MEHVAR_JOBS: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').at(-1)!);

async function addCustomers(db: Awaited<ReturnType<typeof openDatabase>>, names: string[]) {
  for (const n of names) await db.query(`INSERT INTO customers (kind, org_name, display_name) VALUES ('organization', $1, $1)`, [n]);
}

describe.runIf(!TEST_PG)('backup and restore commands, embedded', () => {
  const source = path.join(tmp, 'source');
  const target = path.join(tmp, 'target');
  const file = path.join(tmp, 'out', 'b.tar.gz');

  it('backs up, refuses while the folder is held, restores into a new folder, refuses over data without --force', async () => {
    const db = await openDatabase({ dataDir: source });
    await runMigrations(db); // a new folder has the schema only when the install built its template
    await addCustomers(db, ['شرکت الف', 'شرکت ب', 'شرکت ج']);
    await db.close();

    const hold = lockFolder(source); // as a running server would
    const busy = await cli(['backup', '--out', file], { MEHVAR_DATA_DIR: source });
    hold();
    expect(busy.code).not.toBe(0);
    expect(busy.err).toContain('Mehvar is running on the data folder');
    expect(busy.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(fs.existsSync(file)).toBe(false);

    const made = await cli(['backup', '--out', file], { MEHVAR_DATA_DIR: source });
    expect(made.code, made.err).toBe(0);
    const summary = lastJson(made.out);
    expect(summary).toMatchObject({ file, database: 'pglite', bytes: fs.statSync(file).size });
    expect(summary.rows).toBeGreaterThanOrEqual(3);

    const restored = await cli(['restore', '--from', file], { MEHVAR_DATA_DIR: target });
    expect(restored.code, restored.err).toBe(0);
    expect(lastJson(restored.out)).toMatchObject({ from: file, database: 'pglite', replaced: null, tables: summary.tables, rows: summary.rows });
    const check = await openDatabase({ dataDir: target });
    try {
      expect((await check.query<{ name: string }>('SELECT org_name AS name FROM customers ORDER BY org_name')).map((r) => r.name))
        .toEqual(['شرکت الف', 'شرکت ب', 'شرکت ج']);
    } finally { await check.close(); }

    const again = await cli(['restore', '--from', file], { MEHVAR_DATA_DIR: target });
    expect(again.code).not.toBe(0);
    expect(again.err).toContain('--force');
  }, 120_000);

  it('says what is missing', async () => {
    const none = await cli(['backup'], { MEHVAR_DATA_DIR: source });
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('backup needs --out FILE');
    const empty = await cli(['backup', '--out', path.join(tmp, 'x.tar.gz')], { MEHVAR_DATA_DIR: path.join(tmp, 'nothing-here') });
    expect(empty.code).not.toBe(0);
    expect(empty.err).toContain('there is no database');
    expect(fs.existsSync(path.join(tmp, 'nothing-here'))).toBe(false);
  }, 60_000);
});

describe.runIf(Boolean(TEST_PG))('backup and restore commands, PostgreSQL', () => {
  it('backs up with pg_dump and restores into an empty database', async () => {
    const source = await createScratchDatabase(TEST_PG!, 'mehvar_cli');
    const target = await createScratchDatabase(TEST_PG!, 'mehvar_cli');
    const file = path.join(tmp, 'pg.dump');
    try {
      const db = await openDatabase({ url: source.url });
      await runMigrations(db);
      await addCustomers(db, ['شرکت د', 'شرکت ه']);
      await db.close();

      const made = await cli(['backup', '--out', file], { DATABASE_URL: source.url });
      expect(made.code, made.err).toBe(0);
      expect(lastJson(made.out)).toMatchObject({ file, database: 'postgresql' });
      const restored = await cli(['restore', '--from', file], { DATABASE_URL: target.url });
      expect(restored.code, restored.err).toBe(0);
      expect(lastJson(restored.out)).toMatchObject({ from: file, database: 'postgresql', replaced: null });
      const check = await openDatabase({ url: target.url });
      try {
        expect((await check.query<{ name: string }>('SELECT org_name AS name FROM customers ORDER BY org_name')).map((r) => r.name)).toEqual(['شرکت د', 'شرکت ه']);
      } finally { await check.close(); }
      const again = await cli(['restore', '--from', file], { DATABASE_URL: target.url });
      expect(again.code).not.toBe(0);
      expect(again.err).toContain('--force');
    } finally { await source.drop(); await target.drop(); }
  }, 120_000);
});
