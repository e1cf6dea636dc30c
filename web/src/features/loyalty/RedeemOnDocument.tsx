/**
 * On a draft quote or invoice: the customer's club balance and tier discount, and points redeemed as the document's
 * discount (points × a point's value). Shown only to staff who may update both the document and the customer.
 */
import { useState } from 'react';
import { Badge, Button, Group, NumberInput, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import type { MemberSection } from './LoyaltyCard';

export function RedeemOnDocument({ documentId, customerId, onDone }: { documentId: string; customerId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const qc = useQueryClient();
  const [points, setPoints] = useState<number | string>('');
  const q = useQuery({ queryKey: ['loyalty', customerId, 'member'], retry: false, queryFn: () => api.get<MemberSection>(`/loyalty/members/${customerId}`) });
  const redeem = useMutation({
    mutationFn: () => api.post<{ balance: number; discount: string }>('/loyalty/redeem-on-document', { documentId, points: Number(points) }),
    onSuccess: (r) => {
      notifications.show({ color: 'green', message: t('loyalty.redeemed', { discount: money.format(r.discount) }) });
      setPoints('');
      void qc.invalidateQueries({ queryKey: ['loyalty', customerId] });
      onDone();
    },
    onError: (err) => notifications.show({ color: 'red', message: errorMessage(t, err) }),
  });
  const m = q.data;
  if (!m || !m.enabled || m.balance <= 0) return null;
  const value = Number(points) > 0 ? money.format(String(Number(points) * m.pointValueRials)) : null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="doc-loyalty">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('loyalty.card')}</Title>
        {m.tier && <Badge variant="light" color="grape">{i18n.language === 'fa' ? m.tier.nameFa : m.tier.nameEn}</Badge>}
      </Group>
      <Text size="sm">{t('loyalty.balance')}: <b data-testid="doc-loyalty-balance">{fmt.number(m.balance)}</b></Text>
      {m.tier && m.tier.discountPercent > 0 && <Text size="xs" c="dimmed">{t('loyalty.tierDiscountHint', { n: fmt.number(m.tier.discountPercent) })}</Text>}
      <Group gap="xs" mt="sm" align="end" wrap="nowrap">
        <NumberInput style={{ flex: 1, minWidth: 0 }} label={t('loyalty.redeemPoints')} value={points} onChange={setPoints} min={1} max={m.balance} allowDecimal={false} allowNegative={false} data-testid="doc-loyalty-points" />
        <Button onClick={() => redeem.mutate()} loading={redeem.isPending} disabled={!(Number(points) > 0)} data-testid="doc-loyalty-redeem">{t('loyalty.redeem')}</Button>
      </Group>
      {value && <Text size="xs" c="dimmed" mt={4}>{t('loyalty.asDiscount', { value })}</Text>}
    </Paper>
  );
}
