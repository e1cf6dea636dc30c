/** The document's lines: product (fills name, unit, price, VAT), description, quantity, unit price, discount, VAT. */
import { ActionIcon, Button, Checkbox, Grid, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../../../lib/errors';
import { useFormat } from '../../../lib/format';
import type { DocumentLine } from '../documents.types';
import { useMoney } from '../../../lib/money';
import { api } from '../../../api/client';
import { blankLine, lineFromProduct, type LineState } from './editor-state';
import { MoneyInput } from '../../../components/MoneyInput';
import { ProductPicker } from './Pickers';

type Props = {
  lines: LineState[];
  onChange: (lines: LineState[]) => void;
  errors: FieldErrors;
  /** The saved lines with the server's totals, shown while the form still matches them. */
  saved: DocumentLine[] | null;
  locale: 'fa' | 'en';
  /** The customer's standing (club tier) price list: a picked product shows that list's price. */
  priceListId?: string | null;
};

export function LinesEditor({ lines, onChange, errors, saved, locale, priceListId }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const set = (i: number, patch: Partial<LineState>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const remove = (i: number) => onChange(lines.filter((_, j) => j !== i));
  const listPrice = async (productId: string) => {
    if (!priceListId) return undefined;
    return api.get<{ price: string }>(`/products/${productId}/price`, { priceListId }).then((r) => r.price, () => undefined);
  };

  return (
    <Stack gap="sm" data-testid="doc-lines">
      {lines.map((l, i) => {
        const e = (f: string) => errors[`lines.${i}.${f}`];
        const total = saved?.[i]?.total;
        return (
          <Paper key={l.key} withBorder p="sm" radius="md" data-testid="doc-line">
            <Group justify="space-between" mb={4} wrap="nowrap">
              <Text size="sm" fw={600}>{t('documents.lineN', { n: fmt.number(i + 1) })}</Text>
              <Group gap="xs" wrap="nowrap">
                {total !== undefined && <Text size="sm" c="dimmed" data-testid="doc-line-total">{t('documents.lineTotal')}: <Text span fw={600} c="dark">{money.format(total)}</Text></Text>}
                <ActionIcon variant="subtle" color="red" onClick={() => remove(i)} disabled={lines.length === 1} aria-label={t('documents.removeLine', { n: fmt.number(i + 1) })} data-testid="doc-line-remove">
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            </Group>
            <Grid gutter="xs">
              <Grid.Col span={{ base: 12, md: 5 }}>
                <ProductPicker
                  label={t('documents.product')}
                  value={l.productId ? { id: l.productId, label: l.productLabel ?? l.description } : null}
                  onPick={(p, label) => {
                    if (!p || !label) return set(i, { productId: null, productLabel: null, autoPrice: false });
                    void listPrice(p.id).then((price) => set(i, lineFromProduct(l, p, label, money, locale, price)));
                  }}
                  error={e('productId')}
                  testId="doc-line-product"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <TextInput dir="auto" label={t('documents.description')} value={l.description} onChange={(ev) => set(i, { description: ev.currentTarget.value })} error={e('description')} required={!l.productId} data-testid="doc-line-description" />
              </Grid.Col>
              <Grid.Col span={{ base: 4, md: 2 }} order={1}>
                <TextInput label={t('documents.quantity')} inputMode="decimal" value={l.quantity} onChange={(ev) => set(i, { quantity: ev.currentTarget.value })} error={e('quantity')} data-testid="doc-line-quantity" />
              </Grid.Col>
              <Grid.Col span={{ base: 4, md: 2 }} order={2}>
                <TextInput dir="auto" label={t('documents.unit')} value={l.unit} onChange={(ev) => set(i, { unit: ev.currentTarget.value })} error={e('unit')} data-testid="doc-line-unit" />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 3 }} order={{ base: 4, md: 3 }}>
                <MoneyInput label={t('documents.unitPrice')} value={l.unitPrice} onChange={(v) => set(i, { unitPrice: v, autoPrice: false })} error={e('unitPrice')} required={!l.productId} testId="doc-line-price" />
              </Grid.Col>
              <Grid.Col span={{ base: 6, md: 3 }} order={{ base: 5, md: 4 }}>
                <MoneyInput label={t('documents.lineDiscount')} value={l.discount} onChange={(v) => set(i, { discount: v })} error={e('discount')} testId="doc-line-discount" />
              </Grid.Col>
              <Grid.Col span={{ base: 4, md: 2 }} order={{ base: 3, md: 5 }}>
                <Checkbox mt={30} label={t('documents.vatCol')} title={t('documents.taxable')} checked={l.taxable} onChange={(ev) => set(i, { taxable: ev.currentTarget.checked })} data-testid="doc-line-taxable" />
              </Grid.Col>
            </Grid>
          </Paper>
        );
      })}
      {errors.lines && <Text c="red" size="sm">{errors.lines}</Text>}
      <Group>
        <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => onChange([...lines, blankLine(fmt.locale)])} disabled={lines.length >= 300} data-testid="doc-add-line">
          {t('documents.addLine')}
        </Button>
      </Group>
    </Stack>
  );
}
