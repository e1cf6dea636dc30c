/**
 * The SQL fa_norm() (migration) and the app's faNorm() must give the same key for any text, or search misses.
 * Checked on the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL) for thousands of generated strings.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { freshDatabase } from '../test/harness.ts';
import { runMigrations, type Database } from './client.ts';
import { faNorm, faCompact, FA_CHAR_MAP, FA_DROPPED } from '../../common/fa-normalize.ts';

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  const fresh = await freshDatabase();
  database = fresh.database;
  drop = fresh.drop;
  await runMigrations(database);
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));
const ALPHABET = [
  ...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءأإآؤئ', // Persian letters and hamza forms
  '\u064A', '\u0649', '\u0643', '\u0629', '\u06C0', '\u06BE', '\u06D5', '\u0671', // Arabic variants
  ...range(0x064b, 0x065f), '\u0670', '\u0640', // diacritics, superscript alef, tatweel
  ...range(0x06f0, 0x06f9), ...range(0x0660, 0x0669), ...'0123456789', // digits of three scripts
  '\u200C', '\u200D', '\u200E', '\u200F', '\u061C', ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), // ZWNJ, ZWJ, bidi
  ' ', '\t', '\n', '\u000B', '\f', '\r', '\u00A0', ...range(0x2000, 0x200b), '\u202F', '\u205F', '\u3000', '\uFEFF', // spaces
  '\u1680', '\u2028', '\u2029', '\u0085', // other Unicode white space (not mapped: must still agree)
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  ...'.,;:!?()[]{}«»،؛؟٪٫٬"\'`~@#$%^&*_-+=/\\|<>', 'İ', 'ß', 'Ä', 'é', '😀', '𝔸',
];

async function sqlNorm(inputs: string[]): Promise<string[]> {
  const rows = await database.query<{ k: string | null }>(
    'SELECT fa_norm(x) AS k FROM unnest($1::text[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [inputs]);
  expect(rows).toHaveLength(inputs.length);
  return rows.map((r) => r.k as string);
}

describe('SQL fa_norm() equals app faNorm()', () => {
  it('for every mapped, dropped and listed character on its own and between letters', async () => {
    const singles = [...new Set([...FA_CHAR_MAP.map(([c]) => c), ...FA_DROPPED, ...ALPHABET])];
    const inputs = singles.flatMap((c) => [c, `ب${c}ک`, ` ${c} ${c}${c} `, `A${c}${c}z`]);
    const got = await sqlNorm(inputs);
    const mismatches = inputs.map((s, i) => [s, got[i], faNorm(s)]).filter(([, a, b]) => a !== b);
    expect(mismatches.map(([s, a, b]) => ({ s: [...s!].map((c) => c.codePointAt(0)!.toString(16)), sql: a, app: b }))).toEqual([]);
  });

  it('for thousands of random strings over Persian, Arabic variants, diacritics, three digit scripts, marks, spaces, Latin and punctuation', async () => {
    const gen = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 });
    for (let batch = 0; batch < 5; batch++) {
      const inputs = fc.sample(gen, { numRuns: 1000, seed: 20261123 + batch });
      const got = await sqlNorm(inputs);
      for (let i = 0; i < inputs.length; i++) {
        if (got[i] !== faNorm(inputs[i])) {
          expect({ input: inputs[i], codepoints: [...inputs[i]].map((c) => c.codePointAt(0)!.toString(16)), sql: got[i] }).toEqual({ input: inputs[i], codepoints: expect.anything(), sql: faNorm(inputs[i]) });
        }
      }
    }
  });

  it('for random strings of any Unicode text as well', async () => {
    const inputs = fc.sample(fc.string({ unit: 'grapheme', maxLength: 30 }), { numRuns: 1000, seed: 7 })
      .concat(fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), { numRuns: 1000, seed: 8 }))
      .map((s) => s.replace(/\u0000/g, '')); // PostgreSQL text cannot hold NUL; the API refuses it before the database.
    const got = await sqlNorm(inputs);
    const mismatches = inputs.map((s, i) => ({ s, sql: got[i], app: faNorm(s) })).filter((m) => m.sql !== m.app);
    expect(mismatches).toEqual([]);
  });

  it('compact keys agree too (replace(fa_norm(x), \' \', \'\') = faCompact)', async () => {
    const inputs = fc.sample(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 30 }), { numRuns: 1000, seed: 99 });
    const rows = await database.query<{ k: string }>(
      "SELECT replace(fa_norm(x), ' ', '') AS k FROM unnest($1::text[]) WITH ORDINALITY AS t(x, i) ORDER BY i", [inputs]);
    expect(rows.map((r) => r.k)).toEqual(inputs.map(faCompact));
  });

  it('is NULL for NULL and empty for text that is only spaces and marks', async () => {
    const rows = await database.query<{ a: string | null; b: string }>("SELECT fa_norm(NULL) AS a, fa_norm(E' \\u200c\\u200e\\t ') AS b");
    expect(rows[0]).toEqual({ a: null, b: '' });
  });
});
