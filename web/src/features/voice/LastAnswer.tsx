/** The customer's latest survey answer (the 360° `voice` section), for the ticket screen's side panel. */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SurveyAnswerBody } from './SurveyTimelineItem';
import type { SurveyAnswer, VoiceSection } from './voice.api';

export const answerAsTimeline = (a: SurveyAnswer) => ({
  surveyName: a.surveyName ?? '', metric: a.metric, score: a.score, comment: a.comment, channel: a.channel, sourceType: a.sourceType,
  sourceId: a.sourceId, ticketNumber: a.ticketNumber, documentNumber: a.documentNumber, loopStatus: a.loop?.status ?? null,
});

export function LastAnswer({ section }: { section: VoiceSection }) {
  const { t } = useTranslation();
  const last = section.items[0];
  return (
    <div data-testid="ticket-panel-last-answer">
      <Text size="sm" fw={600} mb={4}>{t('voice.lastAnswer')}</Text>
      {last ? <SurveyAnswerBody data={answerAsTimeline(last)} at={last.updatedAt} /> : <Text size="sm" c="dimmed">{t('voice.noAnswer')}</Text>}
    </div>
  );
}
