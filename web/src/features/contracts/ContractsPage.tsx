/**
 * «قراردادها»: service, maintenance, subscription and warranty contracts — by status, ending within N days, or one
 * customer; soonest end first. A contract opens in a drawer (?contract=id); ?within=30 and ?status=… link to a view.
 */
import { useEffect, useState } from 'react';
import { Anchor, Button, Group, MultiSelect, Pagination, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CONTRACT_STATUSES } from '../../../../common/support.schemas';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { EndingBadge, StatusBadge } from './ContractBadges';
import { ContractDrawer } from './ContractDrawer';
import { ContractLevel } from './ContractLevel';
import { NewContractModal } from './NewContractModal';
import { endingTone, useContractList, type ContractStatus } from './contracts.api';

const PAGE_SIZE = 25;
const WITHIN_CHOICES = [7, 30, 60, 90, 180, 365];

function statusesFrom(param: string | null): ContractStatus[] {
  if (param === null) return ['active'];
  return param.split(',').filter((s): s is ContractStatus => (CONTRACT_STATUSES as readonly string[]).includes(s));
}

export function ContractsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const status = statusesFrom(params.get('status'));
  const withinParam = Number(params.get('within'));
  const within = params.get('within') !== null && Number.isInteger(withinParam) && withinParam >= 0 && withinParam <= 3650 ? withinParam : undefined;
  const openId = params.get('contract');
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  useEffect(() => setPage(1), [params.get('status'), within, customer?.id]);

  const setParam = (key: string, value: string | null) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    if (value === null) next.delete(key);
    else next.set(key, value);
    return next;
  });

  const list = useContractList({ status, expiringWithinDays: within, customerId: customer?.id }, page, PAGE_SIZE);
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const filtered = within !== undefined || Boolean(customer) || status.length !== 1 || status[0] !== 'active';
  const clear = () => {
    setCustomer(null);
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      next.delete('status');
      next.delete('within');
      return next;
    });
  };
  const withinChoices = [...new Set([...WITHIN_CHOICES, ...(within !== undefined ? [within] : [])])].sort((a, b) => a - b);

  return (
    <Stack gap="md" data-testid="contracts-page">
      <Group justify="space-between">
        <Title order={1} size="h3">{t('contracts.title')}</Title>
        {can('contracts', 'create') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-contract">{t('contracts.new')}</Button>
        )}
      </Group>
      <Paper withBorder p="sm" radius="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
          <MultiSelect
            label={t('contracts.field.status')}
            placeholder={status.length ? undefined : t('contracts.anyStatus')}
            data={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contracts.status.${s}`) }))}
            value={status}
            onChange={(v) => setParam('status', v.join(','))}
            data-testid="contract-filter-status"
          />
          <Select
            label={t('contracts.endingWithin')}
            placeholder={t('contracts.anyTime')}
            clearable
            data={withinChoices.map((n) => ({ value: String(n), label: t('contracts.withinDays', { n: fmt.number(n) }) }))}
            value={within === undefined ? null : String(within)}
            onChange={(v) => setParam('within', v)}
            data-testid="contract-filter-within"
          />
          <CustomerPicker required={false} label={t('contracts.field.customer')} placeholder={t('contracts.anyCustomer')} value={customer} onChange={setCustomer} testId="contract-filter-customer" />
        </SimpleGrid>
        {within !== undefined && <Text size="xs" c="dimmed" mt={6}>{t('contracts.withinHint')}</Text>}
      </Paper>

      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && (
        filtered
          ? <EmptyState title={t('contracts.noMatch')} hint={t('contracts.noMatchHint')} action={<Button variant="light" onClick={clear}>{t('filters.clear')}</Button>} />
          : <EmptyState title={t('contracts.empty')} hint={t(can('contracts', 'create') ? 'contracts.emptyHint' : 'contracts.emptyHintRead')} />
      )}
      {list.data && list.data.items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={1040}>
            <Table highlightOnHover verticalSpacing="xs" className="sticky-thead" data-testid="contracts-table" style={{ opacity: list.isFetching ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contracts.field.number')}</Table.Th>
                  <Table.Th>{t('contracts.field.title')}</Table.Th>
                  <Table.Th>{t('contracts.field.customer')}</Table.Th>
                  <Table.Th>{t('contracts.field.kind')}</Table.Th>
                  <Table.Th>{t('contracts.field.level')}</Table.Th>
                  <Table.Th>{t('contracts.field.period')}</Table.Th>
                  <Table.Th style={{ textAlign: 'end' }}>{t('contracts.field.value')}</Table.Th>
                  <Table.Th>{t('contracts.field.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((c) => {
                  const tone = endingTone(c);
                  return (
                    <Table.Tr key={c.id} className="clickable-row" onClick={() => setParam('contract', c.id)} data-testid="contract-row" data-id={c.id}>
                      <Table.Td style={tone ? { borderInlineStart: `4px solid var(--mantine-color-${tone}-6)` } : undefined}>
                        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{fmt.digits(String(c.number))}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component="button" type="button" size="sm" fw={600} lineClamp={1} dir="auto" ta="start" onClick={(e) => { e.stopPropagation(); setParam('contract', c.id); }} data-testid="contract-link">{c.title}</Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm" onClick={(e) => e.stopPropagation()}>{c.customerName ?? '—'}</Anchor>
                      </Table.Td>
                      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{t(`contracts.kind.${c.kind}`)}</Text></Table.Td>
                      <Table.Td><Text size="sm" c={c.level ? undefined : 'dimmed'}>{c.level ? <ContractLevel level={c.level} /> : '—'}</Text></Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="contract-period">{t('contracts.period', { start: fmt.date(c.startDate), end: fmt.date(c.endDate) })}</Text>
                      </Table.Td>
                      <Table.Td style={{ textAlign: 'end' }}><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{c.value === '0' ? '—' : money.format(c.value)}</Text></Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <StatusBadge contract={c} />
                          <EndingBadge contract={c} />
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="contracts-total">{t('contracts.total', { n: fmt.number(list.data.total) })}</Text>
            {totalPages > 1 && <Pagination total={totalPages} value={page} onChange={setPage} size="sm" getItemProps={(p) => ({ children: fmt.number(p) })} />}
          </Group>
        </>
      )}
      <ContractDrawer contractId={openId} onClose={() => setParam('contract', null)} onOpen={(id) => setParam('contract', id)} />
      <NewContractModal opened={creating} onClose={() => setCreating(false)} onCreated={(c) => setParam('contract', c.id)} />
    </Stack>
  );
}
