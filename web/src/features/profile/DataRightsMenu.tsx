import { useState } from 'react';
import { ActionIcon, Menu } from '@mantine/core';
import { IconDots, IconFileTypePdf, IconJson, IconUserX } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { buildUrl } from '../../api/client';
import { useSession } from '../session/session';
import { EraseCustomerModal } from './EraseCustomerModal';

/** The customer's data rights on the 360° page: export everything (JSON, PDF summary) and erase. Shown only with the permission. */
export function DataRightsMenu({ customerId, name, onErased }: { customerId: string; name: string; onErased: () => unknown }) {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  const navigate = useNavigate();
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
          // leave the page first: refreshing it would ask for a customer that is gone (404)
          navigate('/customers');
          await onErased();
        }}
      />
    </>
  );
}
