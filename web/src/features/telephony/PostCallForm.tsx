/**
 * After the call: what it was about and what was promised (POST /api/telephony/calls/:id/notes). The summary goes on
 * the customer's timeline as the call's interaction; each promise becomes a task with a due time.
 */
import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DueField } from '../../components/DuePresets';
import { defaultDue } from '../../../../common/due-presets';
import { usePrefs } from '../../lib/prefs';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useMe, useSession } from '../session/session';
import { callApi, type CallView } from './telephony.api';

type PromiseRow = { key: number; title: string; dueAt: string | null; assigneeId: string | null };
let nextKey = 1;

export function PostCallForm({ call, onSaved }: { call: CallView; onSaved: (view: CallView) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { prefs } = usePrefs();
  const [summary, setSummary] = useState('');
  const [body, setBody] = useState('');
  const [oneChange, setOneChange] = useState('');
  const { can } = useSession();
  const [promises, setPromises] = useState<PromiseRow[]>([]);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit();

  const setPromise = (key: number, patch: Partial<PromiseRow>) => setPromises((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const save = async () => {
    const found: Record<string, string> = {};
    if (!summary.trim()) found.summary = t('telephony.post.summaryRequired');
    promises.forEach((p, i) => {
      if (!p.title.trim()) found[`promises.${i}.title`] = t('telephony.post.required');
      if (!p.dueAt) found[`promises.${i}.dueAt`] = t('telephony.post.required');
    });
    if (Object.keys(found).length) {
      reset();
      setErrors(found);
      return;
    }
    await run(async () => {
      const view = await callApi.notes(call.id, {
        summary: summary.trim(),
        body: body.trim() || null,
        ...(oneChange.trim() ? { oneChange: oneChange.trim() } : {}),
        promises: promises.map((p) => ({ title: p.title.trim(), dueAt: p.dueAt!, assigneeId: p.assigneeId ?? undefined })),
      });
      notifications.show({ color: 'teal', message: t('telephony.post.saved') });
      onSaved(view);
    });
  };

  return (
    <form onSubmit={submitHandler(save)} noValidate data-testid="call-post-form">
      <Stack gap="xs">
        <Text size="sm" fw={600}>{t('telephony.post.title')}</Text>
        <FormErrorAlert error={formError} testId="call-post-error" />
        <TextInput size="sm" label={t('telephony.post.summary')} required value={summary} onChange={(e) => setSummary(e.currentTarget.value)} error={errors.summary} data-testid="call-summary" data-autofocus />
        <Textarea size="sm" label={t('telephony.post.body')} autosize minRows={2} maxRows={5} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} data-testid="call-body" />
        {can('feedback', 'create') && (
          <Textarea size="sm" label={t('telephony.post.oneChange')} autosize minRows={1} maxRows={4} value={oneChange} onChange={(e) => setOneChange(e.currentTarget.value)} data-testid="call-one-change" />
        )}
        {promises.map((p, i) => (
          <Paper key={p.key} withBorder p="xs" radius="sm" data-testid="call-promise">
            <Stack gap={6}>
              <Group gap={4} wrap="nowrap" align="flex-end">
                <TextInput size="sm" style={{ flex: 1 }} label={t('telephony.post.promiseTitle')} required value={p.title} onChange={(e) => setPromise(p.key, { title: e.currentTarget.value })} error={errors[`promises.${i}.title`]} data-testid="call-promise-title" />
                <ActionIcon variant="subtle" color="red" mb={4} onClick={() => setPromises((rows) => rows.filter((r) => r.key !== p.key))} aria-label={t('telephony.post.removePromise')}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
              <DueField label={t('telephony.post.dueAt')} required value={p.dueAt} onChange={(v) => setPromise(p.key, { dueAt: v })} error={errors[`promises.${i}.dueAt`]} testId="call-promise-due" />
              <AssigneeSelect size="sm" label={t('telephony.post.assignee')} value={p.assigneeId} onChange={(v) => setPromise(p.key, { assigneeId: v })} error={errors[`promises.${i}.assigneeId`]} comboboxProps={{ withinPortal: true }} data-testid="call-promise-assignee" />
            </Stack>
          </Paper>
        ))}
        <Group justify="space-between">
          <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setPromises((rows) => [...rows, { key: nextKey++, title: '', dueAt: defaultDue(new Date(), prefs.timeZone), assigneeId: me.user.id }])} data-testid="call-add-promise" disabled={promises.length >= 10}>
            {t('telephony.post.addPromise')}
          </Button>
          <Button size="sm" type="submit" loading={busy} data-testid="call-save-notes">{t('telephony.post.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
