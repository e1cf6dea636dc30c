/**
 * The restore drill: seed a business, back it up, restore into a fresh database, and compare every table's row count
 * and content checksum. On PGlite (data folders) and, with TEST_DATABASE_URL, on PostgreSQL (pg_dump/pg_restore).
 * Also: a restore refuses a database with data unless forced, a wrong kind of backup is refused by name, and a failed
 * restore changes nothing.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadConfig } from '../config.ts';
import { boot } from '../boot.ts';
import { seedDemo } from '../demo/seed.ts';
import { openDatabase, pgliteDirOf, runMigrations, type Database } from './client.ts';
import { backupTo, restorePglite, restorePostgres, backupKindOf, scheduledBackup, BackupError } from './backup.ts';
import { fingerprint, type TableFingerprint } from './fingerprint.ts';
import { createScratchDatabase } from '../test/scratch-db.ts';
import { TEST_PG } from '../test/harness.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-drill-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Seeds the demo business (a small one: 60 customers with their year of history) into a database. */
async function seed(database: Database) {
  const rt = await boot(loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: 'off', NODE_ENV: 'test' }), { database, jobs: false, log: () => {} });
  const result = await seedDemo(rt, { log: () => {}, customers: 60 });
  expect(result.seeded).toBe(true);
  await rt.queue.stop();
}

const count = (fp: TableFingerprint[], table: string) => fp.find((t) => t.table === table)?.rows ?? -1;

function expectSeeded(fp: TableFingerprint[]) {
  // The drill proves something only if the business is really there.
  expect(count(fp, 'public.customers')).toBe(60);
  expect(count(fp, 'public.users')).toBeGreaterThanOrEqual(7);
  expect(count(fp, 'public.interactions')).toBeGreaterThan(60);
  expect(count(fp, 'public.documents')).toBeGreaterThan(0);
}

