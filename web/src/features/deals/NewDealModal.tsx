/** A new deal: for a customer picked by search (or the one whose profile is open), in a pipeline's open stage. */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { amountError } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { useMe } from '../session/session';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { DealDraftFields, type DraftState } from './DealDraftFields';
import { openStageOptions, withoutKeys } from './deal-form';
import { usePipelines, type DealDetail, type Pipeline } from './deals.api';

type Props = { opened: boolean; onClose: () => void; pipeline?: Pipeline; customer?: PickedCustomer; onCreated?: (id: string) => void };

export function NewDealModal({ opened, onClose, pipeline, customer: fixedCustomer, onCreated }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const money = useMoney();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const all = pipelines.data?.items ?? [];
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [state, setState] = useState<DraftState>({ title: '', pipelineId: null, stageId: null, amount: '', expectedCloseDate: null, ownerId: null });
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit();

  // A fresh form each time the modal opens. The pipelines list may arrive after the user has started typing: then it
  // only fills in the empty pipeline and stage, and the title and customer already entered stay.
  useEffect(() => {
    if (!opened) return;
    reset();
    setCustomer(fixedCustomer ?? null);
    setState({ title: '', pipelineId: null, stageId: null, amount: '', expectedCloseDate: null, ownerId: me.user.id });
  }, [opened, pipeline?.id, fixedCustomer?.id, reset, me.user.id]);
  useEffect(() => {
    if (!opened) return;
    const p = pipeline ?? all.find((x) => x.isDefault) ?? all[0];
    if (!p) return;
    setState((s) => (s.pipelineId ? s : { ...s, pipelineId: p.id, stageId: openStageOptions(p)[0]?.value ?? null }));
  }, [opened, pipeline, all]);

  async function save() {
    const found: FieldErrors = {};
    if (!customer) found.customerId = t('fieldErrors.required');
    if (!state.title.trim()) found.title = t('fieldErrors.required');
    const amount = state.amount.trim() ? money.parse(state.amount) : null;
    if (amount && !amount.ok) found.amount = amountError(t, amount)!;
    setErrors(found);
    if (Object.keys(found).length || !customer) return;
    await run(async () => {
      const deal = await api.post<DealDetail>('/deals', {
        customerId: customer.id, title: state.title.trim(), pipelineId: state.pipelineId ?? undefined, stageId: state.stageId ?? undefined,
        ...(amount?.ok ? { amount: amount.rials } : {}), expectedCloseDate: state.expectedCloseDate, ...(state.ownerId ? { ownerId: state.ownerId } : {}),
      });
      notifications.show({ color: 'teal', message: t('sales.deals.created') });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['deals'] }),
        queryClient.invalidateQueries({ queryKey: ['customer', customer.id] }),
        queryClient.invalidateQueries({ queryKey: ['timeline', customer.id] }),
      ]);
      onClose();
      onCreated?.(deal.id);
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.deals.new')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="new-deal-form">
        <Stack gap="sm">
          <FormErrorAlert error={formError} />
          <CustomerPicker label={t('sales.deals.customer')} placeholder={t('sales.deals.customerPlaceholder')} testId="deal-customer" value={customer} onChange={setCustomer} error={errors.customerId} disabled={Boolean(fixedCustomer)} />
          <DealDraftFields state={state} onChange={(patch) => { setState((s) => ({ ...s, ...patch })); setErrors((e) => withoutKeys(e, Object.keys(patch))); }} errors={errors} pipelines={all} withOwner />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-new-deal">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
