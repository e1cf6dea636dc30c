/**
 * How to create the first admin: printed at start-up and shown by the setup page while no user exists. The commands
 * carry the settings this server was started with (its data folder or its PostgreSQL server, its port), so that
 * copying one reaches the same database; the page translates the words around them, the commands stay as they are.
 */
import path from 'node:path';

type Where = { port: number; dataDir: string; databaseUrl: string | undefined };

/** A PostgreSQL address without its password (the page is public while no user exists). */
export function maskDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'PASSWORD';
    return u.toString();
  } catch {
    return 'postgres://USER:PASSWORD@HOST:5432/DB';
  }
}

/** Single-quoted for a POSIX shell unless it needs none. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The environment prefix that points a command at this server's database. */
export function databaseEnv(where: Where, cwd = process.cwd()): string {
  if (where.databaseUrl) return `DATABASE_URL=${shellWord(maskDatabaseUrl(where.databaseUrl))} `;
  return path.resolve(cwd, 'data') === where.dataDir ? '' : `MEHVAR_DATA_DIR=${shellWord(where.dataDir)} `;
}

export type SetupCommands = { start: string; createAdmin: string; url: string };

export function setupCommands(where: Where, cwd = process.cwd()): SetupCommands {
  const env = databaseEnv(where, cwd);
  const port = where.port === 3000 ? '' : `PORT=${where.port} `;
  return {
    start: `${env}${port}MEHVAR_ADMIN_EMAIL=you@example.com MEHVAR_ADMIN_PASSWORD='<a strong password>' npm start`,
    createAdmin: `${env}npm run cli -- create-admin --email you@example.com --password '<a strong password>'`,
    url: `http://localhost:${where.port}`,
  };
}

/** The console's lines (English). */
export function setupHowTo(where: Where, cwd = process.cwd()): string[] {
  const c = setupCommands(where, cwd);
  return [
    'restart the server with the first admin in its environment:',
    `    ${c.start}`,
    where.databaseUrl
      ? 'or, from the project folder (it may run while the server runs):'
      : 'or, with the server stopped (the embedded database takes one process at a time), from the project folder:',
    `    ${c.createAdmin}`,
    'the password needs 12+ characters and must not be a common one or built from your name, email or "mehvar"',
    `then open ${c.url} and log in`,
  ];
}
