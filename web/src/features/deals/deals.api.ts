/** Shapes and queries of pipelines, the board and deals (docs/api.md, Sales). Money is whole Rials as strings. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type {
  STAGE_OUTCOMES, stageView, pipelineView, dealView, dealItemView, stageEventView, dealDetail, boardStage, boardView, dealPage,
} from '../../../../common/sales.schemas';
import type { dealsSection } from '../../../../common/profile.schemas';

export type Outcome = (typeof STAGE_OUTCOMES)[number];

export type Stage = Answer<typeof stageView>;
export type Pipeline = Answer<typeof pipelineView>;
export type Deal = Answer<typeof dealView>;
export type DealItem = Answer<typeof dealItemView>;
export type StageEvent = Answer<typeof stageEventView>;
export type DealDetail = Answer<typeof dealDetail>;
export type BoardStage = Answer<typeof boardStage>;
export type Board = Answer<typeof boardView>;
/** A card on the board: the deal with its last and next activity. */
export type BoardDeal = BoardStage['deals'][number];
export type DealPage = Answer<typeof dealPage>;

/** The customer 360° `deals` section. */
export type DealsSection = Answer<typeof dealsSection>;

export type BoardFilters = { q?: string; ownerId?: string };
export const boardKey = (pipelineId: string, filters: BoardFilters) => ['deals', 'board', pipelineId, filters] as const;
export const dealKey = (id: string) => ['deals', 'one', id] as const;

export const usePipelines = () => useQuery({ queryKey: ['pipelines'], queryFn: () => api.get<{ items: Pipeline[] }>('/pipelines'), staleTime: 60_000 });

export const useDeal = (id: string | null) =>
  useQuery({ queryKey: dealKey(id ?? ''), queryFn: () => api.get<DealDetail>(`/deals/${id}`), enabled: Boolean(id) });

export type MoveBody = { stageId: string; beforeId?: string; afterId?: string; lostReason?: string };
export const moveDeal = (id: string, body: MoveBody) => api.post<DealDetail>(`/deals/${id}/move`, body);

export const outcomeColor = (o: string | null | undefined) => (o === 'won' ? 'teal' : o === 'lost' ? 'red' : 'blue');
