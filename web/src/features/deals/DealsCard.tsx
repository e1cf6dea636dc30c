/** The customer 360° view's deals: open deals with stage, amount and expected close; won and lost counts and sums. */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { NewDealModal } from './NewDealModal';
import type { DealsSection } from './deals.api';
import { Joined } from './Joined';

export function DealsCard({ section, customerId, customerName }: { section: DealsSection; customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="deals-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('sales.card.title')}</Title>
        {can('deals', 'create') && (
          <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="profile-new-deal">
            {t('sales.card.new')}
          </Button>
        )}
      </Group>
      <Group gap={6} mb="sm">
        <Badge variant="light" color="blue" data-testid="deals-open-count">{t('sales.card.open', { n: fmt.number(section.openCount), amount: money.format(section.openAmount) })}</Badge>
        <Badge variant="light" color="teal">{t('sales.card.won', { n: fmt.number(section.wonCount), amount: money.format(section.wonAmount) })}</Badge>
        {section.lostCount > 0 && <Badge variant="light" color="red">{t('sales.card.lost', { n: fmt.number(section.lostCount) })}</Badge>}
      </Group>
      {section.open.length === 0 ? <Text size="sm" c="dimmed">{t('sales.card.none')}</Text> : (
        <Stack gap={8}>
          {section.open.map((d) => (
            <div key={d.id} data-testid="profile-deal">
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Anchor component={Link} to={`/deals?deal=${d.id}`} size="sm" fw={600} lineClamp={1}>{d.title}</Anchor>
                <Badge size="xs" variant="outline" style={{ flexShrink: 0 }}>{d.stageName}</Badge>
              </Group>
              <Text size="xs" c="dimmed">
                <Joined parts={[money.format(d.amount), d.expectedCloseDate ? t('sales.card.closeBy', { date: fmt.date(d.expectedCloseDate) }) : null, d.ownerName]} />
              </Text>
            </div>
          ))}
        </Stack>
      )}
      <NewDealModal opened={creating} onClose={() => setCreating(false)} customer={{ id: customerId, label: customerName }} />
    </Paper>
  );
}
