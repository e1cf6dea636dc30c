import { MultiSelect, NumberInput, Select, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../../../api/types';
import { DateField } from '../../../components/DateFields';
import { fieldLabel } from './custom-field-values';

type Props = { field: CustomField; value: unknown; onChange: (v: unknown) => void; error?: string };

/** One input per custom field, chosen by its type. */
export function CustomFieldInput({ field, value, onChange, error }: Props) {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  const label = fieldLabel(field, locale);
  const options = field.options.map((o) => ({ value: o.value, label: locale === 'fa' ? o.labelFa : o.labelEn }));
  const common = { label, error, required: field.required, 'data-testid': `custom-${field.key}` };

  switch (field.type) {
    case 'text':
      return <TextInput {...common} value={(value as string) ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={value === undefined || value === null ? '' : Number(value)}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
          min={field.min ?? undefined}
          max={field.max ?? undefined}
          thousandSeparator=","
          // Silently changing 45 to 20 hides a typing mistake; the range error beside the field says it instead.
          clampBehavior="none"
        />
      );
    case 'date':
      return <DateField label={label} error={error} required={field.required} testId={`custom-${field.key}`} value={(value as string) ?? null} onChange={onChange} />;
    case 'select':
      return <Select {...common} data={options} value={(value as string) ?? null} onChange={onChange} clearable searchable />;
    case 'multi_select':
      return <MultiSelect {...common} data={options} value={(value as string[]) ?? []} onChange={onChange} clearable searchable />;
    case 'boolean':
      return <Switch label={label} error={error} checked={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} mt="lg" data-testid={`custom-${field.key}`} />;
  }
}
