/** Bulk actions on the selected customers: owner, add/remove tag, stage, export (each with its permission). */
import { useState } from 'react';
import { Button, Group, Menu, Popover, TextInput } from '@mantine/core';
import { IconDownload, IconTag, IconTagOff, IconUserCheck, IconStairs } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGES } from '../../../../../common/customer.schemas';
import { buildUrl } from '../../../api/client';
import { AssigneeSelect } from '../../../components/AssigneeSelect';
import { useSession } from '../../session/session';
import { useBulkEdit } from '../../lists';

function TagAction({ label, icon, testId, onApply }: { label: string; icon: React.ReactNode; testId: string; onApply: (tag: string) => void }) {
  const { t } = useTranslation();
  const [tag, setTag] = useState('');
  const [open, setOpen] = useState(false);
  const apply = () => { if (tag.trim()) { onApply(tag.trim()); setOpen(false); setTag(''); } };
  return (
    <Popover opened={open} onChange={setOpen} withinPortal position="bottom-start">
      <Popover.Target>
        <Button size="compact-sm" variant="default" leftSection={icon} onClick={() => setOpen((o) => !o)} data-testid={testId}>{label}</Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Group gap="xs" wrap="nowrap">
          <TextInput size="xs" value={tag} onChange={(e) => setTag(e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && apply()} placeholder={t('lists.tagPrompt')} aria-label={t('lists.tagPrompt')} data-testid={`${testId}-input`} autoFocus />
          <Button size="xs" onClick={apply} data-testid={`${testId}-apply`}>{t('lists.apply')}</Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}

export function CustomerBulkActions({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const bulk = useBulkEdit('/customers/bulk', 'customers', 'lists.updatedCustomers', onDone);
  const run = (action: string, value: unknown) => bulk.mutate({ action, ids, value });
  return (
    <>
      {can('customers', 'update') && (
        <>
          <Popover withinPortal position="bottom-start">
            <Popover.Target>
              <Button size="compact-sm" variant="default" leftSection={<IconUserCheck size={14} />} data-testid="bulk-owner">{t('lists.assignOwner')}</Button>
            </Popover.Target>
            <Popover.Dropdown><AssigneeSelect size="xs" placeholder={t('lists.assignOwner')} onChange={(v) => v && run('assignOwner', v)} comboboxProps={{ withinPortal: false }} /></Popover.Dropdown>
          </Popover>
          <TagAction label={t('lists.addTag')} icon={<IconTag size={14} />} testId="bulk-add-tag" onApply={(tag) => run('addTag', tag)} />
          <TagAction label={t('lists.removeTag')} icon={<IconTagOff size={14} />} testId="bulk-remove-tag" onApply={(tag) => run('removeTag', tag)} />
          <Menu withinPortal position="bottom-start">
            <Menu.Target>
              <Button size="compact-sm" variant="default" leftSection={<IconStairs size={14} />} data-testid="bulk-stage">{t('lists.setStage')}</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {LIFECYCLE_STAGES.map((s) => <Menu.Item key={s} onClick={() => run('setStage', s)} data-testid={`bulk-stage-${s}`}>{t(`stage.${s}`)}</Menu.Item>)}
            </Menu.Dropdown>
          </Menu>
        </>
      )}
      {can('customers', 'export') && (
        <Menu withinPortal position="bottom-start">
          <Menu.Target>
            <Button size="compact-sm" variant="default" leftSection={<IconDownload size={14} />} data-testid="bulk-export">{t('lists.exportSelected')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={buildUrl('/customers/export', { ids: ids.join(','), format: 'xlsx', lang: i18n.language === 'en' ? 'en' : 'fa' })} download data-testid="bulk-export-xlsx">{t('lists.exportXlsx')}</Menu.Item>
            <Menu.Item component="a" href={buildUrl('/customers/export', { ids: ids.join(',') })} download data-testid="bulk-export-csv">{t('lists.exportCsv')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
}
