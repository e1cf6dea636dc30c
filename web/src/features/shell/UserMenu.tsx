import { useState } from 'react';
import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendar, IconCheck, IconCoin, IconKey, IconLanguage, IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePrefs, type Prefs } from '../../lib/prefs';
import { errorMessage } from '../../lib/errors';
import { useMe, useSession } from '../session/session';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { savePreferences, logout } = useSession();
  const { prefs } = usePrefs();
  const [changingPassword, setChangingPassword] = useState(false);

  const choose = (next: Partial<Prefs>) => {
    savePreferences(next).catch((err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) }));
  };
  const check = (on: boolean) => (on ? <IconCheck size={14} /> : <span style={{ display: 'inline-block', width: 14 }} />);

  return (
    <>
    <ChangePasswordModal opened={changingPassword} onClose={() => setChangingPassword(false)} />
    <Menu position="bottom-end" width={230} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('userMenu.open')} data-testid="user-menu">
          <Group gap={6} wrap="nowrap">
            <Avatar size="sm" color="cyan" radius="xl">{me.user.name.slice(0, 1)}</Avatar>
            <Text size="sm" visibleFrom="sm" maw={140} truncate>{me.user.name}</Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label><Group gap={4}><IconLanguage size={14} />{t('prefs.language')}</Group></Menu.Label>
        <Menu.Item leftSection={check(prefs.locale === 'fa')} onClick={() => choose({ locale: 'fa', calendar: 'jalali' })} data-testid="lang-fa">فارسی</Menu.Item>
        <Menu.Item leftSection={check(prefs.locale === 'en')} onClick={() => choose({ locale: 'en', calendar: 'gregorian' })} data-testid="lang-en">English</Menu.Item>
        <Menu.Divider />
        <Menu.Label><Group gap={4}><IconCalendar size={14} />{t('prefs.calendar')}</Group></Menu.Label>
        <Menu.Item leftSection={check(prefs.calendar === 'jalali')} onClick={() => choose({ calendar: 'jalali' })} data-testid="cal-jalali">{t('prefs.jalali')}</Menu.Item>
        <Menu.Item leftSection={check(prefs.calendar === 'gregorian')} onClick={() => choose({ calendar: 'gregorian' })} data-testid="cal-gregorian">{t('prefs.gregorian')}</Menu.Item>
        <Menu.Divider />
        <Menu.Label><Group gap={4}><IconCoin size={14} />{t('prefs.currency')}</Group></Menu.Label>
        <Menu.Item leftSection={check(prefs.currency === 'IRR')} onClick={() => choose({ currency: 'IRR' })}>{t('prefs.IRR')}</Menu.Item>
        <Menu.Item leftSection={check(prefs.currency === 'IRT')} onClick={() => choose({ currency: 'IRT' })}>{t('prefs.IRT')}</Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconKey size={16} />} onClick={() => setChangingPassword(true)} data-testid="change-password">{t('account.changePassword')}</Menu.Item>
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void logout()} data-testid="logout">{t('userMenu.logout')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
    </>
  );
}
