/** The customer's survey answers as the 360° view (`voice` section) and the answers API return them (server/modules/surveys/responses.service.ts). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type { surveyResponseView } from '../../../../common/survey.schemas';
import type { voiceSection } from '../../../../common/profile.schemas';

export type SurveyAnswer = Answer<typeof surveyResponseView>;
export type VoiceSection = Answer<typeof voiceSection>;

/** Answers about one ticket or invoice. */
export const useAnswersFor = (sourceType: 'ticket' | 'document', sourceId: string, enabled = true) =>
  useQuery({
    queryKey: ['survey-answers', sourceType, sourceId],
    queryFn: ({ signal }) => api.get<{ items: SurveyAnswer[] }>('/survey-responses', { sourceType, sourceId, pageSize: 5 }, { signal }),
    enabled,
  });
