/** Pure board arithmetic: columns of card ids, where a dropped card lands, and the optimistic board after a move. */
import type { Board, BoardStage, BoardDeal as Deal, MoveBody } from '../deals.api';

/** Stage id → the ids of its cards, top to bottom. */
export type Columns = Record<string, string[]>;

export const columnsOf = (board: Board): Columns => Object.fromEntries(board.stages.map((s) => [s.id, s.deals.map((d) => d.id)]));

export function findColumn(cols: Columns, id: string): string | undefined {
  if (id in cols) return id;
  return Object.keys(cols).find((stageId) => cols[stageId].includes(id));
}

/**
 * The request that puts `dealId` where it sits in `ids` (its column after the drop): below the card above it, or,
 * at the top, above the card below it; an empty column needs neither.
 */
export function placement(ids: string[], dealId: string): Pick<MoveBody, 'afterId' | 'beforeId'> {
  const i = ids.indexOf(dealId);
  if (i > 0) return { afterId: ids[i - 1] };
  if (i === 0 && ids.length > 1) return { beforeId: ids[1] };
  return {};
}

const big = (s: string) => BigInt(s);

/** Moves one card in a column list (same or another column) to `index`; the other lists are untouched. */
export function moveInColumns(cols: Columns, dealId: string, toStageId: string, index: number): Columns {
  const from = findColumn(cols, dealId);
  if (!from) return cols;
  const next: Columns = { ...cols, [from]: cols[from].filter((id) => id !== dealId) };
  const target = [...next[toStageId]];
  target.splice(Math.max(0, Math.min(index, target.length)), 0, dealId);
  next[toStageId] = target;
  return next;
}

/**
 * The board as it will be after the move, before the server answers: the card in its new column and place, with the
 * stage, status and lost reason it will have, and the two columns' counts and sums (bigint) adjusted.
 */
export function moveOnBoard(board: Board, dealId: string, toStageId: string, index: number, lostReason?: string): Board {
  const fromStage = board.stages.find((s) => s.deals.some((d) => d.id === dealId));
  const toStage = board.stages.find((s) => s.id === toStageId);
  if (!fromStage || !toStage) return board;
  const deal = fromStage.deals.find((d) => d.id === dealId)!;
  const changed = fromStage.id !== toStage.id;
  const moved: Deal = changed
    ? {
      ...deal, stageId: toStage.id, stageName: toStage.name, stageOutcome: toStage.outcome, status: toStage.outcome,
      stageProbability: toStage.probability, effectiveProbability: deal.probability ?? toStage.probability,
      lostReason: toStage.outcome === 'lost' ? lostReason ?? deal.lostReason : null,
    }
    : deal;
  const stages = board.stages.map((s): BoardStage => {
    let deals = s.deals.filter((d) => d.id !== dealId);
    let { count, amount } = s;
    if (s.id === toStage.id) {
      deals = [...deals];
      deals.splice(Math.max(0, Math.min(index, deals.length)), 0, moved);
    }
    if (changed && s.id === fromStage.id) {
      count -= 1;
      amount = (big(amount) - big(deal.amount)).toString();
    }
    if (changed && s.id === toStage.id) {
      count += 1;
      amount = (big(amount) + big(deal.amount)).toString();
    }
    return { ...s, deals, count, amount };
  });
  return { ...board, stages };
}
