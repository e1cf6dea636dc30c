/**
 * The uploaded file is never held whole: it streams into import_file_parts (PART_BYTES each) as the body arrives,
 * the preview and the job read it back from the parts, and a body over the limit is refused while it streams.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type Agent, type TestEnv } from '../../test/harness.ts';
import type { ImportPreview } from '../../../common/imports.schemas.ts';
import { withTx } from '../../db/tx.ts';
import { NullQueue } from '../../jobs/queue.ts';
import { actorsOfUsers } from '../auth/index.ts';
import { AppError } from '../../errors.ts';
import { IMPORT_MAX_BYTES, PART_BYTES, getImport, runQueuedBatch, startImport, uploadImport } from './index.ts';

let env: TestEnv;
let admin: Agent;
beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: new Date().toISOString() });
  admin = await env.login('admin');
});
afterAll(async () => { await env?.close(); });

const ROWS = 2600;
const FILLER = 'ب'.repeat(500); // 1,000 bytes of UTF-8 in a column the import ignores
/** 2,600 rows of ~1.1 kB: a file of ~2.8 MB, so three parts. */
function bigCsv(): Buffer {
  const lines = ['کد مشتری,نام,نام خانوادگی,موبایل,یادداشت انبار'];
  for (let i = 1; i <= ROWS; i++) lines.push(`P${i},نام${i},خانواده${i},0912${String(4000000 + i)},${FILLER}`);
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

async function partsOf(batchId: string) {
  const r = await env.rt.database.db.execute(sql`SELECT seq, length(bytes)::int AS n FROM import_file_parts WHERE batch_id = ${batchId} ORDER BY seq`);
  return r.rows as { seq: number; n: number }[];
}

describe('the uploaded file in parts', () => {
  it('an upload larger than a part is stored in parts as it came; preview and run read them; the parts go when done', async () => {
    const file = bigCsv();
    expect(file.length).toBeGreaterThan(2 * PART_BYTES);
    const res = await env.app.inject({ method: 'POST', url: '/api/imports?fileName=big.csv', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv' }, payload: file });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json() as ImportPreview;
    expect(p.total).toBe(ROWS);

    const parts = await partsOf(p.id);
    expect(parts.map((x) => x.seq)).toEqual([0, 1, 2]);
    expect(parts.map((x) => x.n)).toEqual([PART_BYTES, PART_BYTES, file.length - 2 * PART_BYTES]);
    // The bytes as they came, in order.
    const joined = (await env.rt.database.db.execute(sql`SELECT string_agg(bytes, ''::bytea ORDER BY seq) AS b FROM import_file_parts WHERE batch_id = ${p.id}`)).rows[0] as { b: Uint8Array };
    expect(Buffer.from(joined.b).equals(file)).toBe(true);

    // The preview is read from the parts (again, through the route).
    expect(p.preview[0].values).toMatchObject({ firstName: 'نام1', lastName: 'خانواده1', externalId: 'P1' });
    const again = (await admin.get(`/api/imports/${p.id}/preview`)).json() as ImportPreview;
    expect(again.preview.map((r) => r.values.externalId)).toEqual(Array.from({ length: 20 }, (_, i) => `P${i + 1}`));

    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    await withTx(env.rt.database, (tx) => startImport(tx, actor, new NullQueue(), p.id));
    await runQueuedBatch(env.rt.database, env.rt.clock, p.id);
    expect(await getImport(env.rt.database.db, actor, p.id)).toMatchObject({ status: 'done', processed: ROWS, created: ROWS, rejected: 0, skipped: 0 });
    // Rows of every part arrived: the first, one across the part boundaries, the last.
    const ids = (await env.rt.database.db.execute(sql`SELECT external_id FROM customers WHERE import_batch_id = ${p.id} AND external_id IN ('P1', 'P1000', 'P2000', ${'P' + ROWS})`)).rows;
    expect(ids).toHaveLength(4);
    expect(await partsOf(p.id)).toEqual([]);
  }, 120_000);

  it('a body over the limit is refused while it streams: reading stops there and no part stays', async () => {
    const [actor] = await actorsOfUsers(env.rt.database.db, [admin.userId]);
    const before = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM import_file_parts`)).rows[0] as { n: number };
    let pulled = 0;
    async function* body() {
      for (let i = 0; i < 64; i++) { pulled++; yield Buffer.alloc(64 * 1024, 0x41); } // 4 MB in 64 kB pieces
    }
    const err = await uploadImport(env.rt.database, actor, env.rt.clock, { kind: 'customers', fileName: 'x.csv', encoding: 'auto', data: body(), maxBytes: PART_BYTES + 64 * 1024 })
      .then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('PAYLOAD_TOO_LARGE');
    expect(pulled).toBe(18); // 17 pieces fit (1 MB + 64 kB); the 18th is over
    const after = (await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM import_file_parts`)).rows[0] as { n: number };
    expect(after.n).toBe(before.n);
  });

  it('the route refuses a declared size over the limit before reading the body (413, the one error shape)', async () => {
    const res = await env.app.inject({ method: 'POST', url: '/api/imports?fileName=huge.csv',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/csv', 'content-length': String(IMPORT_MAX_BYTES + 1) }, payload: 'a,b\n1,2\n' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
