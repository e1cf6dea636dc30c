/** Percentiles and the table the benchmark prints. */
export type Series = { name: string; app: number[]; raw: number[]; statements: number };

export function pct(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '—');

export function summarize(s: Series) {
  return {
    name: s.name, n: s.app.length, statements: s.statements,
    app: { p50: pct(s.app, 50), p95: pct(s.app, 95), p99: pct(s.app, 99) },
    raw: { p50: pct(s.raw, 50), p95: pct(s.raw, 95), p99: pct(s.raw, 99) },
    ratio: { p50: pct(s.app, 50) / pct(s.raw, 50), p95: pct(s.app, 95) / pct(s.raw, 95) },
  };
}
export type Summary = ReturnType<typeof summarize>;

export function table(rows: Summary[]): string {
  const head = '| measurement | n | SQL stmts/req | app p50 | app p95 | app p99 | raw SQL p50 | raw SQL p95 | raw p99 | ratio p50 | ratio p95 |';
  const sep = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const lines = rows.map((r) => `| ${r.name} | ${r.n} | ${r.statements.toFixed(1)} | ${f(r.app.p50)} | ${f(r.app.p95)} | ${f(r.app.p99)} | ${f(r.raw.p50)} | ${f(r.raw.p95)} | ${f(r.raw.p99)} | ${f(r.ratio.p50)}× | ${f(r.ratio.p95)}× |`);
  return [head, sep, ...lines].join('\n');
}
