import { Anchor, Badge, Group, Text } from '@mantine/core';
import { IconBuilding, IconUser } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CustomerPage } from '../../../api/types';
import { useFormat } from '../../../lib/format';
import { PhoneLink } from '../../telephony/PhoneLink';
import { useSession } from '../../session/session';
import { RecordTable, type ListColumn, type RowSelection } from '../../lists';
import { DEFAULT_SORT } from './useCustomerQuery';
import { InlineStage } from './InlineStage';
import { InlineOwner, InlineTags } from './InlineOwnerTags';

type Item = CustomerPage['items'][number];
type Props = { items: Item[]; sort: string; onSort: (sort: string) => void; busy: boolean; columns: string[]; selection: RowSelection };

export const CUSTOMER_COLUMNS = ['name', 'phone', 'stage', 'owner', 'lastContact', 'nextTask', 'city', 'tags', 'created', 'updated'] as const;
export const DEFAULT_CUSTOMER_COLUMNS = ['name', 'phone', 'stage', 'owner', 'lastContact', 'nextTask', 'tags'];
export const customerColumnLabel = (t: (k: string) => string, key: string) =>
  key === 'lastContact' ? t('lists.lastContact') : key === 'nextTask' ? t('lists.nextTask') : t(`customers.col.${key}`);

const nowrap = { whiteSpace: 'nowrap' } as const;

export function CustomersTable({ items, sort, onSort, busy, columns, selection }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { can } = useSession();
  const editable = can('customers', 'update');
  const phoneOf = (c: Item) => c.phones.find((p) => p.primary) ?? c.phones[0];
  const name = (c: Item) => (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
      {c.kind === 'organization' ? <IconBuilding size={16} aria-label={t('kind.organization')} /> : <IconUser size={16} aria-label={t('kind.person')} />}
      <Anchor component={Link} to={`/customers/${c.id}`} onClick={(e) => e.stopPropagation()} fw={600} size="sm" lineClamp={1} dir="auto" data-testid="customer-name">{c.displayName}</Anchor>
    </Group>
  );
  const lastContact = (c: Item) => <Text size="sm" style={nowrap} c={c.lastActivityAt ? undefined : 'dimmed'}>{c.lastActivityAt ? fmt.date(c.lastActivityAt) : t('lists.never')}</Text>;
  const all: Record<string, ListColumn<Item>> = {
    name: { key: 'name', label: customerColumnLabel(t, 'name'), sort: 'name', render: name },
    phone: { key: 'phone', label: customerColumnLabel(t, 'phone'), render: (c) => { const p = phoneOf(c); return p && <PhoneLink number={p.number} customerId={c.id} size="sm" />; } },
    stage: { key: 'stage', label: customerColumnLabel(t, 'stage'), render: (c) => <InlineStage id={c.id} stage={c.lifecycleStage} editable={editable} /> },
    owner: { key: 'owner', label: customerColumnLabel(t, 'owner'), render: (c) => <InlineOwner id={c.id} owner={c.owner} editable={editable} /> },
    lastContact: { key: 'lastContact', label: customerColumnLabel(t, 'lastContact'), sort: 'lastActivity', render: lastContact },
    nextTask: {
      key: 'nextTask', label: customerColumnLabel(t, 'nextTask'), render: (c) => c.nextTask ? (
        <div>
          <Text component="div" size="sm" lineClamp={1} dir="auto" data-testid="next-task">{c.nextTask.isPromise && <Badge size="xs" variant="light" color="grape" me={4}>{t('lists.promise')}</Badge>}{c.nextTask.title}</Text>
          {c.nextTask.dueAt && <Text size="xs" c="dimmed" style={nowrap}>{fmt.dateTime(c.nextTask.dueAt)}</Text>}
        </div>
      ) : <Text size="sm" c="dimmed">—</Text>,
    },
    city: { key: 'city', label: customerColumnLabel(t, 'city'), render: (c) => <Text size="sm">{c.city ?? '—'}</Text> },
    tags: { key: 'tags', label: customerColumnLabel(t, 'tags'), render: (c) => <InlineTags id={c.id} tags={c.tags} editable={editable} /> },
    created: { key: 'created', label: customerColumnLabel(t, 'created'), sort: 'created', render: (c) => <Text size="sm" style={nowrap}>{fmt.date(c.createdAt)}</Text> },
    updated: { key: 'updated', label: customerColumnLabel(t, 'updated'), sort: 'updated', render: (c) => <Text size="sm" style={nowrap}>{fmt.date(c.updatedAt)}</Text> },
  };
  const card = (c: Item) => {
    const p = phoneOf(c);
    return (
      <>
        {name(c)}
        {p && <div onClick={(e) => e.stopPropagation()}><PhoneLink number={p.number} customerId={c.id} size="sm" /></div>}
        <Group gap="xs" wrap="wrap">
          <Badge variant="light" size="sm" style={{ overflow: 'visible' }}>{t(`stage.${c.lifecycleStage}`)}</Badge>
          <Text size="xs" c="dimmed">{t('lists.lastContact')}: {c.lastActivityAt ? fmt.date(c.lastActivityAt) : t('lists.never')}</Text>
        </Group>
      </>
    );
  };
  return (
    <RecordTable
      rows={items} columns={columns.map((k) => all[k]).filter(Boolean)} sort={sort || DEFAULT_SORT} onSort={onSort} selection={selection}
      onOpen={(c) => navigate(`/customers/${c.id}`)} card={card} rowLabel={(c) => c.displayName} testId="customers-table" rowTestId="customer-row" busy={busy}
    />
  );
}
