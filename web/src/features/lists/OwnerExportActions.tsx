/** The bulk actions of a list whose records have an owner and a "export selected": assign owner, export XLSX/CSV. */
import { Button, Menu, Popover } from '@mantine/core';
import { IconDownload, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { useBulkEdit } from './useBulkEdit';

type Props = {
  entity: 'documents' | 'contracts';
  ids: string[];
  canUpdate: boolean;
  canExport: boolean;
  /** The list's query key (read again after an edit or its undo). */
  listKey: string;
  onDone: () => void;
};

export function OwnerExportActions({ entity, ids, canUpdate, canExport, listKey, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const bulk = useBulkEdit(`/${entity}/bulk`, listKey, entity === 'documents' ? 'lists.updatedDocuments' : 'lists.updatedContracts', onDone);
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  return (
    <>
      {canUpdate && (
        <Popover withinPortal position="bottom-start">
          <Popover.Target>
            <Button size="compact-sm" variant="default" leftSection={<IconUserCheck size={14} />} data-testid="bulk-owner">{t('lists.assignOwner')}</Button>
          </Popover.Target>
          <Popover.Dropdown>
            <AssigneeSelect size="xs" placeholder={t('lists.assignOwner')} onChange={(v) => v && bulk.mutate({ action: 'assignOwner', ids, value: v })} comboboxProps={{ withinPortal: false }} data-testid="bulk-owner-select" />
          </Popover.Dropdown>
        </Popover>
      )}
      {canExport && (
        <Menu withinPortal position="bottom-start">
          <Menu.Target>
            <Button size="compact-sm" variant="default" leftSection={<IconDownload size={14} />} data-testid="bulk-export">{t('lists.exportSelected')}</Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={buildUrl(`/${entity}/export`, { ids: ids.join(','), format: 'xlsx', lang })} download data-testid="bulk-export-xlsx">{t('lists.exportXlsx')}</Menu.Item>
            <Menu.Item component="a" href={buildUrl(`/${entity}/export`, { ids: ids.join(','), lang })} download data-testid="bulk-export-csv">{t('lists.exportCsv')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
}
