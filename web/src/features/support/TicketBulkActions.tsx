/** Bulk actions on the selected tickets: assign, priority, status. */
import { Button, Menu, Popover } from '@mantine/core';
import { IconFlag, IconProgressCheck, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../common/support.schemas';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { useBulkEdit } from '../lists';

export function TicketBulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const bulk = useBulkEdit('/tickets/bulk', 'tickets', 'lists.updatedTickets', onDone);
  const run = (action: string, value: unknown) => bulk.mutate({ action, ids, value });
  return (
    <>
      <Popover withinPortal position="bottom-start">
        <Popover.Target>
          <Button size="compact-sm" variant="default" leftSection={<IconUserCheck size={14} />} data-testid="bulk-assign">{t('lists.assign')}</Button>
        </Popover.Target>
        <Popover.Dropdown><AssigneeSelect size="xs" placeholder={t('lists.assign')} onChange={(v) => v && run('assign', v)} comboboxProps={{ withinPortal: false }} /></Popover.Dropdown>
      </Popover>
      <Menu withinPortal position="bottom-start">
        <Menu.Target><Button size="compact-sm" variant="default" leftSection={<IconFlag size={14} />} data-testid="bulk-priority">{t('lists.priority')}</Button></Menu.Target>
        <Menu.Dropdown>{TICKET_PRIORITIES.map((p) => <Menu.Item key={p} onClick={() => run('priority', p)} data-testid={`bulk-priority-${p}`}>{t(`support.priority.${p}`)}</Menu.Item>)}</Menu.Dropdown>
      </Menu>
      <Menu withinPortal position="bottom-start">
        <Menu.Target><Button size="compact-sm" variant="default" leftSection={<IconProgressCheck size={14} />} data-testid="bulk-status">{t('lists.status')}</Button></Menu.Target>
        <Menu.Dropdown>{TICKET_STATUSES.map((s) => <Menu.Item key={s} onClick={() => run('status', s)} data-testid={`bulk-status-${s}`}>{t(`support.status.${s}`)}</Menu.Item>)}</Menu.Dropdown>
      </Menu>
    </>
  );
}
