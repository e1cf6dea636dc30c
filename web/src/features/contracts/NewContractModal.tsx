/** A new contract for a customer picked by search (or the one whose profile is open), one year from today by default. */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { usePrefs } from '../../lib/prefs';
import { useMe } from '../session/session';
import { checkDraft, ContractFields, draftBody, emptyDraft, type ContractDraft } from './ContractFields';
import { contractErrorMessage, contractFieldErrors, defaultPeriod, useRefreshContracts, type Contract } from './contracts.api';

type Props = { opened: boolean; onClose: () => void; customer?: PickedCustomer; onCreated?: (c: Contract) => void };

export function NewContractModal({ opened, onClose, customer: fixedCustomer, onCreated }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const me = useMe();
  const { prefs } = usePrefs();
  const refresh = useRefreshContracts();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [d, setD] = useState<ContractDraft>(() => emptyDraft(defaultPeriod(prefs.timeZone), me.user.id));
  const [error, setError] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: (fields, err) => contractFieldErrors(t, fields, err) });

  useEffect(() => {
    if (!opened) return;
    reset();
    setError(null);
    setCustomer(fixedCustomer ?? null);
    setD(emptyDraft(defaultPeriod(prefs.timeZone), me.user.id));
  }, [opened, fixedCustomer?.id, reset, prefs.timeZone, me.user.id]);

  const set = (patch: Partial<ContractDraft>) => {
    setD((x) => ({ ...x, ...patch }));
    setErrors((e) => {
      const n = { ...e };
      for (const k of Object.keys(patch)) delete n[k === 'products' ? 'productIds' : k];
      return n;
    });
  };

  async function save() {
    const found = checkDraft(t, d, money);
    if (!customer) found.customerId = t('fieldErrors.required');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length || !customer) return;
    await run(async () => {
      try {
        const created = await api.post<Contract>('/contracts', { customerId: customer.id, kind: d.kind, ...draftBody(d, money) });
        notifications.show({ color: 'teal', message: t('contracts.created', { n: fmt.digits(String(created.number)) }) });
        await refresh(customer.id);
        onClose();
        onCreated?.(created);
      } catch (err) {
        setError(contractErrorMessage(t, err));
        throw err;
      }
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('contracts.new')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="new-contract-form">
        <Stack gap="sm">
          <FormErrorAlert error={error ?? formError} testId="new-contract-error" />
          <CustomerPicker label={t('contracts.field.customer')} placeholder={t('contracts.customerPlaceholder')} testId="contract-customer" value={customer} onChange={setCustomer} error={errors.customerId} disabled={Boolean(fixedCustomer)} />
          <ContractFields draft={d} set={set} errors={errors} money={money} withKind />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-new-contract">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
