import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TASK_PRIORITIES } from '../../../../common/activity.schemas';
import type { Task } from '../../api/types';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DueField } from '../../components/DuePresets';
import { useUpdateTask } from './tasks.api';

export function EditTaskModal({ task, onClose }: { task: Task | null; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateTask();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [dueAt, setDueAt] = useState<string | null>(null);
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [priority, setPriority] = useState<Task['priority']>('normal');

  useEffect(() => {
    if (!task) return;
    setTitle(task.title);
    setDescription(task.description ?? '');
    setDueAt(task.dueAt);
    setAssigneeId(task.assigneeId);
    setPriority(task.priority);
  }, [task]);

  const save = () => {
    if (!task || !title.trim()) return;
    update.mutate(
      { id: task.id, patch: { title: title.trim(), description: description || null, dueAt, priority, ...(assigneeId ? { assigneeId } : {}) } },
      { onSuccess: onClose },
    );
  };

  return (
    <Modal opened={Boolean(task)} onClose={onClose} title={t('tasks.editTitle')}>
      <form onSubmit={(e) => { e.preventDefault(); save(); }}>
        <Stack>
          <TextInput label={t('tasks.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={!title.trim() ? t('fieldErrors.required') : undefined} />
          <Textarea label={t('tasks.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
          <DueField label={t('tasks.dueAt')} value={dueAt} onChange={setDueAt} testId="edit-task-due" />
          <AssigneeSelect label={t('tasks.assignee')} value={assigneeId} onChange={setAssigneeId} data-testid="edit-task-assignee" />
          <Select
            label={t('tasks.priority')}
            data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
            value={priority}
            onChange={(v) => setPriority((v ?? 'normal') as Task['priority'])}
            allowDeselect={false}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={update.isPending} data-testid="save-task">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
