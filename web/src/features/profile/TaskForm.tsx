import { useState } from 'react';
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { TASK_PRIORITIES } from '../../../../common/activity.schemas';
import { api } from '../../api/client';
import { useUsers } from '../../api/reference';
import { DateTimeField } from '../../components/DateFields';
import { apiFieldErrors, errorMessage, type FieldErrors } from '../../lib/errors';
import { useMe } from '../session/session';

export function TaskForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const users = useUsers();
  const [title, setTitle] = useState('');
  const [dueAt, setDueAt] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(me.user.id);
  const [priority, setPriority] = useState<string>('normal');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (!title.trim()) {
      setErrors({ title: t('fieldErrors.required') });
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      await api.post('/tasks', { title: title.trim(), customerId, dueAt, priority, ...(assigneeId ? { assigneeId } : {}) });
      notifications.show({ color: 'teal', message: t('tasks.created') });
      setTitle('');
      setDueAt(null);
      onDone();
    } catch (err) {
      setErrors(apiFieldErrors(t, err));
      setFormError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate data-testid="task-form">
      <Stack gap="sm">
        {formError && <Alert color="red" variant="light">{formError}</Alert>}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
          <TextInput label={t('tasks.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="task-title-input" />
          <DateTimeField label={t('tasks.dueAt')} value={dueAt} onChange={setDueAt} error={errors.dueAt} />
          <Select
            label={t('tasks.assignee')}
            data={(users.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
            value={assigneeId}
            onChange={setAssigneeId}
            searchable
            allowDeselect={false}
          />
          <Select label={t('tasks.priority')} data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} value={priority} onChange={(v) => setPriority(v ?? 'normal')} allowDeselect={false} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button type="submit" loading={busy} data-testid="save-task-form">{t('tasks.add')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
