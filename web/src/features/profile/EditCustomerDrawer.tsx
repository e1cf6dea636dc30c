import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Group, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Customer } from '../../api/types';
import { useActiveCustomFields } from '../../api/reference';
import { apiFieldErrors, errorMessage, type FieldErrors } from '../../lib/errors';
import { CustomerFormFields } from '../customers/form/CustomerFormFields';
import { DuplicateWarning } from '../customers/form/DuplicateWarning';
import { customerToForm, formToPayload, normalizeErrorKeys, validateCustomerForm, type CustomerFormState } from '../customers/form/customer-form-state';
import { useDuplicateCheck } from '../customers/form/useDuplicateCheck';

type Props = { customer: Customer; opened: boolean; onClose: () => void; onSaved: () => void };

export function EditCustomerDrawer({ customer, opened, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const customFields = useActiveCustomFields();
  const [state, setState] = useState<CustomerFormState>(() => customerToForm(customer));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const matches = useDuplicateCheck(state, customer.id);

  useEffect(() => {
    if (opened) {
      setState(customerToForm(customer));
      setErrors({});
      setFormError(null);
    }
  }, [opened, customer]);

  async function save() {
    const found = validateCustomerForm(t, state, customFields);
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFormError(null);
    try {
      await api.patch<Customer>(`/customers/${customer.id}`, formToPayload(state));
      notifications.show({ color: 'teal', message: t('customer.updated') });
      onSaved();
      onClose();
    } catch (err) {
      setErrors(normalizeErrorKeys(apiFieldErrors(t, err)));
      setFormError(errorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer opened={opened} onClose={onClose} title={t('customer.edit')} position="right" size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate data-testid="edit-customer-form">
        <Stack>
          <DuplicateWarning matches={matches} onOpen={onClose} />
          {formError && <Alert color="red" variant="light">{formError}</Alert>}
          <CustomerFormFields state={state} onChange={(patch) => setState((s) => ({ ...s, ...patch }))} errors={errors} customFields={customFields} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-customer-edit">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
