import { useState } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api/client';
import type { Customer, DuplicateMatch } from '../../../api/types';
import { useActiveCustomFields } from '../../../api/reference';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../../components/useFormSubmit';
import { useMe } from '../../session/session';
import { CustomerFormFields } from './CustomerFormFields';
import { DuplicateWarning } from './DuplicateWarning';
import { emptyCustomerForm, formToPayload, normalizeErrorKeys, validateCustomerForm, type CustomerFormState } from './customer-form-state';
import { useDuplicateCheck } from './useDuplicateCheck';

type Props = {
  opened: boolean;
  onClose: () => void;
  /** Fields to start from (e.g. the caller's number and source "phone" when a call pop-up adds a lead). */
  initial?: Partial<CustomerFormState>;
  /** Runs after the customer is saved, before the modal closes and the profile opens. */
  onCreated?: (customer: Customer) => Promise<void> | void;
};

export function NewCustomerModal({ opened, onClose, initial, onCreated }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fullScreen = useMediaQuery('(max-width: 48em)');
  const customFields = useActiveCustomFields();
  const fresh = () => ({ ...emptyCustomerForm(me.user.id), ...initial });
  const [state, setState] = useState<CustomerFormState>(fresh);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: normalizeErrorKeys });
  const [blockedBy, setBlockedBy] = useState<DuplicateMatch[]>([]);
  const liveMatches = useDuplicateCheck(state);

  const close = () => {
    setState(fresh());
    reset();
    setBlockedBy([]);
    onClose();
  };

  // An erased person's contact: created only when the user confirms they consented again.
  const askConsentAgain = (force: boolean) => modals.openConfirmModal({
    title: t('dataRights.consentAgainTitle'),
    children: <Text size="sm">{t('dataRights.consentAgainBody')}</Text>,
    labels: { confirm: t('dataRights.consentAgainConfirm'), cancel: t('common.cancel') },
    confirmProps: { 'data-testid': 'confirm-consent-again' },
    onConfirm: () => void save(force, true),
  });

  async function save(force: boolean, consentAgain = false) {
    const found = validateCustomerForm(t, state, customFields);
    if (Object.keys(found).length) {
      reset();
      setErrors(found);
      return;
    }
    await run(async () => {
      let created: Customer;
      try {
        created = await api.post<Customer>('/customers', { ...formToPayload(state), force, ...(consentAgain ? { consentAgain } : {}) });
      } catch (err) {
        if (err instanceof ApiError && err.code === 'ERASED_CONTACT' && !consentAgain) {
          askConsentAgain(force);
          return;
        }
        // Likely duplicates: the warning offers "create anyway" instead of an error.
        if (!(err instanceof ApiError && err.code === 'DUPLICATE')) throw err;
        setBlockedBy((err.details as { matches?: DuplicateMatch[] } | undefined)?.matches ?? []);
        return;
      }
      await onCreated?.(created);
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      notifications.show({ color: 'teal', message: t('customer.created', { name: created.displayName }) });
      close();
      navigate(`/customers/${created.id}`);
    });
  }

  return (
    <Modal opened={opened} onClose={close} title={t('customer.new')} size="xl" fullScreen={fullScreen} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(() => save(false))} noValidate data-testid="new-customer-form">
        <Stack>
          {blockedBy.length > 0
            ? <DuplicateWarning matches={blockedBy} onCreateAnyway={() => void save(true)} onOpen={close} busy={busy} />
            : <DuplicateWarning matches={liveMatches} onOpen={close} />}
          <FormErrorAlert error={formError} testId="form-error" />
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
