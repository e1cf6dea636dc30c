/** The catalog table: a checkbox per row (for bulk edit), sortable code/name/price, edit on click. */
import { ActionIcon, Badge, Checkbox, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowsSort, IconChevronDown, IconChevronUp, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Ltr } from '../../components/Ltr';
import { useMoney } from '../../lib/money';
import { useFormat } from '../../lib/format';
import { productName, type Product } from './products.api';

type Props = {
  items: Product[];
  selected: Set<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  sort: string;
  onSort: (s: string) => void;
  onEdit?: (p: Product) => void;
  busy: boolean;
};

function SortTh({ field, label, sort, onSort }: { field: string; label: string; sort: string; onSort: (s: string) => void }) {
  const active = sort === field || sort === `-${field}`;
  const desc = sort === `-${field}`;
  const Icon = !active ? IconArrowsSort : desc ? IconChevronDown : IconChevronUp;
  return (
    <Table.Th aria-sort={active ? (desc ? 'descending' : 'ascending') : 'none'}>
      <UnstyledButton onClick={() => onSort(active && !desc ? `-${field}` : field)} data-testid={`product-sort-${field}`}>
        <Group gap={4} wrap="nowrap"><Text fw={600} size="sm">{label}</Text><Icon size={14} aria-hidden /></Group>
      </UnstyledButton>
    </Table.Th>
  );
}

export function ProductsTable({ items, selected, onToggle, onToggleAll, sort, onSort, onEdit, busy }: Props) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const fmt = useFormat();
  const all = items.length > 0 && items.every((p) => selected.has(p.id));
  const some = items.some((p) => selected.has(p.id));
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table highlightOnHover verticalSpacing="xs" className="sticky-thead" data-testid="products-table" aria-busy={busy} style={{ opacity: busy ? 0.6 : 1 }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox aria-label={t('sales.products.selectPage')} checked={all} indeterminate={some && !all} onChange={() => onToggleAll(!all)} data-testid="select-all-products" />
            </Table.Th>
            <SortTh field="code" label={t('sales.products.code')} sort={sort} onSort={onSort} />
            <SortTh field="name" label={t('sales.products.name')} sort={sort} onSort={onSort} />
            <Table.Th>{t('sales.products.category')}</Table.Th>
            <Table.Th>{t('sales.products.kind')}</Table.Th>
            <Table.Th>{t('sales.products.unit')}</Table.Th>
            <SortTh field="price" label={t('sales.products.price')} sort={sort} onSort={onSort} />
            <Table.Th>{t('sales.products.taxClass')}</Table.Th>
            <Table.Th>{t('sales.products.status')}</Table.Th>
            <Table.Th aria-label={t('common.actions')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.id} data-testid="product-row" data-product-code={p.code} bg={selected.has(p.id) ? 'var(--mantine-color-cyan-light)' : undefined}>
              <Table.Td>
                <Checkbox aria-label={t('sales.products.select', { name: p.nameFa })} checked={selected.has(p.id)} onChange={() => onToggle(p.id)} data-testid="select-product" />
              </Table.Td>
              <Table.Td><Text size="sm" ff="monospace"><Ltr>{fmt.code(p.code)}</Ltr></Text></Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>{productName(p, i18n.language)}</Text>
                {i18n.language === 'fa' && p.nameEn && <Text size="xs" c="dimmed" dir="ltr" ta="start">{p.nameEn}</Text>}
                {i18n.language === 'en' && p.nameEn && <Text size="xs" c="dimmed" dir="rtl" ta="start">{p.nameFa}</Text>}
              </Table.Td>
              <Table.Td><Text size="sm">{p.category ?? '—'}</Text></Table.Td>
              <Table.Td><Badge size="sm" variant="light" color={p.kind === 'service' ? 'grape' : 'blue'}>{t(`sales.productKind.${p.kind}`)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{p.unit}</Text></Table.Td>
              <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="product-price-cell">{money.format(p.price)}</Text></Table.Td>
              <Table.Td><Text size="sm">{t(`sales.taxClass.${p.taxClass}`)}</Text></Table.Td>
              <Table.Td>
                <Badge size="sm" variant={p.active ? 'light' : 'outline'} color={p.active ? 'teal' : 'gray'}>{t(p.active ? 'sales.products.activeYes' : 'sales.products.activeNo')}</Badge>
              </Table.Td>
              <Table.Td>
                {onEdit && (
                  <ActionIcon variant="subtle" onClick={() => onEdit(p)} aria-label={t('sales.products.edit', { name: p.nameFa })} data-testid="edit-product">
                    <IconPencil size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
