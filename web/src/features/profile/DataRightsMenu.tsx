import { useState } from 'react';
import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconFileTypePdf, IconJson, IconUserX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';
import { useSession } from '../session/session';
import { EraseCustomerModal } from './EraseCustomerModal';
import { profileKey } from './profile.api';

/** The customer's data rights on the 360° page: export everything (JSON, PDF summary) and erase. Shown only with the permission. */
export function DataRightsMenu({ customerId, name }: { customerId: string; name: string }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [erasing, setErasing] = useState(false);
  const canExport = can('customers', 'export');
  const canErase = can('customers', 'delete');
  if (!canExport && !canErase) return null;
  const lang = i18n.language.startsWith('en') ? 'en' : 'fa';

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label={t('dataRights.menu')} data-testid="data-rights-menu">
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {canExport && <Menu.Label>{t('dataRights.exportLabel')}</Menu.Label>}
          {canExport && (
            <Menu.Item component="a" href={buildUrl(`/customers/${customerId}/data-export`)} download leftSection={<IconJson size={16} />} data-testid="export-data-json">
              {t('dataRights.exportJson')}
            </Menu.Item>
          )}
          {canExport && (
            <Menu.Item component="a" href={buildUrl(`/customers/${customerId}/data-export.pdf`, { lang })} download leftSection={<IconFileTypePdf size={16} />} data-testid="export-data-pdf">
              {t('dataRights.exportPdf')}
            </Menu.Item>
          )}
          {canExport && canErase && <Menu.Divider />}
          {canErase && (
            <Menu.Item color="red" leftSection={<IconUserX size={16} />} onClick={() => setErasing(true)} data-testid="erase-customer">
              {t('dataRights.erase')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <EraseCustomerModal
        customerId={customerId}
        name={name}
        opened={erasing}
        onClose={() => setErasing(false)}
        onErased={async () => {
          setErasing(false);
          navigate('/customers');
          // the customer is gone: drop its cached pages (a refetch would only answer 404), refresh the lists
          for (const key of [profileKey(customerId), ['timeline', customerId], ['audit', customerId]]) queryClient.removeQueries({ queryKey: key });
          await Promise.all([queryClient.invalidateQueries({ queryKey: ['customers'] }), queryClient.invalidateQueries({ queryKey: ['tasks'] })]);
        }}
      />
    </>
  );
}
