import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase, until } from '../test/harness.ts';
import type { Database } from '../db/client.ts';
import { startQueue, type JobDef, type JobQueue } from './queue.ts';

/**
 * Workers fetch on their own only every 30 s (the backstop); what makes a job run on time is a send from this process
 * (it wakes the worker) or the due-job probe (once a second). These tests send jobs the worker is not woken for, so
 * they fail if the probe does not work: each must run well before the backstop's 30 s.
 */
describe('job queue: jobs due later or sent elsewhere run within seconds', () => {
  let db: { database: Database; drop(): Promise<void> };
  let queue: JobQueue;
  let other: JobQueue;
  const ran = new Map<string, number>();
  const waitFor = (key: string, ms: number) => until(() => ran.get(key), ms);

  beforeAll(async () => {
    db = await freshDatabase();
    const log = (msg: string, err?: unknown) => { if (err) console.error(msg, err); };
    const probe: JobDef<{ key: string }> = { name: 'test-probe', schema: z.object({ key: z.string() }), handler: async ({ key }) => { ran.set(key, Date.now()); } };
    queue = await startQueue(db.database, [probe as JobDef<unknown>], log);
    // A second instance on the same database that has no worker for the queue: its sends wake nobody locally.
    other = await startQueue(db.database, [], log);
  });
  afterAll(async () => {
    await other?.stop();
    await queue?.stop();
    await db?.drop();
  });

  it('a job sent with a start time runs soon after that time, not at the next backstop poll', async () => {
    const due = Date.now() + 1500;
    await queue.send('test-probe', { key: 'delayed' }, { startAfter: new Date(due) });
    const at = await waitFor('delayed', 20_000);
    expect(at).toBeGreaterThanOrEqual(due);
    expect(at - due).toBeLessThan(10_000);
  });

  it('a job sent by another instance runs here within seconds', async () => {
    const sent = Date.now();
    await other.send('test-probe', { key: 'elsewhere' });
    const at = await waitFor('elsewhere', 20_000);
    expect(at - sent).toBeLessThan(10_000);
  });
});
