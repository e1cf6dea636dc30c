/** A deal's products: product, quantity and unit price per line; line totals and the sum in bigint (half-up, as the server). */
import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { toLatinDigits } from '../../../../common/fa-normalize';
import type { FieldErrors } from '../../lib/errors';
import { MoneyInput } from '../../components/MoneyInput';
import { useMoney, type Money } from '../../lib/money';
import { ProductPicker } from '../products/ProductPicker';

export type ItemRow = { key: string; productId: string | null; label: string; quantity: string; unitPrice: string; listPrice: string | null };

/** "۱٫۵" → 1500n (thousandths), or null when it is not a quantity the server accepts. */
export function quantityThousandths(text: string): bigint | null {
  const s = toLatinDigits(text).trim().replace(/[\u066B/]/g, '.');
  const m = /^(\d{1,11})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return null;
  const v = BigInt(m[1]) * 1000n + BigInt((m[2] ?? '').padEnd(3, '0') || '0');
  return v > 0n ? v : null;
}

export const normalizeQuantity = (text: string) => toLatinDigits(text).trim().replace(/[\u066B/]/g, '.');

/** The line's Rials (quantity × price rounded half-up), or null while it is incomplete. */
export function lineRials(row: ItemRow, money: Money): bigint | null {
  const q = quantityThousandths(row.quantity);
  const p = row.unitPrice.trim() ? money.parse(row.unitPrice) : row.listPrice ? { ok: true as const, rials: row.listPrice } : null;
  if (q === null || !p || !p.ok) return null;
  return (q * BigInt(p.rials) + 500n) / 1000n;
}

let seq = 0;
export const newRow = (): ItemRow => ({ key: `new-${++seq}`, productId: null, label: '', quantity: '1', unitPrice: '', listPrice: null });

type Props = { rows: ItemRow[]; onChange: (rows: ItemRow[]) => void; errors: FieldErrors; disabled?: boolean };

export function DealItemsEditor({ rows, onChange, errors, disabled }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const update = (i: number, patch: Partial<ItemRow>) => onChange(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)));
  const total = rows.reduce<bigint | null>((acc, r) => {
    const v = lineRials(r, money);
    return acc === null || v === null ? null : acc + v;
  }, 0n);
  return (
    <Stack gap="xs" data-testid="deal-items">
      {rows.map((r, i) => {
        const line = lineRials(r, money);
        return (
          <Paper key={r.key} withBorder p="xs" radius="md" data-testid="deal-item">
            <Group gap="xs" align="flex-start" wrap="wrap">
              <div style={{ flex: '3 1 220px' }}>
                <ProductPicker
                  value={r.productId ? { id: r.productId, label: r.label } : null}
                  onPick={(p) => update(i, p ? { productId: p.id, label: `${p.code} — ${p.nameFa}`, listPrice: p.price, unitPrice: money.toInput(p.price) } : { productId: null, label: '', listPrice: null })}
                  placeholder={t('sales.items.product')}
                  error={errors[`items.${i}.productId`]}
                  testId="deal-item-product"
                  exclude={rows.filter((x) => x.productId && x !== r).map((x) => x.productId!)}
                />
              </div>
              <TextInput
                style={{ flex: '1 1 80px' }}
                aria-label={t('sales.items.quantity')}
                placeholder={t('sales.items.quantity')}
                inputMode="decimal"
                value={r.quantity}
                onChange={(e) => update(i, { quantity: e.currentTarget.value })}
                error={errors[`items.${i}.quantity`] ?? (r.quantity.trim() && quantityThousandths(r.quantity) === null ? t('sales.items.quantityInvalid') : undefined)}
                disabled={disabled}
                data-testid="deal-item-quantity"
              />
              <MoneyInput
                style={{ flex: '2 1 150px' }}
                aria-label={t('sales.items.unitPrice')}
                placeholder={r.listPrice ? money.toInput(r.listPrice) : t('sales.items.unitPrice')}
                value={r.unitPrice}
                onChange={(v) => update(i, { unitPrice: v })}
                error={errors[`items.${i}.unitPrice`]}
                disabled={disabled}
                testId="deal-item-price"
              />
              <Text size="sm" fw={600} style={{ flex: '1 1 120px', alignSelf: 'center', whiteSpace: 'nowrap' }} data-testid="deal-item-total">
                {line === null ? '—' : money.format(line)}
              </Text>
              <ActionIcon variant="subtle" color="red" onClick={() => onChange(rows.filter((_, n) => n !== i))} aria-label={t('sales.items.remove')} disabled={disabled} style={{ alignSelf: 'center' }}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          </Paper>
        );
      })}
      <Group justify="space-between">
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={() => onChange([...rows, newRow()])} disabled={disabled} data-testid="add-deal-item">
          {t('sales.items.add')}
        </Button>
        {rows.length > 0 && (
          <Text size="sm" fw={700} data-testid="deal-items-total">{t('sales.items.total', { amount: total === null ? '—' : money.format(total) })}</Text>
        )}
      </Group>
      {errors.items && <Text size="xs" c="red">{errors.items}</Text>}
    </Stack>
  );
}
