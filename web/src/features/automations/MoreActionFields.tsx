/** The fields of the newer steps: preferred channel (two texts), owner (user or team), field update, survey, webhook endpoint. */
import { Group, SegmentedControl, Select, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { SETTABLE_FIELDS, type AutomationAction } from '../../../../common/automations.schemas';
import { CHANNELS, LIFECYCLE_STAGES, SOURCES } from '../../../../common/customer.schemas';
import { textDir } from './text-dir';

type Named = { id: string; name: string };
type Props = { action: AutomationAction; onChange: (a: AutomationAction) => void };

/** Choices for a field whose values are a fixed list, labelled with the app's own keys (stage.*, channel.*, source.*). */
const CHOICES: Record<string, readonly string[]> = { lifecycleStage: LIFECYCLE_STAGES, preferredChannel: CHANNELS, source: SOURCES };
const CHOICE_KEY: Record<string, string> = { lifecycleStage: 'stage', preferredChannel: 'channel', source: 'source' };

export function MoreActionFields({ action, onChange }: Props) {
  const { t } = useTranslation();
  const k = action.kind;
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<{ items: (Named & { active: boolean })[] }>('/users'), enabled: k === 'assignOwner' });
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api.get<{ items: Named[] }>('/teams'), enabled: k === 'assignOwner' });
  const fields = useQuery({ queryKey: ['custom-fields'], queryFn: () => api.get<{ items: { key: string; labelFa: string; labelEn: string }[] }>('/custom-fields'), enabled: k === 'setField' });
  const surveys = useQuery({ queryKey: ['surveys'], queryFn: () => api.get<{ items: (Named & { status: string })[] }>('/surveys'), enabled: k === 'startSurvey' });
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => api.get<{ items: { id: string; url: string; description: string; active: boolean }[] }>('/webhooks'), enabled: k === 'webhook' });
  const { i18n } = useTranslation();

  if (action.kind === 'preferredChannel') return (<>
    <Text size="xs" c="dimmed">{t('automations.preferredHint')}</Text>
    <Textarea label={t('automations.smsBody')} description={t('automations.placeholders')} autosize minRows={2} value={action.sms} styles={{ input: { direction: textDir(action.sms) } }}
      onChange={(e) => onChange({ ...action, sms: e.currentTarget.value })} data-testid="automation-pc-sms" />
    <TextInput label={t('automations.subject')} value={action.subject} styles={{ input: { direction: textDir(action.subject) } }} onChange={(e) => onChange({ ...action, subject: e.currentTarget.value })} data-testid="automation-pc-subject" />
    <Textarea label={t('automations.emailBody')} autosize minRows={2} value={action.email} styles={{ input: { direction: textDir(action.email) } }} onChange={(e) => onChange({ ...action, email: e.currentTarget.value })} data-testid="automation-pc-email" />
    <Switch size="xs" label={t('automations.advertising')} checked={action.advertising} onChange={(e) => onChange({ ...action, advertising: e.currentTarget.checked })} />
  </>);

  if (action.kind === 'assignOwner') {
    const mode = action.teamId !== undefined ? 'team' : 'user';
    return (<>
      <SegmentedControl size="xs" value={mode} data={[{ value: 'user', label: t('automations.ownerUser') }, { value: 'team', label: t('automations.ownerTeam') }]}
        onChange={(m) => onChange(m === 'team' ? { kind: 'assignOwner', teamId: teams.data?.items[0]?.id ?? '' } : { kind: 'assignOwner', userId: '' })} />
      {mode === 'user'
        ? <Select label={t('automations.ownerUser')} searchable data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} value={action.userId || null}
            onChange={(v) => v && onChange({ kind: 'assignOwner', userId: v })} data-testid="automation-owner-user" />
        : <Select label={t('automations.ownerTeam')} description={t('automations.roundRobin')} data={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} value={action.teamId || null}
            onChange={(v) => v && onChange({ kind: 'assignOwner', teamId: v })} data-testid="automation-owner-team" />}
    </>);
  }

  if (action.kind === 'setField') {
    const custom = (fields.data?.items ?? []).map((c) => ({ value: `custom.${c.key}`, label: i18n.language === 'fa' ? c.labelFa : c.labelEn }));
    const choices = CHOICES[action.field];
    return (
      <Group gap="xs" align="end" wrap="wrap">
        <Select w={220} label={t('automations.field')} allowDeselect={false} data={[...SETTABLE_FIELDS.map((f) => ({ value: f, label: t(`automations.settable.${f}`) })), ...custom]}
          value={action.field} onChange={(v) => v && onChange({ ...action, field: v, value: CHOICES[v]?.[0] ?? '' })} data-testid="automation-field" />
        {choices
          ? <Select w={200} label={t('automations.value')} data={choices.map((c) => ({ value: c, label: t(`${CHOICE_KEY[action.field]}.${c}`, { defaultValue: c }) }))} value={String(action.value ?? '')} onChange={(v) => v && onChange({ ...action, value: v })} />
          : <TextInput w={220} label={t('automations.value')} value={String(action.value ?? '')} styles={{ input: { direction: textDir(String(action.value ?? '')) } }}
              onChange={(e) => onChange({ ...action, value: e.currentTarget.value })} data-testid="automation-field-value" />}
      </Group>
    );
  }

  if (action.kind === 'startSurvey') return (
    <Select label={t('automations.survey')} description={t('automations.surveyHint')} data={(surveys.data?.items ?? []).filter((x) => x.status === 'active').map((x) => ({ value: x.id, label: x.name }))}
      value={action.surveyId || null} onChange={(v) => v && onChange({ ...action, surveyId: v })} data-testid="automation-survey" />
  );

  if (action.kind === 'webhook') return (
    <Select label={t('automations.endpoint')} description={t('automations.endpointHint')} data={(hooks.data?.items ?? []).filter((h) => h.active).map((h) => ({ value: h.id, label: h.description || h.url }))}
      value={action.endpointId || null} onChange={(v) => v && onChange({ ...action, endpointId: v })} data-testid="automation-endpoint" nothingFoundMessage={t('automations.noEndpoints')} />
  );
  return null;
}
