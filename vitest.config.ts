import { defineConfig } from 'vitest/config';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = import.meta.dirname;
// web/src: the tests of the web app's files that run without a browser (the translations: web/src/i18n/plurals.test.ts).
const INCLUDE = ['server/**/*.test.ts', 'common/**/*.test.ts', 'web/src/**/*.test.ts'];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);
}

/**
 * With TEST_DATABASE_URL set, the suite runs again on PostgreSQL: only the files that open a database through the test
 * harness or a scratch database (or read TEST_DATABASE_URL themselves) are repeated. The others (parsers, money,
 * phone numbers, the SMS and AMI drivers against their fakes, the PGlite template) never touch PostgreSQL, so a
 * second run would test the same thing twice.
 */
function databaseFiles(): string[] {
  // The permission tests open theirs through their world fixture (server/test/permissions/world.ts, on the harness).
  const uses = /test\/harness|scratch-db|TEST_DATABASE_URL|from '\.\/(scope-)?world\.ts'/;
  return ['server', 'common'].flatMap((d) => testFiles(join(ROOT, d)))
    .filter((f) => uses.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
}

export default defineConfig({
  test: {
    include: process.env.TEST_DATABASE_URL ? databaseFiles() : INCLUDE,
    exclude: ['node_modules/**', 'e2e/**', 'web/dist/**'],
    // Guards against a hung test, not measurements: CI runs these beside the end-to-end runs on two cores, where a
    // test takes a few times as long as alone (the property tests of hostile input: 14 s alone on PostgreSQL).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: more workers only queue on the CPU.
    maxWorkers: 2,
    // A worker's files share its loaded modules (PGlite's WASM, the app's modules) instead of loading them again per
    // file: the suite runs in half the time. Each file builds its own app and database through the harness, and no
    // file mocks modules or leaves environment variables changed, so nothing carries from one file to the next.
    isolate: false,
    sequence: { concurrent: false },
  },
});
