import { Anchor, Badge, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconBuilding, IconChevronDown, IconChevronUp, IconUser } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../api/types';
import { useFormat } from '../../../lib/format';
import { PhoneLink } from '../../telephony/PhoneLink';
import { DEFAULT_SORT } from './useCustomerQuery';

type Props = { items: Customer[]; sort: string; onSort: (sort: string) => void; busy: boolean };

function SortHeader({ field, label, sort, onSort }: { field: string; label: string; sort: string; onSort: (s: string) => void }) {
  const { t } = useTranslation();
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const Icon = !active ? IconArrowsSort : descending ? IconChevronDown : IconChevronUp;
  return (
    <Table.Th aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(active && !descending ? `-${field}` : field)} data-testid={`sort-${field}`} aria-label={t('customers.sortBy', { column: label })}>
        <Group gap={4} wrap="nowrap">
          <Text fw={600} size="sm">{label}</Text>
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function CustomersTable({ items, sort, onSort, busy }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const s = sort || DEFAULT_SORT;
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table highlightOnHover verticalSpacing="xs" className="sticky-thead" data-testid="customers-table" aria-busy={busy} style={{ opacity: busy ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <SortHeader field="name" label={t('customers.col.name')} sort={s} onSort={onSort} />
            <Table.Th>{t('customers.col.phone')}</Table.Th>
            <Table.Th>{t('customers.col.stage')}</Table.Th>
            <Table.Th>{t('customers.col.owner')}</Table.Th>
            <Table.Th>{t('customers.col.city')}</Table.Th>
            <Table.Th>{t('customers.col.tags')}</Table.Th>
            <SortHeader field="created" label={t('customers.col.created')} sort={s} onSort={onSort} />
            <SortHeader field="updated" label={t('customers.col.updated')} sort={s} onSort={onSort} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => {
            const phone = c.phones.find((p) => p.primary) ?? c.phones[0];
            return (
              <Table.Tr key={c.id} className="clickable-row" onClick={() => navigate(`/customers/${c.id}`)} data-testid="customer-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {c.kind === 'organization' ? <IconBuilding size={16} aria-label={t('kind.organization')} /> : <IconUser size={16} aria-label={t('kind.person')} />}
                    <Anchor component={Link} to={`/customers/${c.id}`} onClick={(e) => e.stopPropagation()} fw={600} size="sm">{c.displayName}</Anchor>
                  </Group>
                </Table.Td>
                <Table.Td>{phone && <PhoneLink number={phone.number} customerId={c.id} size="sm" />}</Table.Td>
                <Table.Td><Badge variant="light" size="sm">{t(`stage.${c.lifecycleStage}`)}</Badge></Table.Td>
                <Table.Td><Text size="sm">{c.owner?.name ?? '—'}</Text></Table.Td>
                <Table.Td><Text size="sm">{c.city ?? '—'}</Text></Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {c.tags.slice(0, 3).map((tag) => <Badge key={tag} variant="outline" size="xs" color="gray">{tag}</Badge>)}
                    {c.tags.length > 3 && <Text size="xs" c="dimmed">+{fmt.number(c.tags.length - 3)}</Text>}
                  </Group>
                </Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.date(c.createdAt)}</Text></Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{fmt.date(c.updatedAt)}</Text></Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
