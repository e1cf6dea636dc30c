/**
 * Time spent per kind of SQL statement, measured in the client (the server has no pg_stat_statements loaded): each
 * node-postgres query is timed from send to answer and summed under the statement's first words. For the import
 * benchmark's `--profile`: where a chunk spends its database time.
 */
import pg from 'pg';

const totals = new Map<string, { n: number; ms: number }>();

const keyOf = (text: string) => text.replace(/\s+/g, ' ').replace(/\$\d+/g, '$').slice(0, 90);

export function timeSqlStatements(): void {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const c = args[0] as { text?: string } | string;
    const text = typeof c === 'string' ? c : c?.text;
    const r = original.apply(this, args);
    if (!text || !r || typeof (r as Promise<unknown>).then !== 'function') return r;
    const a = performance.now();
    const done = () => {
      const t = totals.get(keyOf(text)) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += performance.now() - a;
      totals.set(keyOf(text), t);
    };
    (r as Promise<unknown>).then(done, done);
    return r;
  };
}

export function sqlTimingReport(top = 15): string {
  const rows = [...totals.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, top);
  const all = [...totals.values()].reduce((s, t) => s + t.ms, 0);
  return [`SQL time in the client: ${(all / 1000).toFixed(2)} s`, ...rows.map(([k, t]) => `${(t.ms / 1000).toFixed(2).padStart(7)} s ${String(t.n).padStart(6)}× ${k}`)].join('\n');
}
