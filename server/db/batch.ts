/**
 * Reads batched into one round trip per wave. `batchedReads(db)` gives a Drizzle handle whose SELECTs issued while the
 * same burst of promises runs (until the event loop's next turn) go to the database as ONE statement:
 *
 *   SELECT ARRAY(SELECT r::text FROM (<q1>) r) AS b0, ARRAY(SELECT r::text FROM (<q2>) r) AS b1, …
 *
 * Each row comes back in PostgreSQL's own text form of a record, so every column is parsed by the same type parser the
 * driver (and Drizzle's overrides for dates) would have used; the answer to each caller is exactly what it would have
 * got alone. The columns (names and type ids) of a statement are learnt from its first run, which goes alone. Anything
 * that is not a plain SELECT, a statement met for the first time, or a batch the database refuses runs as before.
 * This is how the 360° view gathers any number of module sections in a fixed number of round trips
 * (docs/decisions.md, "360° view: batched reads").
 */
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { types as pgliteTypes, type PGlite, type QueryOptions } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from './client.ts';

type Field = { name: string; dataTypeID: number };
type RowMode = 'array' | 'object' | undefined;
type Parse = (oid: number) => (text: string) => unknown;
type Result = { rows: unknown[]; fields: Field[] };

/** Statement text → its columns, learnt from its first run (bounded: texts that vary stay unbatched beyond it). */
const shapes = new Map<string, Field[]>();
const MAX_SHAPES = 2000;

let enabled = true;
/** Benchmarks only: turn batching off (and on again) to compare both in one run. */
export function setBatching(on: boolean): void { enabled = on; }

/** Counters for benchmarks and tests: statements asked for, and round trips made to the database. */
export interface BatchStats { statements: number; roundTrips: number }

interface Pending {
  text: string;
  params: unknown[];
  rowMode: RowMode;
  parse: Parse;
  alone: () => Promise<Result>;
  resolve: (r: Result) => void;
  reject: (e: unknown) => void;
}

const READ = /^\s*(select|with)\b/i;
const WRITE = /\b(insert|update|delete|merge|for\s+(update|share|no\s+key\s+update|key\s+share))\b/i;
/** batchable()'s answers by statement text: the texts repeat, and its regexes over them were ~3 % of a 360° view's CPU. */
const batchableTexts = new Map<string, boolean>();
const MAX_BATCHABLE_TEXTS = 2000;

/** Only reads whose text can sit inside a subquery and whose `$n` are all placeholders. */
export function batchable(text: string): boolean {
  let ok = batchableTexts.get(text);
  if (ok === undefined) {
    ok = batchableText(text);
    if (batchableTexts.size < MAX_BATCHABLE_TEXTS) batchableTexts.set(text, ok);
  }
  return ok;
}

function batchableText(text: string): boolean {
  if (!READ.test(text) || WRITE.test(text)) return false;
  const literals = text.match(/'(?:[^']|'')*'/g) ?? [];
  if (literals.some((l) => /\$\d/.test(l))) return false; // renumbering the placeholders would change the literal
  const code = text.replace(/'(?:[^']|'')*'/g, "''");
  return !/;\s*\S/.test(code) && !/\$(?!\d)/.test(code); // one statement, no dollar quoting
}

/**
 * Parses PostgreSQL's text output of a record, `(a,"b c",,"")`, into its fields (null where the field is NULL).
 * record_out quotes any field with a special character and doubles `"` and `\` inside quotes.
 */
export function parseRecord(s: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 1;
  const end = s.length - 1; // the closing ')'
  if (end === 1) return [null]; // "()" is a one-column record holding NULL
  while (i <= end) {
    if (s[i] === ',' || i === end) { out.push(null); i++; continue; }
    let v = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const ch = s[i];
        if (ch === '\\') { v += s[i + 1]; i += 2; continue; }
        if (ch === '"') {
          if (s[i + 1] === '"') { v += '"'; i += 2; continue; }
          i++;
          break;
        }
        v += ch;
        i++;
      }
    } else {
      const j = s.indexOf(',', i);
      const stop = j === -1 || j > end ? end : j;
      v = s.slice(i, stop);
      i = stop;
    }
    out.push(v);
    i++; // past ',' or ')'
  }
  return out;
}

function shapeRows(p: Pending, records: string[], fields: Field[]): unknown[] | undefined {
  const parsers = fields.map((f) => p.parse(f.dataTypeID));
  const rows: unknown[] = [];
  for (const rec of records) {
    const vals = parseRecord(rec);
    if (vals.length !== fields.length) return undefined;
    const parsed = vals.map((v, k) => (v === null ? null : parsers[k](v)));
    if (p.rowMode === 'array') rows.push(parsed);
    else {
      const o: Record<string, unknown> = {};
      fields.forEach((f, k) => { o[f.name] = parsed[k]; });
      rows.push(o);
    }
  }
  return rows;
}

