/**
 * English counts agree with their number: a string that puts a number placeholder — any name: {{n}}, {{count}},
 * {{rows}}, {{days, number}} … — before a plural noun ("{{n}} tickets") must be the `_other` form of a key that also has a
 * `_one` form ("{{n}} ticket"), the number in it is named n or count, and its t() call passes `count: <number>` so
 * i18next picks between them. A string with two counts ("{{orders}}, {{customers}}") gets each one from a pluralized
 * fragment of its own, translated by the component. Persian nouns after a number stay singular: fa.json holds the same
 * text under both keys, so the two languages keep the same keys (checked here for whole files).
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
/** A plural noun: ends in s (not ss), lower-case or capitalized ("Rials"; not an acronym such as SMS), or in "(s)". */
const plural = (word: string | undefined) => !!word && (word.endsWith('(s)')
  || (/^[A-Z]?[a-z]+s$/.test(word) && !word.endsWith('ss') && !NOT_PLURAL.has(word.toLowerCase())));
/** Any placeholder, with or without a format: {{n}}, {{rows}}, {{count, number}}. */
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*(?:,[^}]*)?\}\}/g;
/** The names a plural key's count goes by: what `count` (or an `n` formatted from it) fills in. */
const COUNT_NAMES = new Set(['n', 'count']);

type Counted = { placeholder: string; noun: string };
/** Each placeholder put before a plural noun in `text` — directly or after one word ("{{n}} open deals") — and its noun. */
function countedPlurals(text: string): Counted[] {
  const out: Counted[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    const [, first, second] = /^\s+([A-Za-z]+(?:\(s\))?)(?:\s+([A-Za-z]+(?:\(s\))?))?/.exec(text.slice(m.index + m[0].length)) ?? [];
    if (plural(first)) out.push({ placeholder: m[1], noun: first });
    else if (first && !NOT_PLURAL.has(first) && plural(second)) out.push({ placeholder: m[1], noun: second });
  }
  return out;
}

/**
 * What reads wrong in the string under `key`: any number before a plural noun, except the count of an `_other` form
 * (named n or count); "(s)" never, since the key can have both forms instead.
 */
function wrongPlurals(key: string, text: string): Counted[] {
  return countedPlurals(text).filter(({ placeholder, noun }) =>
    !key.endsWith('_other') || !COUNT_NAMES.has(placeholder) || noun.endsWith('(s)'));
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
  'scorecard.subtitle': 'days is the window, WINDOW_DAYS (90) in server/modules/scorecard/scorecard.query.ts: ScorecardPage.tsx',
  'surveys.typeHint.stars': 'max is the top of the stars scale, 5 (SCALES in common/survey.schemas.ts): QuestionCard.tsx',
  'modelFit.warn.sample': 'the server samples only when there are more customers than FIT_SAMPLE (20,000): ModelFitPage.tsx',
};

const EN = bundles('en');
const rel = (file: string) => relative(SRC, file);

