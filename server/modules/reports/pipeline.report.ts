/**
 * The pipeline now: open deals per open stage of a pipeline (count, amount, and amount weighted by the deal's
 * probability, else its stage's), in board order.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { assertCan, type Actor } from '../auth/index.ts';
import { visibleDealsSql } from '../sales/index.ts';
import type { PipelineReportQuery } from './reports.schemas.ts';

export type PipelineStageRow = { id: string; name: string; position: number; probability: number; count: number; amount: string; weightedAmount: string };

export async function pipelineReport(db: Db, actor: Actor, q: Pick<PipelineReportQuery, 'pipelineId'>) {
  assertCan(actor, 'reports', 'read');
  const all = (await db.execute(sql`SELECT id, name, is_default FROM pipelines ORDER BY is_default DESC, position, created_at, id`)).rows as { id: string; name: string; is_default: boolean }[];
  const pipelines = all.map((p) => ({ id: String(p.id), name: String(p.name), isDefault: Boolean(p.is_default) }));
  const pipeline = q.pipelineId ? pipelines.find((p) => p.id === q.pipelineId) : pipelines[0];
  if (q.pipelineId && !pipeline) throw new AppError('NOT_FOUND', 'Pipeline not found');
  if (!pipeline) return { pipeline: null, pipelines, stages: [] as PipelineStageRow[], total: { count: 0, amount: '0', weightedAmount: '0' } };
  const res = await db.execute(sql`
    SELECT s.id, s.name, s.position, s.probability, count(x.id)::int AS n, coalesce(sum(x.amount), 0)::text AS amount,
           coalesce(round(sum(x.amount::numeric * coalesce(x.probability, s.probability) / 100)), 0)::text AS weighted
    FROM pipeline_stages s
    LEFT JOIN (SELECT d.id, d.stage_id, d.amount, d.probability FROM deals d JOIN customers c ON c.id = d.customer_id
               WHERE d.pipeline_id = ${pipeline.id} AND d.status = 'open' AND ${visibleDealsSql(actor)}) x ON x.stage_id = s.id
    WHERE s.pipeline_id = ${pipeline.id} AND s.outcome = 'open'
    GROUP BY s.id, s.name, s.position, s.probability ORDER BY s.position, s.id`);
  const stages: PipelineStageRow[] = (res.rows as Record<string, unknown>[]).map((r) => ({
    id: String(r.id), name: String(r.name), position: Number(r.position), probability: Number(r.probability),
    count: Number(r.n), amount: String(r.amount), weightedAmount: String(r.weighted),
  }));
  const total = {
    count: stages.reduce((s, x) => s + x.count, 0),
    amount: stages.reduce((s, x) => s + BigInt(x.amount), 0n).toString(),
    weightedAmount: stages.reduce((s, x) => s + BigInt(x.weightedAmount), 0n).toString(),
  };
  return { pipeline, pipelines, stages, total };
}
