/** Bulk actions on the selected tasks: assignee, due time (presets or a date), done / reopen. */
import { useState } from 'react';
import { Button, Group, Popover, Stack } from '@mantine/core';
import { IconCalendarDue, IconCircleCheck, IconRotate, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DueField } from '../../components/DuePresets';
import { useBulkEdit } from '../lists';

export function TaskBulkActions({ ids, status, onDone }: { ids: string[]; status: 'open' | 'done'; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkEdit('/tasks/bulk', 'tasks', 'lists.updatedTasks', onDone);
  const run = (action: string, value: unknown) => bulk.mutate({ action, ids, value });
  const [due, setDue] = useState<string | null>(null);
  const [dueOpen, setDueOpen] = useState(false);
  return (
    <>
      <Popover withinPortal position="bottom-start">
        <Popover.Target>
          <Button size="compact-sm" variant="default" leftSection={<IconUserCheck size={14} />} data-testid="bulk-assign">{t('lists.assignee')}</Button>
        </Popover.Target>
        <Popover.Dropdown><AssigneeSelect size="xs" placeholder={t('lists.assignee')} onChange={(v) => v && run('assign', v)} comboboxProps={{ withinPortal: false }} data-testid="bulk-assign-select" /></Popover.Dropdown>
      </Popover>
      <Popover opened={dueOpen} onChange={setDueOpen} withinPortal position="bottom-start" trapFocus>
        <Popover.Target>
          <Button size="compact-sm" variant="default" leftSection={<IconCalendarDue size={14} />} onClick={() => setDueOpen((o) => !o)} data-testid="bulk-due">{t('lists.setDue')}</Button>
        </Popover.Target>
        <Popover.Dropdown maw={320}>
          <Stack gap="xs">
            <DueField label={t('lists.setDue')} value={due} onChange={setDue} testId="bulk-due-field" />
            <Group justify="space-between" gap="xs">
              <Button size="xs" variant="subtle" onClick={() => { run('setDue', null); setDueOpen(false); }} data-testid="bulk-due-clear">{t('lists.noDue')}</Button>
              <Button size="xs" disabled={!due} onClick={() => { run('setDue', due); setDueOpen(false); setDue(null); }} data-testid="bulk-due-apply">{t('lists.applyDue')}</Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {status === 'open'
        ? <Button size="compact-sm" variant="default" leftSection={<IconCircleCheck size={14} />} onClick={() => run('setStatus', 'done')} data-testid="bulk-complete">{t('lists.complete')}</Button>
        : <Button size="compact-sm" variant="default" leftSection={<IconRotate size={14} />} onClick={() => run('setStatus', 'open')} data-testid="bulk-reopen">{t('lists.reopen')}</Button>}
    </>
  );
}