describe('English plurals', () => {
  it('finds the core file and the feature files', () => {
    expect(EN.map(rel)).toContain(join('i18n', 'en.json'));
    expect(EN.length).toBeGreaterThan(10);
    expect(bundles('fa').length).toBe(EN.length);
  });

  it('tells a number placeholder before a plural noun, whatever its name', () => {
    const nouns = (text: string) => countedPlurals(text).map((c) => `${c.placeholder}:${c.noun}`);
    expect(nouns('{{n}} tickets in all')).toEqual(['n:tickets']);
    expect(nouns('Limited ({{n, number}} sections)')).toEqual(['n:sections']);
    expect(nouns('{{count, number}} business hours')).toEqual(['count:hours']);
    expect(nouns('{{n}} open deals')).toEqual(['n:deals']);
    expect(nouns('Undone: {{removed}} records removed, {{reverted}} put back.')).toEqual(['removed:records']);
    expect(nouns('Synced: {{orders}} orders, {{customers}} customers')).toEqual(['orders:orders', 'customers:customers']);
    expect(nouns('{{n}} of {{total}} rows')).toEqual(['total:rows']);
    expect(nouns('Median stay: {{days, number}} days')).toEqual(['days:days']);
    expect(nouns('{{chars}} characters · {{parts}} part(s)')).toEqual(['chars:characters', 'parts:part(s)']);
    expect(nouns('{{n}} Rials of purchases')).toEqual(['n:Rials']);
    expect(nouns('{{n}} ticket in all')).toEqual([]);
    expect(nouns('{{n}} this week')).toEqual([]);
    expect(nouns('{{n}} ms')).toEqual([]);
    expect(nouns('{{name}} was added')).toEqual([]);
    expect(nouns('{{sms}} by SMS · {{kb}} KB')).toEqual([]);
  });

  it('lets only the count of an _other form stand before a plural noun', () => {
    const wrong = (key: string, text: string) => wrongPlurals(key, text).map((c) => c.placeholder);
    expect(wrong('x_other', '{{n}} tickets')).toEqual([]);
    expect(wrong('x_other', '{{count, number}} minutes')).toEqual([]);
    expect(wrong('x_one', '{{n}} tickets')).toEqual(['n']);
    expect(wrong('x', '{{n}} tickets')).toEqual(['n']);
    expect(wrong('x', '{{rows}} rows')).toEqual(['rows']);
    // The count agrees; the second number does not.
    expect(wrong('x_other', '{{n}} tickets in {{groups}} problems')).toEqual(['groups']);
    expect(wrong('x_other', '{{n}} part(s)')).toEqual(['n']);
  });

  it('puts a number before a plural noun only as the count of an _other form', () => {
    const wrong: string[] = [];
    for (const file of EN) {
      for (const [key, text] of strings(file)) {
        if (key in ALLOWED) continue;
        const found = wrongPlurals(key, text);
        if (found.length) wrong.push(`${rel(file)} ${key}: "${text}" (${found.map((c) => `{{${c.placeholder}}} ${c.noun}`).join(', ')})`);
      }
    }
    expect(wrong, 'one count: split into key_one/key_other with it as {{n}} and pass count; more: one pluralized fragment each').toEqual([]);
  });

  it('keeps the allow-list to strings that still need it', () => {
    const all = new Map(EN.flatMap((file) => [...strings(file)]));
    for (const key of Object.keys(ALLOWED)) {
      expect(all.has(key), key).toBe(true);
      expect(wrongPlurals(key, all.get(key)!), key).not.toEqual([]);
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

  it('renders the app\'s own strings for 1 and for 3, a count each where a sentence has several', async () => {
    // The bundles as index.ts merges them: the core file and each feature file's top-level keys.
    const merged = (lang: 'en' | 'fa') => Object.assign({}, ...bundles(lang).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Json));
    const app = i18next.createInstance();
    await app.init({
      resources: { en: { translation: merged('en') }, fa: { translation: merged('fa') } },
      lng: 'en',
      interpolation: { escapeValue: false },
    });
    const t = (key: string, options: Record<string, unknown> = {}) => app.t(key, options);
    // A pluralized fragment, as the components build them: the number shown, and the count that picks the form.
    const counted = (key: string, count: number, lng = 'en') => t(key, { n: lng === 'fa' ? '۰۱۲۳۴۵۶۷۸۹'[count] : String(count), count, lng });

    expect(t('imports.undoneAny', { n: '1', count: 1, reverted: '0' })).toBe('Undone: 1 record removed, 0 put back.');
    expect(t('imports.undoneAny', { n: '3', count: 3, reverted: '2' })).toBe('Undone: 3 records removed, 2 put back.');
    expect(t('journeys.medianDays', { n: '1', count: 1 })).toBe('Median stay: 1 day');
    expect(t('journeys.medianDays', { n: '1.5', count: 1.5 })).toBe('Median stay: 1.5 days');
    expect(t('errors.RATE_LIMITED_seconds', { count: 1 })).toBe('Too many failed attempts. Please wait 1 second and try again.');
    expect(t('errors.RATE_LIMITED_wait', { count: 3 })).toBe('Too many failed attempts. Please wait 3 minutes and try again.');

    expect(t('shop.syncDone', { orders: counted('shop.syncedOrders', 1), customers: counted('shop.syncedCustomers', 3) }))
      .toBe('Synced: 1 order, 3 customers');
    expect(t('shop.syncDone', { orders: counted('shop.syncedOrders', 3), customers: counted('shop.syncedCustomers', 1) }))
      .toBe('Synced: 3 orders, 1 customer');
    expect(t('problemGroups.regrouped', { groups: counted('problemGroups.problemCount', 1), moved: counted('problemGroups.ticketCount', 3) }))
      .toBe('Regrouped: 1 problem, 3 tickets moved');
    expect(t('reports.revenue.counts', { invoices: counted('reports.revenue.invoiceCount', 3), payments: counted('reports.revenue.paymentCount', 1) }))
      .toBe('3 invoices · 1 payment');
    expect(t('campaigns.parts', { chars: counted('smsSize.chars', 1), parts: counted('smsSize.smsParts', 1) })).toBe('1 character · 1 SMS part');
    expect(t('slipping.parts', { parts: counted('smsSize.parts', 3), chars: counted('smsSize.chars', 3) })).toBe('3 parts, 3 characters');

    // A reason key with no plural forms is found through count all the same (churn-reason.ts passes it to every code).
    expect(t('insights.reason.unresolved-tickets', { n: '1', count: 1 })).toBe('1 unresolved ticket');
    expect(t('insights.reason.no-contact', { days: counted('insights.days', 3), n: '0', count: 0 })).toBe('no contact in 3 days');

    // Persian reads as before the split, with one noun form for every number.
    expect(t('imports.undoneAny', { n: '۱', count: 1, reverted: '۰', lng: 'fa' })).toBe('برگردانده شد: ۱ رکورد حذف و ۰ رکورد به حالت قبل برگشت.');
    expect(t('shop.syncDone', { orders: counted('shop.syncedOrders', 1, 'fa'), customers: counted('shop.syncedCustomers', 3, 'fa'), lng: 'fa' }))
      .toBe('همگام شد: ۱ سفارش، ۳ مشتری');
    expect(t('problemGroups.summary', {
      tickets: counted('problemGroups.ticketCount', 3, 'fa'), groups: counted('problemGroups.problemCount', 1, 'fa'),
      ungrouped: counted('problemGroups.ticketCount', 1, 'fa'), lng: 'fa',
    })).toBe('۳ تیکت در ۱ مشکل؛ ۱ تیکت بی‌گروه');
  });
});
