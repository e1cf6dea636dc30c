/**
 * The customer 360° view's contracts: the active ones with their level and how soon they end, the latest others, and
 * a new contract for this customer. A contract opens in the drawer right here.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { EndingBadge, StatusBadge } from './ContractBadges';
import { ContractDrawer } from './ContractDrawer';
import { ContractLevel } from './ContractLevel';
import { NewContractModal } from './NewContractModal';
import type { ContractsSection } from './contracts.api';

type Props = { section: ContractsSection | undefined; customerId: string; customerName: string };

export function ContractsCard({ section, customerId, customerName }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  if (!section) return null;
  const active = section.items.filter((c) => c.status === 'active');
  const others = section.items.filter((c) => c.status !== 'active').slice(0, 3);
  return (
    <Paper withBorder p="md" radius="md" mt="md" data-testid="contracts-card">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h5">{t('contracts.card.title')}</Title>
        {can('contracts', 'create') && (
          <Button size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => setCreating(true)} data-testid="profile-new-contract">
            {t('contracts.card.new')}
          </Button>
        )}
      </Group>
      <Badge variant="light" color={section.activeCount ? 'teal' : 'gray'} mb="sm" data-testid="contracts-active-count">
        {t('contracts.card.active', { n: fmt.number(section.activeCount) })}
      </Badge>
      {active.length === 0 ? <Text size="sm" c="dimmed">{t('contracts.card.none')}</Text> : (
        <Stack gap={8}>
          {active.map((c) => (
            <div key={c.id} data-testid="profile-contract">
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Anchor component="button" type="button" size="sm" fw={600} lineClamp={1} dir="auto" ta="start" onClick={() => setOpenId(c.id)} data-testid="profile-contract-link">{c.title}</Anchor>
                <EndingBadge contract={c} size="xs" />
              </Group>
              <Text size="xs" c="dimmed">
                {t(`contracts.kind.${c.kind}`)}
                {c.level && <>{t('common.listSeparator')}{t('contracts.levelNamed')} <ContractLevel level={c.level} /></>}
                {t('common.listSeparator')}{t('contracts.until', { date: fmt.date(c.endDate) })}
              </Text>
            </div>
          ))}
        </Stack>
      )}
      {others.length > 0 && (
        <>
          <Text size="xs" fw={600} mt="sm" mb={4}>{t('contracts.card.others')}</Text>
          <Stack gap={4}>
            {others.map((c) => (
              <Group key={c.id} justify="space-between" wrap="nowrap" gap={4} data-testid="profile-contract-other">
                <Anchor component="button" type="button" size="xs" lineClamp={1} dir="auto" ta="start" onClick={() => setOpenId(c.id)}>{c.title}</Anchor>
                <StatusBadge contract={c} size="xs" />
              </Group>
            ))}
          </Stack>
        </>
      )}
      <ContractDrawer contractId={openId} onClose={() => setOpenId(null)} onOpen={setOpenId} />
      <NewContractModal opened={creating} onClose={() => setCreating(false)} customer={{ id: customerId, label: customerName }} onCreated={(c) => setOpenId(c.id)} />
    </Paper>
  );
}
