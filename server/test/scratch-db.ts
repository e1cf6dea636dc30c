/** A new, empty PostgreSQL database on the server of `serverUrl`, for one test file or one e2e server; dropped after. */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, runMigrations } from '../db/client.ts';
import { migrationsDigest } from '../db/template.ts';

/**
 * `template`: the name of a database to copy (CREATE DATABASE … TEMPLATE), e.g. the migrated one of
 * `migratedTemplateDatabase`; nobody may be connected to it.
 */
export async function createScratchDatabase(serverUrl: string, prefix = 'mehvar_t', opts: { template?: string } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${opts.template ? ` TEMPLATE ${pg.escapeIdentifier(opts.template)}` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlOf(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

function urlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = '/' + database;
  return url.toString();
}

/**
 * A database on the server holding the migrated empty schema of these migration files (named by their digest), built
 * once for all test processes: copying it (file copy, ≈ 0.1 s) replaces running every migration in each test file's
 * new database (1–2 s of the server's CPU each). Built under an advisory lock, migrated under a scratch name and renamed
 * when complete, so a half-built template is never copied. Templates of other migration sets are dropped.
 */
export async function migratedTemplateDatabase(serverUrl: string, digest: string, migrate: (url: string) => Promise<void>): Promise<string> {
  const name = `mehvar_tpl_${digest}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = async () => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    if (await exists()) return name;
    await admin.query('SELECT pg_advisory_lock(7260002)');
    try {
      if (await exists()) return name;
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${building}`);
      await migrate(urlOf(serverUrl, building));
      // No one connects to a template again; the migration's own connections may take a moment to end server-side.
      await admin.query(`ALTER DATABASE ${building} WITH ALLOW_CONNECTIONS false`);
      for (let i = 0; i < 200; i++) {
        const open = await admin.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1', [building]);
        if (open.rowCount === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      const stale = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'mehvar\\_tpl\\_%' AND datname <> $1 AND datname NOT LIKE '%\\_building'`, [name]);
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => {});
      return name;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(7260002)').catch(() => {});
    }
  } finally {
    await admin.end();
  }
}

let appTemplate: Promise<string> | undefined;
/** The app's migrated empty database on this server (this process looks it up once), for test and e2e databases. */
export function migratedAppTemplate(serverUrl: string): Promise<string> {
  appTemplate ??= migratedTemplateDatabase(serverUrl, migrationsDigest(), async (url) => {
    const database = await openDatabase({ url });
    try { await runMigrations(database); } finally { await database.close(); }
  });
  return appTemplate;
}
