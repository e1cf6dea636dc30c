/**
 * The fields a contract is made and changed with — kind, title, level, period, value, owner, products covered, renewal
 * terms, reminders, notes — and the draft they edit, its checks and its request body. Shared by the new-contract modal
 * and the drawer's edit form.
 */
import { Autocomplete, Group, Pill, Select, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CONTRACT_KINDS } from '../../../../common/support.schemas';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { useActiveUserOptions } from '../../api/reference';
import { DateField } from '../../components/DateFields';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import type { FieldErrors } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import type { Money } from '../../lib/money';
import { ProductPicker } from '../products/ProductPicker';
import { useSession } from '../session/session';
import { useSlaLevels, type Contract, type ContractKind } from './contracts.api';

export type ContractDraft = {
  kind: ContractKind; title: string; level: string; startDate: string | null; endDate: string | null; value: string;
  ownerId: string | null; reminderDays: number | ''; remindCustomer: boolean; products: { id: string; name: string }[];
  renewalTerms: string; notes: string;
};

export const emptyDraft = (period: { startDate: string; endDate: string }, ownerId: string | null): ContractDraft => ({
  kind: 'service', title: '', level: '', ...period, value: '', ownerId, reminderDays: 30, remindCustomer: false, products: [], renewalTerms: '', notes: '',
});

export const draftOf = (c: Contract, money: Money): ContractDraft => ({
  kind: c.kind, title: c.title, level: c.level ?? '', startDate: c.startDate, endDate: c.endDate, value: c.value === '0' ? '' : money.toInput(c.value),
  ownerId: c.ownerId, reminderDays: c.reminderDays, remindCustomer: c.remindCustomer, products: c.products, renewalTerms: c.renewalTerms ?? '', notes: c.notes ?? '',
});

/** Checks what the server would refuse, in the user's words, before asking it. */
export function checkDraft(t: TFunction, d: ContractDraft, money: Money): FieldErrors {
  const found: FieldErrors = {};
  if (!d.title.trim()) found.title = t('fieldErrors.required');
  if (!d.startDate) found.startDate = t('fieldErrors.required');
  if (!d.endDate) found.endDate = t('fieldErrors.required');
  if (d.startDate && d.endDate && d.endDate < d.startDate) found.endDate = t('contracts.errors.endBeforeStart');
  if (d.value.trim()) {
    const bad = amountError(t, money.parse(d.value));
    if (bad) found.value = bad;
  }
  if (d.reminderDays === '' || d.reminderDays < 0 || d.reminderDays > 365) found.reminderDays = t('contracts.errors.reminderRange');
  return found;
}

/** The body of POST (with the kind) or PATCH (without): empty texts become null, the amount whole Rials. */
export function draftBody(d: ContractDraft, money: Money) {
  const parsed = d.value.trim() ? money.parse(d.value) : null;
  return {
    title: d.title.trim(), level: d.level.trim() || null, startDate: d.startDate!, endDate: d.endDate!,
    value: parsed?.ok ? parsed.rials : '0', ownerId: d.ownerId, reminderDays: Number(d.reminderDays), remindCustomer: d.remindCustomer,
    productIds: d.products.map((p) => p.id), renewalTerms: d.renewalTerms.trim() || null, notes: d.notes.trim() || null,
  };
}

type Props = { draft: ContractDraft; set: (patch: Partial<ContractDraft>) => void; errors: FieldErrors; money: Money; withKind: boolean };

