/**
 * A refit run whose process died is marked failed (issue 17, i17b). Asking for a refit first marks failed, with why,
 * every run still queued or running an hour after it was asked for (it then blocks nothing and no longer reads
 * "running"); a younger run is left alone and answered. At start, recoverRefitRuns (what boot calls when this process
 * starts the jobs) does the same, and on PGlite — whose database belongs to this one process — also fails every run
 * left running whatever its age; on PostgreSQL another server may be running a young one, so it is left alone.
 * Finished runs are never touched. The job queue is a fake here: the runs are rows, the job's send is recorded.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, dbKind, freshDatabase, type TestEnv, type Agent } from '../../test/harness.ts';
import { boot } from '../../boot.ts';
import { loadConfig } from '../../config.ts';
import { ManualClock } from '../../clock.ts';
import { insightRefitRuns, queueRefit, recoverRefitRuns } from './index.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { JobQueue } from '../../jobs/queue.ts';

const NOW = new Date('2026-11-19T08:00:00Z');
const MIN = 60_000;
const GONE_HOUR = 'The refit stopped before its end (its process is gone): still running 60 minutes after being asked for';
let env: TestEnv;
let admin: Agent;
const sent: unknown[] = [];
const fakeQueue = { send: async (_name: string, data: unknown) => { sent.push(data); return 'job'; } } as unknown as JobQueue;

const at = (minutesAgo: number) => new Date(env.clock.now().getTime() - minutesAgo * MIN);
async function run(status: 'queued' | 'running' | 'done' | 'failed', minutesAgo: number) {
  const [r] = await env.rt.database.db.insert(insightRefitRuns).values({
    status, createdAt: at(minutesAgo), startedAt: status === 'queued' ? null : at(minutesAgo - 1),
    finishedAt: status === 'done' || status === 'failed' ? at(minutesAgo - 2) : null, error: status === 'failed' ? 'earlier failure' : null,
  }).returning();
  return r;
}
const reread = async (id: string) => (await env.rt.database.db.select().from(insightRefitRuns).where(eq(insightRefitRuns.id, id)))[0];

beforeAll(async () => {
  env = await createTestEnv({ start: NOW.toISOString() });
  admin = await env.login('admin');
}, 120_000);
afterAll(async () => env?.close());

describe('refit runs whose process died (i17b)', () => {
  it('asking for a refit (POST /api/insights/refit-jobs) marks runs past the hour failed with why, and answers a new run', async () => {
    const deadRunning = await run('running', 61);
    const deadQueued = await run('queued', 90);
    const done = await run('done', 300);
    const failed = await run('failed', 400);
    const res = await admin.post('/api/insights/refit-jobs');
    expect(res.statusCode, res.body).toBe(202);
    expect([deadRunning.id, deadQueued.id]).not.toContain(res.json().job.id);
    const r1 = await reread(deadRunning.id);
    expect(r1).toMatchObject({ status: 'failed', error: GONE_HOUR });
    expect(r1.finishedAt!.toISOString()).toBe(NOW.toISOString());
    expect(await reread(deadQueued.id)).toMatchObject({ status: 'failed', error: 'Never started within 60 minutes of being asked for (no job runner took it)' });
    expect((await admin.get(`/api/insights/refit-jobs/${deadRunning.id}`)).json().job).toMatchObject({ status: 'failed', error: GONE_HOUR, finishedAt: NOW.toISOString() });
    // Finished runs are left as they were.
    expect(await reread(done.id)).toEqual(done);
    expect(await reread(failed.id)).toEqual(failed);
    expect((await admin.get('/api/insights/refit-jobs/latest')).json().job.id).toBe(res.json().job.id);
  });

  it('a run younger than the hour is left running and answered instead of a second; past the hour it is failed', async () => {
    await env.rt.database.db.delete(insightRefitRuns);
    const young = await run('running', 59);
    const actor = systemActor(DEFAULT_ROLES.admin.permissions);
    const answered = await queueRefit(env.rt.database.db, actor, fakeQueue, env.clock);
    expect(answered).toMatchObject({ id: young.id, status: 'running', error: null });
    expect(sent).toEqual([]);
    expect(await reread(young.id)).toEqual(young);
    // Two minutes later it is past the hour: failed, and a new run is queued (its job sent).
    env.clock.advance(2 * MIN);
    const fresh = await queueRefit(env.rt.database.db, actor, fakeQueue, env.clock);
    expect(fresh.id).not.toBe(young.id);
    expect(fresh.status).toBe('queued');
    expect(sent).toEqual([{ runId: fresh.id }]);
    expect(await reread(young.id)).toMatchObject({ status: 'failed', error: GONE_HOUR });
  });

  it('at start: runs past the hour are failed; a young running one too on PGlite, not on PostgreSQL; a young queued one stays', async () => {
    await env.rt.database.db.delete(insightRefitRuns);
    const old = await run('running', 120);
    const youngRunning = await run('running', 5);
    const youngQueued = await run('queued', 1);
    const done = await run('done', 10);
    const n = await recoverRefitRuns(env.rt.database, env.clock);
    expect(await reread(old.id)).toMatchObject({ status: 'failed', error: GONE_HOUR });
    if (dbKind === 'pglite') {
      expect(n).toBe(2);
      expect(await reread(youngRunning.id)).toMatchObject({ status: 'failed', error: 'The refit stopped before its end (its process is gone): still running when the server started again' });
    } else {
      expect(n).toBe(1);
      expect(await reread(youngRunning.id)).toEqual(youngRunning);
    }
    expect(await reread(youngQueued.id)).toEqual(youngQueued);
    expect(await reread(done.id)).toEqual(done);
    // A second start changes nothing more.
    expect(await recoverRefitRuns(env.rt.database, env.clock)).toBe(0);
  });

  it('boot marks them failed when it starts the jobs (a process restarted after dying mid-refit)', async () => {
    const { database, drop } = await freshDatabase();
    const clock = new ManualClock(NOW);
    const rt = await boot(loadConfig({ MEHVAR_DATA_DIR: '/nonexistent', MEHVAR_JOBS: 'on', NODE_ENV: 'test' }), { database, clock, jobs: true, deferJobs: true, log: () => {} });
    try {
      const [dead] = await database.db.insert(insightRefitRuns).values({ status: 'running', createdAt: new Date(NOW.getTime() - 120 * MIN), startedAt: new Date(NOW.getTime() - 119 * MIN) }).returning();
      const [recent] = await database.db.insert(insightRefitRuns).values({ status: 'running', createdAt: new Date(NOW.getTime() - 5 * MIN), startedAt: new Date(NOW.getTime() - 4 * MIN) }).returning();
      await rt.startJobs();
      const after = async (id: string) => (await database.db.select().from(insightRefitRuns).where(eq(insightRefitRuns.id, id)))[0];
      expect(await after(dead.id)).toMatchObject({ status: 'failed', error: GONE_HOUR, finishedAt: NOW });
      expect((await after(recent.id)).status).toBe(dbKind === 'pglite' ? 'failed' : 'running');
    } finally {
      await rt.close();
      await drop();
    }
  }, 120_000);
});
