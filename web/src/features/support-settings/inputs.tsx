/** Small inputs the support settings share: a time of day and a whole number, typed in Persian or Latin digits. */
import { TextInput, type TextInputProps } from '@mantine/core';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { useFormat } from '../../lib/format';
import { normalizeTime } from './support-settings.api';

type Base = Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (v: string) => void; testId?: string };

/** "HH:MM", always left to right; shown in the language's digits, kept in Latin ones, tidied on blur ("8" → 08:00). */
export function TimeBox({ value, onChange, testId, ...rest }: Base) {
  const fmt = useFormat();
  return (
    <TextInput
      dir="ltr"
      inputMode="numeric"
      autoComplete="off"
      placeholder={fmt.digits('08:00')}
      maxLength={5}
      w={76}
      value={fmt.digits(value)}
      onChange={(e) => onChange(toLatinDigits(e.currentTarget.value))}
      onBlur={() => onChange(normalizeTime(value))}
      styles={{ input: { textAlign: 'center', fontVariantNumeric: 'tabular-nums' } }}
      data-testid={testId}
      {...rest}
    />
  );
}

/** A whole number (digits only), shown in the language's digits; "" while empty. */
export function WholeNumberInput({ value, onChange, testId, ...rest }: Base) {
  const fmt = useFormat();
  return (
    <TextInput
      inputMode="numeric"
      autoComplete="off"
      value={fmt.digits(value)}
      onChange={(e) => onChange(toLatinDigits(e.currentTarget.value).replace(/[^0-9]/g, '').slice(0, 6))}
      styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
      data-testid={testId}
      {...rest}
    />
  );
}
