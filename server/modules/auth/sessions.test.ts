import { describe, it, expect, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestEnv, type TestEnv } from '../../test/harness.ts';
import { purgeExpiredSessions } from './index.ts';

let env: TestEnv | undefined;
afterAll(async () => env?.close());

describe('expired sessions', () => {
  it('are refused, and purged (as on every start) while live ones stay', async () => {
    env = await createTestEnv();
    const early = await env.login('sales');
    env.clock.advance(10 * 86400_000);
    const late = await env.login('sales');
    env.clock.advance(5 * 86400_000); // early is 15 days old (lifetime 14), late 5
    expect((await early.get('/api/auth/me')).statusCode).toBe(401);
    expect((await late.get('/api/auth/me')).statusCode).toBe(200);
    const count = async () => ((await env!.rt.database.db.execute(sql`SELECT count(*)::int AS n FROM sessions`)).rows[0] as { n: number }).n;
    expect(await count()).toBe(2);
    await purgeExpiredSessions(env.rt.database.db, env.clock);
    expect(await count()).toBe(1);
    expect((await late.get('/api/auth/me')).statusCode).toBe(200);
  });
});