export function ContractFields({ draft: d, set, errors, money, withKind }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const users = useActiveUserOptions();
  const levels = useSlaLevels(can('tickets', 'read'));
  return (
    <Stack gap="sm">
      <TextInput label={t('contracts.field.title')} placeholder={t('contracts.titlePlaceholder')} required value={d.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} maxLength={200} data-testid="contract-title" data-autofocus />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        {withKind && (
          <Select label={t('contracts.field.kind')} data={CONTRACT_KINDS.map((k) => ({ value: k, label: t(`contracts.kind.${k}`) }))} value={d.kind} onChange={(v) => v && set({ kind: v as ContractKind })} allowDeselect={false} data-testid="contract-kind" />
        )}
        <Autocomplete
          label={t('contracts.field.level')}
          description={t('contracts.levelHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          placeholder={t('contracts.levelPlaceholder')}
          data={levels.data ?? []}
          value={d.level}
          onChange={(v) => set({ level: v })}
          error={errors.level}
          maxLength={50}
          data-testid="contract-level"
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <DateField label={t('contracts.field.startDate')} required value={d.startDate} onChange={(v) => set({ startDate: v })} error={errors.startDate} testId="contract-start" />
        <DateField label={t('contracts.field.endDate')} required value={d.endDate} onChange={(v) => set({ endDate: v })} error={errors.endDate} testId="contract-end" />
        <MoneyInput label={t('contracts.field.value')} value={d.value} onChange={(v) => set({ value: v })} error={errors.value} placeholder={t('contracts.valuePlaceholder')} testId="contract-value" />
        <Select label={t('contracts.field.owner')} searchable clearable data={users} value={d.ownerId} onChange={(v) => set({ ownerId: v })} error={errors.ownerId} placeholder={t('contracts.ownerPlaceholder')} data-testid="contract-owner" />
      </SimpleGrid>
      <div>
        <ProductPicker
          label={t('contracts.field.products')}
          placeholder={t('contracts.productsPlaceholder')}
          value={null}
          exclude={d.products.map((p) => p.id)}
          onPick={(p) => p && set({ products: [...d.products, { id: p.id, name: p.nameFa }] })}
          error={errors.productIds}
          testId="contract-product"
        />
        {d.products.length > 0 && (
          <Group gap={6} mt={6} data-testid="contract-products">
            {d.products.map((p) => (
              <Pill key={p.id} withRemoveButton onRemove={() => set({ products: d.products.filter((x) => x.id !== p.id) })} removeButtonProps={{ 'aria-label': t('contracts.removeProduct', { name: p.name }) }}>
                {p.name}
              </Pill>
            ))}
          </Group>
        )}
      </div>
      <Textarea label={t('contracts.field.renewalTerms')} placeholder={t('contracts.renewalTermsPlaceholder')} autosize minRows={2} maxRows={6} value={d.renewalTerms} onChange={(e) => set({ renewalTerms: e.currentTarget.value })} error={errors.renewalTerms} maxLength={2000} data-testid="contract-renewal-terms" />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('contracts.field.reminderDays')}
          description={t('contracts.reminderHint')}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          inputMode="numeric"
          autoComplete="off"
          // In the user's digits (۳۰ in Persian); only digits are kept.
          value={d.reminderDays === '' ? '' : fmt.digits(String(d.reminderDays))}
          onChange={(e) => {
            const digits = toLatinDigits(e.currentTarget.value).replace(/\D/g, '').slice(0, 3);
            set({ reminderDays: digits === '' ? '' : Number(digits) });
          }}
          error={errors.reminderDays}
          rightSection={<Text size="xs" c="dimmed">{t('contracts.days')}</Text>}
          rightSectionWidth={40}
          rightSectionPointerEvents="none"
          data-testid="contract-reminder-days"
        />
        <Switch
          mt={{ base: 0, sm: 32 }}
          label={t('contracts.field.remindCustomer')}
          description={t('contracts.remindCustomerHint')}
          checked={d.remindCustomer}
          onChange={(e) => set({ remindCustomer: e.currentTarget.checked })}
          data-testid="contract-remind-customer"
        />
      </SimpleGrid>
      <Textarea label={t('contracts.field.notes')} autosize minRows={2} maxRows={6} value={d.notes} onChange={(e) => set({ notes: e.currentTarget.value })} error={errors.notes} maxLength={5000} data-testid="contract-notes" />
    </Stack>
  );
}

