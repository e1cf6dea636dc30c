/**
 * The nightly refit at full size (issue 17: "scoring 1M customers nightly ≤ 5 min"): on a database made by
 * `bench/seed.ts` (1M customers), a purchase history is added once in SQL — 40 % of the customers buy, 1 to 5 times
 * each (hash-chosen), on days over the last 540, one product line per invoice — and then `refit()` runs as the nightly
 * job does (purchase log → model choice on a holdout → fits → RFM, P(alive), CLV, churn, health and offers for every
 * buyer → scores and their history written), timed, with the process's peak RSS.
 *
 *   npx tsx bench/refit-1m.ts --url postgres://postgres@127.0.0.1:5432/mehvar_bench1m [--runs 1]
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { boot } from '../server/boot.ts';
import { refit } from '../server/modules/insights/index.ts';

const { values: args } = parseArgs({ options: { url: { type: 'string' }, runs: { type: 'string', default: '1' } } });
if (!args.url) throw new Error('--url postgres://… of a database seeded by bench/seed.ts');
const t0 = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s] ${m}`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function addPurchases(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM documents WHERE kind = 'invoice' AND number LIKE 'R-%'`)).rows;
    if (n > 0) { log(`purchase history already there: ${n.toLocaleString('en')} invoices`); return; }
    const started = Date.now();
    // Triggers off for the load only (the sales rollup and search words are not what this measures), then back on.
    await c.query('ALTER TABLE documents DISABLE TRIGGER USER; ALTER TABLE document_lines DISABLE TRIGGER USER');
    try {
      await c.query(`INSERT INTO documents (kind, number, status, customer_id, issue_date, seller, buyer, vat_rate_bp, grand_total, owner_id, created_by)
        SELECT 'invoice', 'R-' || row_number() OVER (), 'issued', p.id, p.day, '{}'::jsonb, '{}'::jsonb, 0, p.amount, p.owner_id, p.owner_id
        FROM (
          SELECT b.id, b.owner_id, (date '2026-12-06' - (abs(hashtext(b.id::text || ':' || g.k)) % 540))::date AS day,
                 (500000 + abs(hashtext(b.id::text || '$' || g.k)) % 5000000)::bigint AS amount
          FROM (SELECT c.id, c.owner_id, abs(hashtext(c.id::text)) AS h FROM customers c WHERE abs(hashtext(c.id::text)) % 10 < 4) b
          CROSS JOIN LATERAL generate_series(1, 1 + (b.h / 10) % 5) AS g(k)
        ) p`);
      await c.query(`INSERT INTO document_lines (document_id, position, product_id, description, quantity, unit_price, total)
        SELECT d.id, 1, pr.id, 'line', 1, d.grand_total, d.grand_total
        FROM documents d
        JOIN LATERAL (SELECT id FROM products ORDER BY id OFFSET abs(hashtext(d.customer_id::text || d.issue_date::text)) % 20 LIMIT 1) pr ON true
        WHERE d.kind = 'invoice' AND d.number LIKE 'R-%'`);
    } finally {
      await c.query('ALTER TABLE documents ENABLE TRIGGER USER; ALTER TABLE document_lines ENABLE TRIGGER USER');
    }
    await c.query('ANALYZE documents; ANALYZE document_lines');
    const [{ docs, buyers }] = (await c.query(`SELECT count(*)::int AS docs, count(DISTINCT customer_id)::int AS buyers FROM documents WHERE kind = 'invoice' AND status = 'issued'`)).rows;
    log(`purchase history added in ${((Date.now() - started) / 1000).toFixed(1)} s: ${docs.toLocaleString('en')} issued invoices of ${buyers.toLocaleString('en')} customers`);
  } finally {
    await c.end();
  }
}

await addPurchases(args.url);
const config = loadConfig({ ...process.env, DATABASE_URL: args.url, MEHVAR_JOBS: 'off', NODE_ENV: 'production' } as Record<string, string>);
const rt = await boot(config, { jobs: false });
let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 250);
try {
  for (let run = 1; run <= Number(args.runs); run++) {
    log(`refit ${run}: load ${load()}`);
    const started = Date.now();
    const r = await refit(rt.database, rt.clock);
    log(`refit ${run}: ${((Date.now() - started) / 1000).toFixed(1)} s in all; load ${load()}; peak RSS ${Math.round(peak / 1048576)} MB`);
    console.log(JSON.stringify({ run, ...r }).slice(0, 2000));
  }
} finally {
  clearInterval(sampler);
  await rt.close();
}
