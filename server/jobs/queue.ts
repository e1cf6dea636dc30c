/** Durable jobs with pg-boss, on PostgreSQL or on PGlite through pg-boss's `db` adapter. */
import PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';

export type JobDef<T> = {
  name: string;
  schema: z.ZodType<T>;
  /** Must be idempotent: a job may run more than once. */
  handler: (data: T) => Promise<void>;
  retryLimit?: number;
  /** Jobs fetched per poll; each still runs on its own and fails on its own. */
  batchSize?: number;
  /** How many jobs of one fetched batch run at the same time (default 1: one after another). */
  concurrency?: number;
};

export interface JobQueue {
  send<T>(name: string, data: T, opts?: { startAfter?: Date; singletonKey?: string }): Promise<void>;
  schedule(name: string, cron: string): Promise<void>;
  stop(): Promise<void>;
}

/** Without a running queue (tests, `MEHVAR_JOBS=off`) sends are recorded and nothing runs. */
export class NullQueue implements JobQueue {
  sent: { name: string; data: unknown; opts?: unknown }[] = [];
  async send<T>(name: string, data: T, opts?: { startAfter?: Date; singletonKey?: string }) { this.sent.push({ name, data, opts }); }
  async schedule() {}
  async stop() {}
}

/**
 * How often each worker fetches on its own. A send from this process wakes its worker at once, and the due-job probe
 * below wakes the workers of every queue with a job due (delayed, retried, from cron or from another instance) within
 * a second; this poll is only the backstop. Before, each of the ~28 workers fetched every second: 28 statements a
 * second per instance, 7–12 % of a core on an idle embedded server (docs/benchmarks.md, "Job polling").
 */
const BACKSTOP_POLL_SECONDS = 30;
/** How often one statement asks which queues have a job due. */
const DUE_PROBE_MS = 1000;

export async function startQueue(database: Database, defs: JobDef<unknown>[], log: (msg: string, err?: unknown) => void): Promise<JobQueue> {
  const options: PgBoss.ConstructorOptions = database.kind === 'pglite'
    ? {
        db: {
          async executeSql(text: string, values?: unknown[]) {
            // pg-boss sends its migrations as multi-statement scripts without parameters.
            if (!values || values.length === 0) {
              const results = await database.exec(text);
              return { rows: results.length ? results[results.length - 1].rows : [] };
            }
            return { rows: await database.query(text, values) };
          },
        },
        schema: 'pgboss',
      }
    : { connectionString: database.url, schema: 'pgboss', max: 4 };
  const boss = new PgBoss({ ...options, supervise: true, schedule: true, migrate: true });
  boss.on('error', (err) => log('job queue error', err));
  await boss.start();
  const workers = new Map<string, string>();
  for (const def of defs) {
    await boss.createQueue(def.name, { name: def.name, retryLimit: def.retryLimit ?? 5, retryDelay: 10, retryBackoff: true });
    const id = await boss.work(def.name, { pollingIntervalSeconds: BACKSTOP_POLL_SECONDS, batchSize: def.batchSize ?? 1 }, async (jobs) => {
      // One job's failure must not fail (and retry) the others fetched with it: failed jobs are failed here, and
      // pg-boss then completes only the jobs still active.
      const failed: { id: string; err: unknown }[] = [];
      const run = async (job: (typeof jobs)[number]) => {
        const parsed = def.schema.safeParse(job.data);
        if (!parsed.success) { log(`job ${def.name} has an invalid payload; dropped`); return; }
        try { await def.handler(parsed.data); } catch (err) { failed.push({ id: job.id, err }); }
      };
      // Up to `concurrency` lanes, each taking the batch's next job when its own is done.
      let next = 0;
      const lane = async () => { while (next < jobs.length) await run(jobs[next++]); };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(def.concurrency ?? 1, jobs.length)) }, lane));
      for (const f of failed) await boss.fail(def.name, f.id, { message: f.err instanceof Error ? f.err.message : String(f.err) });
      // A full batch means more may be waiting: fetch again at once instead of after the polling interval (a backlog of
      // 100k campaign messages drained at one batch a second otherwise).
      const self = workers.get(def.name);
      if (self && jobs.length >= (def.batchSize ?? 1) && def.batchSize) boss.notifyWorker(self);
    });
    workers.set(def.name, id);
  }
  const stopProbe = startDueProbe(database, workers, (id) => boss.notifyWorker(id), log);
  return {
    async send(name, data, opts) {
      await boss.send(name, data as object, { startAfter: opts?.startAfter, singletonKey: opts?.singletonKey });
      // A job for now wakes this process's worker instead of waiting for its next poll.
      const worker = workers.get(name);
      if (worker && !opts?.startAfter) boss.notifyWorker(worker);
    },
    async schedule(name, cron) {
      await boss.schedule(name, cron, {}, { tz: 'UTC' });
    },
    async stop() {
      stopProbe();
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}

/**
 * Every second, one statement names the queues that have a job due (pg-boss's own partial index on name and
 * start_after, WHERE state < 'active', answers it) and their workers are woken. Returns a function that stops it.
 */
function startDueProbe(database: Database, workers: Map<string, string>, notify: (workerId: string) => void, log: (msg: string, err?: unknown) => void): () => void {
  const names = [...workers.keys()];
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    database.query<{ name: string }>(
      `SELECT DISTINCT name FROM pgboss.job WHERE name = ANY($1::text[]) AND state < 'active' AND start_after < now()`, [names])
      .then((rows) => {
        if (stopped) return;
        for (const { name } of rows) {
          const id = workers.get(name);
          if (id) notify(id);
        }
      })
      .catch((err) => { if (!stopped) log('job queue probe failed', err); })
      .finally(() => { running = false; });
  }, DUE_PROBE_MS);
  timer.unref();
  return () => { stopped = true; clearInterval(timer); };
}
