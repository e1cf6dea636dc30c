/** A searchable product picker that asks the server as you type (active products; code or name, ي/ك tolerant). */
import { useState } from 'react';
import { Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useMoney } from '../../lib/money';
import { productName, type Product, type ProductPage } from './products.api';

type Props = {
  value: { id: string; label: string } | null;
  onPick: (p: Product | null) => void;
  label?: string;
  placeholder?: string;
  error?: string;
  testId?: string;
  exclude?: string[];
};

export function ProductPicker({ value, onPick, label, placeholder, error, testId, exclude }: Props) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 200);
  const [open, setOpen] = useState(false);
  const typing = q !== (value?.label ?? '');
  const found = useQuery({
    queryKey: ['products', 'pick', typing ? q : ''],
    queryFn: ({ signal }) => api.get<ProductPage>('/products', { q: typing ? q || undefined : undefined, active: 'true', pageSize: 10 }, { signal }),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const items = (found.data?.items ?? []).filter((p) => !exclude?.includes(p.id) || p.id === value?.id);
  const byId = new Map(items.map((p) => [p.id, p]));
  const data = [
    ...(value && !byId.has(value.id) ? [{ value: value.id, label: value.label }] : []),
    ...items.map((p) => ({ value: p.id, label: `${p.code} — ${productName(p, i18n.language)}` })),
  ];
  return (
    <Select
      label={label}
      aria-label={label ?? placeholder}
      placeholder={placeholder ?? t('sales.products.pick')}
      searchable
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpen(true)}
      onDropdownClose={() => setOpen(false)}
      filter={({ options }) => options}
      onChange={(id) => onPick(id ? byId.get(id) ?? null : null)}
      nothingFoundMessage={found.isSuccess ? t('common.nothingFound') : undefined}
      rightSection={found.isFetching ? <Loader size="xs" /> : undefined}
      renderOption={({ option }) => {
        const p = byId.get(option.value);
        return (
          <div>
            <Text size="sm">{option.label}</Text>
            {p && <Text size="xs" c="dimmed">{money.format(p.price)}{p.category ? ` · ${p.category}` : ''}</Text>}
          </div>
        );
      }}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
