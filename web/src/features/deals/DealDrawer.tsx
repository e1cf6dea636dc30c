/**
 * One deal in a drawer: its stage (moved here too, with the lost reason when needed), the editable fields, its
 * products, the stage history, and «پیش‌فاکتور» (a quote for this customer and deal).
 */
import { useEffect, useState } from 'react';
import { Anchor, Badge, Button, Divider, Drawer, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Timeline } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconFileInvoice, IconTrash, IconUser } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { AssigneeSelect } from '../../components/AssigneeSelect';
import { DateField } from '../../components/DateFields';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { errorMessage, type FieldErrors } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { useSession } from '../session/session';
import { LostReasonModal } from './board/LostReasonModal';
import { Joined } from './Joined';
import { DealItemsEditor, lineRials, normalizeQuantity, quantityThousandths, type ItemRow } from './DealItemsEditor';
import { dealKey, moveDeal, outcomeColor, useDeal, usePipelines, type DealDetail } from './deals.api';

type Form = { title: string; amount: string; expectedCloseDate: string | null; probability: number | ''; ownerId: string | null; lostReason: string; items: ItemRow[] };

const toForm = (d: DealDetail, toInput: (r: string) => string, digits: (s: string) => string): Form => ({
  title: d.title, amount: toInput(d.amount), expectedCloseDate: d.expectedCloseDate, probability: d.probability ?? '', ownerId: d.ownerId,
  lostReason: d.lostReason ?? '',
  items: d.items.map((i) => ({ key: i.id, productId: i.productId, label: `${i.code} — ${i.nameFa}`, quantity: digits(i.quantity), unitPrice: toInput(i.unitPrice), listPrice: null })),
});

