/**
 * A crash in the middle of an import: the runtime stops after some chunks are committed (a test hook throws), a new
 * runtime opens the same embedded data folder and resumes; every row is handled exactly once.
 */
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { boot, type Runtime } from '../../boot.ts';
import { withTx } from '../../db/tx.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { actorsOfUsers, createAdmin } from '../auth/index.ts';
import { TEST_PASSWORD } from '../../test/harness.ts';
import { uploadImport, startImport, runQueuedBatch, getImport } from './index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-import-resume-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ROWS = 23;
const CHUNK = 5;

async function start(): Promise<Runtime> {
  const config = loadConfig({ MEHVAR_DATA_DIR: dir, MEHVAR_JOBS: 'off', NODE_ENV: 'test' });
  return boot(config, { jobs: false, log: () => {} });
}

describe('import crash and resume', () => {
  it('stops after chunk 2, resumes in a new runtime from the stored cursor: no row lost or doubled', async () => {
    const lines = ['کد مشتری,نام,نام خانوادگی,موبایل'];
    for (let i = 1; i <= ROWS; i++) lines.push(`K${String(i).padStart(2, '0')},نام${i},خانواده${i},0912${String(3000000 + i)}`);
    // Row 7 is rejected (bad phone): a rejected row is counted once too.
    lines[7] = 'K07,نام7,خانواده7,not-a-phone';

    let rt = await start();
    const user = await createAdmin(rt.database.db, { email: 'importer@test.example', password: TEST_PASSWORD });
    const [actor] = await actorsOfUsers(rt.database.db, [user.id]);
    const p = await uploadImport(rt.database, actor, rt.clock, { kind: 'customers', fileName: 'big.csv', encoding: 'auto', data: Buffer.from(lines.join('\n')) });
    await withTx(rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));

    const crash = new Error('simulated crash after chunk 2');
    await expect(runQueuedBatch(rt.database, rt.clock, p.id, { chunkSize: CHUNK, afterChunk: (k) => { if (k === 2) throw crash; } })).rejects.toBe(crash);
    expect(await getImport(rt.database.db, actor, p.id)).toMatchObject({ status: 'running', processed: 2 * CHUNK, created: 9, rejected: 1 });
    await rt.close();

    rt = await start();
    try {
      await runQueuedBatch(rt.database, rt.clock, p.id, { chunkSize: CHUNK });
      const view = await getImport(rt.database.db, actor, p.id);
      expect(view).toMatchObject({ status: 'done', total: ROWS, processed: ROWS, created: ROWS - 1, updated: 0, skipped: 0, rejected: 1 });
      const outcomes = (await rt.database.db.execute(sql`SELECT row_no, outcome FROM import_rows WHERE batch_id = ${p.id} ORDER BY row_no`)).rows as { row_no: number; outcome: string }[];
      expect(outcomes.map((o) => o.row_no)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
      expect(outcomes.filter((o) => o.outcome === 'rejected').map((o) => o.row_no)).toEqual([6]);
      const ids = (await rt.database.db.execute(sql`SELECT external_id, count(*)::int AS n FROM customers WHERE import_batch_id = ${p.id} GROUP BY external_id ORDER BY external_id`)).rows as { external_id: string; n: number }[];
      const expected = Array.from({ length: ROWS }, (_, i) => `K${String(i + 1).padStart(2, '0')}`).filter((k) => k !== 'K07');
      expect(ids).toEqual(expected.map((k) => ({ external_id: k, n: 1 })));
      // A second run of a finished batch (a retried job) changes nothing.
      await runQueuedBatch(rt.database, rt.clock, p.id, { chunkSize: CHUNK });
      expect((await getImport(rt.database.db, actor, p.id)).created).toBe(ROWS - 1);
    } finally {
      await rt.close();
    }
  }, 120_000);
});
