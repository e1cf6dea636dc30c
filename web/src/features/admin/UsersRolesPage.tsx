import { Stack, Tabs, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/States';
import { useSession } from '../session/session';
import { ApiKeysTab } from './ApiKeysTab';
import { RolesTab } from './RolesTab';
import { TeamsTab } from './TeamsTab';
import { UsersTab } from './UsersTab';

export function UsersRolesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tabs = [
    { value: 'users', label: t('admin.users'), show: can('users', 'update'), panel: <UsersTab /> },
    { value: 'teams', label: t('admin.teams'), show: can('users', 'update'), panel: <TeamsTab /> },
    { value: 'roles', label: t('admin.roles'), show: can('roles', 'read'), panel: <RolesTab /> },
    { value: 'api-keys', label: t('admin.apiKeys'), show: can('api_keys', 'read'), panel: <ApiKeysTab /> },
  ].filter((tab) => tab.show);
  if (tabs.length === 0) return <EmptyState title={t('errors.FORBIDDEN')} hint={t('admin.noAccess')} />;
  const active = tabs.some((tab) => tab.value === params.get('tab')) ? params.get('tab')! : tabs[0].value;

  return (
    <Stack gap="md">
      <Title order={1} size="h3">{t('admin.title')}</Title>
      <Tabs value={active} onChange={(v) => v && setParams({ tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {tabs.map((tab) => <Tabs.Tab key={tab.value} value={tab.value} data-testid={`admin-tab-${tab.value}`}>{tab.label}</Tabs.Tab>)}
        </Tabs.List>
        {tabs.map((tab) => <Tabs.Panel key={tab.value} value={tab.value}>{tab.panel}</Tabs.Panel>)}
      </Tabs>
    </Stack>
  );
}
