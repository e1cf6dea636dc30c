/** One action of an automation: its kind, then the fields that kind needs; with move up/down and delete. */
import type { ReactNode } from 'react';
import { ActionIcon, Group, NumberInput, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { AUTOMATION_ACTIONS, AUTOMATION_UNITS, type AutomationAction } from '../../../../common/automations.schemas';
import { MoreActionFields } from './MoreActionFields';
import { LIFECYCLE_STAGES } from '../../../../common/customer.schemas';

export const DEFAULT_ACTION: Record<AutomationAction['kind'], AutomationAction> = {
  sms: { kind: 'sms', body: '{greeting}، ', advertising: false },
  email: { kind: 'email', subject: '', body: '' },
  task: { kind: 'task', title: '', dueIn: 1, unit: 'days' },
  addTag: { kind: 'addTag', tag: '' },
  removeTag: { kind: 'removeTag', tag: '' },
  setStage: { kind: 'setStage', stage: 'customer' },
  wait: { kind: 'wait', amount: 1, unit: 'days' },
  preferredChannel: { kind: 'preferredChannel', sms: '{greeting}، ', subject: '', email: '', advertising: false },
  assignOwner: { kind: 'assignOwner' },
  setField: { kind: 'setField', field: 'city', value: '' },
  startSurvey: { kind: 'startSurvey', surveyId: '' },
  webhook: { kind: 'webhook', endpointId: '' },
  branch: { kind: 'branch', condition: { all: [] }, then: [], else: [] },
};

import { textDir } from './text-dir';
export { textDir };

type Props = {
  index: number; count: number; action: AutomationAction; onChange: (a: AutomationAction) => void; onMove: (d: -1 | 1) => void; onRemove: () => void;
  /** Inside a branch: no nested branch, and the step's number is the branch's (e.g. 2.1). */
  nested?: boolean; label?: string; renderBranch?: (a: Extract<AutomationAction, { kind: 'branch' }>) => ReactNode;
};

export function ActionEditor({ index, count, action, onChange, onMove, onRemove, nested, label, renderBranch }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const units = AUTOMATION_UNITS.map((u) => ({ value: u, label: t(`automations.unit.${u}`) }));
  return (
    <Paper withBorder radius="md" p="sm" data-testid="automation-action">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
            <Text fw={700} size="sm">{label ?? `${f.number(index + 1)}.`}</Text>
            <Select size="xs" maw={240} style={{ flex: 1, minWidth: 0 }} aria-label={t('automations.addAction')} data={AUTOMATION_ACTIONS.filter((k) => !nested || k !== 'branch').map((k) => ({ value: k, label: t(`automations.action.${k}`) }))}
              value={action.kind} onChange={(k) => k && onChange(DEFAULT_ACTION[k as AutomationAction['kind']])} data-testid="automation-action-kind" />
          </Group>
          <Group gap={2} wrap="nowrap">
            <ActionIcon variant="subtle" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('automations.moveUp')}><IconArrowUp size={16} /></ActionIcon>
            <ActionIcon variant="subtle" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('automations.moveDown')}><IconArrowDown size={16} /></ActionIcon>
            <ActionIcon variant="subtle" color="red" disabled={!nested && count === 1} onClick={onRemove} aria-label={t('automations.delete')}><IconTrash size={16} /></ActionIcon>
          </Group>
        </Group>
        {action.kind === 'sms' && (<>
          <Textarea label={t('automations.smsBody')} description={t('automations.placeholders')} autosize minRows={2} value={action.body} styles={{ input: { direction: textDir(action.body) } }}
            onChange={(e) => onChange({ ...action, body: e.currentTarget.value })} data-testid="automation-sms-body" />
          <Switch size="xs" label={t('automations.advertising')} checked={action.advertising} onChange={(e) => onChange({ ...action, advertising: e.currentTarget.checked })} />
        </>)}
        {action.kind === 'email' && (<>
          <TextInput label={t('automations.subject')} value={action.subject} styles={{ input: { direction: textDir(action.subject) } }} onChange={(e) => onChange({ ...action, subject: e.currentTarget.value })} />
          <Textarea label={t('automations.body')} description={t('automations.placeholders')} autosize minRows={3} value={action.body} styles={{ input: { direction: textDir(action.body) } }} onChange={(e) => onChange({ ...action, body: e.currentTarget.value })} />
          <Switch size="xs" label={t('contactPolicy.marketingStep')} checked={action.marketing ?? false} onChange={(e) => onChange({ ...action, marketing: e.currentTarget.checked })} data-testid="automation-email-marketing" />
        </>)}
        {action.kind === 'task' && (<>
          <TextInput label={t('automations.taskTitle')} value={action.title} styles={{ input: { direction: textDir(action.title) } }} onChange={(e) => onChange({ ...action, title: e.currentTarget.value })} data-testid="automation-task-title" />
          <Group gap="xs" align="end">
            <NumberInput label={t('automations.dueIn')} w={110} min={0} max={8760} value={action.dueIn} onChange={(v) => onChange({ ...action, dueIn: Number(v) || 0 })} />
            <Select w={110} data={units} value={action.unit} onChange={(u) => u && onChange({ ...action, unit: u as 'hours' | 'days' })} aria-label={t('automations.dueIn')} />
          </Group>
        </>)}
        {(action.kind === 'addTag' || action.kind === 'removeTag') && (
          <TextInput label={t('automations.tag')} value={action.tag} styles={{ input: { direction: textDir(action.tag) } }} onChange={(e) => onChange({ ...action, tag: e.currentTarget.value })} data-testid="automation-tag" />
        )}
        {action.kind === 'setStage' && (
          <Select label={t('automations.stage')} data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} value={action.stage}
            onChange={(s) => s && onChange({ ...action, stage: s as typeof action.stage })} />
        )}
        <MoreActionFields action={action} onChange={onChange} />
        {action.kind === 'branch' && renderBranch?.(action)}
        {action.kind === 'wait' && (
          <Group gap="xs" align="end">
            <NumberInput label={t('automations.amount')} w={110} min={1} max={8760} value={action.amount} onChange={(v) => onChange({ ...action, amount: Number(v) || 1 })} />
            <Select w={110} data={units} value={action.unit} onChange={(u) => u && onChange({ ...action, unit: u as 'hours' | 'days' })} aria-label={t('automations.amount')} />
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
