/**
 * Customer journeys on the web side (issue 19's contract, docs/api.md): the journeys and their stages, the map of a
 * period (stages, flows, pain points, moments of truth), a pain point's customers and its review, and one customer's
 * journey for the strip on the 360° view. Fields beyond the contract are optional here: the screens show them when the
 * server sends them and fall back to what the contract guarantees.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export type Bilingual = { fa: string; en: string };
export type Stage = { key: string; name: string; nameEn?: string };
export type Touchpoint = { key: string; name: string; nameEn?: string; stageKey: string };
export type Journey = { id: string; name: string; isDefault?: boolean; stages: Stage[]; touchpoints: Touchpoint[] };

export type MapStage = { key: string; customers: number; medianDays: number | null; conversion: number | null; dropOff?: number | null };
export type Flow = { from: string; to: string; customers: number };
export type Evidence = {
  text?: Bilingual; comparison?: string; rate?: number; baseline?: number; n?: number; baselineN?: number; low?: number; high?: number; p?: number; productLine?: string | null;
};
export type Side = { n: number; bad: number; rate: number | null };
export type BeforeAfter = { since: string; before: Side; after: Side; change: { effect: number; low: number; high: number } | null };
export type PainReview = {
  status: 'confirmed' | 'dismissed'; note: string | null;
  action: { ownerId: string | null; dueDate: string | null; taskId: string | null; since: string | null } | null;
  reviewedAt: string; beforeAfter: BeforeAfter | null;
};
export type PainPoint = { id: string; touchpointKey: string; stageKey: string; kind: string; severity: number; customers: number; evidence: Evidence; review: PainReview | null };
export type Moment = {
  touchpointKey: string; stageKey?: string; outcome: string; effect: number; low: number; high: number; n: number;
  good?: { n: number; retained: number }; bad?: { n: number; retained: number }; explanation?: Bilingual;
};
export type JourneyMap = { stages: MapStage[]; flows?: Flow[]; painPoints: PainPoint[]; momentsOfTruth: Moment[] };

export type AffectedCustomer = { id: string; displayName: string; at?: string | null };
export type PathStep = { stageKey: string; enteredAt: string; leftAt?: string | null; days?: number | null; touchpoints: { key: string; at: string; source?: string; ref?: string | null }[] };
export type CustomerJourney = { journeyId: string | null; currentStage: string | null; path: PathStep[] };

export type MapQuery = { from: string; to: string; segmentId?: string | null };

export const useJourneys = () =>
  useQuery({ queryKey: ['journeys'], queryFn: ({ signal }) => api.get<{ items: Journey[] }>('/journeys', undefined, { signal }) });

export const useJourneyMap = (id: string | null, q: MapQuery) =>
  useQuery({
    queryKey: ['journeys', id, 'map', q],
    enabled: Boolean(id),
    queryFn: ({ signal }) => api.get<JourneyMap>(`/journeys/${id}/map`, { from: q.from, to: q.to, segmentId: q.segmentId ?? undefined }, { signal }),
    placeholderData: keepPreviousData,
  });

export const usePainPointCustomers = (journeyId: string | null, painPointId: string | null, q: MapQuery) =>
  useQuery({
    queryKey: ['journeys', journeyId, 'pain-points', painPointId, 'customers', q],
    enabled: Boolean(journeyId && painPointId),
    queryFn: ({ signal }) => api.get<{ items: AffectedCustomer[]; total?: number }>(
      `/journeys/${journeyId}/pain-points/${encodeURIComponent(painPointId ?? '')}/customers`,
      { from: q.from, to: q.to, segmentId: q.segmentId ?? undefined }, { signal }),
  });

export type ReviewInput = {
  status: 'confirmed' | 'dismissed'; note?: string; from?: string; to?: string;
  action?: { ownerId?: string; dueDate?: string; taskId?: string; since?: string };
};

/** A manager's word on a pain point: confirmed or dismissed, a note, and the action (owner, due date, task). */
export function useReviewPainPoint(journeyId: string | null, painPointId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) => api.post(`/journeys/${journeyId}/pain-points/${encodeURIComponent(painPointId ?? '')}/review`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['journeys', journeyId] }),
  });
}

export const useCustomerJourney = (customerId: string) =>
  useQuery({
    queryKey: ['customer', customerId, 'journey'],
    queryFn: ({ signal }) => api.get<CustomerJourney>(`/customers/${customerId}/journey`, undefined, { signal }),
    retry: false,
  });
