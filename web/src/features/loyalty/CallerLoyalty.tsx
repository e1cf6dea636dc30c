/** The screen-pop's club line: tier, balance, progress to the next tier and points about to expire (nothing for a non-member). */
import { Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { TierProgress, type MemberSection } from './LoyaltyCard';

export function CallerLoyalty({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const q = useQuery({
    queryKey: ['loyalty', customerId, 'member'], enabled: can('customers', 'read'), retry: false,
    queryFn: () => api.get<MemberSection>(`/loyalty/members/${customerId}`),
  });
  const m = q.data;
  if (!m || !(m.balance > 0 || (m.enabled && m.tier))) return null;
  const soon = m.expiring[0];
  return (
    <Stack gap={4} data-testid="call-loyalty">
      <Group gap="xs">
        <Text size="xs" fw={600} c="dimmed">{t('loyalty.card')}</Text>
        {m.tier && <Badge size="sm" variant="light" color="grape">{i18n.language === 'fa' ? m.tier.nameFa : m.tier.nameEn}</Badge>}
        <Text size="sm" fw={600}>{t('loyalty.points')}: {fmt.number(m.balance)}</Text>
      </Group>
      <TierProgress m={m} />
      {soon && <Text size="xs" c="orange">{t('loyalty.expiringItem', { n: fmt.number(soon.points), count: soon.points, date: fmt.date(soon.at) })}</Text>}
    </Stack>
  );
}
