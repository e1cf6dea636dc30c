/**
 * The refit on demand as a job (issue 17, i17): POST /api/insights/refit-jobs answers 202 with a queued run; the job
 * `insights.refit-run` (pg-boss, really started here) refits and marks the run done with the fit it stored, which is
 * then GET /api/insights/fit. A seller may not ask (403, no run). A run already queued or running is answered again
 * instead of a second; one older than an hour no longer blocks. The synchronous POST /api/insights/refit keeps its 200.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, until, type TestEnv, type Agent } from '../../test/harness.ts';
import { documents, documentLines } from '../documents/index.ts';
import { insightRefitRuns, runQueuedRefit } from './index.ts';

const TODAY = '2026-11-19';
const NOW = new Date(`${TODAY}T08:00:00Z`);

let env: TestEnv;
let admin: Agent;
let seller: Agent;

const runCount = async () => ((await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM insight_refit_runs`)).rows[0] as { n: number }).n;

beforeAll(async () => {
  env = await createTestEnv({ jobs: true, start: NOW.toISOString() });
  admin = await env.login('admin');
  seller = await env.login('sales');
  for (const [name, days] of [['الف', ['2026-05-01', '2026-08-01']], ['ب', ['2026-10-01']]] as const) {
    const c = await admin.post('/api/customers', { kind: 'person', lastName: name, force: true });
    expect(c.statusCode, c.body).toBe(201);
    for (const day of days) {
      const [d] = await env.rt.database.db.insert(documents).values({
        kind: 'invoice', status: 'paid', customerId: c.json().id, issueDate: day, seller: { name: 'محور' }, buyer: { name },
        vatRateBp: 0, subtotal: 1_000_000n, grandTotal: 1_000_000n, paidTotal: 1_000_000n,
      }).returning({ id: documents.id });
      await env.rt.database.db.insert(documentLines).values({ documentId: d.id, position: 1, code: 'KETTLE', description: 'KETTLE', quantity: '1', unitPrice: 1_000_000n, total: 1_000_000n });
    }
  }
}, 120_000);
afterAll(async () => env?.close());

describe('refit as a job (i17)', () => {
  it('a seller may not queue a refit (403, no run)', async () => {
    const res = await seller.post('/api/insights/refit-jobs');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect(await runCount()).toBe(0);
    expect((await seller.get('/api/insights/refit-jobs/latest')).json()).toEqual({ job: null });
  });

  it('answers 202 with the queued run; the job stores a fit and marks the run done with it', async () => {
    expect((await admin.get('/api/insights/fit')).json()).toEqual({ fit: null });
    const res = await admin.post('/api/insights/refit-jobs');
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json().job;
    expect(job).toMatchObject({ status: 'queued', fitId: null, error: null, requestedAt: NOW.toISOString(), startedAt: null, finishedAt: null });
    const done = await until(async () => {
      const r = (await admin.get(`/api/insights/refit-jobs/${job.id}`)).json().job;
      return r.status === 'done' || r.status === 'failed' ? r : null;
    }, 60_000);
    expect(done).toMatchObject({ id: job.id, status: 'done', error: null, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() });
    const fit = (await admin.get('/api/insights/fit')).json().fit;
    expect(fit.id).toBe(done.fitId);
    // Two buyers, one with a repeat purchase, three invoices.
    expect(fit).toMatchObject({ kind: 'rules', customers: 2, repeatBuyers: 1, transactions: 3 });
    expect((await seller.get('/api/insights/refit-jobs/latest')).json().job).toEqual(done);
    // The job delivered again finds its run taken: nothing changes.
    await runQueuedRefit(env.rt.database, env.clock, job.id);
    expect((await admin.get(`/api/insights/refit-jobs/${job.id}`)).json().job).toEqual(done);
    expect(((await env.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM model_fits`)).rows[0] as { n: number }).n).toBe(1);
  }, 90_000);

  it('answers the run under way instead of queueing a second; a run an hour old no longer blocks', async () => {
    const [stuck] = await env.rt.database.db.insert(insightRefitRuns).values({ status: 'running', createdAt: new Date(NOW.getTime() - 30 * 60_000), startedAt: NOW }).returning();
    const again = await admin.post('/api/insights/refit-jobs');
    expect(again.statusCode).toBe(202);
    expect(again.json().job).toMatchObject({ id: stuck.id, status: 'running' });
    expect(await runCount()).toBe(2);
    env.clock.set(new Date(NOW.getTime() + 31 * 60_000)); // the stuck run is now over an hour old
    const fresh = await admin.post('/api/insights/refit-jobs');
    expect(fresh.statusCode).toBe(202);
    expect(fresh.json().job.id).not.toBe(stuck.id);
    await until(async () => (await admin.get(`/api/insights/refit-jobs/${fresh.json().job.id}`)).json().job.status === 'done', 60_000);
  }, 90_000);

  it('an unknown run is 404; the synchronous refit still answers 200 with the fit', async () => {
    const missing = await admin.get('/api/insights/refit-jobs/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
    const sync = await admin.post('/api/insights/refit');
    expect(sync.statusCode).toBe(200);
    expect(Object.keys(sync.json()).sort()).toEqual(['customers', 'fitId', 'fitMs', 'healthCrossings', 'kind', 'repeatBuyers', 'totalMs', 'warnings']);
  }, 60_000);
});
