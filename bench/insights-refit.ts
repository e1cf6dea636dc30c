/**
 * Refit time of the customer models on the demo business: a fresh database, `npm run demo`'s seed, then the nightly
 * refit (purchase log → model choice on a 90-day holdout → scores of every buyer), timed.
 *
 *   npx tsx bench/insights-refit.ts --url postgres://postgres@127.0.0.1:5432/<empty database>
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { seedDemo } from '../server/demo/seed.ts';
import { refit } from '../server/modules/insights/index.ts';

const { values } = parseArgs({ options: { url: { type: 'string' }, customers: { type: 'string' } } });
const config = loadConfig({ ...process.env, DATABASE_URL: values.url ?? '', MEHVAR_JOBS: 'off', NODE_ENV: 'production' } as Record<string, string>);
const rt = await boot(config, { jobs: false });
try {
  await seedDemo(rt, { log: console.log, customers: values.customers ? Number(values.customers) : undefined });
  for (const run of [1, 2]) {
    const r = await refit(rt.database, rt.clock);
    console.log(JSON.stringify({ run, ...r }));
  }
} finally {
  await rt.close();
}
