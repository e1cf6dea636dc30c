/**
 * The customer's club tier price list in the document editor: the hook gives it (id, list name, tier name) so a picked
 * product shows the list's price, and the hint says that product lines are priced from it (the server prices a
 * document naming no price list from the tier's list). Nothing for a non-member, a tier without a list, the program
 * off, or a reader who may not see the customer's club standing.
 */
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MemberSection } from './LoyaltyCard';

/** `name`: null when the reader may not see price lists (the hint then names the tier only); undefined while loading. */
export type TierPriceList = { id: string; name: string | null | undefined; tierName: string };

export function useTierPriceList(customerId: string | null): TierPriceList | null {
  const { i18n } = useTranslation();
  const q = useQuery({ queryKey: ['loyalty', customerId, 'member'], retry: false, enabled: Boolean(customerId), queryFn: () => api.get<MemberSection>(`/loyalty/members/${customerId}`) });
  const tier = q.data?.enabled ? q.data.tier : null;
  const id = tier?.priceListId ?? null;
  const lists = useQuery({ queryKey: ['price-lists'], retry: false, enabled: Boolean(id), queryFn: () => api.get<{ items: { id: string; name: string }[] }>('/price-lists') });
  if (!tier || !id) return null;
  const name = lists.isPending ? undefined : lists.data?.items.find((l) => l.id === id)?.name ?? null;
  return { id, name, tierName: i18n.language === 'fa' ? tier.nameFa : tier.nameEn };
}

export function TierPriceListHint({ list }: { list: TierPriceList | null }) {
  const { t } = useTranslation();
  // Not before the list's name is known: a hint that changes its wording a moment later reads as a glitch.
  if (!list || list.name === undefined) return null;
  return (
    <Text size="xs" c="grape" mb="xs" data-testid="doc-tier-price-list-hint">
      {t(list.name ? 'loyalty.tierPriceListOnDocument' : 'loyalty.tierPriceListOnDocumentUnnamed', { tier: list.tierName, list: list.name })}
    </Text>
  );
}
