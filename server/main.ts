/** Boot: config → database → migrations → jobs → HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { buildApp } from './http/app.ts';
import { WEB_DIST } from './paths.ts';
import { countUsers, createAdmin } from './modules/auth/index.ts';
import { setupHowTo } from './modules/auth/auth.routes.ts';
import { seedDemo } from './demo/seed.ts';

async function main() {
  const config = loadConfig();
  const argv = process.argv.slice(2);
  const rt = await boot(config, { deferJobs: true });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;

  if ((await countUsers(rt.database.db)) === 0 && config.admin) {
    await createAdmin(rt.database.db, { email: config.admin.email, password: config.admin.password }).catch((err: unknown) => {
      throw new Error(`MEHVAR_ADMIN_PASSWORD: ${err instanceof Error ? err.message : String(err)}`);
    });
    console.log(`Created the first admin: ${config.admin.email}`);
  }
  if (argv.includes('--demo')) await seedDemo(rt, { log: console.log });

  const app = await buildApp(rt, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Mehvar is running on http://localhost:${config.port} (${where}) — ready ${process.uptime().toFixed(1)} s after the process started`);
  // The job queue starts a moment after the server listens: on PGlite its start-up (pg-boss's schema check, queues,
  // schedules) runs on this thread and would hold back the first page; the minute sweeps catch anything due meanwhile.
  let jobsStarting: Promise<void> | undefined;
  const jobsTimer = setTimeout(() => {
    jobsStarting = rt.startJobs().catch((err) => console.error('The job queue did not start:', err instanceof Error ? err.message : err));
  }, config.jobsDelayMs);
  if ((await countUsers(rt.database.db)) === 0) {
    console.log('\nNo user exists yet. Create the first admin in one of these ways:');
    for (const line of setupHowTo(config.port)) console.log('  ' + line);
    console.log('');
  }
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) console.log('The web app is not built (only the API is served); run npm run build');

  const shutdown = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    clearTimeout(jobsTimer);
    await app.close();
    await jobsStarting;
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
