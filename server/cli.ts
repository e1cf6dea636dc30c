/** `npm run cli -- <command>`: create-admin, demo, import, clv-fit. */
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { createAdmin } from './modules/auth/index.ts';
import { AppError } from './errors.ts';
import { seedDemo } from './demo/seed.ts';
import { backupCommand, restoreCommand } from './cli/backup.command.ts';
import { BackupError } from './db/backup.ts';
import { FolderBusyError } from './db/folder-lock.ts';
import { importCommand, IMPORT_USAGE, UsageError } from './cli/import-command.ts';
import { clvFitCommand, ClvUsageError, CLV_FIT_USAGE } from './cli/clv-fit.command.ts';

const USAGE = `Usage:
  npm run cli -- create-admin --email you@example.com --password '<a strong password>' [--name 'Your Name']
      (12+ characters; common passwords and ones built from your name, email or "mehvar" are refused)
  npm run cli -- demo            fill an empty database with the demo business
  npm run cli -- backup --out FILE
      back up the whole database (embedded: the data folder as .tar.gz; PostgreSQL: pg_dump's format)
  npm run cli -- restore --from FILE [--force]
      restore a backup into an empty database (--force replaces one that has data; the embedded one is kept aside)
The embedded database is used by one process at a time: stop the server before these commands.
${IMPORT_USAGE}
${CLV_FIT_USAGE}
Environment: DATABASE_URL (PostgreSQL) or MEHVAR_DATA_DIR (embedded, default ./data).`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') { console.log(USAGE); return; }
  if (command === 'clv-fit') {
    try {
      process.exitCode = clvFitCommand(rest);
    } catch (err) {
      if (!(err instanceof ClvUsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw err;
      console.error(`${(err as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    }
    return;
  }
  const config = loadConfig();
  if (command === 'create-admin') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
    if (!values.email || !values.password) { console.error('create-admin needs --email and --password\n\n' + USAGE); process.exitCode = 2; return; }
    const rt = await boot(config, { jobs: false });
    try {
      const u = await createAdmin(rt.database.db, { email: values.email, password: values.password, name: values.name });
      console.log(`Admin created: ${u.email}`);
    } finally { await rt.close(); }
    return;
  }
  if (command === 'demo') {
    const rt = await boot(config, { jobs: false });
    try { await seedDemo(rt, { log: console.log }); } finally { await rt.close(); }
    return;
  }
  if (command === 'backup') return backupCommand(config, rest);
  if (command === 'restore') return restoreCommand(config, rest);
  if (command === 'import') {
    try {
      process.exitCode = await importCommand(config, rest);
    } catch (err) {
      if (!(err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) throw err;
      console.error(`${(err as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    }
    return;
  }
  console.error(`Unknown command "${command}"\n\n${USAGE}`);
  process.exitCode = 2;
}

main().catch((err) => {
  const known = err instanceof AppError || err instanceof BackupError || err instanceof FolderBusyError
    || String((err as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS');
  console.error(known ? `Error: ${err.message}` : err);
  process.exitCode = 1;
});
