/**
 * SLA policies as one table per contract level (the default first) with a row per priority: the targets in business
 * time, in words. A level without its own policy for a priority falls back to the default one, and says so.
 */
import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/States';
import { priorityColor } from '../support/tickets.api';
import { ContractLevel } from '../contracts/ContractLevel';
import { SlaPolicyModal, type PolicyTarget } from './SlaPolicyModal';
import { businessDuration, PRIORITIES, useSlaPolicies, type SlaPolicy } from './support-settings.api';

export function SlaPoliciesCard() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const [target, setTarget] = useState<PolicyTarget | null>(null);

  if (policies.isError) return <ErrorState error={policies.error} onRetry={() => void policies.refetch()} />;
  if (policies.isPending) return <LoadingState />;
  const items = policies.data.items;
  const levels: (string | null)[] = [null, ...[...new Set(items.map((p) => p.contractLevel).filter((l): l is string => Boolean(l)))].sort((a, b) => a.localeCompare(b))];

  return (
    <Paper withBorder p="md" radius="md" data-testid="support-sla">
      <Group justify="space-between" mb={4} wrap="nowrap" align="flex-start">
        <Title order={2} size="h5">{t('supportSettings.sla.title')}</Title>
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setTarget({ priority: 'urgent', contractLevel: null, levelFixed: false })} data-testid="sla-add-level">
          {t('supportSettings.sla.addLevel')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">{t('supportSettings.sla.intro')}</Text>
      <Stack gap="lg">
        {levels.map((level) => (
          <LevelTable key={level ?? ''} level={level} items={items} onEdit={(policy) => setTarget({ policy })} onAdd={(priority) => setTarget({ priority, contractLevel: level, levelFixed: true })} />
        ))}
      </Stack>
      <SlaPolicyModal target={target} onClose={() => setTarget(null)} policies={items} />
    </Paper>
  );
}

type LevelProps = { level: string | null; items: SlaPolicy[]; onEdit: (p: SlaPolicy) => void; onAdd: (priority: SlaPolicy['priority']) => void };

function LevelTable({ level, items, onEdit, onAdd }: LevelProps) {
  const { t } = useTranslation();
  const testLevel = level ?? 'default';
  return (
    <div data-testid={`sla-level-${testLevel}`}>
      <Group gap="xs" mb={4}>
        <Text fw={600} size="sm">{level ? t('supportSettings.sla.levelTitle') : t('supportSettings.sla.defaultLevel')}</Text>
        {level && <Badge variant="outline" color="grape" style={{ textTransform: 'none' }}><ContractLevel level={level} /></Badge>}
        {!level && <Text size="xs" c="dimmed">{t('supportSettings.sla.defaultHint')}</Text>}
      </Group>
      <Table.ScrollContainer minWidth={600} type="native">
        <Table verticalSpacing={6} highlightOnHover layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>{t('supportSettings.sla.priority')}</Table.Th>
              <Table.Th w="22%">{t('supportSettings.sla.name')}</Table.Th>
              <Table.Th>{t('supportSettings.sla.firstResponse')}</Table.Th>
              <Table.Th>{t('supportSettings.sla.resolution')}</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {PRIORITIES.map((priority) => {
              const p = items.find((x) => x.priority === priority && (x.contractLevel ?? null) === level);
              const fallback = items.find((x) => x.priority === priority && !x.contractLevel);
              return (
                <Table.Tr key={priority} data-testid={`sla-row-${testLevel}-${priority}`} style={p && !p.active ? { opacity: 0.6 } : undefined}>
                  <Table.Td><Badge color={priorityColor(priority)} variant="light">{t(`support.priority.${priority}`)}</Badge></Table.Td>
                  {p ? (
                    <>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <Text size="sm" truncate="end"><bdi>{p.name}</bdi></Text>
                          {!p.active && <Badge size="xs" color="gray" variant="light">{t('supportSettings.sla.inactive')}</Badge>}
                        </Group>
                      </Table.Td>
                      <Table.Td><Text size="sm" data-testid="sla-first-response">{businessDuration(t, p.firstResponseMinutes)}</Text></Table.Td>
                      <Table.Td><Text size="sm" data-testid="sla-resolution">{businessDuration(t, p.resolutionMinutes)}</Text></Table.Td>
                      <Table.Td ta="end">
                        <Button variant="subtle" size="compact-sm" leftSection={<IconPencil size={14} />} onClick={() => onEdit(p)} data-testid={`sla-edit-${testLevel}-${priority}`}>
                          {t('common.edit')}
                        </Button>
                      </Table.Td>
                    </>
                  ) : (
                    <>
                      <Table.Td colSpan={3}>
                        <Text size="sm" c="dimmed">
                          {level && fallback
                            ? t('supportSettings.sla.usesDefault', { first: businessDuration(t, fallback.firstResponseMinutes), resolution: businessDuration(t, fallback.resolutionMinutes) })
                            : t('supportSettings.sla.noPolicy')}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="end">
                        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => onAdd(priority)} data-testid={`sla-add-${testLevel}-${priority}`}>
                          {t('common.add')}
                        </Button>
                      </Table.Td>
                    </>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
