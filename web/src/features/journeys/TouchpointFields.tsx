/**
 * One touchpoint in the journey editor: its names, its stage and its rule over existing events — the source, which of
 * the source's events, channels, the purchase phase, product lines, and for survey answers the metric, the survey's
 * trigger and the touchpoint the answer measures. Only what the chosen source understands is shown.
 */
import { ActionIcon, Group, MultiSelect, Paper, Select, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  METRICS, phasesFor, SOURCE_CHANNELS, SOURCE_EVENTS, SOURCES, TRIGGERS, withSource,
  type DraftStage, type DraftTouchpoint, type Rule, type Source,
} from './journey-draft';

type Props = {
  tp: DraftTouchpoint; index: number; stages: DraftStage[]; others: DraftTouchpoint[]; lines: string[]; errors: string[];
  onChange: (next: DraftTouchpoint) => void; onRemove: () => void;
};

export function TouchpointFields({ tp, index, stages, others, lines, errors, onChange, onRemove }: Props) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const r = tp.rule;
  const source = r.source as Source;
  const setRule = (patch: Partial<Rule>) => onChange({ ...tp, rule: { ...r, ...patch } });
  const label = (group: string, v: string) => t(`journeys.edit.${group}.${v}`, { defaultValue: v });
  const events = SOURCE_EVENTS[source];
  const channels = SOURCE_CHANNELS[source];
  const phases = phasesFor(source);
  const name = (x: { name: string; nameEn: string; key: string }) => (en && x.nameEn ? x.nameEn : x.name) || x.key;

  return (
    <Paper withBorder p="sm" radius="sm" data-testid="journey-edit-touchpoint" data-key={tp.key} bg={errors.length ? 'red.0' : undefined}>
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <TextInput label={t('journeys.edit.tpName')} value={tp.name} dir="auto" w={{ base: '100%', sm: 190 }} required data-testid="journey-edit-tp-name"
            aria-label={`${t('journeys.edit.tpName')} ${index + 1}`} onChange={(e) => onChange({ ...tp, name: e.currentTarget.value })} />
          <TextInput label={t('journeys.edit.nameEn')} value={tp.nameEn} w={{ base: '100%', sm: 170 }} dir="ltr" data-testid="journey-edit-tp-name-en"
            onChange={(e) => onChange({ ...tp, nameEn: e.currentTarget.value })} />
          <TextInput label={t('journeys.edit.key')} value={tp.key} w={{ base: '100%', sm: 130 }} dir="ltr" disabled={tp.saved} data-testid="journey-edit-tp-key"
            onChange={(e) => onChange({ ...tp, key: e.currentTarget.value.trim().toLowerCase() })} />
          <Select label={t('journeys.edit.stage')} value={tp.stageKey} w={{ base: '100%', sm: 170 }} allowDeselect={false} data-testid="journey-edit-tp-stage"
            data={stages.map((s) => ({ value: s.key, label: name(s) }))} onChange={(v) => v && onChange({ ...tp, stageKey: v })} comboboxProps={{ withinPortal: true }} />
          <Tooltip label={t('journeys.edit.removeTouchpoint')}>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('journeys.edit.removeTouchpoint')} data-testid="journey-edit-tp-remove" mb={4}>
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select label={t('journeys.edit.source')} value={source} w={{ base: '100%', sm: 170 }} allowDeselect={false} data-testid="journey-edit-tp-source"
            data={SOURCES.map((s) => ({ value: s, label: label('sources', s) }))} onChange={(v) => v && onChange({ ...tp, rule: withSource(r, v as Source) })}
            comboboxProps={{ withinPortal: true }} />
          {events.length > 1 && (
            <MultiSelect label={t('journeys.edit.events')} placeholder={r.events?.length ? undefined : t('journeys.edit.anyEvent')} w={{ base: '100%', sm: 260 }} clearable
              data={events.map((e) => ({ value: e, label: label('eventNames', e) }))} value={r.events ?? []} data-testid="journey-edit-tp-events"
              onChange={(v) => setRule({ events: v.length ? v : undefined })} comboboxProps={{ withinPortal: true }} />
          )}
          {source === 'survey' ? (
            <>
              <Select label={t('journeys.edit.metric')} placeholder={t('journeys.edit.anyMetric')} value={r.metric ?? null} w={{ base: '100%', sm: 120 }} clearable data-testid="journey-edit-tp-metric"
                data={METRICS.map((m) => ({ value: m, label: m.toUpperCase() }))} onChange={(v) => setRule({ metric: (v ?? undefined) as Rule['metric'] })} comboboxProps={{ withinPortal: true }} />
              <MultiSelect label={t('journeys.edit.triggers')} placeholder={r.triggers?.length ? undefined : t('journeys.edit.anyTrigger')} w={{ base: '100%', sm: 240 }} clearable
                data={TRIGGERS.map((x) => ({ value: x, label: label('triggerNames', x) }))} value={r.triggers ?? []} data-testid="journey-edit-tp-triggers"
                onChange={(v) => setRule({ triggers: v.length ? v : undefined })} comboboxProps={{ withinPortal: true }} />
              <Select label={t('journeys.edit.measures')} placeholder={t('journeys.edit.measuresNone')} value={r.measures ?? null} w={{ base: '100%', sm: 200 }} clearable data-testid="journey-edit-tp-measures"
                data={others.map((o) => ({ value: o.key, label: name(o) }))} onChange={(v) => setRule({ measures: v ?? undefined })} comboboxProps={{ withinPortal: true }} />
            </>
          ) : channels ? (
            <MultiSelect label={t(`journeys.edit.channelOf.${source}`, { defaultValue: t('journeys.edit.channels') })} placeholder={r.channels?.length ? undefined : t('journeys.edit.anyChannel')} w={{ base: '100%', sm: 200 }} clearable
              data={channels.map((c) => ({ value: c, label: label('channelNames', c) }))} value={r.channels ?? []} data-testid="journey-edit-tp-channels"
              onChange={(v) => setRule({ channels: v.length ? v : undefined })} comboboxProps={{ withinPortal: true }} />
          ) : source === 'interaction' ? (
            <TagsInput label={t('journeys.edit.channels')} placeholder={r.channels?.length ? undefined : t('journeys.edit.anyChannel')} w={{ base: '100%', sm: 200 }} clearable
              value={r.channels ?? []} data-testid="journey-edit-tp-channels" onChange={(v) => setRule({ channels: v.length ? v : undefined })} />
          ) : null}
          {phases.length > 0 && (
            <Select label={t('journeys.edit.phase')} placeholder={t('journeys.edit.anyPhase')} value={r.phase ?? null} w={{ base: '100%', sm: 190 }} clearable data-testid="journey-edit-tp-phase"
              data={phases.map((p) => ({ value: p, label: label('phases', p) }))} onChange={(v) => setRule({ phase: (v ?? undefined) as Rule['phase'] })} comboboxProps={{ withinPortal: true }} />
          )}
          <TagsInput label={t('journeys.edit.lines')} placeholder={r.lines?.length ? undefined : t('journeys.edit.allLines')} w={{ base: '100%', sm: 220 }} clearable data={lines}
            value={r.lines ?? []} data-testid="journey-edit-tp-lines" onChange={(v) => setRule({ lines: v.length ? v : undefined })} comboboxProps={{ withinPortal: true }} />
        </Group>
        {errors.map((e) => <Text key={e} size="xs" c="red.8" data-testid="journey-edit-tp-error">{e}</Text>)}
      </Stack>
    </Paper>
  );
}
