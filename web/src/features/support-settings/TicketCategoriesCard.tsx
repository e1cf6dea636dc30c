/**
 * Ticket categories (GET/POST/PATCH /api/support/ticket-categories): each key with its Persian and English names, how
 * many tickets carry it, and whether it is still offered. Keys never change (tickets store them); names do.
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorState, LoadingState } from '../../components/States';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../lib/format';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { CATEGORIES_KEY, useTicketCategories, type TicketCategory } from '../support/ticket-categories';

type Target = { category: TicketCategory | null };
type Draft = { key: string; labelFa: string; labelEn: string; position: number; active: boolean };

export function TicketCategoriesCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useTicketCategories();
  const [target, setTarget] = useState<Target | null>(null);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <LoadingState />;
  const items = list.data.items;
  return (
    <Paper withBorder p="md" radius="md" data-testid="support-categories">
      <Group justify="space-between" mb={4} wrap="nowrap" align="flex-start">
        <Title order={2} size="h5">{t('supportSettings.categories.title')}</Title>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setTarget({ category: null })} data-testid="category-add">
          {t('supportSettings.categories.add')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('supportSettings.categories.intro')}</Text>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table verticalSpacing={6} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('supportSettings.categories.labelFa')}</Table.Th>
              <Table.Th>{t('supportSettings.categories.labelEn')}</Table.Th>
              <Table.Th>{t('supportSettings.categories.key')}</Table.Th>
              <Table.Th>{t('supportSettings.categories.tickets')}</Table.Th>
              <Table.Th w={80} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((c) => (
              <Table.Tr key={c.key} data-testid={`category-row-${c.key}`} style={c.active ? undefined : { opacity: 0.6 }}>
                <Table.Td><Group gap={6} wrap="nowrap"><Text size="sm" dir="rtl">{c.labelFa}</Text>{!c.active && <Badge size="xs" color="gray" variant="light">{t('supportSettings.categories.inactive')}</Badge>}</Group></Table.Td>
                <Table.Td><Text size="sm" dir="ltr">{c.labelEn}</Text></Table.Td>
                <Table.Td><Text size="xs" c="dimmed" ff="monospace"><Ltr>{c.key}</Ltr></Text></Table.Td>
                <Table.Td><Text size="sm">{fmt.number(c.ticketCount)}</Text></Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={12} />} onClick={() => setTarget({ category: c })} data-testid={`category-edit-${c.key}`}>{t('common.edit')}</Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <CategoryModal target={target} onClose={() => setTarget(null)} nextPosition={(items.at(-1)?.position ?? 0) + 10} />
    </Paper>
  );
}

function CategoryModal({ target, onClose, nextPosition }: { target: Target | null; onClose: () => void; nextPosition: number }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const editing = target?.category ?? null;
  const [d, setD] = useState<Draft | null>(null);
  const { busy, errors, formError, run, reset } = useFormSubmit();
  const draft: Draft = d ?? (editing
    ? { key: editing.key, labelFa: editing.labelFa, labelEn: editing.labelEn, position: editing.position, active: editing.active }
    : { key: '', labelFa: '', labelEn: '', position: nextPosition, active: true });
  const set = (patch: Partial<Draft>) => setD({ ...draft, ...patch });
  const close = () => { setD(null); reset(); onClose(); };

  async function save() {
    await run(async () => {
      if (editing) {
        await api.patch(`/support/ticket-categories/${encodeURIComponent(editing.key)}`, { labelFa: draft.labelFa, labelEn: draft.labelEn, position: draft.position, active: draft.active });
      } else {
        await api.post('/support/ticket-categories', { key: toLatinDigits(draft.key), labelFa: draft.labelFa, labelEn: draft.labelEn, position: draft.position, active: draft.active });
      }
      await queryClient.invalidateQueries({ queryKey: CATEGORIES_KEY });
      notifications.show({ color: 'teal', message: t('supportSettings.categories.saved') });
      close();
    });
  }

  return (
    <Modal opened={target !== null} onClose={close} title={t(editing ? 'supportSettings.categories.edit' : 'supportSettings.categories.add')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="category-form">
        <Stack gap="sm">
          <FormErrorAlert error={formError} testId="category-error" />
          <TextInput label={t('supportSettings.categories.labelFa')} required dir="rtl" value={draft.labelFa} onChange={(e) => set({ labelFa: e.currentTarget.value })} error={errors.labelFa} maxLength={60} data-testid="category-labelFa" data-autofocus />
          <TextInput label={t('supportSettings.categories.labelEn')} required dir="ltr" value={draft.labelEn} onChange={(e) => set({ labelEn: e.currentTarget.value })} error={errors.labelEn} maxLength={60} data-testid="category-labelEn" />
          <TextInput label={t('supportSettings.categories.key')} description={t(editing ? 'supportSettings.categories.keyFixed' : 'supportSettings.categories.keyHint')} required dir="ltr"
            value={draft.key} disabled={Boolean(editing)} onChange={(e) => set({ key: e.currentTarget.value })} error={errors.key} maxLength={40} data-testid="category-key" />
          <NumberInput label={t('supportSettings.categories.position')} min={0} max={1000} value={draft.position} onChange={(v) => set({ position: typeof v === 'number' ? v : 0 })} error={errors.position} data-testid="category-position" />
          <Switch label={t('supportSettings.categories.activeLabel')} checked={draft.active} onChange={(e) => set({ active: e.currentTarget.checked })} data-testid="category-active" />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="category-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
