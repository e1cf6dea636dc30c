/**
 * On a new quote: says that the customer's club tier discount will be applied when the discount is left empty (the
 * server gives a new quote naming no discount the tier's %). Nothing when the customer has no tier discount, the
 * program is off, or the reader may not see the customer's club standing.
 */
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import type { MemberSection } from './LoyaltyCard';

export function TierDiscountHint({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const q = useQuery({ queryKey: ['loyalty', customerId, 'member'], retry: false, queryFn: () => api.get<MemberSection>(`/loyalty/members/${customerId}`) });
  const tier = q.data?.enabled ? q.data.tier : null;
  if (!tier || tier.discountPercent <= 0) return null;
  return (
    <Text size="xs" c="grape" data-testid="doc-tier-discount-hint">
      {t('loyalty.tierDiscountOnQuote', { n: fmt.number(tier.discountPercent), tier: i18n.language === 'fa' ? tier.nameFa : tier.nameEn })}
    </Text>
  );
}
