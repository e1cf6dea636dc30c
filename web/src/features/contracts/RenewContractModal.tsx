/**
 * Renew: the next period as a new contract linked to this one. The server's proposal (from the day after the end, as
 * long as this one, the same value) is filled in so the person sees it; only what they change is sent.
 */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { DateField } from '../../components/DateFields';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useMoney } from '../../lib/money';
import { contractErrorMessage, contractFieldErrors, renewalPeriod, useRefreshContracts, type Contract } from './contracts.api';

type Props = { contract: Contract; opened: boolean; onClose: () => void; onRenewed: (c: Contract) => void };

export function RenewContractModal({ contract: c, opened, onClose, onRenewed }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const refresh = useRefreshContracts();
  const proposal = renewalPeriod(c);
  const [startDate, setStart] = useState<string | null>(proposal.startDate);
  const [endDate, setEnd] = useState<string | null>(proposal.endDate);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: (fields, err) => contractFieldErrors(t, fields, err) });

  useEffect(() => {
    if (!opened) return;
    const p = renewalPeriod(c);
    setStart(p.startDate);
    setEnd(p.endDate);
    setValue(c.value === '0' ? '' : money.toInput(c.value));
    setError(null);
    reset();
  }, [opened, c, money, reset]);

  async function save() {
    const found: FieldErrors = {};
    if (!startDate) found.startDate = t('fieldErrors.required');
    if (!endDate) found.endDate = t('fieldErrors.required');
    if (startDate && endDate && endDate < startDate) found.endDate = t('contracts.errors.endBeforeStart');
    const parsed = value.trim() ? money.parse(value) : null;
    if (parsed && !parsed.ok) found.value = amountError(t, parsed)!;
    setErrors(found);
    setError(null);
    if (Object.keys(found).length) return;
    const body: Record<string, string> = {};
    // Only what differs from the server's own default, so its rule stays the one that decides.
    if (startDate !== proposal.startDate) body.startDate = startDate!;
    if (endDate !== proposal.endDate || body.startDate) body.endDate = endDate!;
    const rials = parsed?.ok ? parsed.rials : '0';
    if (rials !== c.value) body.value = rials;
    await run(async () => {
      try {
        const renewed = await api.post<Contract>(`/contracts/${c.id}/renew`, body);
        notifications.show({ color: 'teal', message: t('contracts.renewedToast', { n: fmt.digits(String(renewed.number)) }) });
        await refresh(c.customerId);
        onClose();
        onRenewed(renewed);
      } catch (err) {
        setError(contractErrorMessage(t, err));
        throw err;
      }
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('contracts.renewTitle', { title: c.title })} size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="renew-contract-form">
        <Stack gap="sm">
          <FormErrorAlert error={error ?? formError} testId="renew-contract-error" />
          <Text size="sm" c="dimmed">{t('contracts.renewHint', { end: fmt.date(c.endDate) })}</Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateField label={t('contracts.field.startDate')} required value={startDate} onChange={setStart} error={errors.startDate} testId="renew-start" />
            <DateField label={t('contracts.field.endDate')} required value={endDate} onChange={setEnd} error={errors.endDate} testId="renew-end" />
          </SimpleGrid>
          <MoneyInput label={t('contracts.field.value')} value={value} onChange={setValue} error={errors.value} testId="renew-value" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="confirm-renew">{t('contracts.renew')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
