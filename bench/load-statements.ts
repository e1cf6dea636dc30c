/**
 * The load test's statements as PostgreSQL saw them (pg_stat_statements, when the server preloads it): reset when the
 * measured window opens, read when it closes, the top statements by total time (planning + execution) with their
 * calls, mean planning and execution times and rows. Planning time needs `pg_stat_statements.track_planning = on`.
 *
 *   ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';
 *   ALTER SYSTEM SET pg_stat_statements.track_planning = on;    -- then restart PostgreSQL
 */
import pg from 'pg';

export type StatementStats = { available: boolean; reason?: string; top: Row[]; total: { calls: number; planMs: number; execMs: number } };
type Row = { query: string; calls: number; plan_ms: number; exec_ms: number; mean_plan: number; mean_exec: number; rows: number };

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/** Resets the counters; false (with why) when pg_stat_statements is not loaded. */
export async function resetStatements(url: string): Promise<{ ok: boolean; reason?: string }> {
  return withClient(url, async (c) => {
    try {
      await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await c.query('SELECT pg_stat_statements_reset()');
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  });
}

export async function readStatements(url: string, top = 12): Promise<StatementStats> {
  return withClient(url, async (c) => {
    try {
      const planning = (await c.query(`SELECT current_setting('pg_stat_statements.track_planning') AS v`)).rows[0].v === 'on';
      const where = `dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_%'`;
      const plan = planning ? 'total_plan_time' : '0';
      const rows = (await c.query<Row>(`SELECT query, calls::float8 AS calls, ${plan}::float8 AS plan_ms, total_exec_time::float8 AS exec_ms,
          ${planning ? 'mean_plan_time' : '0'}::float8 AS mean_plan, mean_exec_time::float8 AS mean_exec, rows::float8 AS rows
        FROM pg_stat_statements WHERE ${where} ORDER BY ${plan} + total_exec_time DESC LIMIT ${top}`)).rows;
      const [t] = (await c.query(`SELECT coalesce(sum(calls), 0)::float8 AS calls, coalesce(sum(${plan}), 0)::float8 AS plan, coalesce(sum(total_exec_time), 0)::float8 AS exec
        FROM pg_stat_statements WHERE ${where}`)).rows;
      return { available: true, top: rows, total: { calls: t.calls, planMs: t.plan, execMs: t.exec } };
    } catch (err) {
      return { available: false, reason: (err as Error).message, top: [], total: { calls: 0, planMs: 0, execMs: 0 } };
    }
  });
}

/** A markdown table of the top statements, each a share of the window's planning + execution time. */
export function statementsTable(s: StatementStats, requests: number): string {
  if (!s.available) return `pg_stat_statements: not available (${s.reason ?? 'not loaded'}); see bench/load-statements.ts`;
  const all = s.total.planMs + s.total.execMs;
  const lines = [
    `PostgreSQL statements in the window (pg_stat_statements): ${s.total.calls.toFixed(0)} calls = ${(s.total.calls / Math.max(1, requests)).toFixed(2)} per request; ` +
      `planning ${(s.total.planMs / Math.max(1, requests)).toFixed(2)} ms + execution ${(s.total.execMs / Math.max(1, requests)).toFixed(2)} ms per request`,
    '', '| share | calls | mean plan ms | mean exec ms | rows/call | statement |', '|--:|--:|--:|--:|--:|---|',
    ...s.top.map((r) => `| ${(((r.plan_ms + r.exec_ms) / Math.max(1e-9, all)) * 100).toFixed(1)} % | ${r.calls} | ${r.mean_plan.toFixed(3)} | ${r.mean_exec.toFixed(3)} | ${(r.rows / Math.max(1, r.calls)).toFixed(1)} | ${r.query.replace(/\s+/g, ' ').slice(0, 140).replace(/\|/g, '\\|')} |`),
  ];
  return lines.join('\n');
}
