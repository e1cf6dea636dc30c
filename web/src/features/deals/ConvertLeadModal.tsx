/**
 * «تبدیل به فرصت فروش»: a visitor or lead becomes a prospect (or customer) and gets its first deal, in one request
 * (`POST /api/customers/:id/convert`): if the deal is refused, the stage does not change either.
 */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import type { FieldErrors } from '../../lib/errors';
import { amountError } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { DealDraftFields, type DraftState } from './DealDraftFields';
import { flattenDealErrors, openStageOptions, withoutKeys } from './deal-form';
import { usePipelines } from './deals.api';

type Props = { opened: boolean; onClose: () => void; customerId: string; customerName: string; onConverted: () => void };

export function ConvertLeadModal({ opened, onClose, customerId, customerName, onConverted }: Props) {
  const { t } = useTranslation();
  const money = useMoney();
  const pipelines = usePipelines();
  const all = pipelines.data?.items ?? [];
  const [state, setState] = useState<DraftState>({ title: '', pipelineId: null, stageId: null, amount: '', expectedCloseDate: null, ownerId: null });
  const [lifecycleStage, setLifecycleStage] = useState('prospect');
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: flattenDealErrors });

  // A fresh form each time the modal opens. The pipelines may arrive after the user has started typing: then only
  // the empty pipeline and stage are filled in, and what was typed stays.
  useEffect(() => {
    if (!opened) return;
    reset();
    setState({ title: '', pipelineId: null, stageId: null, amount: '', expectedCloseDate: null, ownerId: null });
    setLifecycleStage('prospect');
  }, [opened, reset]);
  useEffect(() => {
    if (!opened || all.length === 0) return;
    const p = all.find((x) => x.isDefault) ?? all[0];
    setState((s) => (s.pipelineId ? s : { ...s, pipelineId: p.id, stageId: openStageOptions(p)[0]?.value ?? null }));
  }, [opened, all]);

  async function save() {
    const found: FieldErrors = {};
    if (!state.title.trim()) found.title = t('fieldErrors.required');
    const amount = state.amount.trim() ? money.parse(state.amount) : null;
    if (amount && !amount.ok) found.amount = amountError(t, amount)!;
    setErrors(found);
    if (Object.keys(found).length) return;
    await run(async () => {
      await api.post(`/customers/${customerId}/convert`, {
        lifecycleStage,
        deal: {
          title: state.title.trim(), pipelineId: state.pipelineId ?? undefined, stageId: state.stageId ?? undefined,
          ...(amount?.ok ? { amount: amount.rials } : {}), expectedCloseDate: state.expectedCloseDate,
        },
      });
      notifications.show({ color: 'teal', message: t('sales.convert.done') });
      onClose();
      onConverted();
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.convert.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="convert-lead-form">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">{t('sales.convert.hint', { name: customerName })}</Text>
          <FormErrorAlert error={formError} />
          <DealDraftFields state={state} onChange={(patch) => { setState((s) => ({ ...s, ...patch })); setErrors((e) => withoutKeys(e, Object.keys(patch))); }} errors={errors} pipelines={all} />
          <Select
            label={t('sales.convert.newStage')}
            data={['prospect', 'customer'].map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            value={lifecycleStage}
            onChange={(v) => setLifecycleStage(v ?? 'prospect')}
            allowDeselect={false}
            error={errors.lifecycleStage}
            data-testid="convert-lifecycle"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="confirm-convert">{t('sales.convert.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
