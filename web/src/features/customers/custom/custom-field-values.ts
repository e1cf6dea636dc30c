/** Reading, checking and showing custom-field values by their type. */
import type { TFunction } from 'i18next';
import type { CustomField } from '../../../api/types';
import type { Formatter } from '../../../lib/format';

export const fieldLabel = (f: CustomField, locale: string) => (locale === 'fa' ? f.labelFa : f.labelEn);

export function optionLabel(f: CustomField, value: string, locale: string): string {
  const o = f.options.find((x) => x.value === value);
  return o ? (locale === 'fa' ? o.labelFa : o.labelEn) : value;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The same rules the server applies: required, number range, text length, known options. */
export function validateCustomValues(t: TFunction, fields: CustomField[], values: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.key];
    const path = `custom.${f.key}`;
    if (isEmpty(v)) {
      if (f.required && f.type !== 'boolean') errors[path] = t('fieldErrors.required');
      continue;
    }
    if (f.type === 'number') {
      const n = Number(v);
      if (!Number.isFinite(n)) errors[path] = t('fieldErrors.number');
      else if (f.min != null && n < f.min) errors[path] = t('fieldErrors.min', { min: f.min });
      else if (f.max != null && n > f.max) errors[path] = t('fieldErrors.max', { max: f.max });
    } else if (f.type === 'text') {
      const len = String(v).length;
      if (f.min != null && len < f.min) errors[path] = t('fieldErrors.minLength', { count: f.min });
      else if (f.max != null && len > f.max) errors[path] = t('fieldErrors.maxLength', { count: f.max });
    } else if (f.type === 'select' && !f.options.some((o) => o.value === v)) {
      errors[path] = t('fieldErrors.invalid');
    }
  }
  return errors;
}

/** Drops empty values so an untouched optional field is not stored as "". */
export function cleanCustomValues(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => !isEmpty(v)));
}

export function formatCustomValue(t: TFunction, f: CustomField, value: unknown, fmt: Formatter): string {
  if (isEmpty(value)) return '—';
  switch (f.type) {
    case 'number': return fmt.number(Number(value));
    case 'date': return fmt.date(String(value));
    case 'boolean': return value ? t('common.yes') : t('common.no');
    case 'select': return optionLabel(f, String(value), fmt.locale);
    case 'multi_select': return (value as string[]).map((v) => optionLabel(f, v, fmt.locale)).join('، ');
    case 'text': return String(value);
  }
}
