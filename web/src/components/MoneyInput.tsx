/** An amount typed in the organization's unit (Rial or Toman), Persian or Latin digits; tidied on blur when valid. */
import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMoney, type AmountParse } from '../lib/money';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (v: string) => void; testId?: string; allowNegative?: boolean };

export function MoneyInput({ value, onChange, testId, allowNegative, ...rest }: Props) {
  const money = useMoney();
  return (
    <TextInput
      inputMode={allowNegative ? 'text' : 'numeric'}
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const p = money.parse(value, { allowNegative });
        if (p.ok) onChange(money.toInput(p.rials));
      }}
      rightSection={<span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>{money.unitLabel}</span>}
      rightSectionWidth={52}
      rightSectionPointerEvents="none"
      data-testid={testId}
      {...rest}
    />
  );
}

/** Why a typed amount was refused, in the user's language. */
export function amountError(t: TFunction, p: AmountParse): string | undefined {
  return p.ok ? undefined : t(`sales.money.${p.reason}`);
}
