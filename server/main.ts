/** Boot: config → database → migrations → jobs → HTTP. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config.ts';
import { boot } from './boot.ts';
import { buildApp } from './app.ts';
import { WEB_DIST } from './paths.ts';
import { countUsers, createAdmin, setupHowTo } from './modules/auth/index.ts';
import { seedDemo } from './demo/seed.ts';

/** Past this, shutdown gives up waiting (a request or job that will not end) and exits 1. */
const SHUTDOWN_DEADLINE_MS = 9000;

async function main() {
  const config = loadConfig();
  const argv = process.argv.slice(2);
  const rt = await boot(config, { deferJobs: true });
  const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;

  const hadUsers = (await countUsers(rt.database.db)) > 0;
  if (!hadUsers && config.admin) {
    await createAdmin(rt.database.db, { email: config.admin.email, password: config.admin.password }).catch((err: unknown) => {
      throw new Error(`MEHVAR_ADMIN_PASSWORD: ${err instanceof Error ? err.message : String(err)}`);
    });
    console.log(`Created the first admin: ${config.admin.email}`);
  } else if (config.adminEmail) {
    // Said out loud: whoever set it expects to log in with it.
    console.log(hadUsers
      ? `MEHVAR_ADMIN_EMAIL (${config.adminEmail}) is ignored: users already exist. Add users on the app's Users page, or with npm run cli -- create-admin while the server is stopped.`
      : 'MEHVAR_ADMIN_EMAIL is ignored: MEHVAR_ADMIN_PASSWORD is not set.');
  }
  if (argv.includes('--demo')) await seedDemo(rt, { log: console.log });

  const app = await buildApp(rt, { logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Mehvar is running on http://localhost:${config.port} (${where}) — ready ${process.uptime().toFixed(1)} s after the process started`);
  // The job queue starts a moment after the server listens: on PGlite its start-up (pg-boss's schema check, queues,
  // schedules) runs on this thread and would hold back the first page; the minute sweeps catch anything due meanwhile.
  let jobsStarting: Promise<void> | undefined;
  const jobsTimer = setTimeout(() => {
    jobsStarting = rt.startJobs().then(
      () => { if (config.jobs) console.log('Job queue started'); },
      (err) => console.error('The job queue did not start:', err instanceof Error ? err.message : err),
    );
  }, config.jobsDelayMs);
  if ((await countUsers(rt.database.db)) === 0) {
    console.log('\nNo user exists yet. Create the first admin in one of these ways:');
    for (const line of setupHowTo(config)) console.log('  ' + line);
    console.log('');
  }
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) console.log('The web app is not built (only the API is served); run npm run build');

  // Shutdown (SIGTERM from a service manager or a rolling deploy, Ctrl-C): stop accepting connections, end the event
  // streams (open browser tabs hold one each and would keep the server from closing), let in-flight requests answer,
  // stop the job queue after its running jobs, close the database, exit 0 — or exit 1 at a hard deadline, inside
  // the 10 s such managers usually give before they kill.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    const deadline = setTimeout(() => {
      console.error(`Shutdown did not finish in ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      clearTimeout(jobsTimer);
      // A keep-alive connection whose request finishes during the close would stay open until its timeout: close
      // such connections as soon as they fall idle.
      const idle = setInterval(() => app.server.closeIdleConnections(), 100);
      await app.close();
      clearInterval(idle);
      await jobsStarting;
      await rt.close();
      process.exit(0);
    } catch (err) {
      console.error('Shutdown failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
