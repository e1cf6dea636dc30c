/** What the customer answered about this ticket (the survey its resolution triggered), above the conversation. */
import { Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { SurveyAnswerBody } from './SurveyTimelineItem';
import { answerAsTimeline } from './LastAnswer';
import { useAnswersFor } from './voice.api';

export function TicketAnswer({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const answers = useAnswersFor('ticket', ticketId, can('surveys', 'read'));
  const a = answers.data?.items[0];
  if (!a) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="ticket-survey-answer">
      <Text size="sm" fw={600} mb={4}>{t('voice.thisTicket')}</Text>
      {/* About this very ticket: no link back to it. */}
      <SurveyAnswerBody data={{ ...answerAsTimeline(a), sourceType: null }} at={a.updatedAt} />
    </Paper>
  );
}
