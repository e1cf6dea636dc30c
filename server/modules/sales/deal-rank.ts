/**
 * Board order: each deal has a fractional rank within its stage, so a drop between two cards writes one row. When two
 * neighbours have no room left between them, the column is renumbered (1000, 2000, …) once and the drop retried.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { formatRank, parseRank, rankBetween } from './sales.values.ts';

export type Placement = {
  /** The deal being placed (left out when looking for neighbours). */
  movingId?: string;
  /** The card that ends up directly above. */
  afterId?: string;
  /** The card that ends up directly below. */
  beforeId?: string;
};

async function renumber(tx: Db, stageId: string) {
  await tx.execute(sql`UPDATE deals SET rank = x.r FROM (
      SELECT id, (row_number() OVER (ORDER BY rank, id) * 1000)::numeric(20,10) AS r FROM deals WHERE stage_id = ${stageId}
    ) x WHERE deals.id = x.id`);
}

async function neighbour(tx: Db, stageId: string, id: string, field: 'afterId' | 'beforeId'): Promise<bigint> {
  const res = await tx.execute(sql`SELECT rank::text AS r FROM deals WHERE id = ${id} AND stage_id = ${stageId} AND deleted_at IS NULL`);
  const r = res.rows[0] as { r: string } | undefined;
  if (!r) throw new AppError('VALIDATION_FAILED', 'The neighbour card is not in that stage', { [field]: 'not a deal of the target stage' });
  return parseRank(r.r);
}

/** The rank (numeric text) that puts a deal at the requested place in a stage; with no neighbours given, at the top. */
export async function rankInStage(tx: Db, stageId: string, p: Placement): Promise<string> {
  if (p.movingId && (p.afterId === p.movingId || p.beforeId === p.movingId)) {
    throw new AppError('VALIDATION_FAILED', 'A deal cannot be placed next to itself', { [p.afterId === p.movingId ? 'afterId' : 'beforeId']: 'is the deal being moved' });
  }
  const others = sql`stage_id = ${stageId} AND deleted_at IS NULL ${p.movingId ? sql`AND id <> ${p.movingId}` : sql``}`;
  // The text is aliased r: `ORDER BY rank` must sort the numeric column, not its text.
  const one = async (q: ReturnType<typeof sql>) => {
    const row = (await tx.execute(q)).rows[0] as { r: string | null } | undefined;
    return row?.r == null ? undefined : parseRank(row.r);
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let above: bigint | undefined;
    let below: bigint | undefined;
    if (p.afterId && p.beforeId) {
      above = await neighbour(tx, stageId, p.afterId, 'afterId');
      below = await neighbour(tx, stageId, p.beforeId, 'beforeId');
      if (above > below || (above === below && p.afterId > p.beforeId)) {
        throw new AppError('CONFLICT', 'The board changed: the card given as above is below the other; reload and try again');
      }
    } else if (p.afterId) {
      above = await neighbour(tx, stageId, p.afterId, 'afterId');
      // The card right below it, in board order (rank, id).
      below = await one(sql`SELECT rank::text AS r FROM deals WHERE ${others} AND (rank > ${formatRank(above)}::numeric
        OR (rank = ${formatRank(above)}::numeric AND id > ${p.afterId})) ORDER BY rank, id LIMIT 1`);
    } else if (p.beforeId) {
      below = await neighbour(tx, stageId, p.beforeId, 'beforeId');
      above = await one(sql`SELECT rank::text AS r FROM deals WHERE ${others} AND (rank < ${formatRank(below)}::numeric
        OR (rank = ${formatRank(below)}::numeric AND id < ${p.beforeId})) ORDER BY rank DESC, id DESC LIMIT 1`);
    } else {
      below = await one(sql`SELECT min(rank)::text AS r FROM deals WHERE ${others}`);
    }
    const r = rankBetween(above, below);
    if (r !== null) return formatRank(r);
    await renumber(tx, stageId);
  }
  throw new AppError('CONFLICT', 'No room to place the card; try again');
}
