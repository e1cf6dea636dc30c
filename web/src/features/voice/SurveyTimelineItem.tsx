/** A survey answer on the customer timeline and beside a ticket: the score on its scale, the comment, what asked for it, the follow-up. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconMoodHappy, IconMoodSad, IconMoodEmpty } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Answer } from '../../api/types';
import type { surveyTimelineData } from '../../../../common/profile.schemas';

export type SurveyTimelineData = Answer<typeof surveyTimelineData>;

export const SURVEY_TIMELINE_KINDS = ['survey'] as const;
const MAX = { nps: 10, csat: 5, ces: 7 } as const;

type AnyItem = { kind: string; at: string; data: unknown };

/** happy / neutral / unhappy, by the metric's own cut-offs (NPS 9–10 / 7–8 / 0–6, CSAT 4–5 / 3 / 1–2, CES 6–7 / 4–5 / 1–3). */
export function mood(metric: SurveyTimelineData['metric'], score: number | null): 'happy' | 'neutral' | 'unhappy' | null {
  if (metric === null || score === null) return null;
  const [low, high] = { nps: [6, 9], csat: [2, 4], ces: [3, 6] }[metric];
  return score <= low ? 'unhappy' : score >= high ? 'happy' : 'neutral';
}
const MOOD_COLOR = { happy: 'teal', neutral: 'yellow', unhappy: 'red' } as const;

export const surveyKindLabel = (t: TFunction, kind: string): string | null => (kind === 'survey' ? t('voice.timeline.kind') : null);

/** The score as "۳ از ۷" with its metric's name, colored by mood. */
export function ScoreBadge({ metric, score }: { metric: SurveyTimelineData['metric']; score: number | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (metric === null || score === null) return null;
  const m = mood(metric, score)!;
  return (
    <Badge color={MOOD_COLOR[m]} variant="light" data-testid="survey-score" data-mood={m}>
      {t(`voice.metric.${metric}`)}: {t('voice.outOf', { score: fmt.number(score), max: fmt.number(MAX[metric]) })}
    </Badge>
  );
}

export function SurveyAnswerBody({ data, at }: { data: SurveyTimelineData; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <>
      <Group gap={6}>
        <Text size="sm" fw={600}>{data.surveyName}</Text>
        <ScoreBadge metric={data.metric} score={data.score} />
        {data.loopStatus && (
          <Badge size="xs" variant="outline" color={data.loopStatus === 'open' ? 'red' : 'gray'} data-testid="survey-loop">{t(`voice.loop.${data.loopStatus}`)}</Badge>
        )}
      </Group>
      {data.comment && <Text size="sm" mt={2} dir="auto" className="timeline-body" style={{ whiteSpace: 'pre-wrap' }} data-testid="survey-comment">{data.comment}</Text>}
      <Text size="xs" c="dimmed" mt={2}>
        {data.sourceType === 'ticket' && data.sourceId && (
          <><Anchor component={Link} to={`/tickets/${data.sourceId}`} size="xs">{t('voice.forTicket', { n: fmt.digits(String(data.ticketNumber ?? '')) })}</Anchor>{' · '}</>
        )}
        {data.sourceType === 'document' && data.sourceId && (
          <><Anchor component={Link} to={`/documents/${data.sourceId}`} size="xs">{t('voice.forInvoice', { n: fmt.digits(data.documentNumber ?? '') })}</Anchor>{' · '}</>
        )}
        {t(`voice.channel.${data.channel}`, { defaultValue: data.channel })} · {fmt.dateTime(at)}
      </Text>
    </>
  );
}

export function surveyTimelineBody(item: AnyItem): ReactNode | null {
  return item.kind === 'survey' ? <SurveyAnswerBody data={item.data as SurveyTimelineData} at={item.at} /> : null;
}
export function surveyTimelineIcon(item: AnyItem): ReactNode | null {
  if (item.kind !== 'survey') return null;
  const d = item.data as SurveyTimelineData;
  const m = mood(d.metric, d.score);
  return m === 'unhappy' ? <IconMoodSad size={14} /> : m === 'happy' ? <IconMoodHappy size={14} /> : <IconMoodEmpty size={14} />;
}
