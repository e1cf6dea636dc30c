import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import type { Customer, DuplicateMatch } from '../../../api/types';
import { useActiveCustomFields } from '../../../api/reference';
import { apiFieldErrors, errorMessage, type FieldErrors } from '../../../lib/errors';
import { useMe } from '../../session/session';
import { CustomerFormFields } from './CustomerFormFields';
import { DuplicateWarning } from './DuplicateWarning';
import { emptyCustomerForm, formToPayload, normalizeErrorKeys, validateCustomerForm, type CustomerFormState } from './customer-form-state';
import { useDuplicateCheck } from './useDuplicateCheck';

export function NewCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fullScreen = useMediaQuery('(max-width: 48em)');
  const customFields = useActiveCustomFields();
  const [state, setState] = useState<CustomerFormState>(() => emptyCustomerForm(me.user.id));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [blockedBy, setBlockedBy] = useState<DuplicateMatch[]>([]);
  const [busy, setBusy] = useState(false);
  const liveMatches = useDuplicateCheck(state);

  const close = () => {
    setState(emptyCustomerForm(me.user.id));
    setErrors({});
    setFormError(null);
    setBlockedBy([]);
    onClose();
  };

  async function save(force: boolean) {
    const found = validateCustomerForm(t, state, customFields);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = await api.post<Customer>('/customers', { ...formToPayload(state), force });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifications.show({ color: 'teal', message: t('customer.created', { name: created.displayName }) });
      close();
      navigate(`/customers/${created.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE') {
        setBlockedBy((err.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? []);
      } else {
        setErrors(normalizeErrorKeys(apiFieldErrors(t, err)));
        setFormError(errorMessage(t, err));
      }
    } finally {
      setBusy(false);
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save(false);
  };

  return (
    <Modal opened={opened} onClose={close} title={t('customer.new')} size="xl" fullScreen={fullScreen} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} noValidate data-testid="new-customer-form">
        <Stack>
          {blockedBy.length > 0
            ? <DuplicateWarning matches={blockedBy} onCreateAnyway={() => void save(true)} onOpen={close} busy={busy} />
            : <DuplicateWarning matches={liveMatches} onOpen={close} />}
          {formError && <Alert color="red" variant="light" data-testid="form-error">{formError}</Alert>}
          <CustomerFormFields
            state={state}
            onChange={(patch) => {
              setState((s) => ({ ...s, ...patch }));
              setBlockedBy([]);
            }}
            errors={errors}
            customFields={customFields}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-customer">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
