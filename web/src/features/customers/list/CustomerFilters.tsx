import { Button, Group, MultiSelect, Paper, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { LIFECYCLE_STAGES, SOURCES } from '../../../../../common/customer.schemas';
import { useActiveCustomFields, useUsers } from '../../../api/reference';
import { DateField } from '../../../components/DateFields';
import { CustomFieldFilter } from './CustomFieldFilter';
import type { useCustomerQuery } from './useCustomerQuery';

type Props = ReturnType<typeof useCustomerQuery>;

const csv = (v?: string) => (v ? v.split(',') : []);

export function CustomerFilters({ filters, update, custom, setCustom, replaceAll }: Props) {
  const { t } = useTranslation();
  const users = useUsers();
  const customFields = useActiveCustomFields();
  const segments = useQuery({ queryKey: ['segments', 'options'], staleTime: 0, queryFn: ({ signal }) => api.get<{ items: { id: string; name: string }[] }>('/segments', undefined, { signal }) });
  const [city, setCity] = useState(filters.city ?? '');
  const applyCity = useDebouncedCallback((v: string) => update({ city: v.trim() || undefined }), 400);

  const ownerOptions = [
    { value: 'me', label: t('filters.ownerMe') },
    { value: 'none', label: t('filters.ownerNone') },
    ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];

  return (
    <Paper withBorder p="sm" radius="md" data-testid="customer-filters">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
        <Select
          label={t('filters.kind')}
          data={[{ value: 'person', label: t('kind.person') }, { value: 'organization', label: t('kind.organization') }]}
          value={filters.kind ?? null}
          onChange={(v) => update({ kind: v ?? undefined })}
          clearable
        />
        <MultiSelect
          label={t('filters.stage')}
          data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
          value={csv(filters.stage)}
          onChange={(v) => update({ stage: v.join(',') || undefined })}
          clearable
          data-testid="filter-stage"
        />
        <MultiSelect
          label={t('filters.source')}
          data={SOURCES.map((s) => ({ value: s, label: t(`source.${s}`) }))}
          value={csv(filters.source)}
          onChange={(v) => update({ source: v.join(',') || undefined })}
          clearable
        />
        <TagsInput label={t('filters.tag')} value={csv(filters.tag)} onChange={(v) => update({ tag: v.join(',') || undefined })} clearable />
        <Select
          label={t('filters.owner')}
          data={ownerOptions}
          value={filters.ownerId ?? null}
          onChange={(v) => update({ ownerId: v ?? undefined })}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
        />
        <Select
          label={t('filters.segment')}
          data={(segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={filters.segmentId ?? null}
          onChange={(v) => update({ segmentId: v ?? undefined })}
          clearable
          searchable
          nothingFoundMessage={t('common.nothingFound')}
          data-testid="filter-segment"
        />
        <TextInput label={t('filters.city')} value={city} onChange={(e) => { setCity(e.currentTarget.value); applyCity(e.currentTarget.value); }} />
        <Select
          label={t('filters.smsConsent')}
          data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
          value={filters.smsConsent ?? null}
          onChange={(v) => update({ smsConsent: v ?? undefined })}
          clearable
        />
        <DateField label={t('filters.createdFrom')} value={filters.createdFrom ?? null} onChange={(v) => update({ createdFrom: v ?? undefined })} />
        <DateField label={t('filters.createdTo')} value={filters.createdTo ?? null} onChange={(v) => update({ createdTo: v ?? undefined })} />
        {customFields.map((f) => (
          <CustomFieldFilter key={f.id} field={f} value={custom[f.key]} onChange={(v) => setCustom(f.key, v)} />
        ))}
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button
          variant="subtle"
          size="xs"
          onClick={() => {
            setCity('');
            replaceAll({ q: filters.q, sort: filters.sort });
          }}
          data-testid="clear-filters"
        >
          {t('filters.clear')}
        </Button>
      </Group>
    </Paper>
  );
}
