import { TextInput, type TextInputProps } from '@mantine/core';
import { useMoney } from '../money';

/** An amount typed in the organization's unit (Rial or Toman), Persian or Latin digits; tidied on blur when valid. */
export function MoneyInput({ value, onChange, testId, ...rest }: Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (v: string) => void; testId?: string }) {
  const money = useMoney();
  return (
    <TextInput
      inputMode="numeric"
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const p = money.parse(value);
        if (p.ok) onChange(money.toInput(p.rials));
      }}
      rightSection={<span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>{money.unitLabel}</span>}
      rightSectionWidth={48}
      rightSectionPointerEvents="none"
      data-testid={testId}
      {...rest}
    />
  );
}
