import { useEffect, useState } from 'react';
import { Button, Group, Paper, SegmentedControl, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { OrgSettings } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { usePrefs, type Prefs } from '../../lib/prefs';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { useSearchParams } from 'react-router-dom';
import { CompanyLegalCard, DocumentRulesCard, MessageTemplatesCard, PdfTemplateCard } from './DocumentSettings';
import { SmsCard, SmtpCard } from './ChannelsSettings';
import { OutboundAllowCard } from './OutboundAllowCard';
import { SupportSettingsSection } from '../support-settings/SupportSettingsSection';
import { TelephonySettingsSection } from '../telephony/settings/TelephonySettingsSection';
import { WebhooksSection } from '../webhooks/WebhooksSection';
import { ShopSettingsSection } from '../shop/ShopSettingsSection';
import { LeadFormsSection } from '../leads/LeadFormsSection';
import { ContactPolicySection } from '../contact-policy/ContactPolicySection';
import { HealthWeightsCard } from '../insights/HealthWeightsCard';

const TIME_ZONES = ['Asia/Tehran', 'Asia/Dubai', 'Europe/Istanbul', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Toronto', 'UTC'];

function PreferencesCard() {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const { savePreferences } = useSession();
  const choose = (next: Partial<Prefs>) => savePreferences(next)
    .then(() => notifications.show({ color: 'teal', message: t('settings.prefsSaved') }))
    .catch((err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) }));

  return (
    <Paper withBorder p="md" radius="md" data-testid="my-preferences">
      <Title order={2} size="h5" mb="sm">{t('settings.mine')}</Title>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} mb={4}>{t('prefs.language')}</Text>
          <SegmentedControl value={prefs.locale} onChange={(v) => void choose({ locale: v as Prefs['locale'], calendar: v === 'fa' ? 'jalali' : 'gregorian' })} data={[{ value: 'fa', label: 'فارسی' }, { value: 'en', label: 'English' }]} data-testid="pref-locale" />
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>{t('prefs.calendar')}</Text>
          <SegmentedControl value={prefs.calendar} onChange={(v) => void choose({ calendar: v as Prefs['calendar'] })} data={[{ value: 'jalali', label: t('prefs.jalali') }, { value: 'gregorian', label: t('prefs.gregorian') }]} />
        </div>
        <div>
          <Text size="sm" fw={500} mb={4}>{t('prefs.currency')}</Text>
          <SegmentedControl value={prefs.currency} onChange={(v) => void choose({ currency: v as Prefs['currency'] })} data={[{ value: 'IRT', label: t('prefs.IRT') }, { value: 'IRR', label: t('prefs.IRR') }]} />
        </div>
        <Select label={t('prefs.timeZone')} data={TIME_ZONES} value={prefs.timeZone} onChange={(v) => v && void choose({ timeZone: v })} allowDeselect={false} maw={280} styles={{ input: { direction: 'ltr' } }} />
      </Stack>
    </Paper>
  );
}

