import { Group, NumberInput, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../api/types';
import { DateField } from '../../../components/DateFields';
import { fieldLabel } from '../custom/custom-field-values';
import type { CustomFilterValue } from './useCustomerQuery';

type Range = { min?: string | number; max?: string | number };
type Props = { field: CustomField; value: CustomFilterValue | undefined; onChange: (v: CustomFilterValue | null) => void };

/** Filter input per custom-field type: equality for text/choices/yes-no, a range for numbers and dates. */
export function CustomFieldFilter({ field, value, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const label = fieldLabel(field, i18n.language);
  const range = (value && typeof value === 'object' ? value : {}) as Range;
  const setRange = (patch: Range) => {
    const next = { ...range, ...patch };
    if (next.min === undefined || next.min === '') delete next.min;
    if (next.max === undefined || next.max === '') delete next.max;
    onChange(next);
  };

  switch (field.type) {
    case 'text':
      return <TextInput label={label} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'select':
    case 'multi_select':
      return (
        <Select
          label={label}
          data={field.options.map((o) => ({ value: o.value, label: i18n.language === 'fa' ? o.labelFa : o.labelEn }))}
          value={(value as string) ?? null}
          onChange={(v) => onChange(v)}
          clearable
        />
      );
    case 'boolean':
      return (
        <Select
          label={label}
          data={[{ value: 'true', label: t('common.yes') }, { value: 'false', label: t('common.no') }]}
          value={value === undefined ? null : String(value)}
          onChange={(v) => onChange(v === null ? null : v === 'true')}
          clearable
        />
      );
    case 'number':
      return (
        <Group grow gap={6} align="flex-end">
          <NumberInput label={label} placeholder={t('filters.min')} value={range.min ?? ''} onChange={(v) => setRange({ min: v === '' ? undefined : Number(v) })} />
          <NumberInput aria-label={`${label} ${t('filters.max')}`} placeholder={t('filters.max')} value={range.max ?? ''} onChange={(v) => setRange({ max: v === '' ? undefined : Number(v) })} />
        </Group>
      );
    case 'date':
      return (
        <Group grow gap={6} align="flex-end">
          <DateField label={label} placeholder={t('filters.from')} value={(range.min as string) ?? null} onChange={(v) => setRange({ min: v ?? undefined })} />
          <DateField label={t('filters.to')} placeholder={t('filters.to')} value={(range.max as string) ?? null} onChange={(v) => setRange({ max: v ?? undefined })} />
        </Group>
      );
  }
}
