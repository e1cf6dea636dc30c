/** Beside a ticket's thread: the customer's active contracts (title, SLA level, end), so the agent sees the coverage. */
import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { EndingBadge } from './ContractBadges';
import { ContractLevel } from './ContractLevel';
import type { ContractsSection } from './contracts.api';

export function ContractCoverage({ section }: { section: ContractsSection }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const active = section.items.filter((c) => c.status === 'active');
  return (
    <div data-testid="ticket-panel-contracts">
      <Group gap={4} mb={4} wrap="nowrap">
        <IconShieldCheck size={16} color={active.length ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-dimmed)'} aria-hidden />
        <Text size="sm" fw={600}>{t('contracts.panel.title')}</Text>
      </Group>
      {active.length === 0 ? <Text size="sm" c="dimmed">{t('contracts.panel.none')}</Text> : (
        <Stack gap={6}>
          {active.slice(0, 5).map((c) => (
            <div key={c.id} data-testid="ticket-panel-contract">
              <Group justify="space-between" wrap="nowrap" gap={4}>
                <Anchor component={Link} to={`/contracts?contract=${c.id}`} size="sm" lineClamp={1} dir="auto">{c.title}</Anchor>
                {c.level && <Badge size="xs" variant="light" color="violet" tt="none" style={{ flexShrink: 0 }} dir="auto" data-testid="ticket-panel-contract-level"><ContractLevel level={c.level} /></Badge>}
              </Group>
              <Group gap={6} wrap="nowrap">
                <Text size="xs" c="dimmed">{t('contracts.until', { date: fmt.date(c.endDate) })}</Text>
                <EndingBadge contract={c} size="xs" />
              </Group>
            </div>
          ))}
        </Stack>
      )}
    </div>
  );
}
