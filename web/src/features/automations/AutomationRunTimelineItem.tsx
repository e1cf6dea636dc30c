/** An automation run on the customer's timeline: the rule's name, its status and last step, and a link to the run. */
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconRobot } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFormat } from '../../lib/format';
import type { Answer } from '../../api/types';
import type { automationRunTimelineData } from '../../../../common/automations.schemas';

type Data = Answer<typeof automationRunTimelineData>;
type AnyItem = { kind: string; at: string; data: unknown };
export const AUTOMATION_TIMELINE_KINDS = ['automation_run'] as const;
export const automationKindLabel = (t: TFunction, kind: string): string | null => (kind === 'automation_run' ? t('automations.timeline.kind') : null);
const statusColor: Record<string, string> = { done: 'teal', failed: 'red', skipped: 'gray', pending: 'blue', waiting: 'yellow' };

function RunItem({ data, at }: { data: Data; at: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const last = data.lastAction && data.lastOutcome
    ? `${t(`automations.action.${data.lastAction}`, { defaultValue: t(`automations.logAction.${data.lastAction}`, { defaultValue: data.lastAction }) })}: ${t(`automations.outcome.${data.lastOutcome}`, { defaultValue: data.lastOutcome })}`
    : null;
  return (
    <>
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600} data-testid="timeline-automation">{t('automations.timeline.ran', { name: data.automationName })}</Text>
        <Badge size="xs" variant="light" color={statusColor[data.status] ?? 'gray'}>{t(`automations.runStatus.${data.status}`)}</Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={2}>
        {fmt.dateTime(at)} · {t('automations.timeline.steps', { step: fmt.number(Math.min(data.step, data.steps)), steps: fmt.number(data.steps) })}{last ? ` · ${last}` : ''}
        {' · '}<Anchor component={Link} to={data.link} size="xs" data-testid="timeline-automation-link">{t('automations.timeline.open')}</Anchor>
      </Text>
    </>
  );
}

export function automationTimelineBody(item: AnyItem): ReactNode | null {
  return item.kind === 'automation_run' ? <RunItem data={item.data as Data} at={item.at} /> : null;
}
export function automationTimelineIcon(item: AnyItem): ReactNode | null {
  return item.kind === 'automation_run' ? <IconRobot size={14} /> : null;
}
