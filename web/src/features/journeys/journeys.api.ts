/**
 * Customer journeys on the web side (issue 19's contract, docs/api.md): the journeys and their stages, the map of a
 * period (stages, flows, pain points, moments of truth), a pain point's customers and its review, and one customer's
 * journey for the strip on the 360° view. The shapes are the server's response schemas (common/journeys.schemas.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type {
  customerJourney, journeyMap, journeyView, momentView, painCustomers, painPointView, painReviewInput, painReviewView,
} from '../../../../common/journeys.schemas';

export type Bilingual = { fa: string; en: string };
export type Journey = Answer<typeof journeyView>;
export type JourneyMap = Answer<typeof journeyMap>;
export type MapStage = JourneyMap['stages'][number];
export type Flow = JourneyMap['flows'][number];
export type PainPoint = Answer<typeof painPointView>;
export type Evidence = PainPoint['evidence'];
export type PainReview = Answer<typeof painReviewView>;
export type BeforeAfter = NonNullable<PainReview['beforeAfter']>;
export type Moment = Answer<typeof momentView>;
export type AffectedCustomers = Answer<typeof painCustomers>;
export type CustomerJourney = Answer<typeof customerJourney>;
export type PathStep = CustomerJourney['path'][number];
export type ReviewInput = z.input<typeof painReviewInput>;

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
    queryFn: ({ signal }) => api.get<AffectedCustomers>(
      `/journeys/${journeyId}/pain-points/${encodeURIComponent(painPointId ?? '')}/customers`,
      { from: q.from, to: q.to, segmentId: q.segmentId ?? undefined }, { signal }),
  });

/** A manager's word on a pain point: confirmed or dismissed, a note, and the action (owner, due date, task). */
export function useReviewPainPoint(journeyId: string | null, painPointId: string | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) => api.post<PainReview>(`/journeys/${journeyId}/pain-points/${encodeURIComponent(painPointId ?? '')}/review`, input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['journeys', journeyId] }),
  });
}

export const useCustomerJourney = (customerId: string) =>
  useQuery({
    queryKey: ['customer', customerId, 'journey'],
    queryFn: ({ signal }) => api.get<CustomerJourney>(`/customers/${customerId}/journey`, undefined, { signal }),
    retry: false,
  });
