/** Boot: config → database → migrations → jobs → HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { buildApp, WEB_DIST } from './http/app.ts';
import { countUsers, createAdmin } from './modules/auth/index.ts';
import { setupHowTo } from './modules/auth/auth.routes.ts';
import { seedDemo } from './demo/seed.ts';

async function main() {
  const started = Date.now();
  const config = loadConfig();
  const argv = process.argv.slice(2);
  const rt = await boot(config, { deferJobs: true });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;

  if ((await countUsers(rt.database.db)) === 0 && config.admin) {
    await createAdmin(rt.database.db, { email: config.admin.email, password: config.admin.password });
    console.log(`Created the first admin: ${config.admin.email}`);
  }
  if (argv.includes('--demo')) await seedDemo(rt, { log: console.log });

  const app = await buildApp(rt, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Mehvar is running on http://localhost:${config.port} (${where}) — ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await rt.startJobs();
  if ((await countUsers(rt.database.db)) === 0) {
    console.log('\nNo user exists yet. Create the first admin in one of these ways:');
    for (const line of setupHowTo(config.port)) console.log('  ' + line);
    console.log('');
  }
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) console.log('The web app is not built (only the API is served); run npm run build:web');

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
