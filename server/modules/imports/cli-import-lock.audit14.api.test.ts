/**
 * A command-line import beside a server (audit14). On PostgreSQL the command may run while the server is up; a server
 * starting then resumes the imports it finds running — it used to mark the command's live batch failed ("the user who
 * started the import is no longer active"), which stopped the command after its current chunk with a partial summary
 * and exit 0. Now the command holds an advisory lock while it runs and the server leaves such a batch alone; a batch
 * whose command is gone (killed) is still marked failed, and can be undone.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestEnv, TEST_PG, type Agent, type TestEnv } from '../../test/harness.ts';
import { importFromFile, newBatch, readFileShape, runQueuedBatch, fileSource } from './index.ts';

let env: TestEnv;
let admin: Agent;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-cli-lock-'));

beforeAll(async () => {
  env = await createTestEnv();
  admin = await env.login('admin');
}, 180_000);
afterAll(async () => { await env?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

const batchOf = async (id: string) => (await env.rt.database.db.execute(sql`SELECT status, created, cursor AS processed, error FROM import_batches WHERE id = ${id}`)).rows[0] as { status: string; created: number; processed: number; error: string | null };

function csv(name: string, n: number, from: number) {
  const file = path.join(tmp, name);
  const lines = ['نام,موبایل'];
  for (let i = 1; i <= n; i++) lines.push(`ن${i},0912${String(from + i)}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

describe.runIf(TEST_PG)('a server resuming imports while the command runs one (PostgreSQL)', () => {
  it('leaves the live command\'s batch alone: the command imports every row', async () => {
    const file = csv('live.csv', 30, 7100000);
    const seen: { status: string }[] = [];
    const summary = await importFromFile(env.rt.database, env.clock, { kind: 'customers', file, encoding: 'auto', options: { dates: 'auto', onDuplicate: 'skip', moneyUnit: 'rial' }, chunkSize: 10,
      afterChunk: async (k) => {
        if (k !== 1) return;
        // What a server starting now does for each running batch (resumeImports → the import job).
        const [b] = (await env.rt.database.db.execute(sql`SELECT id FROM import_batches WHERE created_by IS NULL AND status = 'running'`)).rows as { id: string }[];
        await runQueuedBatch(env.rt.database, env.clock, b.id);
        seen.push(await batchOf(b.id));
      } });
    expect(seen).toMatchObject([{ status: 'running' }]);
    expect(summary).toMatchObject({ created: 30, updated: 0, skipped: 0, rejected: 0, rejectedFile: null });
    expect(await batchOf(summary.batchId)).toMatchObject({ status: 'done', created: 30, processed: 30, error: null });
  });
});

describe('a command-line import whose process is gone', () => {
  it('is marked failed by the server, saying so, and can be undone', async () => {
    const file = csv('killed.csv', 5, 7200000);
    const reading = await readFileShape(fileSource(file), 'killed.csv', 'auto');
    // As the command leaves it when killed before its end: running, no user, no lock held.
    const b = await newBatch(env.rt.database.db, { kind: 'customers', fileName: 'killed.csv', reading, createdBy: null, status: 'running', now: env.clock.now() });
    await runQueuedBatch(env.rt.database, env.clock, b.id);
    expect(await batchOf(b.id)).toMatchObject({ status: 'failed', error: 'The command-line import stopped before its end (its process is gone)' });
    const undo = await admin.post(`/api/imports/${b.id}/undo`);
    expect(undo.statusCode, undo.body).toBe(200);
    expect((await batchOf(b.id)).status).toBe('undone');
  });
});
