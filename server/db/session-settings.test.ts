/**
 * What every pooled PostgreSQL connection starts with (PostgreSQL only, with TEST_DATABASE_URL: the embedded database
 * has no pool and no JIT): UTC, the trigram threshold the search relies on, and JIT compilation off unless asked for.
 * And what the embedded database's one session starts with.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { openDatabase, TRGM_WORD_SIMILARITY, type Database } from './client.ts';
import { createScratchDatabase } from '../test/scratch-db.ts';

const TEST_PG = process.env.TEST_DATABASE_URL;

describe.runIf(Boolean(TEST_PG))('pooled PostgreSQL sessions', () => {
  const opened: Database[] = [];
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of opened) await d.close();
    for (const drop of drops) await drop();
  });
  const open = async (pool?: { jit?: boolean }) => {
    const scratch = await createScratchDatabase(TEST_PG!, 'mehvar_sess');
    drops.push(scratch.drop);
    const d = await openDatabase({ url: scratch.url, pool });
    opened.push(d);
    return d;
  };

  it('start in UTC with the search threshold and JIT off (a million-row plan compiled for seconds)', async () => {
    const d = await open();
    // Several at once: each pooled connection, not only the first, carries the settings.
    const answers = await Promise.all([1, 2, 3].map(() => d.query<{ jit: string; tz: string; trgm: string }>(
      "SELECT current_setting('jit') AS jit, current_setting('timezone') AS tz, current_setting('pg_trgm.word_similarity_threshold') AS trgm, pg_sleep(0.05)")));
    for (const [row] of answers) expect(row).toMatchObject({ jit: 'off', tz: 'UTC', trgm: String(TRGM_WORD_SIMILARITY) });
  });

  it('turn JIT on when DATABASE_JIT=on asks for it', async () => {
    const d = await open({ jit: true });
    expect(await d.query("SELECT current_setting('jit') AS jit")).toEqual([{ jit: 'on' }]);
  });
});

describe('the embedded database session', () => {
  it('starts in UTC with the search threshold, and with a PostgreSQL server\'s message levels, not PGlite\'s debug ones', async () => {
    const d = await openDatabase({});
    try {
      const [row] = await d.query<Record<string, string>>(`SELECT current_setting('timezone') AS tz, current_setting('pg_trgm.word_similarity_threshold') AS trgm,
        current_setting('client_min_messages') AS client, current_setting('log_min_messages') AS log`);
      // PGlite itself starts at debug3 / debug1: every parse and bind came back as a DEBUG2 notice.
      expect(row).toEqual({ tz: 'UTC', trgm: String(TRGM_WORD_SIMILARITY), client: 'notice', log: 'warning' });
    } finally {
      await d.close();
    }
  });
});
