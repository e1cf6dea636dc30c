/** Searchable pickers that ask the server as you type: customers (quick search) and active products. */
import { useState } from 'react';
import { Group, Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { Items, SearchHit } from '../../../api/types';
import { useFormat } from '../../../lib/format';
import { Ltr } from '../../../components/Ltr';
import type { Product } from '../documents.types';
import { useMoney } from '../money';

type Picked = { id: string; label: string };

export function CustomerPicker({ value, onChange, error, disabled }: { value: Picked | null; onChange: (v: Picked | null) => void; error?: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const typing = q.length > 0 && q !== value?.label;
  const hits = useQuery({
    queryKey: ['search', q],
    queryFn: ({ signal }) => api.get<Items<SearchHit>>('/customers/search', { q, limit: 10 }, { signal }),
    enabled: typing,
    placeholderData: keepPreviousData,
  });
  const items = typing ? hits.data?.items ?? [] : [];
  const byId = new Map(items.map((h) => [h.id, h]));
  const data = [
    ...(value && !byId.has(value.id) ? [{ value: value.id, label: value.label }] : []),
    ...items.map((h) => ({ value: h.id, label: h.displayName })),
  ];
  return (
    <Select
      label={t('documents.customer')}
      placeholder={t('documents.customerPlaceholder')}
      required
      searchable
      clearable
      disabled={disabled}
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id, option) => onChange(id ? { id, label: option.label } : null)}
      nothingFoundMessage={typing && hits.isSuccess ? t('search.noResults') : undefined}
      rightSection={hits.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => {
        const h = byId.get(option.value);
        return (
          <div>
            <Text size="sm">{option.label}</Text>
            {h && (h.phone || h.city) && (
              <Text size="xs" c="dimmed">{h.phone && <Ltr>{fmt.phone(h.phone)}</Ltr>}{h.phone && h.city && ' · '}{h.city}</Text>
            )}
          </div>
        );
      }}
      error={error}
      data-testid="doc-customer"
    />
  );
}

export function ProductPicker({ value, onPick, error, label, testId }: {
  value: Picked | null;
  onPick: (p: Product | null, label: string | null) => void;
  error?: string;
  label: string;
  testId?: string;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
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
            <Text size="sm" lineClamp={1}>{p ? <><Ltr>{p.code}</Ltr> {nameOf(p)}</> : option.label}</Text>
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