const renumber = (text: string, offset: number) => (offset ? text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`) : text);

class Batcher {
  private queue: Pending[] = [];
  readonly stats: BatchStats = { statements: 0, roundTrips: 0 };
  constructor(private runMerged: (text: string, params: unknown[]) => Promise<unknown[][]>) {}

  submit(p: Omit<Pending, 'resolve' | 'reject'>): Promise<Result> {
    this.stats.statements++;
    if (!batchable(p.text) || !shapes.has(p.text)) return this.alone(p);
    return new Promise<Result>((resolve, reject) => {
      if (this.queue.push({ ...p, resolve, reject }) === 1) setImmediate(() => void this.flush());
    });
  }

  private async alone(p: Omit<Pending, 'resolve' | 'reject'>): Promise<Result> {
    this.stats.roundTrips++;
    const r = await p.alone();
    if (batchable(p.text) && Array.isArray(r.fields) && (shapes.size < MAX_SHAPES || shapes.has(p.text))) {
      shapes.set(p.text, r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })));
    }
    return r;
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 1) {
      const [p] = batch;
      this.alone(p).then(p.resolve, p.reject);
      return;
    }
    const params: unknown[] = [];
    const cols = batch.map((p, k) => {
      const sql = renumber(p.text.replace(/;\s*$/, ''), params.length);
      params.push(...p.params);
      return `ARRAY(SELECT _mb_r::text FROM (${sql}) _mb_r) AS b${k}`;
    });
    let row: unknown[];
    try {
      this.stats.roundTrips++;
      [row] = await this.runMerged(`SELECT ${cols.join(', ')}`, params);
    } catch {
      // One of them fails (or the database refuses the whole): each runs alone and answers for itself.
      for (const p of batch) this.alone(p).then(p.resolve, p.reject);
      return;
    }
    batch.forEach((p, k) => {
      const fields = shapes.get(p.text)!;
      const rows = shapeRows(p, (row[k] as string[] | null) ?? [], fields);
      if (rows) p.resolve({ rows, fields });
      else { shapes.delete(p.text); this.alone(p).then(p.resolve, p.reject); } // the columns changed: learn again
    });
  }
}

/** The stats of a handle made by batchedReads (undefined for any other handle). */
export const batchStats = (db: Db): BatchStats | undefined => (db as unknown as { $batch?: Batcher }).$batch?.stats;

type PgQueryConfig = { text: string; rowMode?: 'array'; types?: { getTypeParser(oid: number, format?: string): (v: string) => unknown } };

/**
 * A handle on the same database whose reads are batched (see the header). Use it for one burst of parallel reads (a
 * request); a transaction or a handle of another kind is returned as it is.
 */
export function batchedReads(db: Db): Db {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!client || !enabled) return db;
  if (client instanceof pg.Pool) {
    const pool = client;
    const batcher = new Batcher(async (text, params) => (await pool.query({ text, rowMode: 'array' }, params)).rows as unknown[][]);
    const facade = {
      query(config: PgQueryConfig | string, values?: unknown[]) {
        const c: PgQueryConfig = typeof config === 'string' ? { text: config } : config;
        const parse: Parse = (oid) => (c.types ? c.types.getTypeParser(oid, 'text') : pg.types.getTypeParser(oid, 'text'));
        return batcher.submit({
          text: c.text, params: values ?? [], rowMode: c.rowMode, parse,
          alone: () => pool.query(c as pg.QueryConfig, values) as unknown as Promise<Result>,
        });
      },
    };
    return withStats(drizzlePg({ client: facade as unknown as pg.Pool }) as unknown as Db, batcher);
  }
  if (typeof (client as PGlite).query === 'function' && 'parsers' in (client as object)) {
    const lite = client as PGlite;
    const batcher = new Batcher(async (text, params) => (await lite.query<unknown[]>(text, params, { rowMode: 'array' })).rows);
    const facade = {
      query(text: string, params: unknown[] = [], options: QueryOptions = {}) {
        // The query's own parser for a type, else the database's: no merged copy of PGlite's whole parser table per
        // query (that copy was 18 % of the embedded server's CPU on 360° views).
        const own = options.parsers;
        const base = (lite as unknown as { parsers: QueryOptions['parsers'] }).parsers;
        const parse: Parse = (oid) => (v) => pgliteTypes.parseType(v, oid, own?.[oid] ? own : base);
        return batcher.submit({
          text, params, rowMode: options.rowMode, parse,
          alone: () => lite.query(text, params, options) as unknown as Promise<Result>,
        });
      },
      transaction: () => { throw new Error('batchedReads: reads only'); },
    };
    return withStats(drizzlePglite({ client: facade as unknown as PGlite }) as unknown as Db, batcher);
  }
  return db;
}

function withStats(db: Db, batcher: Batcher): Db {
  Object.defineProperty(db, '$batch', { value: batcher });
  return db;
}
