/** The 360° view's purchases: what the customer owns, what they spent, what they owe, and quotes still open. */
import { Anchor, Button, Divider, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { useSession } from '../session/session';
import type { Purchases } from '../documents/documents.types';
import { useMoney } from '../../lib/money';
import { StatusBadge } from '../documents/StatusBadge';
import { Parts } from '../documents/Parts';

function Figure({ label, value, testId, color }: { label: string; value: string; testId: string; color?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={700} c={color} data-testid={testId}>{value}</Text>
    </div>
  );
}

export function PurchasesCard({ customerId, purchases }: { customerId: string; purchases: Purchases | undefined | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  if (!purchases) return null;
  const p = purchases;
  // A middle dot beside Persian digits reads as a zero (۰): Persian lists take the Persian comma.
  const sep = fmt.locale === 'fa' ? '، ' : ' · ';
  const quantity = (q: string) => fmt.digits(q).replace('.', fmt.locale === 'fa' ? '٫' : '.');

  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="purchases-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('purchases.title')}</Title>
        {can('documents', 'create') && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} component={Link} to={`/documents/new?kind=quote&customerId=${customerId}`} data-testid="purchases-new-quote">
            {t('purchases.newQuote')}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
        <Figure label={t('purchases.totalSpent')} value={money.format(p.totalSpent)} testId="purchases-total" />
        <Figure label={t('purchases.orders')} value={fmt.number(p.orders)} testId="purchases-orders" />
        <Figure label={t('purchases.averageOrder')} value={money.format(p.averageOrder)} testId="purchases-average" />
        <Figure label={t('purchases.lastPurchase')} value={p.lastPurchase ? fmt.date(p.lastPurchase) : '—'} testId="purchases-last" />
        <Figure label={t('purchases.outstanding')} value={money.format(p.outstanding)} testId="purchases-outstanding" color={p.outstanding !== '0' ? 'red.7' : undefined} />
      </SimpleGrid>

      <Divider my="sm" />
      <Text size="sm" fw={600} mb={4}>{t('purchases.products')}</Text>
      {p.products.length === 0 ? <Text size="sm" c="dimmed">{t('purchases.noProducts')}</Text> : (
        <Stack gap={6} data-testid="purchases-products">
          {p.products.slice(0, 8).map((x, i) => (
            <Group key={`${x.productId ?? x.name}-${i}`} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" lineClamp={1}>{x.name}</Text>
                <Text size="xs" c="dimmed">
                  <Parts sep={sep} items={[t('purchases.qty', { qty: quantity(x.quantity) }), fmt.date(x.lastDate), x.code && <Ltr>{fmt.code(x.code)}</Ltr>]} />
                </Text>
              </div>
              <Text size="xs" fw={500} style={{ whiteSpace: 'nowrap' }}>{money.format(x.amount)}</Text>
            </Group>
          ))}
          {p.products.length > 8 && <Text size="xs" c="dimmed">{t('purchases.more', { n: fmt.number(p.products.length - 8) })}</Text>}
        </Stack>
      )}

      <Divider my="sm" />
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>{t('purchases.openQuotes')}</Text>
        {can('documents', 'read') && <Anchor component={Link} to={`/documents?customerId=${customerId}`} size="xs">{t('purchases.allDocuments')}</Anchor>}
      </Group>
      {p.openQuotes.length === 0 ? <Text size="sm" c="dimmed">{t('purchases.noOpenQuotes')}</Text> : (
        <Stack gap={6} data-testid="purchases-open-quotes">
          {p.openQuotes.map((q) => (
            <Group key={q.id} justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/documents/${q.id}`} size="sm">
                  {q.number ? <Ltr>{fmt.digits(q.number)}</Ltr> : t('documents.draftNumber')}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {money.format(q.grandTotal)}{q.validUntil ? `${sep}${t('purchases.validUntil', { date: fmt.date(q.validUntil) })}` : ''}
                </Text>
              </div>
              <StatusBadge status={q.status as never} size="xs" />
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
