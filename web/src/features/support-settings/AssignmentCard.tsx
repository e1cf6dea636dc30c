/**
 * Who new tickets go to and who hears about trouble (GET/PUT /api/support/settings): manual or round-robin assignment
 * over chosen agents, the people told of SLA breaches and recurring problems, and how often a problem must recur in a
 * week before it raises an alert.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Group, MultiSelect, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { useRoles, useUsers } from '../../api/reference';
import { ErrorState, LoadingState } from '../../components/States';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { useMe } from '../session/session';
import { putJson } from '../settings/settings.api';
import { WholeNumberInput } from './inputs';
import { SETTINGS_KEY, useSupportSettings, type AssignmentMode, type SupportSettings } from './support-settings.api';

type Draft = { assignment: AssignmentMode; agentIds: string[]; notifyUserIds: string[]; threshold: string };

/**
 * `agentIds.1` and `agentIds` both belong beside the agents box; a 422 names the one person (by index) who cannot work
 * on tickets or is no longer active, so the message names them too.
 */
function settingsErrors(t: TFunction, err: unknown, sent: SupportSettings | null, nameOf: (id: string) => string | undefined): FieldErrors {
  if (!(err instanceof ApiError) || !err.details || !['VALIDATION_FAILED', 'UNPROCESSABLE'].includes(err.code)) return {};
  const out: FieldErrors = {};
  for (const path of Object.keys(err.details)) {
    const [field, index] = path.split('.');
    if (out[field]) continue;
    const id = index !== undefined && sent && (field === 'agentIds' || field === 'notifyUserIds') ? sent[field][Number(index)] : undefined;
    const name = id ? nameOf(id) : undefined;
    if (field === 'agentIds') out[field] = name ? t('supportSettings.assignment.errors.agentNamed', { name }) : t('supportSettings.assignment.errors.agents');
    else if (field === 'notifyUserIds') out[field] = name ? t('supportSettings.assignment.errors.notifyNamed', { name }) : t('supportSettings.assignment.errors.notify');
    else if (field === 'problemAlertThreshold') out[field] = t('supportSettings.assignment.errors.threshold');
    else out[field] = t('fieldErrors.invalid');
  }
  return out;
}

