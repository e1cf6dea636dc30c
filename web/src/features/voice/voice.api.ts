/** The customer's survey answers as the 360° view (`voice` section) and the answers API return them (server/modules/surveys/responses.service.ts). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type SurveyAnswer = {
  id: string; surveyId: string; surveyName: string | null; customerId: string | null; customerName: string | null;
  metric: 'nps' | 'csat' | 'ces' | null; score: number | null; comment: string | null; channel: string;
  sourceType: 'ticket' | 'document' | null; sourceId: string | null; ticketNumber: number | null; documentNumber: string | null; agentName: string | null;
  loop: { status: 'open' | 'closed'; ownerName: string | null; note: string | null; closedAt: string | null; taskDueAt: string | null } | null;
  createdAt: string; updatedAt: string;
};
export type VoiceSection = { items: SurveyAnswer[]; total: number };

/** Answers about one ticket or invoice. */
export const useAnswersFor = (sourceType: 'ticket' | 'document', sourceId: string, enabled = true) =>
  useQuery({
    queryKey: ['survey-answers', sourceType, sourceId],
    queryFn: ({ signal }) => api.get<{ items: SurveyAnswer[] }>('/survey-responses', { sourceType, sourceId, pageSize: 5 }, { signal }),
    enabled,
  });
