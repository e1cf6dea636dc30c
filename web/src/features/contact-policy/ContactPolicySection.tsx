/**
 * Settings › Marketing (admins): the contact policy — quiet hours of advertising SMS and the frequency cap across
 * campaigns and automations — and the suppression list of numbers and emails that never get marketing.
 */
import { useEffect, useState } from 'react';
import { ActionIcon, Badge, Button, Group, Modal, Pagination, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { TimeBox, WholeNumberInput } from '../support-settings/inputs';
import { CONTACT_POLICY_KEY, SUPPRESSIONS_KEY, useContactPolicy, useSuppressions, type ContactPolicy } from './contact-policy.api';

type Draft = { quietStart: string; quietEnd: string; capCount: string; capDays: string };

function PolicyCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const policy = useContactPolicy();
  const [draft, setDraft] = useState<Draft | null>(null);
  const form = useFormSubmit();
  useEffect(() => {
    if (policy.data) setDraft({ ...policy.data, capCount: String(policy.data.capCount), capDays: String(policy.data.capDays) });
  }, [policy.data]);
  if (policy.isError) return <ErrorState error={policy.error} onRetry={() => void policy.refetch()} />;
  if (!draft) return <LoadingState />;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const save = () => form.run(async () => {
    const num = (v: string) => (v === '' ? Number.NaN : Number(v));
    const saved = await api.put<ContactPolicy>('/settings/contact-policy', { ...draft, capCount: num(draft.capCount), capDays: num(draft.capDays) });
    qc.setQueryData(CONTACT_POLICY_KEY, saved);
    notifications.show({ color: 'teal', message: t('contactPolicy.saved') });
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid="contact-policy">
      <Title order={2} size="h5" mb="xs">{t('contactPolicy.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('contactPolicy.intro')}</Text>
      <form onSubmit={submitHandler(save)} noValidate>
        <Stack gap="sm">
          <FormErrorAlert error={form.formError} />
          <div>
            <Text size="sm" fw={500}>{t('contactPolicy.quiet')}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('contactPolicy.quietHint')}</Text>
            <Group gap="xs" align="flex-start">
              <TimeBox aria-label={t('contactPolicy.quietStart')} value={draft.quietStart} onChange={(v) => set({ quietStart: v })} error={form.errors.quietStart} testId="policy-quietStart" />
              <Text size="sm" pt={6}>{t('contactPolicy.until')}</Text>
              <TimeBox aria-label={t('contactPolicy.quietEnd')} value={draft.quietEnd} onChange={(v) => set({ quietEnd: v })} error={form.errors.quietEnd} testId="policy-quietEnd" />
            </Group>
          </div>
          <div>
            <Text size="sm" fw={500}>{t('contactPolicy.cap')}</Text>
            <Text size="xs" c="dimmed" mb={4}>{t('contactPolicy.capHint')}</Text>
            <SimpleGrid cols={2} spacing="sm" maw={360}>
              <WholeNumberInput label={t('contactPolicy.capCount')} value={draft.capCount} onChange={(v) => set({ capCount: v })} error={form.errors.capCount} testId="policy-capCount" />
              <WholeNumberInput label={t('contactPolicy.capDays')} value={draft.capDays} onChange={(v) => set({ capDays: v })} error={form.errors.capDays} testId="policy-capDays" />
            </SimpleGrid>
          </div>
          <Group justify="flex-end"><Button type="submit" loading={form.busy} data-testid="policy-save">{t('common.save')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

function AddSuppression() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState('');
  const form = useFormSubmit();
  const save = () => form.run(async () => {
    await api.post('/settings/suppressions', { channel, address, reason });
    setAddress('');
    setReason('');
    await qc.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
    notifications.show({ color: 'teal', message: t('contactPolicy.added') });
  });
  return (
    <form onSubmit={submitHandler(save)} noValidate>
      <Stack gap="xs">
        <FormErrorAlert error={form.formError} />
        <Group gap="xs" align="flex-start" wrap="wrap">
          <Select w={120} aria-label={t('contactPolicy.channelLabel')} data={(['sms', 'email'] as const).map((c) => ({ value: c, label: t(`contactPolicy.channel.${c}`) }))} value={channel} onChange={(v) => v && setChannel(v as 'sms' | 'email')} allowDeselect={false} data-testid="suppress-channel" />
          <TextInput style={{ flex: 1, minWidth: 180 }} dir="ltr" placeholder={channel === 'sms' ? '0912…' : 'name@example.com'} aria-label={t('contactPolicy.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={form.errors.address} data-testid="suppress-address" />
          <TextInput style={{ flex: 1, minWidth: 180 }} placeholder={t('contactPolicy.reason')} aria-label={t('contactPolicy.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={form.errors.reason} data-testid="suppress-reason" />
          <Button type="submit" loading={form.busy} data-testid="suppress-add">{t('contactPolicy.add')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function SuppressionsCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useSuppressions(q.trim(), (page - 1) * 20);
  const [removing, setRemoving] = useState<{ id: string; address: string } | null>(null);
  const [reason, setReason] = useState('');
  const form = useFormSubmit();
  const remove = () => form.run(async () => {
    if (!removing) return;
    await api.delete(`/settings/suppressions/${removing.id}?reason=${encodeURIComponent(reason)}`);
    setRemoving(null);
    setReason('');
    await qc.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
    notifications.show({ color: 'teal', message: t('contactPolicy.removed') });
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid="suppressions">
      <Title order={2} size="h5" mb="xs">{t('contactPolicy.listTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('contactPolicy.listIntro')}</Text>
      <Stack gap="sm">
        <AddSuppression />
        <TextInput placeholder={t('contactPolicy.search')} aria-label={t('contactPolicy.search')} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} maw={320} data-testid="suppress-search" />
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.isPending && <LoadingState />}
        {list.data && (list.data.items.length === 0
          ? <Text size="sm" c="dimmed" data-testid="suppress-empty">{t('contactPolicy.empty')}</Text>
          : (
            <Table.ScrollContainer minWidth={560}>
              <Table striped data-testid="suppress-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('contactPolicy.address')}</Table.Th><Table.Th>{t('contactPolicy.reason')}</Table.Th>
                    <Table.Th>{t('contactPolicy.sourceLabel')}</Table.Th><Table.Th>{t('contactPolicy.addedAt')}</Table.Th><Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((s) => (
                    <Table.Tr key={s.id} data-testid="suppress-row">
                      <Table.Td><Group gap={6} wrap="nowrap"><Badge size="xs" variant="light">{t(`contactPolicy.channel.${s.channel}`)}</Badge><Text size="sm" dir="ltr">{s.channel === 'sms' ? fmt.phone(s.address) : s.address}</Text></Group></Table.Td>
                      <Table.Td><Text size="sm">{s.reason}</Text></Table.Td>
                      <Table.Td><Text size="sm">{t(`contactPolicy.source.${s.source}`)}{s.createdByName ? ` · ${s.createdByName}` : ''}</Text></Table.Td>
                      <Table.Td><Text size="sm">{fmt.dateTime(s.createdAt)}</Text></Table.Td>
                      <Table.Td>
                        <Tooltip label={t('contactPolicy.remove')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('contactPolicy.remove')} onClick={() => { setRemoving({ id: s.id, address: s.address }); setReason(''); form.reset(); }} data-testid="suppress-remove">
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ))}
        {list.data && list.data.total > 20 && <Pagination total={Math.ceil(list.data.total / 20)} value={page} onChange={setPage} size="sm" />}
      </Stack>
      <Modal centered opened={Boolean(removing)} onClose={() => setRemoving(null)} title={t('contactPolicy.removeTitle')}>
        <form onSubmit={submitHandler(remove)} noValidate>
          <Stack gap="sm">
            <FormErrorAlert error={form.formError} />
            <Text size="sm" dir="ltr">{removing ? (removing.address.includes('@') ? removing.address : fmt.phone(removing.address)) : ''}</Text>
            <TextInput label={t('contactPolicy.removeReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={form.errors.reason} data-autofocus data-testid="suppress-remove-reason" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRemoving(null)}>{t('common.cancel')}</Button>
              <Button type="submit" color="red" loading={form.busy} data-testid="suppress-remove-confirm">{t('contactPolicy.remove')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

export function ContactPolicySection() {
  return (
    <Stack gap="md">
      <PolicyCard />
      <SuppressionsCard />
    </Stack>
  );
}
