#!/usr/bin/env node
/**
 * Prints the end-to-end files of one shard, for CI to run a database's files in two processes at once:
 *   node scripts/e2e-shard.mjs K N      (shard K of N, 1-based)
 * Every file lands in exactly one shard. The split balances the files' measured durations (e2e/durations.json,
 * seconds per file from a CI run's JSON report; a file not listed counts as the median), longest first onto the
 * shard with the least so far. Refresh the durations with --update <vitest JSON report>.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DURATIONS = join(root, 'e2e', 'durations.json');
const args = process.argv.slice(2);

if (args[0] === '--update') {
  const report = JSON.parse(readFileSync(args[1], 'utf8'));
  // A file's own time is from the end of the file before it (files run one after another) to its own end: its
  // server's start, its seed and its browser count too, which the file's startTime (its first test) leaves out.
  const out = {};
  let previousEnd = report.startTime;
  for (const f of [...report.testResults].sort((a, b) => a.endTime - b.endTime)) {
    out[f.name.slice(f.name.lastIndexOf('e2e/'))] = Math.round((f.endTime - previousEnd) / 1000);
    previousEnd = f.endTime;
  }
  writeFileSync(DURATIONS, JSON.stringify(Object.fromEntries(Object.entries(out).sort()), null, 2) + '\n');
  console.log(`${Object.keys(out).length} files written to ${relative(root, DURATIONS)}`);
  process.exit(0);
}

const [k, n] = args.map(Number);
if (!Number.isInteger(k) || !Number.isInteger(n) || n < 1 || k < 1 || k > n) {
  console.error('usage: node scripts/e2e-shard.mjs K N   (1 ≤ K ≤ N)');
  process.exit(2);
}
const files = readdirSync(join(root, 'e2e')).filter((f) => f.endsWith('.e2e.ts')).map((f) => `e2e/${f}`).sort();
const known = existsSync(DURATIONS) ? JSON.parse(readFileSync(DURATIONS, 'utf8')) : {};
const values = Object.values(known).sort((a, b) => a - b);
const median = values.length ? values[Math.floor(values.length / 2)] : 30;
const weight = (f) => known[f] ?? median;

const shards = Array.from({ length: n }, () => ({ total: 0, files: [] }));
for (const f of [...files].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))) {
  const least = shards.reduce((best, s) => (s.total < best.total ? s : best));
  least.files.push(f);
  least.total += weight(f);
}
console.log(shards[k - 1].files.sort().join('\n'));
