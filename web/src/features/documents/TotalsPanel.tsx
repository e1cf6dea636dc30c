/** The totals exactly as the server computed them (integer Rials), and the grand total in words. */
import { Alert, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { DocumentSummary } from './documents.types';
import { useMoney } from '../../lib/money';

type Totals = Pick<DocumentSummary, 'kind' | 'status' | 'subtotal' | 'lineDiscountTotal' | 'discount' | 'taxTotal' | 'vatRateBp' | 'fees' | 'feeTotal' | 'grandTotal' | 'paidTotal' | 'balance'>;

function Row({ label, value, strong, testId, negative }: { label: string; value: string; strong?: boolean; testId?: string; negative?: boolean }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="xs">
      <Text size="sm" fw={strong ? 700 : undefined} c={strong ? undefined : 'dimmed'}>{label}</Text>
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 500} data-testid={testId} style={{ whiteSpace: 'nowrap' }} c={negative ? 'red.7' : undefined}>{value}</Text>
    </Group>
  );
}

export function TotalsPanel({ doc, stale, title }: { doc: Totals | null; stale?: boolean; title?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const vatPercent = doc ? fmt.number(doc.vatRateBp / 100) : '';
  return (
    <Paper withBorder p="md" radius="md" data-testid="doc-totals">
      <Title order={2} size="h5" mb="sm">{title ?? t('documents.totals')}</Title>
      {!doc ? (
        <Text size="sm" c="dimmed">{t('documents.totalsAfterSave')}</Text>
      ) : (
        <Stack gap={6} style={{ opacity: stale ? 0.55 : 1 }}>
          <Row label={t('documents.subtotal')} value={money.format(doc.subtotal)} testId="doc-subtotal" />
          {doc.lineDiscountTotal !== '0' && <Row label={t('documents.lineDiscounts')} value={money.format(-BigInt(doc.lineDiscountTotal))} testId="doc-line-discounts" />}
          {doc.discount !== '0' && <Row label={t('documents.docDiscount')} value={money.format(-BigInt(doc.discount))} testId="doc-discount-total" />}
          <Row label={t('documents.vat', { rate: vatPercent })} value={money.format(doc.taxTotal)} testId="doc-vat" />
          {doc.fees.map((f, i) => <Row key={i} label={f.label} value={money.format(f.amount)} />)}
          <Divider my={4} />
          <Row label={t('documents.grandTotal')} value={money.format(doc.grandTotal)} strong testId="doc-grand-total" />
          <Text size="xs" c="dimmed" data-testid="doc-words">{money.words(doc.grandTotal)}</Text>
          {doc.kind === 'invoice' && doc.status !== 'draft' && (
            <>
              <Divider my={4} />
              <Row label={t('documents.paid')} value={money.format(doc.paidTotal)} testId="doc-paid" />
              <Row label={t('documents.balance')} value={money.format(doc.balance)} strong negative={doc.balance !== '0' && doc.status !== 'cancelled'} testId="doc-balance" />
            </>
          )}
        </Stack>
      )}
      {stale && <Alert mt="sm" color="yellow" variant="light" p="xs" data-testid="doc-totals-stale"><Text size="xs">{t('documents.totalsStale')}</Text></Alert>}
    </Paper>
  );
}
