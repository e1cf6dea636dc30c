/** Pick a customer by typing a name, phone or email (the one-box search, `GET /api/customers/search`). */
import { useState } from 'react';
import { Loader, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Items, SearchHit } from '../api/types';
import { Ltr } from './Ltr';
import { useFormat } from '../lib/format';

export type PickedCustomer = { id: string; label: string };

/** `required` (default true) marks the field; a list filter or an optional link passes false. */
type Props = { value: PickedCustomer | null; onChange: (v: PickedCustomer | null) => void; error?: string; disabled?: boolean; required?: boolean; label: string; placeholder: string; testId: string };

export function CustomerPicker({ value, onChange, error, disabled, required = true, label, placeholder, testId }: Props) {
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
      label={label}
      placeholder={placeholder}
      required={required}
      searchable
      clearable
      disabled={disabled}
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id, option) => onChange(id ? { id, label: option.label } : null)}
      nothingFoundMessage={typing && hits.isSuccess ? t('common.nothingFound') : undefined}
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
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
