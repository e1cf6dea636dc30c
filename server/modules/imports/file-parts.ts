/**
 * An uploaded file kept in the database in parts of PART_BYTES (import_file_parts): written as the request body
 * streams in, read back as a stream a few parts at a time. Neither side ever holds more than a couple of parts.
 */
import { Readable } from 'node:stream';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { importBatches, importFileParts } from './imports.tables.ts';
import type { Source } from './file-reader.ts';

export const PART_BYTES = 1024 * 1024;
/** Parts read per query when the file is read back. */
const PARTS_PER_READ = 2;

/**
 * Stores a stream as the parts of `batchId` (one insert per part, as the bytes arrive). Refuses a body over
 * `maxBytes` as soon as it passes it. Returns the size and the number of parts.
 */
export async function storeParts(db: Db, batchId: string, body: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>, maxBytes: number): Promise<{ bytes: number; parts: number }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bytes = 0;
  let seq = 0;
  const flush = async (all: boolean) => {
    while (pendingBytes >= PART_BYTES || (all && pendingBytes > 0)) {
      const joined = Buffer.concat(pending, pendingBytes);
      const part = joined.subarray(0, Math.min(PART_BYTES, joined.length));
      await db.insert(importFileParts).values({ batchId, seq: seq++, bytes: part });
      const rest = joined.subarray(part.length);
      pending = rest.length ? [Buffer.from(rest)] : [];
      pendingBytes = rest.length;
    }
  };
  for await (const chunk of body) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    bytes += b.length;
    if (bytes > maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; import it with the command line (npm run cli -- import customers FILE)`);
    }
    pending.push(b);
    pendingBytes += b.length;
    if (pendingBytes >= PART_BYTES) await flush(false);
  }
  await flush(true);
  return { bytes, parts: seq };
}

/** The stored file as a Source: each call streams it from the first part, PARTS_PER_READ parts per query. */
export function partsSource(db: Db, batchId: string): Source {
  return () => Readable.from((async function* () {
    for (let next = 0; ;) {
      const rows = await db.select({ seq: importFileParts.seq, bytes: importFileParts.bytes }).from(importFileParts)
        .where(and(eq(importFileParts.batchId, batchId), gte(importFileParts.seq, next), lt(importFileParts.seq, next + PARTS_PER_READ)))
        .orderBy(asc(importFileParts.seq));
      if (next === 0 && !rows.length) throw new AppError('CONFLICT', 'The file of this import is no longer kept');
      for (const r of rows) {
        if (r.seq !== next++) throw new Error(`import file ${batchId}: part ${next - 1} is missing`);
        yield Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
      }
      if (rows.length < PARTS_PER_READ) return;
    }
  })(), { objectMode: false });
}

export async function hasParts(db: Db, batchId: string): Promise<boolean> {
  const [r] = await db.select({ seq: importFileParts.seq }).from(importFileParts).where(eq(importFileParts.batchId, batchId)).limit(1);
  return Boolean(r);
}

export async function deleteParts(db: Db, batchId: string): Promise<void> {
  await db.delete(importFileParts).where(eq(importFileParts.batchId, batchId));
}

/** Parts of uploads that never became a batch (cut off by a crash), older than a day. */
export async function removeOrphanParts(db: Db, now: Date): Promise<void> {
  await db.delete(importFileParts).where(and(
    lt(importFileParts.createdAt, new Date(now.getTime() - 24 * 3600_000)),
    sql`NOT EXISTS (SELECT 1 FROM ${importBatches} b WHERE b.id = ${importFileParts.batchId})`,
  ));
}
