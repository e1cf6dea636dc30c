/** The product picker: asks the server for active products as you type. */
import { useState } from 'react';
import { Group, Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Items } from '../../../api/types';
import { useFormat } from '../../../lib/format';
import { Ltr } from '../../../components/Ltr';
import type { Product } from '../documents.types';
import { useMoney } from '../../../lib/money';

type Picked = { id: string; label: string };

export function ProductPicker({ value, onPick, error, label, testId }: {
  value: Picked | null;
  onPick: (p: Product | null, label: string | null) => void;
  error?: string;
  label: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const fmt = useFormat();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [open, setOpen] = useState(false);
  // Opened on a chosen product, the box holds its label: list the catalog then, not just that one product.
  const term = value && q === value.label ? '' : q;
  const products = useQuery({
    queryKey: ['products', 'picker', term],
    queryFn: ({ signal }) => api.get<Items<Product>>('/products', { q: term || undefined, active: true, pageSize: 20 }, { signal }),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const items = open ? products.data?.items ?? [] : [];
  const byId = new Map(items.map((p) => [p.id, p]));
  const nameOf = (p: Product) => (i18n.language === 'en' && p.nameEn ? p.nameEn : p.nameFa);
  const data = [
    ...(value && !byId.has(value.id) ? [{ value: value.id, label: value.label }] : []),
    ...items.map((p) => ({ value: p.id, label: `${p.code} — ${nameOf(p)}` })),
  ];
  return (
    <Select
      label={label}
      placeholder={t('documents.productPlaceholder')}
      searchable
      clearable
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpen(true)}
      onDropdownClose={() => setOpen(false)}
      filter={({ options }) => options}
      onChange={(id, option) => onPick(id ? byId.get(id) ?? null : null, id ? option.label : null)}
      nothingFoundMessage={products.isSuccess && !products.isFetching ? t('documents.noProducts') : undefined}
      rightSection={products.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return (
          <Group justify="space-between" wrap="nowrap" w="100%" gap="xs">
            <Text size="sm" lineClamp={1}>{p ? <><Ltr>{fmt.code(p.code)}</Ltr> {nameOf(p)}</> : option.label}</Text>
            {p && <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{money.format(p.price)}</Text>}
          </Group>
        );
      }}
      error={error}
      comboboxProps={{ width: 'target', position: 'bottom-start' }}
      data-testid={testId}
    />
  );
}
