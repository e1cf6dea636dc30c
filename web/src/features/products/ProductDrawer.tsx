/** Create or edit one product in a side drawer; the server's field errors land beside the fields they name. */
import { useEffect, useState } from 'react';
import { Autocomplete, Button, Drawer, Group, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PRODUCT_KINDS, TAX_CLASSES } from '../../../../common/sales.schemas';
import { api, ApiError } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { WholeNumberInput } from '../support-settings/inputs';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { useCategories, type Product } from './products.api';

type Form = {
  code: string; nameFa: string; nameEn: string; kind: string; category: string; unit: string;
  price: string; taxClass: string; active: boolean; description: string;
  /** Bought up and bought again: offered again to its owner every `repurchaseDays` days. */
  consumable: boolean; repurchaseDays: string;
};

const empty: Form = { code: '', nameFa: '', nameEn: '', kind: 'product', category: '', unit: '', price: '', taxClass: 'standard', active: true, description: '', consumable: false, repurchaseDays: '' };

type Props = { product: Product | null; opened: boolean; onClose: () => void };

export function ProductDrawer({ product, opened, onClose }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [form, setForm] = useState<Form>(empty);
  // A taken code is a 409 whose details name the field: it belongs beside the code, like a 400's.
  const mapErrors = (fields: FieldErrors, err: unknown) =>
    err instanceof ApiError && err.code === 'CONFLICT' && err.details && 'code' in err.details ? { ...fields, code: t('sales.products.codeTaken') } : fields;
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors });

  useEffect(() => {
    if (!opened) return;
    reset();
    setForm(product ? {
      code: product.code, nameFa: product.nameFa, nameEn: product.nameEn ?? '', kind: product.kind, category: product.category ?? '',
      unit: product.unit, price: money.toInput(product.price), taxClass: product.taxClass, active: product.active, description: product.description ?? '',
      consumable: product.consumable, repurchaseDays: product.repurchaseDays == null ? '' : String(product.repurchaseDays),
    } : { ...empty, unit: t('sales.products.defaultUnit') });
  }, [opened, product, reset, money, t]);

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  async function save() {
    const found: FieldErrors = {};
    if (!form.code.trim()) found.code = t('fieldErrors.required');
    if (!form.nameFa.trim()) found.nameFa = t('fieldErrors.required');
    if (!form.unit.trim()) found.unit = t('fieldErrors.required');
    const price = money.parse(form.price);
    if (!price.ok) found.price = form.price.trim() ? amountError(t, price)! : t('fieldErrors.required');
    const days = Number(form.repurchaseDays);
    if (form.consumable && !(Number.isInteger(days) && days >= 1 && days <= 3650)) found.repurchaseDays = form.repurchaseDays ? t('sales.products.repurchaseRange') : t('fieldErrors.required');
    setErrors(found);
    if (Object.keys(found).length || !price.ok) return;
    const body = {
      code: form.code.trim(), nameFa: form.nameFa.trim(), nameEn: form.nameEn.trim() || null, kind: form.kind, category: form.category.trim() || null,
      unit: form.unit.trim(), price: price.rials, taxClass: form.taxClass, active: form.active, description: form.description.trim() || null,
      consumable: form.consumable, repurchaseDays: form.consumable ? days : null,
    };
    await run(async () => {
      if (product) await api.patch<Product>(`/products/${product.id}`, body);
      else await api.post<Product>('/products', body);
      notifications.show({ color: 'teal', message: t(product ? 'sales.products.updated' : 'sales.products.created') });
      await queryClient.invalidateQueries({ queryKey: ['products'] });
      onClose();
    });
  }

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size="lg" title={product ? t('sales.products.editTitle') : t('sales.products.new')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="product-form">
        <Stack>
          <FormErrorAlert error={formError} testId="product-form-error" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('sales.products.code')} value={form.code} onChange={(e) => set({ code: e.currentTarget.value })} error={errors.code} required dir="ltr" data-testid="product-code" />
            <Select label={t('sales.products.kind')} data={PRODUCT_KINDS.map((k) => ({ value: k, label: t(`sales.productKind.${k}`) }))} value={form.kind} onChange={(v) => set({ kind: v ?? 'product' })} allowDeselect={false} error={errors.kind} data-testid="product-kind" />
          </SimpleGrid>
          <TextInput label={t('sales.products.nameFa')} value={form.nameFa} onChange={(e) => set({ nameFa: e.currentTarget.value })} error={errors.nameFa} required data-testid="product-nameFa" />
          <TextInput label={t('sales.products.nameEn')} value={form.nameEn} onChange={(e) => set({ nameEn: e.currentTarget.value })} error={errors.nameEn} dir="ltr" data-testid="product-nameEn" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Autocomplete label={t('sales.products.category')} data={(categories.data?.items ?? []).map((c) => c.name)} value={form.category} onChange={(v) => set({ category: v })} error={errors.category} data-testid="product-category" />
            <TextInput label={t('sales.products.unit')} value={form.unit} onChange={(e) => set({ unit: e.currentTarget.value })} error={errors.unit} required data-testid="product-unit" />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MoneyInput label={t('sales.products.price')} value={form.price} onChange={(v) => set({ price: v })} error={errors.price} required testId="product-price" />
            <Select label={t('sales.products.taxClass')} data={TAX_CLASSES.map((k) => ({ value: k, label: t(`sales.taxClass.${k}`) }))} value={form.taxClass} onChange={(v) => set({ taxClass: v ?? 'standard' })} allowDeselect={false} error={errors.taxClass} data-testid="product-tax" />
          </SimpleGrid>
          <Textarea label={t('sales.products.description')} value={form.description} onChange={(e) => set({ description: e.currentTarget.value })} error={errors.description} autosize minRows={2} maxRows={6} data-testid="product-description" />
          <Switch label={t('sales.products.consumable')} description={t('sales.products.consumableHint')} checked={form.consumable} onChange={(e) => set({ consumable: e.currentTarget.checked })} data-testid="product-consumable" />
          {form.consumable && (
            <WholeNumberInput label={t('sales.products.repurchaseDays')} description={t('sales.products.repurchaseDaysHint')} value={form.repurchaseDays} onChange={(v) => set({ repurchaseDays: v })} error={errors.repurchaseDays} required maw={220} testId="product-repurchase-days" />
          )}
          <Switch label={t('sales.products.active')} checked={form.active} onChange={(e) => set({ active: e.currentTarget.checked })} data-testid="product-active" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-product">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
