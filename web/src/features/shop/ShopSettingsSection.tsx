/**
 * Settings → Online shop (admin): the WooCommerce store URL, consumer key and secret (write-only), the webhook URL
 * and secret to paste into WooCommerce, "Sync now", and what the last pull did (or the store's error in words).
 */
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, Paper, PasswordInput, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import type { shopSyncResult, wooSettingsView } from '../../../../common/shop.schemas';

type View = Answer<typeof wooSettingsView>;
type SyncResult = Answer<typeof shopSyncResult>;
type Form = { storeUrl: string; consumerKey: string; consumerSecret: string; webhookSecret: string; currency: 'IRR' | 'IRT'; enabled: boolean };
const KEY = ['shop', 'woocommerce'];

export function ShopSettingsSection() {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: KEY, queryFn: () => api.get<View>('/shop/woocommerce/settings') });
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  useEffect(() => {
    if (q.data && !form) setForm({ storeUrl: q.data.storeUrl, consumerKey: q.data.consumerKey, consumerSecret: '', webhookSecret: '', currency: q.data.currency, enabled: q.data.enabled });
  }, [q.data, form]);
  const fail = (err: unknown) => notifications.show({ color: 'red', message: errorMessage(t, err) });
  const save = useMutation({
    mutationFn: (v: Form) => api.put<View>('/shop/woocommerce/settings', {
      storeUrl: v.storeUrl, consumerKey: v.consumerKey, currency: v.currency, enabled: v.enabled,
      ...(v.consumerSecret ? { consumerSecret: v.consumerSecret } : {}), ...(v.webhookSecret ? { webhookSecret: v.webhookSecret } : {}),
    }),
    onSuccess: (view) => {
      setErrors({});
      qc.setQueryData(KEY, view);
      setForm((x) => (x ? { ...x, consumerSecret: '', webhookSecret: '' } : x));
      notifications.show({ color: 'teal', message: t('shop.saved') });
    },
    onError: (err) => {
      const details = err instanceof ApiError ? (err.details as Record<string, string> | undefined) : undefined;
      if (details && Object.keys(details).length) setErrors(Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v === 'refused: private address' ? t('webhooks.refused') : String(v)])));
      else fail(err);
    },
  });
  const syncDone = (orders: number, customers: number) => t('shop.syncDone', {
    orders: t('shop.syncedOrders', { n: f.number(orders), count: orders }),
    customers: t('shop.syncedCustomers', { n: f.number(customers), count: customers }),
  });
  const sync = useMutation({
    mutationFn: () => api.post<SyncResult>('/shop/woocommerce/sync'),
    onSuccess: (r) => {
      notifications.show({ color: r.ok ? 'teal' : 'red', message: r.ok ? syncDone(r.orders.created + r.orders.updated, r.customers.created + r.customers.updated) : (r.message ?? t('shop.syncFailed')) });
      void qc.invalidateQueries({ queryKey: KEY });
    },
    onError: fail,
  });

  if (q.isPending || (q.data && !form)) return <LoadingState />;
  if (q.isError || !form) return <ErrorState error={q.error} />;
  const v = q.data;
  const last = v.lastSync;
  const set = (p: Partial<Form>) => setForm({ ...form, ...p });

  return (
    <Stack gap="md" data-testid="shop-settings">
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h5" mb="xs">{t('shop.title')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('shop.help')}</Text>
        <Stack gap="sm">
          <TextInput label={t('shop.storeUrl')} placeholder="https://shop.example" dir="ltr" value={form.storeUrl} error={errors.storeUrl} onChange={(e) => set({ storeUrl: e.currentTarget.value })} data-testid="shop-url" />
          <TextInput label={t('shop.consumerKey')} placeholder="ck_…" dir="ltr" value={form.consumerKey} onChange={(e) => set({ consumerKey: e.currentTarget.value })} data-testid="shop-key" />
          <PasswordInput label={t('shop.consumerSecret')} placeholder={v.consumerSecretSet ? t('shop.secretKept') : 'cs_…'} dir="ltr" value={form.consumerSecret} error={errors.consumerSecret} onChange={(e) => set({ consumerSecret: e.currentTarget.value })} data-testid="shop-secret" />
          <Select label={t('shop.currency')} value={form.currency} allowDeselect={false} onChange={(x) => set({ currency: (x ?? 'IRR') as Form['currency'] })}
            data={[{ value: 'IRR', label: t('shop.rial') }, { value: 'IRT', label: t('shop.toman') }]} />
          <Switch label={t('shop.enabled')} checked={form.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} data-testid="shop-enabled" />
          <Group><Button onClick={() => save.mutate(form)} loading={save.isPending} data-testid="shop-save">{t('common.save')}</Button></Group>
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={3} size="h6" mb="xs">{t('shop.webhookTitle')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('shop.webhookHelp')}</Text>
        {v.webhookUrl ? (
          <Group gap="xs" mb="sm" wrap="nowrap">
            <Code dir="ltr" style={{ overflowWrap: 'anywhere' }} data-testid="shop-webhook-url">{v.webhookUrl}</Code>
            <CopyButton value={v.webhookUrl}>{({ copied, copy }) => <Button size="xs" variant="light" onClick={copy}>{copied ? t('shop.copied') : t('shop.copy')}</Button>}</CopyButton>
          </Group>
        ) : <Text size="sm" mb="sm">{t('shop.webhookAfterSave')}</Text>}
        <PasswordInput label={t('shop.webhookSecret')} placeholder={v.webhookSecretSet ? t('shop.secretKept') : ''} dir="ltr" value={form.webhookSecret} onChange={(e) => set({ webhookSecret: e.currentTarget.value })} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h6">{t('shop.lastSync')}</Title>
          <Button size="xs" onClick={() => sync.mutate()} loading={sync.isPending} disabled={!v.configured} data-testid="shop-sync-now">{t('shop.syncNow')}</Button>
        </Group>
        {!last ? <Text size="sm" c="dimmed">{t('shop.never')}</Text> : (
          <Stack gap={4} data-testid="shop-last-sync">
            <Group gap="xs"><Badge color={last.ok ? 'teal' : 'red'}>{last.ok ? t('shop.ok') : t('shop.failed')}</Badge><Text size="sm">{f.dateTime(last.at)}</Text></Group>
            <Text size="sm">{t('shop.counts', { oc: f.number(last.orders.created), ou: f.number(last.orders.updated), cc: f.number(last.customers.created), cu: f.number(last.customers.updated) })}</Text>
            {last.message && <Alert color={last.ok ? 'yellow' : 'red'} p="xs"><Text size="sm" dir="auto">{last.message}</Text></Alert>}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