function OrganizationCard() {
  const { t } = useTranslation();
  const { can, refresh } = useSession();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api.get<OrgSettings>('/settings') });
  const [form, setForm] = useState<OrgSettings | null>(null);
  const editable = can('settings', 'update');

  useEffect(() => {
    if (settings.data) setForm(settings.data);
  }, [settings.data]);

  const save = useMutation({
    // Only this card's fields: the settings answer carries more (document settings, hasLogo) than a PATCH takes.
    mutationFn: ({ companyName, defaultLocale, defaultCurrency, defaultCalendar, timeZone }: OrgSettings) =>
      api.patch<OrgSettings>('/settings', { companyName, defaultLocale, defaultCurrency, defaultCalendar, timeZone }),
    onSuccess: (data) => {
      queryClient.setQueryData(['settings'], data);
      void refresh();
      notifications.show({ color: 'teal', message: t('settings.saved') });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });

  if (settings.isPending || !form) return settings.isError ? <ErrorState error={settings.error} onRetry={() => void settings.refetch()} /> : <LoadingState />;
  const set = (patch: Partial<OrgSettings>) => setForm({ ...form, ...patch });

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => { e.preventDefault(); save.mutate(form); }} data-testid="org-settings">
      <Title order={2} size="h5" mb="sm">{t('settings.organization')}</Title>
      <Stack gap="sm">
        <TextInput label={t('settings.companyName')} value={form.companyName} onChange={(e) => set({ companyName: e.currentTarget.value })} disabled={!editable} data-testid="company-name" />
        <Select label={t('settings.defaultLanguage')} data={[{ value: 'fa', label: 'فارسی' }, { value: 'en', label: 'English' }]} value={form.defaultLocale} onChange={(v) => v && set({ defaultLocale: v as OrgSettings['defaultLocale'] })} disabled={!editable} allowDeselect={false} />
        <Select label={t('settings.defaultCalendar')} data={[{ value: 'jalali', label: t('prefs.jalali') }, { value: 'gregorian', label: t('prefs.gregorian') }]} value={form.defaultCalendar} onChange={(v) => v && set({ defaultCalendar: v as OrgSettings['defaultCalendar'] })} disabled={!editable} allowDeselect={false} />
        <Select label={t('settings.defaultCurrency')} data={[{ value: 'IRT', label: t('prefs.IRT') }, { value: 'IRR', label: t('prefs.IRR') }]} value={form.defaultCurrency} onChange={(v) => v && set({ defaultCurrency: v as OrgSettings['defaultCurrency'] })} disabled={!editable} allowDeselect={false} />
        <Select label={t('prefs.timeZone')} data={TIME_ZONES} value={form.timeZone} onChange={(v) => v && set({ timeZone: v })} disabled={!editable} allowDeselect={false} styles={{ input: { direction: 'ltr' } }} />
        {editable && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} data-testid="save-settings">{t('common.save')}</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

const TABS = ['general', 'documents', 'channels', 'marketing', 'insights', 'support', 'telephony', 'webhooks', 'shop', 'leads'] as const;

export function SettingsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const general = (
    <Stack gap="md">
      <PreferencesCard />
      <OrganizationCard />
    </Stack>
  );
  // Documents, channels and the support desk's rules are the organization's, changed by whoever may change settings (an admin).
  if (!can('settings', 'update')) {
    return (
      <Stack gap="md" maw={720}>
        <Title order={1} size="h3">{t('settings.title')}</Title>
        {general}
      </Stack>
    );
  }
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'general';
  return (
    <Stack gap="md" maw={820}>
      <Title order={1} size="h3">{t('settings.title')}</Title>
      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'general' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          {TABS.map((x) => <Tabs.Tab key={x} value={x} data-testid={`settings-tab-${x}`}>{x === 'support' ? t('supportSettings.tab') : x === 'telephony' ? t('telephony.settings.tab') : x === 'webhooks' ? t('webhooks.tab') : x === 'shop' ? t('shop.tab') : x === 'leads' ? t('leads.tab') : x === 'marketing' ? t('contactPolicy.tab') : x === 'insights' ? t('healthWeights.tab') : t(`channels.settingsTab.${x}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="general">{general}</Tabs.Panel>
        <Tabs.Panel value="documents">
          <Stack gap="md">
            <CompanyLegalCard />
            <DocumentRulesCard />
            <MessageTemplatesCard />
            <PdfTemplateCard />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="channels">
          <Stack gap="md">
            <SmtpCard />
            <SmsCard />
            <OutboundAllowCard />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="marketing"><ContactPolicySection /></Tabs.Panel>
        <Tabs.Panel value="insights"><HealthWeightsCard /></Tabs.Panel>
        <Tabs.Panel value="support"><SupportSettingsSection /></Tabs.Panel>
        <Tabs.Panel value="telephony"><TelephonySettingsSection /></Tabs.Panel>
        <Tabs.Panel value="webhooks"><WebhooksSection /></Tabs.Panel>
        <Tabs.Panel value="shop"><ShopSettingsSection /></Tabs.Panel>
        <Tabs.Panel value="leads"><LeadFormsSection /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
