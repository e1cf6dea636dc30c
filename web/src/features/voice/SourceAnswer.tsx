/** What the customer answered about this ticket or invoice (the survey it triggered), shown on its page. */
import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { SurveyAnswerBody } from './SurveyTimelineItem';
import { answerAsTimeline } from './LastAnswer';
import { useAnswersFor } from './voice.api';

export function SourceAnswer({ sourceType, sourceId }: { sourceType: 'ticket' | 'document'; sourceId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const answers = useAnswersFor(sourceType, sourceId, can('surveys', 'read'));
  const a = answers.data?.items[0];
  if (!a) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid={`${sourceType}-survey-answer`}>
      <Text size="sm" fw={600} mb={4}>{t(sourceType === 'ticket' ? 'voice.thisTicket' : 'voice.thisInvoice')}</Text>
      {/* About this very ticket or invoice: no link back to it. */}
      <SurveyAnswerBody data={{ ...answerAsTimeline(a), sourceType: null }} at={a.updatedAt} />
    </Paper>
  );
}
