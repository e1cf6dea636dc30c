/**
 * English counts agree with their number: a string that puts a count ({{n}}, {{count}}, {{n, number}} …) before a
 * plural noun ("{{n}} tickets") must be the `_other` form of a key that also has a `_one` form ("{{n}} ticket"), and its
 * t() call passes `count: <number>` so i18next picks between them. Persian nouns after a number stay singular: fa.json
 * holds the same text under both keys, so the two languages keep the same keys (checked here for whole files).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import i18next from 'i18next';

const SRC = join(import.meta.dirname, '..');

/** Every i18n/<lang>.json under web/src: the core file and each feature's. */
function bundles(lang: 'en' | 'fa', dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return bundles(lang, path);
    return e.name === `${lang}.json` && basename(dir) === 'i18n' ? [path] : [];
  });
}

type Json = { [key: string]: string | Json };
/** The file's strings by their dotted key (feature files' top-level keys are unique across files: see index.ts). */
function strings(file: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (o: Json, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const key = prefix ? `${prefix}.${k}` : k;
      if (typeof v === 'string') out.set(key, v);
      else walk(v, key);
    }
  };
  walk(JSON.parse(readFileSync(file, 'utf8')) as Json, '');
  return out;
}

/** Words ending in s that are not plural nouns, and unit symbols that read the same for one. */
const NOT_PLURAL = new Set(['is', 'was', 'has', 'this', 'its', 'as', 'us', 'vs', 'yes', 'plus', 'thus', 'always', 'ms']);
const plural = (word: string | undefined) => !!word && word.endsWith('s') && !word.endsWith('ss') && !NOT_PLURAL.has(word);
const COUNT = /\{\{\s*(?:n|count)\s*(?:,[^}]*)?\}\}/g;

/** The plural noun a count is put before in `text` — directly or after one word ("{{n}} open deals") — if any. */
function countedPlural(text: string): string | null {
  for (const m of text.matchAll(COUNT)) {
    const [, first, second] = /^\s+([a-z]+)(?:\s+([a-z]+))?/.exec(text.slice(m.index + m[0].length)) ?? [];
    if (plural(first)) return first;
    if (first && !NOT_PLURAL.has(first) && plural(second)) return second;
  }
  return null;
}

/** Strings whose count is never 1, so they stay one plural string; each with the reason. */
const ALLOWED: Record<string, string> = {
  'contracts.endsIn': '0 and 1 days left have their own strings (endsToday, endsTomorrow): ContractBadges.tsx',
  'sales.board.stale': 'shown only from STALE_DEAL_DAYS (14) idle days on: DealCard.tsx',
  'sales.board.staleHint': 'n is STALE_DEAL_DAYS (14): DealCard.tsx',
  'documents.lineCount': 'shown only when the document has more than one line: DocumentEditorPage.tsx',
  'channels.attempts': 'shown only after more than one attempt: MessageRow.tsx',
  'telephony.chooser': 'the chooser shows only when more than one customer has the number: CallCard.tsx',
  'voc.figures.lastDays': 'the periods are 30, 90 and 365 days: FiguresTab.tsx',
  'support.problems.days': 'the periods are 7, 30 and 90 days: ProblemsPage.tsx',
};

const EN = bundles('en');
const rel = (file: string) => relative(SRC, file);

describe('English plurals', () => {
  it('finds the core file and the feature files', () => {
    expect(EN.map(rel)).toContain(join('i18n', 'en.json'));
    expect(EN.length).toBeGreaterThan(10);
    expect(bundles('fa').length).toBe(EN.length);
  });

  it('tells a count before a plural noun', () => {
    expect(countedPlural('{{n}} tickets in all')).toBe('tickets');
    expect(countedPlural('Limited ({{n, number}} sections)')).toBe('sections');
    expect(countedPlural('{{count, number}} business hours')).toBe('hours');
    expect(countedPlural('{{n}} open deals')).toBe('deals');
    expect(countedPlural('{{n}} ticket in all')).toBeNull();
    expect(countedPlural('{{n}} this week')).toBeNull();
    expect(countedPlural('{{n}} ms')).toBeNull();
    expect(countedPlural('{{name}} was added')).toBeNull();
    expect(countedPlural('{{n}} of {{total}} rows')).toBeNull();
  });

  it('puts a count before a plural noun only in the _other form of a key', () => {
    const wrong: string[] = [];
    for (const file of EN) {
      for (const [key, text] of strings(file)) {
        if (key.endsWith('_other') || key in ALLOWED) continue;
        const noun = countedPlural(text);
        if (noun) wrong.push(`${rel(file)} ${key}: "${text}" (${noun})`);
      }
    }
    expect(wrong, 'split these into key_one (singular noun) and key_other, and pass count to t()').toEqual([]);
  });

  it('keeps the allow-list to strings that still need it', () => {
    const all = new Map(EN.flatMap((file) => [...strings(file)]));
    for (const key of Object.keys(ALLOWED)) {
      expect(all.has(key), key).toBe(true);
      expect(countedPlural(all.get(key)!), key).not.toBeNull();
    }
  });

  it('gives every _one key an _other sibling and every _other key a _one sibling', () => {
    const lone: string[] = [];
    for (const file of EN) {
      const keys = new Set(strings(file).keys());
      for (const key of keys) {
        const m = /^(.*)_(one|other)$/.exec(key);
        if (m && !keys.has(`${m[1]}_${m[2] === 'one' ? 'other' : 'one'}`)) lone.push(`${rel(file)} ${key}`);
      }
    }
    expect(lone).toEqual([]);
  });

  it('has the same keys in fa.json as in en.json, file by file', () => {
    for (const en of EN) {
      const fa = en.replace(/en\.json$/, 'fa.json');
      expect([...strings(fa).keys()].sort(), rel(fa)).toEqual([...strings(en).keys()].sort());
    }
  });

  it('passes count wherever a key with plural forms is translated by its literal name', () => {
    const plurals = new Set(EN.flatMap((file) => [...strings(file).keys()]).filter((k) => k.endsWith('_one')).map((k) => k.slice(0, -4)));
    const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const path = join(dir, e.name);
      return e.isDirectory() ? sources(path) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
    });
    const missing: string[] = [];
    let calls = 0;
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8');
      // t('key') or t('key', { … }) — the options object up to its closing brace (values hold calls, not objects).
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'\s*(?:,\s*\{([^{}]*)\})?\s*\)/g)) {
        if (!plurals.has(m[1])) continue;
        calls++;
        if (!/\bcount\b/.test(m[2] ?? '')) missing.push(`${rel(file)}: ${m[0]}`);
      }
    }
    expect(calls).toBeGreaterThan(20);
    expect(missing, 'without count, i18next finds neither form and shows the key').toEqual([]);
  });

  it('picks the form by count in English and keeps the Persian text', async () => {
    const t = i18next.createInstance();
    await t.init({
      resources: {
        en: { translation: { x_one: '{{n}} ticket', x_other: '{{n}} tickets' } },
        fa: { translation: { x_one: '{{n}} تیکت', x_other: '{{n}} تیکت' } },
      },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    expect(t.t('x', { n: '1', count: 1 })).toBe('1 ticket');
    expect(t.t('x', { n: '0', count: 0 })).toBe('0 tickets');
    expect(t.t('x', { n: '1,200', count: 1200 })).toBe('1,200 tickets');
    expect(t.t('x', { n: '۱', count: 1, lng: 'fa' })).toBe('۱ تیکت');
    expect(t.t('x', { n: '۵', count: 5, lng: 'fa' })).toBe('۵ تیکت');
  });
});
