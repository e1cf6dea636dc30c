import { defineConfig } from 'vitest/config';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = import.meta.dirname;
const INCLUDE = ['server/**/*.test.ts', 'common/**/*.test.ts'];

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
  const uses = /test\/harness|scratch-db|TEST_DATABASE_URL/;
  return ['server', 'common'].flatMap((d) => testFiles(join(ROOT, d)))
    .filter((f) => uses.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
}

export default defineConfig({
  test: {
    include: process.env.TEST_DATABASE_URL ? databaseFiles() : INCLUDE,
    exclude: ['node_modules/**', 'e2e/**', 'web/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only queue on the CPU.
    maxWorkers: 2,
    sequence: { concurrent: false },
  },
});
