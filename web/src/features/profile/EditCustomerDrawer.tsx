import { useEffect, useState } from 'react';
import { Button, Drawer, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Customer } from '../../api/types';
import { useActiveCustomFields } from '../../api/reference';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { CustomerFormFields } from '../customers/form/CustomerFormFields';
import { DuplicateWarning } from '../customers/form/DuplicateWarning';
import { customerToForm, formToPayload, normalizeErrorKeys, validateCustomerForm, type CustomerFormState } from '../customers/form/customer-form-state';
import { useDuplicateCheck } from '../customers/form/useDuplicateCheck';

type Props = { customer: Customer; opened: boolean; onClose: () => void; onSaved: () => void };

export function EditCustomerDrawer({ customer, opened, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const customFields = useActiveCustomFields();
  const [state, setState] = useState<CustomerFormState>(() => customerToForm(customer));
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: normalizeErrorKeys });
  const matches = useDuplicateCheck(state, customer.id);

  useEffect(() => {
    if (opened) {
      setState(customerToForm(customer));
      reset();
    }
  }, [opened, customer, reset]);

  async function save() {
    const found = validateCustomerForm(t, state, customFields);
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      await api.patch<Customer>(`/customers/${customer.id}`, formToPayload(state));
      notifications.show({ color: 'teal', message: t('customer.updated') });
      onSaved();
      onClose();
    });
  }

  return (
    <Drawer opened={opened} onClose={onClose} title={t('customer.edit')} position="right" size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="edit-customer-form">
        <Stack>
          <DuplicateWarning matches={matches} onOpen={onClose} />
          <FormErrorAlert error={formError} />
          <CustomerFormFields state={state} onChange={(patch) => setState((s) => ({ ...s, ...patch }))} errors={errors} customFields={customFields} selfId={customer.id} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-customer-edit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
