/**
 * `backup --out FILE` and `restore --from FILE [--force]` for the database the server uses (DATABASE_URL, else the
 * embedded MEHVAR_DATA_DIR). Each prints a JSON summary as its last line. On the embedded database both refuse while
 * a server holds the folder (server/db/folder-lock.ts): a running server takes its own scheduled backups.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { openDatabase, pgliteDirOf, runMigrations } from '../db/client.ts';
import { backupTo, restorePglite, restorePostgres, BackupError } from '../db/backup.ts';
import { fingerprint } from '../db/fingerprint.ts';

type Totals = { tables: number; rows: number };
const totals = (fp: { rows: number }[]): Totals => ({ tables: fp.length, rows: fp.reduce((s, t) => s + t.rows, 0) });

export async function backupCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) throw new BackupError('backup needs --out FILE');
  const file = path.resolve(values.out);
  if (!config.databaseUrl && !fs.existsSync(path.join(pgliteDirOf(config.dataDir), 'PG_VERSION'))) {
    throw new BackupError(`there is no database in ${config.dataDir} (MEHVAR_DATA_DIR) to back up`);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const fp = await fingerprint(database);
    const { bytes, sha256 } = await backupTo(database, file);
    console.log(JSON.stringify({ file, database: database.kind, bytes, sha256, ...totals(fp) }));
  } finally {
    await database.close();
  }
}

export async function restoreCommand(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, force: { type: 'boolean', default: false } } });
  if (!values.from) throw new BackupError('restore needs --from FILE');
  const file = path.resolve(values.from);
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist`);
  let replaced: string | null = null;
  if (config.databaseUrl) {
    const database = await openDatabase({ url: config.databaseUrl });
    try { await restorePostgres(database, file, { force: values.force }); } finally { await database.close(); }
  } else {
    replaced = (await restorePglite(config.dataDir, file, { force: values.force })).replaced;
  }
  // A backup from an older version gets this version's migrations now rather than at the next start.
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await runMigrations(database);
    console.log(JSON.stringify({ from: file, database: database.kind, replaced, ...totals(await fingerprint(database)) }));
  } finally {
    await database.close();
  }
}
