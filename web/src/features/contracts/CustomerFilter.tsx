/** The list's customer filter: type a name or phone, pick one (the one-box search); optional, unlike the form's picker. */
import { useState } from 'react';
import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, SearchHit } from '../../api/types';
import type { PickedCustomer } from '../../components/CustomerPicker';

type Props = { value: PickedCustomer | null; onChange: (v: PickedCustomer | null) => void; label: string; placeholder: string; testId: string };

export function CustomerFilter({ value, onChange, label, placeholder, testId }: Props) {
  const { t } = useTranslation();
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
  const data = [
    ...(value && !items.some((h) => h.id === value.id) ? [{ value: value.id, label: value.label }] : []),
    ...items.map((h) => ({ value: h.id, label: h.displayName })),
  ];
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      data={data}
      value={value?.id ?? null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      onChange={(id, option) => onChange(id ? { id, label: option.label } : null)}
      nothingFoundMessage={typing && hits.isSuccess ? t('common.nothingFound') : undefined}
      rightSection={hits.isFetching ? <Loader size="xs" /> : undefined}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