describe.runIf(!TEST_PG)('restore drill on the embedded database', () => {
  const source = path.join(tmp, 'source');
  const target = path.join(tmp, 'target');
  const file = path.join(tmp, 'backups', 'embedded.tar.gz');
  let before: TableFingerprint[];

  beforeAll(async () => {
    const db = await openDatabase({ dataDir: source });
    try {
      await seed(db);
      before = await fingerprint(db);
      const out = await backupTo(db, file);
      expect(out.bytes).toBe(fs.statSync(file).size);
      expect(out.sha256).toMatch(/^[0-9a-f]{64}$/);
    } finally { await db.close(); }
  }, 120_000);

  it('restores into a new data folder with every table identical', async () => {
    expectSeeded(before);
    expect(backupKindOf(file)).toBe('pglite');
    expect(await restorePglite(target, file)).toEqual({ replaced: null });
    const db = await openDatabase({ dataDir: target });
    try { expect(await fingerprint(db)).toEqual(before); } finally { await db.close(); }
  }, 60_000);

  it('refuses a folder with data unless forced, then keeps the replaced database beside it', async () => {
    const other = path.join(tmp, 'other');
    const db = await openDatabase({ dataDir: other });
    await runMigrations(db); // a new folder has the schema only when the install built its template
    await db.query(`INSERT INTO customers (kind, org_name, display_name) VALUES ('organization', 'شرکت جدا', 'شرکت جدا')`);
    await db.close();
    await expect(restorePglite(other, file)).rejects.toThrow(/not empty.*--force/);
    const still = await openDatabase({ dataDir: other });
    try { expect((await still.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!.n).toBe(1); } finally { await still.close(); }

    const { replaced } = await restorePglite(other, file, { force: true, now: new Date('2026-12-04T10:00:00Z') });
    expect(replaced).toBe(`${pgliteDirOf(other)}.before-restore-20261204T100000`);
    const restored = await openDatabase({ dataDir: other });
    try { expect(await fingerprint(restored)).toEqual(before); } finally { await restored.close(); }
    expect(fs.existsSync(path.join(replaced!, 'PG_VERSION'))).toBe(true);
  }, 60_000);

  it('a broken file changes nothing and says what it is not', async () => {
    const bad = path.join(tmp, 'bad.tar.gz');
    fs.writeFileSync(bad, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')]));
    await expect(restorePglite(target, bad, { force: true })).rejects.toThrow(/damaged/);
    const empty = path.join(tmp, 'empty.tar.gz');
    fs.writeFileSync(empty, zlib.gzipSync(Buffer.alloc(1024)));
    await expect(restorePglite(target, empty, { force: true })).rejects.toThrow(/no embedded database/);
    await expect(restorePglite(target, empty, { force: true })).rejects.toBeInstanceOf(BackupError);
    const db = await openDatabase({ dataDir: target });
    try { expect(await fingerprint(db)).toEqual(before); } finally { await db.close(); }

    const text = path.join(tmp, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    expect(() => backupKindOf(text)).toThrow(/not a Mehvar backup/);
  }, 60_000);

  it('scheduled backups keep the newest N', async () => {
    const dir = path.join(tmp, 'scheduled');
    const db = await openDatabase({ dataDir: target });
    try {
      const made: string[] = [];
      for (let i = 0; i < 4; i++) made.push((await scheduledBackup(db, dir, 2, new Date(Date.UTC(2026, 11, 1 + i, 23, 30)))).file);
      expect(fs.readdirSync(dir).sort()).toEqual(['mehvar-20261203T233000.tar.gz', 'mehvar-20261204T233000.tar.gz']);
      expect(made.at(-1)).toBe(path.join(dir, 'mehvar-20261204T233000.tar.gz'));
      expect(backupKindOf(made.at(-1)!)).toBe('pglite');
    } finally { await db.close(); }
  }, 60_000);
});

describe.runIf(Boolean(TEST_PG))('restore drill on PostgreSQL', () => {
  const file = path.join(tmp, 'pg.dump');
  let source: { url: string; drop(): Promise<void> };
  let before: TableFingerprint[];

  beforeAll(async () => {
    source = await createScratchDatabase(TEST_PG!, 'mehvar_drill');
    const db = await openDatabase({ url: source.url });
    try {
      await seed(db);
      before = await fingerprint(db);
      await backupTo(db, file);
    } finally { await db.close(); }
  }, 120_000);
  afterAll(async () => source?.drop());

  it('restores into a fresh database with every table identical', async () => {
    expectSeeded(before);
    expect(backupKindOf(file)).toBe('postgresql');
    const target = await createScratchDatabase(TEST_PG!, 'mehvar_drill');
    const db = await openDatabase({ url: target.url });
    try {
      await restorePostgres(db, file);
      expect(await fingerprint(db)).toEqual(before);
    } finally { await db.close(); await target.drop(); }
  }, 60_000);

  it('refuses a database with data unless forced; a failed restore changes nothing', async () => {
    const target = await createScratchDatabase(TEST_PG!, 'mehvar_drill');
    const db = await openDatabase({ url: target.url });
    try {
      await db.exec(`CREATE TABLE customers (id int); INSERT INTO customers VALUES (1), (2)`);
      await expect(restorePostgres(db, file)).rejects.toThrow(/not empty.*--force/);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!.n).toBe(2);

      const truncated = path.join(tmp, 'truncated.dump');
      fs.writeFileSync(truncated, fs.readFileSync(file).subarray(0, 4000));
      await expect(restorePostgres(db, truncated, { force: true })).rejects.toThrow(/nothing was changed/);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!.n).toBe(2);

      await restorePostgres(db, file, { force: true });
      expect(await fingerprint(db)).toEqual(before);
    } finally { await db.close(); await target.drop(); }
  }, 60_000);

  it('an embedded backup is refused by name', async () => {
    const fake = path.join(tmp, 'embedded-kind.tar.gz');
    fs.writeFileSync(fake, Buffer.from([0x1f, 0x8b, 0, 0, 0]));
    const db = await openDatabase({ url: source.url });
    try { await expect(restorePostgres(db, fake)).rejects.toThrow(/embedded \(PGlite\) backup/); } finally { await db.close(); }
  });
});
