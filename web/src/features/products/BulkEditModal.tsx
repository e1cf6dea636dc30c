/**
 * Bulk edit of the chosen products: set category / active / tax class, and change prices by a percent or a fixed
 * amount (in the organization's unit). The server applies it all or nothing and says how many products changed.
 */
import { useEffect, useState } from 'react';
import { Autocomplete, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TAX_CLASSES } from '../../../../common/sales.schemas';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import type { FieldErrors } from '../../lib/errors';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { useCategories, type BulkResult } from './products.api';

type Props = { ids: string[]; opened: boolean; onClose: () => void; onDone: (r: BulkResult) => void };
type PriceMode = 'none' | 'percent' | 'amount';

export function BulkEditModal({ ids, opened, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [useCategory, setUseCategory] = useState(false);
  const [category, setCategory] = useState('');
  const [active, setActive] = useState<string | null>(null);
  const [taxClass, setTaxClass] = useState<string | null>(null);
  const [mode, setMode] = useState<PriceMode>('none');
  const [percent, setPercent] = useState('');
  const [amount, setAmount] = useState('');
  // The server names the products whose new price would leave the range; the sentence beside the field says why.
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: (f) => (f.price ? { ...f, price: t('sales.bulk.outOfRange') } : f) });

  useEffect(() => {
    if (!opened) return;
    reset();
    setUseCategory(false); setCategory(''); setActive(null); setTaxClass(null); setMode('none'); setPercent(''); setAmount('');
  }, [opened, reset]);

  async function apply() {
    const found: FieldErrors = {};
    const set: Record<string, unknown> = {};
    if (useCategory) set.category = category.trim() || null;
    if (active) set.active = active === 'true';
    if (taxClass) set.taxClass = taxClass;
    let price: { percent: string } | { amount: string } | undefined;
    if (mode === 'percent') {
      const p = toLatinDigits(percent).trim().replace('٫', '.').replace('\u2212', '-').replace(/%$/, '');
      if (!/^[+-]?\d{1,6}(\.\d{1,4})?$/.test(p)) found.percent = t('sales.bulk.percentInvalid');
      else price = { percent: p };
    } else if (mode === 'amount') {
      const a = money.parse(amount, { allowNegative: true });
      if (!a.ok) found.amount = amount.trim() ? amountError(t, a)! : t('fieldErrors.required');
      else price = { amount: a.rials };
    }
    if (!Object.keys(found).length && !Object.keys(set).length && !price) found.form = t('sales.bulk.nothing');
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      const result = await api.post<BulkResult>('/products/bulk', { ids, ...(Object.keys(set).length ? { set } : {}), ...(price ? { price } : {}) });
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      onDone(result);
      onClose();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.bulk.title', { count: ids.length, n: fmt.number(ids.length) })} size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(apply)} noValidate data-testid="bulk-form">
        <Stack>
          <FormErrorAlert error={formError ?? errors.form ?? null} />
          <Text size="sm" c="dimmed">{t('sales.bulk.hint')}</Text>
          <Group align="flex-end" wrap="nowrap">
            <Checkbox label={t('sales.bulk.setCategory')} checked={useCategory} onChange={(e) => setUseCategory(e.currentTarget.checked)} data-testid="bulk-use-category" />
            <Autocomplete
              style={{ flex: 1 }}
              aria-label={t('sales.products.category')}
              placeholder={t('sales.bulk.noCategory')}
              disabled={!useCategory}
              data={(categories.data?.items ?? []).map((c) => c.name)}
              value={category}
              onChange={setCategory}
              error={errors['set.category']}
              data-testid="bulk-category"
            />
          </Group>
          <Select
            label={t('sales.products.active')}
            placeholder={t('sales.bulk.unchanged')}
            clearable
            data={[{ value: 'true', label: t('sales.products.activeYes') }, { value: 'false', label: t('sales.products.activeNo') }]}
            value={active}
            onChange={setActive}
            data-testid="bulk-active"
          />
          <Select
            label={t('sales.products.taxClass')}
            placeholder={t('sales.bulk.unchanged')}
            clearable
            data={TAX_CLASSES.map((k) => ({ value: k, label: t(`sales.taxClass.${k}`) }))}
            value={taxClass}
            onChange={setTaxClass}
            data-testid="bulk-tax"
          />
          <Stack gap={6}>
            <Text size="sm" fw={500}>{t('sales.bulk.price')}</Text>
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as PriceMode)}
              data={[
                { value: 'none', label: t('sales.bulk.priceNone') },
                { value: 'percent', label: t('sales.bulk.pricePercent') },
                { value: 'amount', label: t('sales.bulk.priceAmount') },
              ]}
              data-testid="bulk-price-mode"
            />
            {mode === 'percent' && (
              <TextInput
                aria-label={t('sales.bulk.pricePercent')}
                description={t('sales.bulk.percentHint')}
                value={percent}
                onChange={(e) => setPercent(e.currentTarget.value)}
                rightSection="%"
                error={errors.percent ?? errors['price.percent'] ?? errors.price}
                data-testid="bulk-percent"
              />
            )}
            {mode === 'amount' && (
              <MoneyInput
                aria-label={t('sales.bulk.priceAmount')}
                description={t('sales.bulk.amountHint')}
                allowNegative
                value={amount}
                onChange={setAmount}
                error={errors.amount ?? errors['price.amount'] ?? errors.price}
                testId="bulk-amount"
              />
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="bulk-apply">{t('sales.bulk.apply')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
