/**
 * The empty-database template for new embedded folders (server/db/template.ts). PGlite only, whichever database the
 * rest of the suite runs on: the template is how a new PGlite data folder starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPgliteTemplate, openDatabase, runMigrations } from './client.ts';
import { seedFromTemplate, templateDir, templateReady } from './template.ts';
import { serverSecret } from '../modules/settings/index.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mehvar-template-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('PGlite empty-database template', () => {
  beforeAll(async () => {
    await buildPgliteTemplate();
  }, 120_000);

  it('is built once for this PGlite and these migrations, and holds the schema without instance data', async () => {
    expect(templateReady()).toBe(true);
    expect(path.basename(templateDir())).toMatch(/^pglite-\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    expect((await buildPgliteTemplate()).built).toBe(false);
    // Open a copy, never the template itself.
    const copy = path.join(scratch, 'inspect');
    expect(seedFromTemplate(path.join(copy, 'pglite'))).toBe(true);
    const database = await openDatabase({ dataDir: copy });
    try {
      const [{ n }] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM settings WHERE key = 'server.secret'`);
      expect(n).toBe(0);
      const users = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
      expect(users[0].n).toBe(0);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('starts a new folder as a migrated database, each with its own server secret', async () => {
    const secrets: string[] = [];
    for (const name of ['a', 'b']) {
      const dataDir = path.join(scratch, name);
      const database = await openDatabase({ dataDir });
      try {
        expect(fs.existsSync(path.join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
        await runMigrations(database); // nothing left to apply, and no error
        await database.query(`INSERT INTO customers (kind, first_name, last_name, display_name) VALUES ('person', 'سارا', 'کریمی', 'سارا کریمی')`);
        const hits = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers WHERE fa_norm(last_name) = fa_norm('كريمي')`);
        expect(hits[0].n).toBe(1);
        secrets.push(await serverSecret(database.db));
      } finally {
        await database.close();
      }
    }
    expect(secrets[0]).not.toBe(secrets[1]);
    // The template itself was not written to.
    const database = await openDatabase({ dataDir: path.join(scratch, 'c') });
    try {
      const [{ n }] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
      expect(n).toBe(0);
    } finally {
      await database.close();
    }
  }, 60_000);

  it('never copies over a folder that already holds files, and can be turned off', async () => {
    const pgDir = path.join(scratch, 'busy', 'pglite');
    fs.mkdirSync(pgDir, { recursive: true });
    fs.writeFileSync(path.join(pgDir, 'something'), 'x');
    expect(seedFromTemplate(pgDir)).toBe(false);
    expect(fs.readdirSync(pgDir)).toEqual(['something']);

    const before = process.env.MEHVAR_PGLITE_TEMPLATE;
    process.env.MEHVAR_PGLITE_TEMPLATE = '0';
    try {
      expect(seedFromTemplate(path.join(scratch, 'off', 'pglite'))).toBe(false);
      expect(fs.existsSync(path.join(scratch, 'off', 'pglite'))).toBe(false);
    } finally {
      if (before === undefined) delete process.env.MEHVAR_PGLITE_TEMPLATE;
      else process.env.MEHVAR_PGLITE_TEMPLATE = before;
    }
  });
});
