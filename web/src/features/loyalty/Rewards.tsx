/**
 * The rewards catalog: admins add, change and archive rewards (the club page's «جوایز» tab); staff redeem one for a
 * customer from the 360° club card (the reward's points become a redeem entry, one unit of stock is taken).
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Paper, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { ErrorState, LoadingState } from '../../components/States';
import type { rewardView, ledgerAnswer } from '../../../../common/loyalty.schemas';

type Reward = Answer<typeof rewardView>;
type Draft = { nameFa: string; nameEn: string; description: string; points: number | string; stock: number | string; active: boolean };
const EMPTY: Draft = { nameFa: '', nameEn: '', description: '', points: '', stock: '', active: true };

function useRewardName() {
  const { i18n } = useTranslation();
  return (r: Reward) => (i18n.language === 'en' && r.nameEn ? r.nameEn : r.nameFa);
}

/** The admin's catalog (settings:update edits; settings:read sees archived rewards too). */
export function RewardsCatalog({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = useRewardName();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<{ id: string | null; draft: Draft } | null>(null);
  const q = useQuery({ queryKey: ['loyalty', 'rewards', 'all'], queryFn: () => api.get<{ items: Reward[] }>('/loyalty/rewards?all=1') });
  const save = useMutation({
    mutationFn: (e: { id: string | null; draft: Draft }) => {
      const body = { ...e.draft, points: Number(e.draft.points), stock: e.draft.stock === '' ? null : Number(e.draft.stock) };
      return e.id ? api.put<Reward>(`/loyalty/rewards/${e.id}`, body) : api.post<Reward>('/loyalty/rewards', body);
    },
    onSuccess: () => {
      setEditing(null);
      notifications.show({ color: 'green', message: t('loyalty.rewards.saved') });
      void qc.invalidateQueries({ queryKey: ['loyalty', 'rewards'] });
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  if (q.isPending) return <LoadingState />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const set = (patch: Partial<Draft>) => setEditing((e) => (e ? { ...e, draft: { ...e.draft, ...patch } } : e));
  return (
    <Paper withBorder p="md" radius="md" data-testid="rewards-catalog">
      <Group justify="space-between" mb="sm">
        <Text fw={700}>{t('loyalty.rewards.title')}</Text>
        {editable && <Button size="xs" onClick={() => setEditing({ id: null, draft: EMPTY })} data-testid="reward-add">{t('loyalty.rewards.add')}</Button>}
      </Group>
      {q.data.items.length === 0 ? <Text size="sm" c="dimmed">{t('loyalty.rewards.none')}</Text> : (
        <Table.ScrollContainer minWidth={0}>
          <Table striped data-testid="rewards-table">
            <Table.Thead><Table.Tr>
              <Table.Th>{t('loyalty.rewards.name')}</Table.Th><Table.Th>{t('loyalty.points')}</Table.Th><Table.Th>{t('loyalty.rewards.stock')}</Table.Th><Table.Th />
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {q.data.items.map((r) => (
                <Table.Tr key={r.id} data-testid="reward-row">
                  <Table.Td>
                    <Text size="sm" fw={600}>{name(r)}</Text>
                    {r.description && <Text size="xs" c="dimmed">{r.description}</Text>}
                  </Table.Td>
                  <Table.Td><Text size="sm">{fmt.number(r.points)}</Text></Table.Td>
                  <Table.Td><Text size="sm">{r.stock == null ? t('loyalty.rewards.unlimited') : fmt.number(r.stock)}</Text></Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      {!r.active && <Badge size="xs" color="gray">{t('loyalty.rewards.archived')}</Badge>}
                      {editable && <Button size="compact-xs" variant="subtle" data-testid="reward-edit" onClick={() => setEditing({ id: r.id, draft: { nameFa: r.nameFa, nameEn: r.nameEn, description: r.description, points: r.points, stock: r.stock ?? '', active: r.active } })}>{t('loyalty.rewards.edit')}</Button>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={editing != null} onClose={() => setEditing(null)} title={editing?.id ? t('loyalty.rewards.edit') : t('loyalty.rewards.add')}>
        {editing && (
          <Stack>
            <TextInput label={t('loyalty.program.nameFa')} value={editing.draft.nameFa} onChange={(e) => set({ nameFa: e.currentTarget.value })} required data-testid="reward-name-fa" />
            <TextInput label={t('loyalty.program.nameEn')} value={editing.draft.nameEn} onChange={(e) => set({ nameEn: e.currentTarget.value })} dir="ltr" data-testid="reward-name-en" />
            <TextInput label={t('loyalty.rewards.description')} value={editing.draft.description} onChange={(e) => set({ description: e.currentTarget.value })} />
            <NumberInput label={t('loyalty.points')} value={editing.draft.points} onChange={(v) => set({ points: v })} min={1} allowDecimal={false} allowNegative={false} required data-testid="reward-points" />
            <NumberInput label={t('loyalty.rewards.stock')} description={t('loyalty.rewards.stockHint')} value={editing.draft.stock} onChange={(v) => set({ stock: v })} min={0} allowDecimal={false} allowNegative={false} data-testid="reward-stock" />
            <Switch label={t('loyalty.rewards.active')} checked={editing.draft.active} onChange={(e) => set({ active: e.currentTarget.checked })} />
            <Group justify="flex-end">
              <Button onClick={() => save.mutate(editing)} loading={save.isPending} disabled={!editing.draft.nameFa.trim() || !Number(editing.draft.points)} data-testid="reward-save">{t('loyalty.save')}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}

/** Staff redeem a reward for the customer (from the 360° club card). */
export function RedeemRewardModal({ opened, customerId, balance, onClose, onDone }: { opened: boolean; customerId: string; balance: number; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = useRewardName();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['loyalty', 'rewards', 'active'], enabled: opened, queryFn: () => api.get<{ items: Reward[] }>('/loyalty/rewards') });
  const redeem = useMutation({
    mutationFn: (id: string) => api.post<Answer<typeof ledgerAnswer>>(`/loyalty/rewards/${id}/redeem`, { customerId }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('loyalty.saved', { n: fmt.number(r.balance) }) });
      void qc.invalidateQueries({ queryKey: ['loyalty'] });
      onDone();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('loyalty.rewards.redeem')}>
      {!q.data ? <LoadingState /> : q.data.items.length === 0 ? <Text size="sm" c="dimmed">{t('loyalty.rewards.none')}</Text> : (
        <Stack gap="xs" data-testid="reward-choices">
          {q.data.items.map((r) => {
            const out = r.stock != null && r.stock <= 0;
            return (
              <Group key={r.id} justify="space-between" wrap="nowrap" data-testid="reward-choice">
                <div>
                  <Text size="sm" fw={600}>{name(r)}</Text>
                  <Text size="xs" c="dimmed">{t('loyalty.rewards.cost', { n: fmt.number(r.points), count: r.points })}{r.stock != null ? `${fmt.locale === 'fa' ? '، ' : ' · '}${t('loyalty.rewards.left', { n: fmt.number(r.stock) })}` : ''}</Text>
                </div>
                <Button size="xs" disabled={out || r.points > balance} loading={redeem.isPending && redeem.variables === r.id} onClick={() => redeem.mutate(r.id)} data-testid="reward-redeem">
                  {out ? t('loyalty.rewards.out') : t('loyalty.rewards.take')}
                </Button>
              </Group>
            );
          })}
        </Stack>
      )}
    </Modal>
  );
}