export function AssignmentCard() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const settings = useSupportSettings();
  const users = useUsers(true);
  const roles = useRoles(true);
  const [d, setD] = useState<Draft | null>(null);
  const [dirty, setDirty] = useState(false);
  const sent = useRef<SupportSettings | null>(null);
  const nameOf = (id: string) => users.data?.items.find((u) => u.id === id)?.name;
  const { busy, errors, setErrors, formError, run } = useFormSubmit({ mapErrors: (_f, err) => settingsErrors(t, err, sent.current, nameOf) });

  useEffect(() => {
    if (settings.data && !dirty) setD(draftOf(settings.data));
  }, [settings.data]);

  const { agentOptions, userOptions } = useMemo(() => {
    const ticketRoles = new Set((roles.data?.items ?? []).filter((r) => r.permissions.tickets?.ops.includes('update')).map((r) => r.id));
    const all = users.data?.items ?? [];
    // Someone chosen earlier who has since left (or lost the role) still shows, marked, so the list reads true.
    const label = (u: (typeof all)[number]) => (u.active ? u.name : `${u.name} (${t('supportSettings.assignment.inactive')})`);
    const keep = (ids: string[]) => (u: (typeof all)[number]) => ids.includes(u.id);
    return {
      agentOptions: all.filter((u) => (u.active && ticketRoles.has(u.roleId)) || keep(d?.agentIds ?? [])(u)).map((u) => ({ value: u.id, label: label(u) })),
      userOptions: all.filter((u) => u.active || keep(d?.notifyUserIds ?? [])(u)).map((u) => ({ value: u.id, label: label(u) })),
    };
  }, [users.data, roles.data, d?.agentIds, d?.notifyUserIds, t]);

  // Until the server has these settings (an older server answers 404), the card says so instead of failing.
  if (settings.isError && settings.error instanceof ApiError && settings.error.status === 404) {
    return (
      <Paper withBorder p="md" radius="md" data-testid="support-assignment">
        <Title order={2} size="h5" mb="xs">{t('supportSettings.assignment.title')}</Title>
        <Alert color="gray" variant="light" data-testid="assignment-unavailable">{t('supportSettings.assignment.unavailable')}</Alert>
      </Paper>
    );
  }
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!d || users.isPending || roles.isPending) return <LoadingState />;

  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
    setDirty(true);
    setErrors((e) => {
      const n = { ...e };
      for (const k of Object.keys(patch)) delete n[k === 'threshold' ? 'problemAlertThreshold' : k];
      return n;
    });
  };

  async function save() {
    if (!d) return;
    const body: SupportSettings = {
      assignment: d.assignment, agentIds: d.agentIds, notifyUserIds: d.notifyUserIds,
      // An empty box is sent as 0 so the server names the field, rather than a silent default.
      problemAlertThreshold: d.threshold === '' ? 0 : Number(d.threshold),
    };
    sent.current = body;
    await run(async () => {
      const saved = await putJson<SupportSettings>('/support/settings', body, me.csrfToken);
      queryClient.setQueryData(SETTINGS_KEY, saved);
      setD(draftOf(saved));
      setDirty(false);
      notifications.show({ color: 'teal', message: t('supportSettings.assignment.saved') });
    });
  }

  return (
    <Paper withBorder p="md" radius="md" data-testid="support-assignment">
      <form onSubmit={submitHandler(save)} noValidate>
        <Title order={2} size="h5" mb={4}>{t('supportSettings.assignment.title')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('supportSettings.assignment.intro')}</Text>
        <Stack gap="md">
          <Radio.Group label={t('supportSettings.assignment.mode')} value={d.assignment} onChange={(v) => set({ assignment: v as AssignmentMode })} error={errors.assignment} data-testid="assignment-mode">
            <Stack gap="xs" mt={6}>
              <Radio value="manual" label={t('supportSettings.assignment.manual')} description={t('supportSettings.assignment.manualHint')} data-testid="assignment-manual" />
              <Radio value="round_robin" label={t('supportSettings.assignment.roundRobin')} description={t('supportSettings.assignment.roundRobinHint')} data-testid="assignment-round-robin" />
            </Stack>
          </Radio.Group>
          <MultiSelect
            label={t('supportSettings.assignment.agents')}
            description={d.assignment === 'round_robin' ? t('supportSettings.assignment.agentsHint') : t('supportSettings.assignment.agentsManualHint')}
            placeholder={d.agentIds.length ? undefined : t('supportSettings.assignment.agentsEmpty')}
            data={agentOptions}
            value={d.agentIds}
            onChange={(v) => set({ agentIds: v })}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('common.nothingFound')}
            error={errors.agentIds}
            data-testid="assignment-agents"
          />
          <MultiSelect
            label={t('supportSettings.assignment.notify')}
            description={t('supportSettings.assignment.notifyHint')}
            placeholder={d.notifyUserIds.length ? undefined : t('supportSettings.assignment.notifyEmpty')}
            data={userOptions}
            value={d.notifyUserIds}
            onChange={(v) => set({ notifyUserIds: v })}
            searchable
            clearable
            hidePickedOptions
            nothingFoundMessage={t('common.nothingFound')}
            error={errors.notifyUserIds}
            data-testid="assignment-notify"
          />
          <WholeNumberInput
            label={t('supportSettings.assignment.threshold')}
            description={t('supportSettings.assignment.thresholdHint')}
            value={d.threshold}
            onChange={(v) => set({ threshold: v })}
            error={errors.problemAlertThreshold}
            styles={{ wrapper: { maxWidth: 220 } }}
            rightSection={<Text size="xs" c="dimmed">{t('supportSettings.assignment.timesUnit')}</Text>}
            rightSectionWidth={64}
            testId="assignment-threshold"
          />
          <FormErrorAlert error={formError} testId="assignment-error" />
          <Group justify="space-between">
            <Text size="xs" c={dirty ? 'orange' : 'dimmed'}>{dirty ? t('supportSettings.unsaved') : ''}</Text>
            <Button type="submit" loading={busy} data-testid="assignment-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const draftOf = (s: SupportSettings): Draft => ({ assignment: s.assignment, agentIds: s.agentIds, notifyUserIds: s.notifyUserIds, threshold: String(s.problemAlertThreshold) });
