/**
 * Add or change one SLA policy: its name, priority, contract level and the two targets in business hours and minutes.
 * A second policy for the same priority and level is refused by the server (409); that is said beside the priority.
 */
import { useEffect, useState } from 'react';
import { Autocomplete, Button, Group, Modal, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { useMe } from '../session/session';
import { putJson } from '../settings/settings.api';
import { WholeNumberInput } from './inputs';
import { businessDuration, POLICIES_KEY, PRIORITIES, type Priority, type SlaPolicy, type SlaPolicyBody } from './support-settings.api';

/** What the modal starts from: a policy to change, or the priority and level of a new one. */
export type PolicyTarget = { policy: SlaPolicy } | { priority: Priority; contractLevel: string | null; levelFixed: boolean };

type Draft = { name: string; priority: Priority; contractLevel: string; frH: string; frM: string; resH: string; resM: string; active: boolean; nameTyped: boolean };

const split = (min: number) => ({ h: String(Math.floor(min / 60)), m: String(min % 60) });
const total = (h: string, m: string) => Number(h || 0) * 60 + Number(m || 0);

function draftOf(target: PolicyTarget, t: TFunction, defaults: SlaPolicy[]): Draft {
  if ('policy' in target) {
    const p = target.policy;
    const [fr, res] = [split(p.firstResponseMinutes), split(p.resolutionMinutes)];
    return { name: p.name, priority: p.priority, contractLevel: p.contractLevel ?? '', frH: fr.h, frM: fr.m, resH: res.h, resM: res.m, active: p.active, nameTyped: true };
  }
  // A new level's policy starts from the default one of its priority: the admin tightens it from there.
  const base = defaults.find((p) => p.priority === target.priority && !p.contractLevel);
  const [fr, res] = [split(base?.firstResponseMinutes ?? 60), split(base?.resolutionMinutes ?? 480)];
  return {
    name: suggestedName(t, target.priority, target.contractLevel ?? ''),
    priority: target.priority, contractLevel: target.contractLevel ?? '', frH: fr.h, frM: fr.m, resH: res.h, resM: res.m, active: true, nameTyped: false,
  };
}

/** "فوری — طلایی": what a new policy is called until the admin names it. */
function suggestedName(t: TFunction, priority: Priority, level: string): string {
  const priorityName = t(`support.priority.${priority}`);
  return level.trim() ? `${priorityName} — ${level.trim()}` : priorityName;
}

/** The server's words about a policy → messages beside its fields. */
function policyErrors(t: TFunction, err: unknown): FieldErrors {
  if (!(err instanceof ApiError)) return {};
  const d = (err.details ?? {}) as Record<string, unknown>;
  if (err.code === 'CONFLICT') return { priority: t('supportSettings.sla.taken') };
  if (err.code !== 'VALIDATION_FAILED') return {};
  const out: FieldErrors = {};
  for (const [path, msg] of Object.entries(d)) {
    const text = String(msg);
    const kind = /after the resolution/.test(text) ? 'order' : /at least/.test(text) ? 'min' : /at most/.test(text) ? 'max' : /required|too_small/i.test(text) ? 'required' : 'invalid';
    out[path] = t(`supportSettings.sla.errors.${kind}`);
  }
  return out;
}

type Props = { target: PolicyTarget | null; onClose: () => void; policies: SlaPolicy[] };

export function SlaPolicyModal({ target, onClose, policies }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [d, setD] = useState<Draft | null>(null);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: (_f, err) => policyErrors(t, err) });
  const [conflict, setConflict] = useState<string | null>(null);

  useEffect(() => {
    if (!target) return;
    reset();
    setConflict(null);
    setD(draftOf(target, t, policies));
  }, [target]);

  if (!target || !d) return null;
  const editing = 'policy' in target ? target.policy : null;
  const levelFixed = !editing && 'levelFixed' in target && target.levelFixed;
  const levels = [...new Set(policies.map((p) => p.contractLevel).filter((l): l is string => Boolean(l)))];
  const set = (patch: Partial<Draft>) => {
    const next = { ...d, ...patch, nameTyped: d.nameTyped || 'name' in patch };
    if (!next.nameTyped) next.name = suggestedName(t, next.priority, next.contractLevel);
    setD(next);
    setErrors((e) => {
      const n = { ...e };
      if ('frH' in patch || 'frM' in patch) delete n.firstResponseMinutes;
      if ('resH' in patch || 'resM' in patch) delete n.resolutionMinutes;
      if ('priority' in patch || 'contractLevel' in patch) delete n.priority;
      if ('name' in patch) delete n.name;
      return n;
    });
  };

  async function save() {
    if (!d) return;
    const body: SlaPolicyBody = {
      name: d.name.trim(), priority: d.priority, contractLevel: d.contractLevel.trim() || null,
      firstResponseMinutes: total(d.frH, d.frM), resolutionMinutes: total(d.resH, d.resM), active: d.active,
    };
    setConflict(null);
    await run(async () => {
      try {
        if (editing) await putJson<SlaPolicy>(`/support/sla-policies/${editing.id}`, body, me.csrfToken);
        else await api.post<SlaPolicy>('/support/sla-policies', body);
      } catch (err) {
        if (err instanceof ApiError && err.code === 'CONFLICT') {
          setConflict(t('supportSettings.sla.conflict', {
            priority: t(`support.priority.${body.priority}`),
            level: body.contractLevel ?? t('supportSettings.sla.defaultLevel'),
          }));
        }
        throw err;
      }
      await queryClient.invalidateQueries({ queryKey: POLICIES_KEY });
      notifications.show({ color: 'teal', message: t('supportSettings.sla.saved') });
      onClose();
    });
  }

  const duration = (h: string, m: string) => {
    const min = total(h, m);
    return min > 0 ? businessDuration(t, min) : undefined;
  };

  return (
    <Modal opened onClose={onClose} title={editing ? t('supportSettings.sla.editTitle') : t('supportSettings.sla.newTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="sla-form">
        <Stack gap="sm">
          <FormErrorAlert error={conflict ?? formError} testId="sla-form-error" />
          <TextInput label={t('supportSettings.sla.name')} required value={d.name} onChange={(e) => set({ name: e.currentTarget.value })} error={errors.name} maxLength={100} dir="auto" data-testid="sla-name" data-autofocus />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('supportSettings.sla.priority')} data={PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))} value={d.priority} onChange={(v) => v && set({ priority: v as Priority })} allowDeselect={false} error={errors.priority} data-testid="sla-priority" />
            <Autocomplete
              label={t('supportSettings.sla.level')}
              description={t('supportSettings.sla.levelHint')}
              placeholder={t('supportSettings.sla.levelPlaceholder')}
              data={levels}
              value={d.contractLevel}
              onChange={(v) => set({ contractLevel: v })}
              error={errors.contractLevel}
              disabled={levelFixed}
              maxLength={50}
              dir="auto"
              data-testid="sla-level"
            />
          </SimpleGrid>
          <DurationFields label={t('supportSettings.sla.firstResponse')} h={d.frH} m={d.frM} onChange={(h, m) => set({ frH: h, frM: m })} error={errors.firstResponseMinutes} words={duration(d.frH, d.frM)} testId="sla-first" />
          <DurationFields label={t('supportSettings.sla.resolution')} h={d.resH} m={d.resM} onChange={(h, m) => set({ resH: h, resM: m })} error={errors.resolutionMinutes} words={duration(d.resH, d.resM)} testId="sla-resolution" />
          <Text size="xs" c="dimmed">{t('supportSettings.sla.businessHint')}</Text>
          <Switch label={t('supportSettings.sla.active')} description={t('supportSettings.sla.activeHint')} checked={d.active} onChange={(e) => set({ active: e.currentTarget.checked })} data-testid="sla-active" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="sla-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DurationFields({ label, h, m, onChange, error, words, testId }: { label: string; h: string; m: string; onChange: (h: string, m: string) => void; error?: string; words?: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <Text size="sm" fw={500} mb={4}>{label}</Text>
      <Group gap="xs" align="flex-start" wrap="nowrap">
        <WholeNumberInput value={h} onChange={(v) => onChange(v, m)} w={110} rightSection={<Text size="xs" c="dimmed">{t('supportSettings.sla.hoursUnit')}</Text>} rightSectionWidth={48} error={Boolean(error)} aria-label={`${label} — ${t('supportSettings.sla.hoursUnit')}`} testId={`${testId}-hours`} />
        <WholeNumberInput value={m} onChange={(v) => onChange(h, v)} w={110} rightSection={<Text size="xs" c="dimmed">{t('supportSettings.sla.minutesUnit')}</Text>} rightSectionWidth={48} error={Boolean(error)} aria-label={`${label} — ${t('supportSettings.sla.minutesUnit')}`} testId={`${testId}-minutes`} />
        {words && <Text size="sm" c="dimmed" pt={6} data-testid={`${testId}-words`}>= {words}</Text>}
      </Group>
      {error && <Text size="xs" c="red" mt={4} data-testid={`${testId}-error`}>{error}</Text>}
    </div>
  );
}
