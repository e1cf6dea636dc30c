/**
 * A refit run whose process died is marked failed (issue 17, i17b). Asking for a refit first marks failed, with why,
 * every run still queued or running an hour after it was asked for (it then blocks nothing and no longer reads
 * "running"); a younger run is left alone and answered. At start, recoverRefitRuns (what boot calls when this process
 * starts the jobs) does the same, and on PGlite — whose database belongs to this one process — also fails every run
 * left running whatever its age; on PostgreSQL another server may be running a young one, so it is left alone.
 * Finished runs are never touched. The job queue is not started here: the runs are rows, the job's send is a fake.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestEnv, dbKind, type TestEnv, type Agent } from '../../test/harness.ts';
import { insightRefitRuns, queueRefit, recoverRefitRuns } from './index.ts';
import { systemActor } from '../auth/index.ts';
import { DEFAULT_ROLES } from '../../../common/permissions.ts';
import type { JobQueue } from '../../jobs/queue.ts';

const NOW = new Date('2026-11-19T08:00:00Z');
const MIN = 60_000;
let env: TestEnv;
let admin: Agent;
const sent: unknown[] = [];
const fakeQueue = { send: async (_name: string, data: unknown) => { sent.push(data); return 'job'; } } as unknown as JobQueue;

const at = (minutesAgo: number) => new Date(env.clock.now().getTime() - minutesAgo * MIN);
async function run(status: 'queued' | 'running' | 'done' | 'failed', minutesAgo: number) {
  const [r] = await env.rt.database.db.insert(insightRefitRuns).values({
    status, createdAt: at(minutesAgo), startedAt: status === 'queued' ? null : at(minutesAgo - 1), finishedAt: status === 'done' || status === 'failed' ? at(minutesAgo - 2) : null,
    error: status === 'failed' ? 'earlier failure' : null,
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
  it('asking for a refit marks runs past the hour failed with why, and queues a new one', async () => {
    const deadRunning = await run('running', 61);
    const deadQueued = await run('queued', 90);
    const done = await run('done', 300);
    const failed = await run('failed', 400);
    const res = await admin.post('/api/insights/refit-jobs');
    // The HTTP queue is not started in this environment: the new run cannot be queued and is answered failed for that;
    // what matters here is the old runs.
    expect(res.statusCode, res.body).toBe(202);
    const r1 = await reread(deadRunning.id);
    expect(r1).toMatchObject({ status: 'failed', error: 'The refit stopped before its end (its process is gone): still running 60 minutes after being asked for' });
    expect(r1.finishedAt!.toISOString()).toBe(NOW.toISOString());
    const r2 = await reread(deadQueued.id);
    expect(r2).toMatchObject({ status: 'failed', error: 'Never started within 60 minutes of being asked for (no job runner took it)' });
    // Finished runs are left as they were.
    expect(await reread(done.id)).toEqual(done);
    expect(await reread(failed.id)).toEqual(failed);
    // Nor do they show as under way: the latest run is the new one.
    expect((await admin.get('/api/insights/refit-jobs/latest')).json().job.id).toBe(res.json().job.id);
  });

  it('a run younger than the hour is left running and answered instead of a second', async () => {
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
    expect(await reread(young.id)).toMatchObject({ status: 'failed', error: 'The refit stopped before its end (its process is gone): still running 60 minutes after being asked for' });
  });

  it('at start: runs past the hour are failed; a young running one too on PGlite (its process is gone), not on PostgreSQL; a young queued one stays', async () => {
    await env.rt.database.db.delete(insightRefitRuns);
    const old = await run('running', 120);
    const youngRunning = await run('running', 5);
    const youngQueued = await run('queued', 1);
    const done = await run('done', 10);
    const n = await recoverRefitRuns(env.rt.database, env.clock);
    expect(await reread(old.id)).toMatchObject({ status: 'failed', error: 'The refit stopped before its end (its process is gone): still running 60 minutes after being asked for' });
    if (dbKind === 'pglite') {
      expect(n).toBe(2);
      expect(await reread(youngRunning.id)).toMatchObject({ status: 'failed', error: 'The refit stopped before its end (its process is gone): still running when the server started again' });
    } else {
      expect(n).toBe(1);
      expect(await reread(youngRunning.id)).toEqual(youngRunning);
    }
    expect(await reread(youngQueued.id)).toEqual(youngQueued);
    expect(await reread(done.id)).toEqual(done);
    // Run twice (a second start): nothing more changes.
    expect(await recoverRefitRuns(env.rt.database, env.clock)).toBe(0);
  });
});
