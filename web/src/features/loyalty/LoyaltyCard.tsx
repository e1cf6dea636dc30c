/**
 * The 360° view's club card: tier and its benefits, balance and what it is worth, progress to the next tier, points
 * about to expire; staff who may update the customer record points (earn, redeem, adjust with a reason, a referral or review
 * bonus) and see the history.
 */
import { useState } from 'react';
import { Badge, Button, Group, Modal, NumberInput, Paper, Progress, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { RedeemRewardModal } from './Rewards';
import { ReviewModal } from './ReviewModal';
import type { ledgerAnswer, ledgerEntryView, memberView } from '../../../../common/loyalty.schemas';

export type MemberSection = Answer<typeof memberView>;
type Entry = Answer<typeof ledgerEntryView>;

export function TierProgress({ m }: { m: MemberSection }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const name = (x: { nameFa: string; nameEn: string }) => (i18n.language === 'fa' ? x.nameFa : x.nameEn);
  if (!m.nextTier) return <Text size="xs" c="dimmed" data-testid="loyalty-to-next">{m.tier ? t('loyalty.topTier') : ''}</Text>;
  const from = m.tier?.threshold ?? 0;
  const pct = Math.max(0, Math.min(100, ((m.qualifying - from) / Math.max(1, m.nextTier.threshold - from)) * 100));
  return (
    <Stack gap={2}>
      <Progress value={pct} size="sm" aria-label={t('loyalty.tier')} />
      <Text size="xs" c="dimmed" data-testid="loyalty-to-next">
        {t(m.basis === 'spend' ? 'loyalty.toNextSpend' : 'loyalty.toNext', { n: fmt.number(m.pointsToNext), count: m.pointsToNext, tier: name(m.nextTier) })}
      </Text>
    </Stack>
  );
}

export function LoyaltyCard({ customerId, section, onChanged }: { customerId: string; section: MemberSection | undefined; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const [writing, setWriting] = useState(false);
  const [history, setHistory] = useState(false);
  const [rewarding, setRewarding] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  if (!section || (!section.enabled && section.balance === 0)) return null;
  const m = section;
  const name = (x: { nameFa: string; nameEn: string }) => (i18n.language === 'fa' ? x.nameFa : x.nameEn);
  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="loyalty-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('loyalty.card')}</Title>
        <Badge variant="light" color={m.tier ? 'grape' : 'gray'} data-testid="loyalty-tier">{m.tier ? name(m.tier) : t('loyalty.noTier')}</Badge>
      </Group>
      <Group justify="space-between" align="end" mb={6}>
        <div>
          <Text size="xs" c="dimmed">{t('loyalty.balance')}</Text>
          <Text size="xl" fw={700} data-testid="loyalty-balance">{fmt.number(m.balance)}</Text>
        </div>
        <Text size="xs" c="dimmed">{t('loyalty.worth', { value: money.format(String(m.balance * m.pointValueRials)) })}</Text>
      </Group>
      <TierProgress m={m} />
      {m.tier && (m.tier.discountPercent > 0 || m.tier.freeService || m.tier.slaPriority) && (
        <Group gap={4} mt={6}>
          {m.tier.discountPercent > 0 && <Badge size="xs" variant="outline">{t('loyalty.discount', { n: fmt.number(m.tier.discountPercent) })}</Badge>}
          {m.tier.freeService && <Badge size="xs" variant="outline">{m.tier.freeService}</Badge>}
          {m.tier.slaPriority && <Badge size="xs" variant="outline">{t('loyalty.sla', { p: t(`support.priority.${m.tier.slaPriority}`) })}</Badge>}
        </Group>
      )}
      <Text size="sm" fw={600} mt="sm">{t('loyalty.expiring')}</Text>
      {m.expiring.length === 0 ? <Text size="xs" c="dimmed">{t('loyalty.noneExpiring')}</Text> : (
        <Stack gap={0} data-testid="loyalty-expiring">
          {m.expiring.map((e) => <Text key={e.at} size="xs" c="orange">{t('loyalty.expiringItem', { n: fmt.number(e.points), count: e.points, date: fmt.date(e.at) })}</Text>)}
        </Stack>
      )}
      <Group gap="xs" mt="sm">
        {can('customers', 'update') && <Button size="xs" variant="light" onClick={() => setWriting(true)} data-testid="loyalty-write">{t('loyalty.write')}</Button>}
        {can('customers', 'update') && <Button size="xs" variant="light" color="grape" onClick={() => setRewarding(true)} data-testid="loyalty-reward">{t('loyalty.rewards.redeem')}</Button>}
        {can('interactions', 'create') && <Button size="xs" variant="light" color="teal" onClick={() => setReviewing(true)} data-testid="loyalty-review">{t('loyalty.review.open')}</Button>}
        <Button size="xs" variant="subtle" onClick={() => setHistory(true)} data-testid="loyalty-history">{t('loyalty.history')}</Button>
      </Group>
      <WriteModal opened={writing} customerId={customerId} onClose={() => setWriting(false)} onDone={() => { setWriting(false); onChanged(); }} />
      <RedeemRewardModal opened={rewarding} customerId={customerId} balance={m.balance} onClose={() => setRewarding(false)} onDone={() => { setRewarding(false); onChanged(); }} />
      <ReviewModal opened={reviewing} customerId={customerId} onClose={() => setReviewing(false)} onDone={() => { setReviewing(false); onChanged(); }} />
      <HistoryModal opened={history} customerId={customerId} onClose={() => setHistory(false)} />
    </Paper>
  );
}

function WriteModal({ opened, customerId, onClose, onDone }: { opened: boolean; customerId: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [kind, setKind] = useState<'earn' | 'redeem' | 'adjust' | 'bonus'>('redeem');
  const [points, setPoints] = useState<number | string>('');
  const [reason, setReason] = useState('');
  // Referral and review are not recorded by anything in the app, so staff give their bonus (the program's points, once a reference).
  const [event, setEvent] = useState<'referral' | 'review'>('referral');
  const save = useMutation({
    mutationFn: () => (kind === 'bonus'
      ? api.post<Answer<typeof ledgerAnswer>>('/loyalty/bonus', { customerId, event, reference: reason.trim() })
      : api.post<Answer<typeof ledgerAnswer>>('/loyalty/ledger', { customerId, kind, points: Number(points), reason })),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('loyalty.saved', { n: fmt.number(r.balance) }) });
      setPoints(''); setReason('');
      void qc.invalidateQueries({ queryKey: ['loyalty', customerId] });
      onDone();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  return (
    <Modal opened={opened} onClose={onClose} title={t('loyalty.write')}>
      <Stack>
        <SegmentedControl value={kind} onChange={(v) => setKind(v as typeof kind)} data={(['earn', 'redeem', 'adjust', 'bonus'] as const).map((k) => ({ value: k, label: k === 'bonus' ? t('loyalty.bonusTab') : t(`loyalty.kind.${k}`) }))} data-testid="loyalty-kind" />
        {kind === 'bonus' ? (
          <SegmentedControl value={event} onChange={(v) => setEvent(v as typeof event)} data={(['referral', 'review'] as const).map((e) => ({ value: e, label: t(`loyalty.bonus.${e}`) }))} data-testid="loyalty-bonus-event" />
        ) : <NumberInput label={t('loyalty.points')} value={points} onChange={setPoints} allowDecimal={false} allowNegative={kind === 'adjust'} data-testid="loyalty-points" />}
        <TextInput label={t(kind === 'bonus' ? 'loyalty.bonusReference' : 'loyalty.reason')} description={kind === 'bonus' ? t('loyalty.bonusHint') : undefined} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required={kind === 'adjust'} data-testid="loyalty-reason" />
        <Group justify="flex-end">
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={kind !== 'bonus' && !Number(points)} data-testid="loyalty-save">{t('loyalty.save')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function HistoryModal({ opened, customerId, onClose }: { opened: boolean; customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useQuery({ queryKey: ['loyalty', customerId, 'ledger'], enabled: opened, queryFn: () => api.get<{ items: Entry[] }>(`/loyalty/members/${customerId}/ledger`) });
  return (
    <Modal opened={opened} onClose={onClose} title={t('loyalty.history')} size="lg">
      {!q.data?.items.length ? <Text size="sm" c="dimmed">{t('loyalty.noHistory')}</Text> : (
        <Table.ScrollContainer minWidth={0}>
          <Table striped data-testid="loyalty-ledger">
            <Table.Tbody>
              {q.data.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td><Text size="xs">{fmt.dateTime(e.at)}</Text></Table.Td>
                  <Table.Td><Badge size="xs" variant="light" color={e.points >= 0 ? 'teal' : 'red'} style={{ minWidth: 'max-content' }}>{t(`loyalty.kind.${e.kind}`)}</Badge></Table.Td>
                  <Table.Td><Text size="sm" fw={600} c={e.points >= 0 ? 'teal' : 'red'}><bdi>{fmt.number(e.points)}</bdi></Text></Table.Td>
                  <Table.Td><Text size="sm">{fmt.number(e.balanceAfter)}</Text></Table.Td>
                  <Table.Td><Text size="xs" dir="auto">{e.sourceType?.startsWith('bonus:') && e.kind === 'earn'
                    // A bonus's reason is its event key: named in the reader's language.
                    ? t(`loyalty.bonus.${e.sourceType.slice(6)}`, { defaultValue: e.reason })
                    // Points redeemed on a document not numbered yet carry the reason 'draft' (loyalty.hooks.ts).
                    : e.sourceType === 'document' && e.reason === 'draft' ? t('loyalty.onDraft')
                    : e.reason ? <bdi>{fmt.digits(e.reason)}</bdi> : ''}</Text></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Modal>
  );
}
