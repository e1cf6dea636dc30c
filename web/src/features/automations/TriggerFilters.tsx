/** The event trigger's filters: which field changed (customer.updated), from / to which stage (lifecycle or deal stage). */
import { Group, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { WATCHED_FIELDS, type AutomationTrigger } from '../../../../common/automations.schemas';
import { LIFECYCLE_STAGES } from '../../../../common/customer.schemas';

type EventTrigger = Extract<AutomationTrigger, { kind: 'event' }>;
type Pipeline = { id: string; name: string; stages: { id: string; name: string }[] };

export function TriggerFilters({ trigger, onChange }: { trigger: EventTrigger; onChange: (t: EventTrigger) => void }) {
  const { t } = useTranslation();
  const deal = trigger.event === 'deal.stage_changed';
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => api.get<{ items: Pipeline[] }>('/pipelines'), enabled: deal, staleTime: 60_000 });
  const set = (k: 'field' | 'from' | 'to', v: string | null) => {
    const { [k]: _drop, ...rest } = trigger;
    onChange(v ? { ...rest, [k]: v } : rest);
  };
  if (trigger.event === 'customer.updated') {
    return (
      <Select maw={320} clearable label={t('automations.watchField')} placeholder={t('automations.anyField')} data-testid="automation-watch-field"
        data={WATCHED_FIELDS.map((f) => ({ value: f, label: t(`automations.watched.${f}`) }))} value={trigger.field ?? null} onChange={(v) => set('field', v)} />
    );
  }
  const options = trigger.event === 'customer.stage_changed'
    ? LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))
    : deal ? (pipelines.data?.items ?? []).flatMap((p) => p.stages.map((s) => ({ value: s.id, label: `${p.name} — ${s.name}` }))) : null;
  if (!options) return null;
  return (
    <Group gap="xs" align="end" wrap="wrap">
      <Select w={240} clearable label={t('automations.fromStage')} placeholder={t('automations.anyStage')} data={options} value={trigger.from ?? null} onChange={(v) => set('from', v)} data-testid="automation-from" />
      <Select w={240} clearable label={t('automations.toStage')} placeholder={t('automations.anyStage')} data={options} value={trigger.to ?? null} onChange={(v) => set('to', v)} data-testid="automation-to" />
    </Group>
  );
}
