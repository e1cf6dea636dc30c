import { useState } from 'react';
import { Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { TASK_PRIORITIES } from '../../../../common/activity.schemas';
import { api } from '../../api/client';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DueField } from '../../components/DuePresets';
import { defaultDue } from '../../../../common/due-presets';
import { usePrefs } from '../../lib/prefs';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useMe } from '../session/session';
import { PreferredTimeHint } from '../preferences/PreferredTimeHint';

export function TaskForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const { prefs } = usePrefs();
  const [title, setTitle] = useState('');
  // Tomorrow 10:00 where the user works (their zone, not the browser's), unless they pick another time.
  const [dueAt, setDueAt] = useState<string | null>(() => defaultDue(new Date(), prefs.timeZone));
  const [assigneeId, setAssigneeId] = useState<string | null>(me.user.id);
  const [priority, setPriority] = useState<string>('normal');
  const { busy, errors, setErrors, formError, run } = useFormSubmit();

  async function submit() {
    if (!title.trim()) {
      setErrors({ title: t('fieldErrors.required') });
      return;
    }
    await run(async () => {
      await api.post('/tasks', { title: title.trim(), customerId, dueAt, priority, ...(assigneeId ? { assigneeId } : {}) });
      notifications.show({ color: 'teal', message: t('tasks.created') });
      setTitle('');
      setDueAt(defaultDue(new Date(), prefs.timeZone));
      onDone();
    });
  }

  return (
    <form onSubmit={submitHandler(submit)} noValidate data-testid="task-form">
      <Stack gap="sm">
        <FormErrorAlert error={formError} />
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput label={t('tasks.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="task-title-input" />
          <DueField label={t('tasks.dueAt')} value={dueAt} onChange={setDueAt} error={errors.dueAt} testId="task-due" />
          <AssigneeSelect label={t('tasks.assignee')} value={assigneeId} onChange={setAssigneeId} />
          <Select label={t('tasks.priority')} data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} value={priority} onChange={(v) => setPriority(v ?? 'normal')} allowDeselect={false} />
        </SimpleGrid>
        <PreferredTimeHint customerId={customerId} value={dueAt} onPick={setDueAt} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="save-task-form">{t('tasks.add')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
