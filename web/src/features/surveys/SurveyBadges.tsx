/** The small labels a survey shows in the list and the builder: headline metric, status, and when it asks. */
import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { splitMinutes, type Metric, type SurveyBody, type SurveyStatus } from './surveys.api';

const METRIC_COLOR: Record<Metric, string> = { nps: 'violet', csat: 'teal', ces: 'blue' };
const STATUS_COLOR: Record<SurveyStatus, string> = { draft: 'gray', active: 'green', archived: 'dark' };

export function MetricBadge({ metric }: { metric: Metric | null }) {
  const { t } = useTranslation();
  if (!metric) return <Text span c="dimmed" size="sm">{t('surveys.metric.none')}</Text>;
  return <Badge variant="light" color={METRIC_COLOR[metric]} data-testid="metric-badge" title={t(`surveys.metric.${metric}Long`)}>{t(`surveys.metric.${metric}`)}</Badge>;
}

export function StatusBadge({ status }: { status: SurveyStatus }) {
  const { t } = useTranslation();
  return <Badge variant={status === 'active' ? 'filled' : 'light'} color={STATUS_COLOR[status]} data-testid="status-badge" data-status={status}>{t(`surveys.status.${status}`)}</Badge>;
}

/** "ticket resolved, after 2 h 30 min", "every 6 months", "by hand". */
export function useDelayText() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (minutes: number) => {
    if (!minutes) return t('surveys.trigger.atOnce');
    const { hours, minutes: m } = splitMinutes(minutes);
    const parts = [hours ? t('surveys.trigger.hours', { n: fmt.number(hours) }) : '', m ? t('surveys.trigger.minutes', { n: fmt.number(m) }) : ''].filter(Boolean);
    return t('surveys.trigger.after', { delay: parts.join(t('surveys.trigger.and')) });
  };
}

export function TriggerText({ trigger }: { trigger: SurveyBody['trigger'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const delay = useDelayText();
  let detail = '';
  if (trigger.type === 'ticket_resolved' || trigger.type === 'invoice_paid') detail = delay(trigger.delayMinutes);
  if (trigger.type === 'periodic') detail = t('surveys.trigger.every', { n: fmt.number(trigger.everyMonths), count: trigger.everyMonths });
  return (
    <div>
      <Text size="sm">{t(`surveys.trigger.${trigger.type}`)}</Text>
      {detail && <Text size="xs" c="dimmed">{detail}</Text>}
    </div>
  );
}
