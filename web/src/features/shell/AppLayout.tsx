import { useState, type ReactNode } from 'react';
import { ActionIcon, AppShell, Burger, Button, Group, Kbd, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { IconAdjustments, IconFileInvoice, IconForms, IconListCheck, IconSearch, IconSettings, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { IconChartPie, IconPackage, IconSpeakerphone, IconAward, IconTargetArrow } from '@tabler/icons-react';
import { IconChartBar, IconLifebuoy, IconFileCertificate } from '@tabler/icons-react';
import { IconHeartHandshake, IconGauge, IconRobot, IconChecklist, IconTrendingDown, IconRoute } from '@tabler/icons-react';
import { useMe, useSession } from '../session/session';
import { UserMenu } from './UserMenu';
import { NotificationBell } from '../notifications/NotificationBell';
import { SearchSpotlight } from '../search/SearchSpotlight';
import { IconMessageStar, IconPhone } from '@tabler/icons-react';
import { CallPopupHost } from '../telephony/CallPopupHost';

export function AppLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const { can } = useSession();
  const location = useLocation();
  const [navOpen, nav] = useDisclosure(false);
  const [searchOpen, setSearchOpen] = useState(false);
  // Physical key: with a Persian layout Ctrl+K reports "ن". Works inside text fields too, like any app-wide shortcut.
  // Both Ctrl+K and ⌘K on every system (a Mac keyboard on Linux, a PC keyboard on a Mac).
  const openSearch = () => setSearchOpen(true);
  useHotkeys([['ctrl+K', openSearch, { preventDefault: true, usePhysicalKeys: true }], ['meta+K', openSearch, { preventDefault: true, usePhysicalKeys: true }]], []);

  const links = [
    // First: the manager's home (figures of the period). Not the landing page: every default role may read reports, and the customer list stays everyone's start.
    { to: '/dashboard', label: t('dashboard.nav'), icon: IconGauge, show: can('reports', 'read'), testId: 'nav-dashboard' },
    { to: '/customers', label: t('nav.customers'), icon: IconUsersGroup, show: can('customers', 'read'), testId: 'nav-customers' },
    { to: '/segments', label: t('segments.nav'), icon: IconChartPie, show: can('customers', 'read'), testId: 'nav-segments' },
    { to: '/campaigns', label: t('campaigns.nav'), icon: IconSpeakerphone, show: can('customers', 'read'), testId: 'nav-campaigns' },
    { to: '/automations', label: t('automations.nav'), icon: IconRobot, show: can('settings', 'read') && can('customers', 'read'), testId: 'nav-automations' },
    { to: '/loyalty', label: t('loyalty.nav'), icon: IconAward, show: can('reports', 'read') || can('settings', 'read'), testId: 'nav-loyalty' },
    { to: '/slipping', label: t('slipping.nav'), icon: IconTrendingDown, show: can('customers', 'read'), testId: 'nav-slipping' },
    { to: '/tasks', label: t('nav.tasks'), icon: IconListCheck, show: can('tasks', 'read'), testId: 'nav-tasks' },
    { to: '/deals', label: t('nav.deals'), icon: IconTargetArrow, show: can('deals', 'read'), testId: 'nav-deals' },
    { to: '/products', label: t('nav.products'), icon: IconPackage, show: can('products', 'read'), testId: 'nav-products' },
    { to: '/tickets', label: t('support.nav'), icon: IconLifebuoy, show: can('tickets', 'read'), testId: 'nav-tickets' },
    { to: '/contracts', label: t('contracts.nav'), icon: IconFileCertificate, show: can('contracts', 'read'), testId: 'nav-contracts' },
    { to: '/surveys', label: t('surveys.nav'), icon: IconMessageStar, show: can('surveys', 'read'), testId: 'nav-surveys' },
    { to: '/documents', label: t('documents.nav'), icon: IconFileInvoice, show: can('documents', 'read'), testId: 'nav-documents' },
    { to: '/calls', label: t('telephony.nav'), icon: IconPhone, show: can('interactions', 'read'), testId: 'nav-calls' },
    { to: '/voc', label: t('voc.nav'), icon: IconHeartHandshake, show: can('surveys', 'read') || can('feedback', 'read'), testId: 'nav-voc' },
    { to: '/journeys', label: t('journeys.nav'), icon: IconRoute, show: can('reports', 'read'), testId: 'nav-journeys' },
    { to: '/reports', label: t('reports.nav'), icon: IconChartBar, show: can('reports', 'read'), testId: 'nav-reports' },
    { to: '/scorecard', label: t('scorecard.nav'), icon: IconChecklist, show: can('reports', 'read') && me.role.permissions.customers?.scope === 'all' && me.role.permissions.tickets?.scope === 'all', testId: 'nav-scorecard' },
    { to: '/admin/users', label: t('nav.users'), icon: IconUsers, show: can('users', 'update') || can('roles', 'update'), testId: 'nav-users' },
    { to: '/admin/custom-fields', label: t('nav.customFields'), icon: IconForms, show: can('custom_fields', 'update') || can('custom_fields', 'create'), testId: 'nav-custom-fields' },
    { to: '/settings', label: t('nav.settings'), icon: IconSettings, show: true, testId: 'nav-settings' },
  ];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !navOpen } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/customers" aria-label={t('app.name')}>
              <Group gap={6} wrap="nowrap">
                <IconAdjustments size={22} color="var(--mantine-color-cyan-8)" aria-hidden />
                <Text fw={700} c="cyan.8" size="lg">{t('app.name')}</Text>
                {me.org.companyName !== t('app.name') && <Text c="dimmed" size="sm" visibleFrom="md" lineClamp={1}>{me.org.companyName}</Text>}
              </Group>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ActionIcon variant="default" size="lg" hiddenFrom="sm" onClick={() => setSearchOpen(true)} aria-label={t('search.open')} data-testid="open-search-mobile">
              <IconSearch size={18} />
            </ActionIcon>
            <Button
              visibleFrom="sm"
              variant="default"
              size="sm"
              leftSection={<IconSearch size={16} />}
              rightSection={<Group gap={2} dir="ltr"><Kbd size="xs">Ctrl</Kbd><Kbd size="xs">K</Kbd></Group>}
              onClick={() => setSearchOpen(true)}
              data-testid="open-search"
              aria-label={t('search.open')}
            >
              <Text size="sm" c="dimmed">{t('search.button')}</Text>
            </Button>
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          {links.filter((l) => l.show).map((l) => (
            <NavLink
              key={l.to}
              component={Link}
              to={l.to}
              label={l.label}
              leftSection={<l.icon size={18} />}
              active={location.pathname.startsWith(l.to)}
              onClick={nav.close}
              data-testid={l.testId}
            />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>{children}</AppShell.Main>
      <SearchSpotlight opened={searchOpen} onClose={() => setSearchOpen(false)} />
      <CallPopupHost />
    </AppShell>
  );
}
