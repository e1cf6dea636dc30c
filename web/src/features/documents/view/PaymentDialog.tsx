/** Record a payment on an issued invoice: amount (the balance by default), method, reference, when. */
import { useEffect, useRef, useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import type { FieldErrors } from '../../../lib/errors';
import { DateTimeField } from '../../../components/DateFields';
import { FormErrorAlert } from '../../../components/FormErrorAlert';
import { submitHandler } from '../../../components/useFormSubmit';
import { docErrorMessage, docFieldErrors } from '../doc-errors';
import { PAYMENT_METHOD_KEYS, type DocumentDetail } from '../documents.types';
import { useMoney } from '../../../lib/money';
import { MoneyInput } from '../../../components/MoneyInput';

type Props = { doc: DocumentDetail; opened: boolean; onClose: () => void; onSaved: (doc: DocumentDetail) => void };

export function PaymentDialog({ doc, opened, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<string>('transfer');
  const [reference, setReference] = useState('');
  const [paidAt, setPaidAt] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    if (!opened) return;
    setAmount(money.toInput(doc.balance));
    setMethod('transfer');
    setReference('');
    setPaidAt(null);
    setErrors({});
    setFormError(null);
  }, [opened]);

  async function save() {
    if (inFlight.current) return;
    const parsed = money.parse(amount);
    if (!parsed.ok) {
      setErrors({ amount: t(`documents.moneyError.${parsed.reason}`) });
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const updated = await api.post<DocumentDetail>(`/documents/${doc.id}/payments`, {
        amount: parsed.rials, method, ...(reference.trim() ? { reference: reference.trim() } : {}), ...(paidAt ? { paidAt } : {}),
      });
      onSaved(updated);
      onClose();
    } catch (err) {
      setErrors(docFieldErrors(t, err, money));
      setFormError(docErrorMessage(t, err));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={() => !busy && onClose()} title={t('documents.recordPayment')} centered>
      <form onSubmit={submitHandler(save)} noValidate data-testid="doc-payment-dialog">
        <Stack gap="sm">
          <Text size="sm">{t('documents.balanceIs')} <Text span fw={700} data-testid="doc-payment-balance">{money.format(doc.balance)}</Text></Text>
          <FormErrorAlert error={formError} />
          <MoneyInput label={t('documents.paymentAmount')} value={amount} onChange={setAmount} error={errors.amount} required data-autofocus testId="doc-payment-amount" />
          <Select label={t('documents.paymentMethod')} data={PAYMENT_METHOD_KEYS.map((m) => ({ value: m, label: t(`documents.method.${m}`) }))} value={method} onChange={(v) => v && setMethod(v)} allowDeselect={false} error={errors.method} data-testid="doc-payment-method" />
          <TextInput label={t('documents.paymentReference')} description={t('documents.paymentReferenceHint')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} error={errors.reference} data-testid="doc-payment-reference" />
          <DateTimeField label={t('documents.paidAt')} value={paidAt} onChange={setPaidAt} error={errors.paidAt} placeholder={t('documents.now')} testId="doc-payment-date" />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose} disabled={busy}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} disabled={busy} data-testid="doc-payment-save">{t('documents.savePayment')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
