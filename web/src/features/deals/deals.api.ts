/** Shapes and queries of pipelines, the board and deals (docs/api.md, Sales). Money is whole Rials as strings. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type Outcome = 'open' | 'won' | 'lost';

export type Stage = { id: string; name: string; position: number; probability: number; outcome: Outcome; dealCount?: number };
export type Pipeline = { id: string; name: string; isDefault: boolean; position: number; createdAt: string; stages: Stage[] };

export type Deal = {
  id: string;
  title: string;
  customerId: string;
  customerName: string;
  pipelineId: string;
  pipelineName: string;
  stageId: string;
  stageName: string;
  stageOutcome: Outcome;
  amount: string;
  expectedCloseDate: string | null;
  probability: number | null;
  stageProbability: number;
  effectiveProbability: number;
  status: Outcome;
  lostReason: string | null;
  closedAt: string | null;
  ownerId: string | null;
  ownerName: string | null;
  teamId: string | null;
  source: string | null;
  rank: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
};

export type DealItem = { id: string; productId: string; code: string; nameFa: string; unit: string; quantity: string; unitPrice: string; total: string };
export type StageEvent = {
  id: string; at: string; fromStageId: string | null; fromStageName: string | null; toStageId: string; toStageName: string | null;
  toOutcome: Outcome | null; lostReason: string | null; actorId: string | null; actorName: string | null;
};
export type DealDetail = Deal & { items: DealItem[]; history: StageEvent[] };

export type BoardStage = Stage & { count: number; amount: string; weightedAmount: string; deals: Deal[] };
export type Board = { pipeline: { id: string; name: string; isDefault: boolean }; closedSince: string; stages: BoardStage[] };

export type DealPage = { items: Deal[]; total: number; totalAmount: string; page: number; pageSize: number };

/** The customer 360° `deals` section. */
export type DealsSection = { open: Deal[]; openCount: number; openAmount: string; wonCount: number; wonAmount: string; lostCount: number };

export type BoardFilters = { q?: string; ownerId?: string };
export const boardKey = (pipelineId: string, filters: BoardFilters) => ['deals', 'board', pipelineId, filters] as const;
export const dealKey = (id: string) => ['deals', 'one', id] as const;

export const usePipelines = () => useQuery({ queryKey: ['pipelines'], queryFn: () => api.get<{ items: Pipeline[] }>('/pipelines'), staleTime: 60_000 });

export const useDeal = (id: string | null) =>
  useQuery({ queryKey: dealKey(id ?? ''), queryFn: () => api.get<DealDetail>(`/deals/${id}`), enabled: Boolean(id) });

export type MoveBody = { stageId: string; beforeId?: string; afterId?: string; lostReason?: string };
export const moveDeal = (id: string, body: MoveBody) => api.post<DealDetail>(`/deals/${id}/move`, body);

export const outcomeColor = (o: string | null | undefined) => (o === 'won' ? 'teal' : o === 'lost' ? 'red' : 'blue');
