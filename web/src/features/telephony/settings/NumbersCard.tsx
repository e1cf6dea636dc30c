/** The company's own numbers, outside-line prefixes, where recordings are served from, and missed-call tasks. */
import { useState } from 'react';
import { Button, Group, Paper, Stack, Switch, TagsInput, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler } from '../../../components/useFormSubmit';
import { toLatinDigits } from '../../../../../common/fa-normalize';
import type { TelephonySettingsView } from '../telephony.api';
import { useSaveTelephony } from './useSaveTelephony';

export function NumbersCard({ view }: { view: TelephonySettingsView }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => ({
    internalNumbers: view.internalNumbers, trunkPrefixes: view.trunkPrefixes, recordingUrlTemplate: view.recordingUrlTemplate, missedCallTasks: view.missedCallTasks,
  }));
  const { busy, errors, formError, save } = useSaveTelephony();
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const latin = (xs: string[]) => xs.map((x) => toLatinDigits(x).trim()).filter(Boolean);
  const firstError = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1];

  return (
    <Paper withBorder p="md" radius="md" component="form" noValidate data-testid="tel-numbers"
      onSubmit={submitHandler(() => save({ ...form, internalNumbers: latin(form.internalNumbers), trunkPrefixes: latin(form.trunkPrefixes), recordingUrlTemplate: form.recordingUrlTemplate.trim() }))}>
      <Title order={2} size="h5" mb="sm">{t('telephony.settings.numbers.title')}</Title>
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        <TagsInput label={t('telephony.settings.numbers.internal')} description={t('telephony.settings.numbers.internalHint')} value={form.internalNumbers} onChange={(v) => set({ internalNumbers: v })} error={firstError('internalNumbers')} dir="ltr" data-testid="tel-internal-numbers" />
        <TagsInput label={t('telephony.settings.numbers.trunk')} description={t('telephony.settings.numbers.trunkHint')} value={form.trunkPrefixes} onChange={(v) => set({ trunkPrefixes: v })} error={firstError('trunkPrefixes')} dir="ltr" maw={360} data-testid="tel-trunk-prefixes" />
        <TextInput label={t('telephony.settings.numbers.recording')} description={t('telephony.settings.numbers.recordingHint')} value={form.recordingUrlTemplate} onChange={(e) => set({ recordingUrlTemplate: e.currentTarget.value })} error={errors.recordingUrlTemplate} dir="ltr" placeholder="https://pbx.example.com/recordings/{file}" data-testid="tel-recording-url" />
        <Switch label={t('telephony.settings.numbers.missedTasks')} checked={form.missedCallTasks} onChange={(e) => set({ missedCallTasks: e.currentTarget.checked })} data-testid="tel-missed-tasks" />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="tel-numbers-save">{t('telephony.settings.save')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
