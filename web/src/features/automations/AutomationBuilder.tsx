/** The builder: name → when (trigger) → if (an optional segment-language condition, the segment builder's editor) → then (actions). */
import { useState } from 'react';
import { Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { AUTOMATION_EVENTS, AUTOMATION_SCHEDULES, type AutomationAction, type AutomationInput, type AutomationTrigger } from '../../../../common/automations.schemas';
import { IMPORTANT_DATE_KINDS } from '../../../../common/preferences.schemas';
import type { segmentView } from '../../../../common/segments.schemas';
import { fromRules, GroupEditor, toRules, type EditGroup, type FieldInfo } from '../segments/RuleEditor';
import { ActionEditor, DEFAULT_ACTION } from './ActionEditor';
import { BranchEditor } from './BranchEditor';
import { TriggerFilters } from './TriggerFilters';

type Segment = Answer<typeof segmentView>;
export type Draft = Omit<AutomationInput, 'conditions'> & { conditions: AutomationInput['conditions'] };
const EMPTY_GROUP: EditGroup = { mode: 'all', negate: false, items: [] };

function defaultTrigger(kind: AutomationTrigger['kind']): AutomationTrigger {
  if (kind === 'event') return { kind, event: 'lead.submitted' };
  if (kind === 'schedule') return { kind, hour: 10, rule: { type: 'birthday', daysBefore: 3 } };
  return { kind: 'manual' };
}

type Props = { initial: Draft; saving: boolean; onSave: (d: Draft) => void; onCancel: () => void; note?: string | null };

export function AutomationBuilder({ initial, saving, onSave, onCancel, note }: Props) {
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>(initial);
  const [useCond, setUseCond] = useState(Boolean(initial.conditions));
  const [group, setGroup] = useState<EditGroup>(initial.conditions ? fromRules(initial.conditions) : EMPTY_GROUP);
  const fields = useQuery({ queryKey: ['segments', 'fields'], queryFn: () => api.get<{ items: FieldInfo[] }>('/segments/fields'), enabled: useCond });
  const segs = useQuery({ queryKey: ['segments'], queryFn: () => api.get<{ items: Segment[] }>('/segments') });
  const tr = d.trigger;
  const setActions = (actions: AutomationAction[]) => setD({ ...d, actions });
  const move = (i: number, dir: -1 | 1) => { const a = [...d.actions]; [a[i], a[i + dir]] = [a[i + dir], a[i]]; setActions(a); };
  const save = () => onSave({ ...d, conditions: useCond && group.items.length ? toRules(group) : null });
  return (
    <Paper withBorder radius="md" p="md" data-testid="automation-builder">
      <Stack gap="md">
        <TextInput label={t('automations.name')} value={d.name} onChange={(e) => setD({ ...d, name: e.currentTarget.value })} data-testid="automation-name" />
        {note && <Text size="sm" c="orange">{note}</Text>}
        <Stack gap="xs">
          <Title order={3} size="h5">{t('automations.when')}</Title>
          <SegmentedControl value={tr.kind} onChange={(k) => setD({ ...d, trigger: defaultTrigger(k as AutomationTrigger['kind']) })} data-testid="automation-trigger-kind"
            data={(['event', 'schedule', 'manual'] as const).map((k) => ({ value: k, label: t(`automations.trigger.${k}`) }))} />
          {tr.kind === 'event' && (
            <Select data={AUTOMATION_EVENTS.map((e) => ({ value: e, label: t(`automations.event.${e}`) }))} value={tr.event} aria-label={t('automations.trigger.event')}
              onChange={(e) => e && setD({ ...d, trigger: { kind: 'event', event: e as typeof tr.event } })} data-testid="automation-event" maw={320} />
          )}
          {tr.kind === 'event' && <TriggerFilters trigger={tr} onChange={(x) => setD({ ...d, trigger: x })} />}
          {tr.kind === 'schedule' && (
            <Group align="end" gap="xs">
              <Select w={230} label={t('automations.trigger.schedule')} data={AUTOMATION_SCHEDULES.map((s) => ({ value: s, label: t(`automations.schedule.${s}`) }))} value={tr.rule.type}
                onChange={(s) => {
                  if (!s) return;
                  const rule = s === 'birthday' ? { type: 'birthday' as const, daysBefore: 3 } : s === 'importantDate' ? { type: 'importantDate' as const, daysBefore: 3, dateKind: 'anniversary' as const } : s === 'noPurchase' ? { type: 'noPurchase' as const, days: 90 } : s === 'noContact' ? { type: 'noContact' as const, days: 60 } : s === 'contractEnd' ? { type: 'contractEnd' as const, daysBefore: 30 } : { type: 'segment' as const, segmentId: segs.data?.items[0]?.id ?? '' };
                  setD({ ...d, trigger: { ...tr, rule } });
                }} />
              {tr.rule.type === 'birthday' && <NumberInput w={150} label={t('automations.daysBefore')} min={0} max={60} value={tr.rule.daysBefore} onChange={(v) => setD({ ...d, trigger: { ...tr, rule: { type: 'birthday', daysBefore: Number(v) || 0 } } })} />}
              {tr.rule.type === 'importantDate' && (
                <>
                  <Select w={130} label={t('preferences.kind')} data={IMPORTANT_DATE_KINDS.map((k) => ({ value: k, label: t(`preferences.dateKind.${k}`) }))} value={tr.rule.dateKind} allowDeselect={false}
                    onChange={(k) => k && tr.rule.type === 'importantDate' && setD({ ...d, trigger: { ...tr, rule: { ...tr.rule, dateKind: k as typeof tr.rule.dateKind } } })} data-testid="automation-date-kind" />
                  <NumberInput w={150} label={t('automations.daysBeforeDate')} min={0} max={60} value={tr.rule.daysBefore} onChange={(v) => tr.rule.type === 'importantDate' && setD({ ...d, trigger: { ...tr, rule: { ...tr.rule, daysBefore: Number(v) || 0 } } })} />
                </>
              )}
              {tr.rule.type === 'noPurchase' && <NumberInput w={150} label={t('automations.noPurchaseDays')} min={1} max={3650} value={tr.rule.days} onChange={(v) => setD({ ...d, trigger: { ...tr, rule: { type: 'noPurchase', days: Number(v) || 1 } } })} />}
              {tr.rule.type === 'noContact' && <NumberInput w={150} label={t('automations.noContactDays')} min={1} max={3650} value={tr.rule.days} onChange={(v) => setD({ ...d, trigger: { ...tr, rule: { type: 'noContact', days: Number(v) || 1 } } })} data-testid="automation-no-contact" />}
              {tr.rule.type === 'contractEnd' && <NumberInput w={170} label={t('automations.contractDays')} min={0} max={365} value={tr.rule.daysBefore} onChange={(v) => setD({ ...d, trigger: { ...tr, rule: { type: 'contractEnd', daysBefore: Number(v) || 0 } } })} data-testid="automation-contract-days" />}
              {tr.rule.type === 'segment' && <Select w={220} label={t('automations.segment')} data={(segs.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))} value={tr.rule.segmentId || null}
                onChange={(id) => id && setD({ ...d, trigger: { ...tr, rule: { type: 'segment', segmentId: id } } })} searchable />}
              <NumberInput w={130} label={t('automations.hour')} min={0} max={23} value={tr.hour} onChange={(v) => setD({ ...d, trigger: { ...tr, hour: Number(v) || 0 } })} data-testid="automation-hour" />
            </Group>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={3} size="h5">{t('automations.if')}</Title>
          <Switch label={t('automations.useCondition')} checked={useCond} onChange={(e) => setUseCond(e.currentTarget.checked)} data-testid="automation-use-condition" />
          {useCond && fields.data && <GroupEditor group={group} fields={fields.data.items} onChange={setGroup} />}
        </Stack>
        <Stack gap="xs">
          <Title order={3} size="h5">{t('automations.then')}</Title>
          {d.actions.map((a, i) => (
            <ActionEditor key={i} index={i} count={d.actions.length} action={a} onChange={(x) => setActions(d.actions.map((y, j) => (j === i ? x : y)))}
              onMove={(dir) => move(i, dir)} onRemove={() => setActions(d.actions.filter((_, j) => j !== i))}
              renderBranch={(b) => <BranchEditor index={i} action={b} onChange={(x) => setActions(d.actions.map((y, j) => (j === i ? x : y)))} />} />
          ))}
          <Group><Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setActions([...d.actions, DEFAULT_ACTION.task])} data-testid="automation-add-action">{t('automations.addAction')}</Button></Group>
        </Stack>
        <Group justify="space-between">
          <Switch label={d.enabled ? t('automations.enabled') : t('automations.disabled')} checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.currentTarget.checked })} data-testid="automation-enabled" />
          <Group gap="xs">
            <Button variant="default" onClick={onCancel}>{t('automations.cancel')}</Button>
            <Button onClick={save} loading={saving} disabled={!d.name.trim()} data-testid="automation-save">{t('automations.save')}</Button>
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}
