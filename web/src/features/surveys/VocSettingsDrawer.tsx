/**
 * The voice-of-the-customer rules (admins): how often a customer may be asked, the quiet hours, how long an answer
 * stays changeable and a link stays open, when a follow-up is due, and the review/referral texts ({name}, {link}).
 */
import { useEffect, useState } from 'react';
import { Button, Drawer, Group, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { useMe } from '../session/session';
import { putJson } from '../settings/settings.api';
import { TimeBox, WholeNumberInput } from '../support-settings/inputs';
import { surveyFieldErrors } from './survey-errors';
import { VOC_SETTINGS_KEY, useVocSettings, type VocSettings } from './surveys.api';

type NumKey = 'fatigueDays' | 'editMinutes' | 'linkDays' | 'followUpHours';
type Draft = Omit<VocSettings, NumKey> & Record<NumKey, string>;
const NUMS: NumKey[] = ['fatigueDays', 'linkDays', 'editMinutes', 'followUpHours'];

export function VocSettingsDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const me = useMe();
  const qc = useQueryClient();
  const settings = useVocSettings();
  const [draft, setDraft] = useState<Draft | null>(null);
  const form = useFormSubmit({ mapErrors: (fields, err) => ({ ...fields, ...surveyFieldErrors(t, fmt.digits, err) }) });

  useEffect(() => {
    if (opened && settings.data) {
      const s = settings.data;
      setDraft({ ...s, fatigueDays: String(s.fatigueDays), editMinutes: String(s.editMinutes), linkDays: String(s.linkDays), followUpHours: String(s.followUpHours) });
      form.reset();
    }
    // Fill the form when it opens (not on every refetch, so typing is kept).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, settings.data]);

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const save = () => form.run(async () => {
    if (!draft) return;
    const body = { ...draft, ...Object.fromEntries(NUMS.map((k) => [k, draft[k] === '' ? Number.NaN : Number(draft[k])])) };
    const saved = await putJson<VocSettings>('/voc/settings', body, me.csrfToken);
    qc.setQueryData(VOC_SETTINGS_KEY, saved);
    notifications.show({ color: 'teal', message: t('surveys.settings.saved') });
    onClose();
  });

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="md" title={t('surveys.settings.title')} data-testid="voc-settings">
      {settings.isPending && <LoadingState />}
      {settings.isError && <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />}
      {draft && (
        <form onSubmit={submitHandler(save)} noValidate>
          <Stack gap="sm">
            <FormErrorAlert error={form.formError} />
            <SimpleGrid cols={2} spacing="sm">
              {NUMS.map((k) => (
                <WholeNumberInput key={k} label={t(`surveys.settings.${k}`)} value={draft[k]} onChange={(v) => set({ [k]: v })} error={form.errors[k]} testId={`voc-${k}`} />
              ))}
            </SimpleGrid>
            <div>
              <Text size="sm" fw={500}>{t('surveys.settings.quiet')}</Text>
              <Text size="xs" c="dimmed" mb={4}>{t('surveys.settings.quietHint')}</Text>
              <Group gap="xs" align="flex-start">
                <TimeBox aria-label={t('surveys.settings.quietStart')} value={draft.quietStart} onChange={(v) => set({ quietStart: v })} error={form.errors.quietStart} testId="voc-quietStart" />
                <Text size="sm" pt={6}>{t('surveys.settings.until')}</Text>
                <TimeBox aria-label={t('surveys.settings.quietEnd')} value={draft.quietEnd} onChange={(v) => set({ quietEnd: v })} error={form.errors.quietEnd} testId="voc-quietEnd" />
              </Group>
            </div>
            <Textarea label={t('surveys.settings.reviewTemplate')} description={t('surveys.settings.placeholders')} autosize minRows={2} value={draft.reviewTemplate} onChange={(e) => set({ reviewTemplate: e.currentTarget.value })} error={form.errors.reviewTemplate} data-testid="voc-reviewTemplate" />
            <TextInput label={t('surveys.settings.reviewLink')} placeholder="https://…" dir="ltr" value={draft.reviewLink} onChange={(e) => set({ reviewLink: e.currentTarget.value })} error={form.errors.reviewLink} data-testid="voc-reviewLink" />
            <Textarea label={t('surveys.settings.referralTemplate')} description={t('surveys.settings.placeholders')} autosize minRows={2} value={draft.referralTemplate} onChange={(e) => set({ referralTemplate: e.currentTarget.value })} error={form.errors.referralTemplate} data-testid="voc-referralTemplate" />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="submit" loading={form.busy} data-testid="voc-save">{t('common.save')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Drawer>
  );
}