export function DealDrawer({ dealId, onClose }: { dealId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const deal = useDeal(dealId);
  return (
    <Drawer opened={Boolean(dealId)} onClose={onClose} position="right" size="xl" title={<Text component="span" fw={700} size="lg">{deal.data?.title ?? t('sales.deals.deal')}</Text>} closeButtonProps={{ 'aria-label': t('common.close') }}>
      {deal.isPending && dealId && <LoadingState />}
      {deal.isError && <ErrorState error={deal.error} onRetry={() => void deal.refetch()} />}
      {deal.data && <DealEditor key={deal.data.id} deal={deal.data} onDeleted={onClose} />}
    </Drawer>
  );
}

function DealEditor({ deal, onDeleted }: { deal: DealDetail; onDeleted: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  // A quantity in the user's digits («۱٫۵» in Persian), which the editor reads back either way.
  const quantityText = (q: string) => (fmt.locale === 'fa' ? fmt.digits(q).replace('.', '٫') : q);
  const [form, setForm] = useState<Form>(() => toForm(deal, money.toInput, quantityText));
  const [lostTarget, setLostTarget] = useState<string | null>(null);
  const [moving, setMoving] = useState(false);
  const { busy, errors, setErrors, formError, run } = useFormSubmit();
  const canEdit = can('deals', 'update');
  const stages = pipelines.data?.items.find((p) => p.id === deal.pipelineId)?.stages ?? [];

  useEffect(() => setForm(toForm(deal, money.toInput, quantityText)), [deal, money, fmt]);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));

  const refreshAll = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: ['deals'] }),
    queryClient.invalidateQueries({ queryKey: ['customer', deal.customerId] }),
    queryClient.invalidateQueries({ queryKey: ['timeline', deal.customerId] }),
  ]);

  async function save() {
    const found: FieldErrors = {};
    if (!form.title.trim()) found.title = t('fieldErrors.required');
    const items = form.items.filter((r) => r.productId || r.quantity.trim() !== '1' || r.unitPrice.trim());
    items.forEach((r, i) => {
      if (!r.productId) found[`items.${i}.productId`] = t('fieldErrors.required');
      if (quantityThousandths(r.quantity) === null) found[`items.${i}.quantity`] = t('sales.items.quantityInvalid');
      const p = r.unitPrice.trim() ? money.parse(r.unitPrice) : null;
      if (p && !p.ok) found[`items.${i}.unitPrice`] = amountError(t, p)!;
    });
    const amount = !items.length && form.amount.trim() ? money.parse(form.amount) : null;
    if (amount && !amount.ok) found.amount = amountError(t, amount)!;
    if (deal.status === 'lost' && !form.lostReason.trim()) found.lostReason = t('fieldErrors.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    const body: Record<string, unknown> = {
      title: form.title.trim(), expectedCloseDate: form.expectedCloseDate, probability: form.probability === '' ? null : form.probability,
      items: items.map((r) => {
        const p = r.unitPrice.trim() ? money.parse(r.unitPrice) : null;
        return { productId: r.productId, quantity: normalizeQuantity(r.quantity), ...(p?.ok ? { unitPrice: p.rials } : {}) };
      }),
    };
    if (form.ownerId) body.ownerId = form.ownerId;
    if (!items.length) body.amount = amount?.ok ? amount.rials : '0';
    if (deal.status === 'lost' && form.lostReason.trim() !== (deal.lostReason ?? '')) body.lostReason = form.lostReason.trim();
    await run(async () => {
      const updated = await api.patch<DealDetail>(`/deals/${deal.id}`, body);
      queryClient.setQueryData(dealKey(deal.id), updated);
      notifications.show({ color: 'teal', message: t('sales.deals.saved') });
      await refreshAll();
    });
  }

  async function move(stageId: string, lostReason?: string) {
    setMoving(true);
    try {
      const updated = await moveDeal(deal.id, { stageId, ...(lostReason ? { lostReason } : {}) });
      queryClient.setQueryData(dealKey(deal.id), updated);
      await refreshAll();
    } catch (err) {
      notifications.show({ color: 'red', title: t('sales.board.moveFailed'), message: errorMessage(t, err) });
    } finally {
      setMoving(false);
    }
  }

  const pickStage = (stageId: string | null) => {
    const target = stages.find((s) => s.id === stageId);
    if (!target || target.id === deal.stageId) return;
    if (target.outcome === 'lost' && deal.status !== 'lost') setLostTarget(target.id);
    else void move(target.id);
  };

  const confirmDelete = () => modals.openConfirmModal({
    title: t('sales.deals.deleteTitle'),
    children: <Text size="sm">{t('sales.deals.deleteBody', { title: deal.title })}</Text>,
    labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
    confirmProps: { color: 'red', 'data-testid': 'confirm-delete-deal' },
    onConfirm: async () => {
      try {
        await api.delete(`/deals/${deal.id}`);
        notifications.show({ color: 'teal', message: t('sales.deals.deleted') });
        await refreshAll();
        onDeleted();
      } catch (err) {
        notifications.show({ color: 'red', message: errorMessage(t, err) });
      }
    },
  });

  const itemsTotal = form.items.length ? form.items.reduce<bigint | null>((a, r) => {
    const v = lineRials(r, money);
    return a === null || v === null ? null : a + v;
  }, 0n) : null;
  const quoteHref = `/documents/new?${new URLSearchParams({ kind: 'quote', customerId: deal.customerId, dealId: deal.id })}`;

  return (
    <Stack gap="md" data-testid="deal-drawer">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Badge color={outcomeColor(deal.status)} variant="filled" data-testid="deal-status">{t(`sales.status.${deal.status}`)}</Badge>
          <Anchor component={Link} to={`/customers/${deal.customerId}`} size="sm" data-testid="deal-customer-link">
            <Group gap={4} wrap="nowrap"><IconUser size={14} />{deal.customerName}</Group>
          </Anchor>
        </Group>
        <Group gap="xs">
          {can('documents', 'create') && (
            <Button component={Link} to={quoteHref} variant="light" leftSection={<IconFileInvoice size={16} />} data-testid="deal-quote">
              {t('sales.deals.quote')}
            </Button>
          )}
          {can('deals', 'delete') && (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete} data-testid="delete-deal">{t('common.delete')}</Button>
          )}
        </Group>
      </Group>

      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          style={{ flex: '1 1 220px' }}
          label={t('sales.deals.stage')}
          leftSection={<IconArrowsExchange size={16} />}
          data={stages.map((s) => ({ value: s.id, label: s.name }))}
          value={deal.stageId}
          onChange={pickStage}
          allowDeselect={false}
          disabled={!canEdit || moving}
          data-testid="deal-stage-select"
        />
        <Text size="sm" c="dimmed" pb={6}>
          {t('sales.deals.probabilityNow', { p: fmt.number(deal.effectiveProbability) })}
        </Text>
      </Group>
      {deal.status !== 'open' && deal.closedAt && <Text size="xs" c="dimmed">{t('sales.deals.closedAt', { date: fmt.date(deal.closedAt) })}</Text>}

      <form onSubmit={submitHandler(save)} noValidate data-testid="deal-form">
        <Stack gap="sm">
          <FormErrorAlert error={formError} />
          <TextInput label={t('sales.deals.dealTitle')} value={form.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.title} required disabled={!canEdit} data-testid="deal-edit-title" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {form.items.length > 0 ? (
              <TextInput label={t('sales.deals.amount')} value={itemsTotal === null ? '—' : money.format(itemsTotal)} readOnly description={t('sales.deals.amountFromItems')} data-testid="deal-edit-amount" />
            ) : (
              <MoneyInput label={t('sales.deals.amount')} value={form.amount} onChange={(v) => set({ amount: v })} error={errors.amount} disabled={!canEdit} testId="deal-edit-amount" />
            )}
            <DateField label={t('sales.deals.expectedClose')} value={form.expectedCloseDate} onChange={(v) => set({ expectedCloseDate: v })} error={errors.expectedCloseDate} testId="deal-edit-expected-close" />
            <NumberInput
              label={t('sales.deals.probability')}
              description={t('sales.deals.probabilityHint', { p: fmt.number(deal.stageProbability) })}
              placeholder={fmt.number(deal.stageProbability)}
              min={0}
              max={100}
              clampBehavior="strict"
              allowDecimal={false}
              suffix={fmt.locale === 'fa' ? '٪' : '%'}
              value={form.probability}
              onChange={(v) => set({ probability: v === '' ? '' : Number(v) })}
              error={errors.probability}
              disabled={!canEdit}
              data-testid="deal-edit-probability"
            />
            <AssigneeSelect label={t('sales.deals.owner')} value={form.ownerId} onChange={(v) => set({ ownerId: v })} error={errors.ownerId} disabled={!canEdit} data-testid="deal-edit-owner" />
          </SimpleGrid>
          {deal.status === 'lost' && (
            <Textarea label={t('sales.lost.reason')} value={form.lostReason} onChange={(e) => set({ lostReason: e.currentTarget.value })} error={errors.lostReason} autosize minRows={2} required disabled={!canEdit} data-testid="deal-edit-lost-reason" />
          )}
          <Divider label={t('sales.items.title')} labelPosition="left" />
          <DealItemsEditor rows={form.items} onChange={(items) => set({ items })} errors={errors} disabled={!canEdit} />
          {canEdit && (
            <Group justify="flex-end">
              <Button type="submit" loading={busy} data-testid="save-deal">{t('common.save')}</Button>
            </Group>
          )}
        </Stack>
      </form>

      <Divider label={t('sales.history.title')} labelPosition="left" />
      <Timeline bulletSize={14} lineWidth={2} data-testid="deal-history">
        {[...deal.history].reverse().map((h) => (
          <Timeline.Item key={h.id} color={outcomeColor(h.toOutcome)}>
            <Text size="sm">
              {h.fromStageId
                ? t('sales.history.moved', { from: h.fromStageName ?? t('sales.history.removedStage'), to: h.toStageName ?? t('sales.history.removedStage') })
                : t('sales.history.created', { to: h.toStageName ?? t('sales.history.removedStage') })}
            </Text>
            {h.lostReason && <Text size="xs" c="red.7">{t('sales.history.reason', { reason: h.lostReason })}</Text>}
            <Text size="xs" c="dimmed"><Joined parts={[h.actorName, fmt.dateTime(h.at)]} /></Text>
          </Timeline.Item>
        ))}
      </Timeline>

      <LostReasonModal
        opened={lostTarget !== null}
        dealTitle={deal.title}
        stageName={stages.find((s) => s.id === lostTarget)?.name}
        onCancel={() => setLostTarget(null)}
        onConfirm={(reason) => {
          const target = lostTarget!;
          setLostTarget(null);
          void move(target, reason);
        }}
      />
    </Stack>
  );
}
