/** A new ticket for a customer picked by search (or the one whose profile is open): subject, channel, priority, product, assignee. */
import { useEffect, useState } from 'react';
import { Button, Chip, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_CHANNELS, TICKET_PRIORITIES } from '../../../../common/support.schemas';
import { api } from '../../api/client';
import type { Profile } from '../../api/types';
import { useActiveUserOptions } from '../../api/reference';
import { CustomerPicker, type PickedCustomer } from '../../components/CustomerPicker';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { useFormat } from '../../lib/format';
import type { Purchases } from '../documents/documents.types';
import { ProductPicker } from '../products/ProductPicker';
import { profileKey } from '../profile/profile.api';
import { usePrefs } from '../../lib/prefs';
import { useTicketCategories } from './ticket-categories';
import { assigneeFieldError, ticketErrorMessage, useRefreshTickets, type Ticket, type TicketChannel, type TicketPriority } from './tickets.api';

type Props = { opened: boolean; onClose: () => void; customer?: PickedCustomer; onCreated?: (id: string) => void };
type Draft = { subject: string; description: string; channel: TicketChannel; priority: TicketPriority; category: string; product: { id: string; label: string } | null; assigneeId: string | null };
const EMPTY: Draft = { subject: '', description: '', channel: 'phone', priority: 'normal', category: '', product: null, assigneeId: null };

export function NewTicketModal({ opened, onClose, customer: fixedCustomer, onCreated }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefreshTickets();
  const users = useActiveUserOptions();
  const { prefs } = usePrefs();
  const categories = useTicketCategories();
  const categoryOptions = (categories.data?.items ?? []).filter((c) => c.active)
    .map((c) => ({ value: c.key, label: prefs.locale === 'fa' ? c.labelFa : c.labelEn }));
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const [d, setD] = useState<Draft>(EMPTY);
  const { busy, errors, setErrors, formError, run, reset } = useFormSubmit({ mapErrors: (fields, err) => assigneeFieldError(t, fields, err) });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    reset();
    setError(null);
    setCustomer(fixedCustomer ?? null);
    setD(EMPTY);
  }, [opened, fixedCustomer?.id, reset]);

  // Products the customer bought come first: the ticket is most often about one of them.
  const profile = useQuery({
    queryKey: profileKey(customer?.id ?? ''),
    queryFn: () => api.get<Profile>(`/customers/${customer!.id}`, { timelineLimit: 1 }),
    enabled: opened && Boolean(customer),
  });
  const bought = ((profile.data as { purchases?: Purchases } | undefined)?.purchases?.products ?? []).filter((p) => p.productId).slice(0, 6);
  const set = (patch: Partial<Draft>) => { setD((x) => ({ ...x, ...patch })); setErrors((e) => { const n = { ...e }; for (const k of Object.keys(patch)) delete n[k]; return n; }); };

  async function save() {
    const found: Record<string, string> = {};
    if (!customer) found.customerId = t('fieldErrors.required');
    if (!d.subject.trim()) found.subject = t('fieldErrors.required');
    setErrors(found);
    setError(null);
    if (Object.keys(found).length || !customer) return;
    await run(async () => {
      try {
        const ticket = await api.post<Ticket>('/tickets', {
          customerId: customer.id, channel: d.channel, subject: d.subject.trim(), description: d.description.trim() || null,
          category: d.category.trim() || null, productId: d.product?.id ?? null, priority: d.priority, assigneeId: d.assigneeId,
        });
        notifications.show({ color: 'teal', message: t('support.created', { n: fmt.digits(String(ticket.number)) }) });
        await refresh(customer.id);
        onClose();
        onCreated?.(ticket.id);
      } catch (err) {
        setError(ticketErrorMessage(t, err));
        throw err;
      }
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('support.new')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submitHandler(save)} noValidate data-testid="new-ticket-form">
        <Stack gap="sm">
          <FormErrorAlert error={error ?? formError} testId="new-ticket-error" />
          <CustomerPicker label={t('support.field.customer')} placeholder={t('support.customerPlaceholder')} testId="ticket-customer" value={customer} onChange={setCustomer} error={errors.customerId} disabled={Boolean(fixedCustomer)} />
          <TextInput label={t('support.field.subject')} required value={d.subject} onChange={(e) => set({ subject: e.currentTarget.value })} error={errors.subject} maxLength={300} data-testid="ticket-subject" data-autofocus />
          <Textarea label={t('support.field.description')} autosize minRows={3} maxRows={10} value={d.description} onChange={(e) => set({ description: e.currentTarget.value })} error={errors.description} data-testid="ticket-description" />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('support.field.channel')} data={TICKET_CHANNELS.map((c) => ({ value: c, label: t(`support.channel.${c}`) }))} value={d.channel} onChange={(v) => v && set({ channel: v as TicketChannel })} allowDeselect={false} data-testid="ticket-channel" />
            <Select label={t('support.field.priority')} data={TICKET_PRIORITIES.map((p) => ({ value: p, label: t(`support.priority.${p}`) }))} value={d.priority} onChange={(v) => v && set({ priority: v as TicketPriority })} allowDeselect={false} data-testid="ticket-priority" />
            <Select label={t('support.field.category')} placeholder={t('support.categoryPlaceholder')} clearable searchable data={categoryOptions} value={d.category || null} onChange={(v) => set({ category: v ?? '' })} error={errors.category} data-testid="ticket-category" />
            <Select label={t('support.field.assignee')} placeholder={t('support.unassigned')} clearable searchable data={users} value={d.assigneeId} onChange={(v) => set({ assigneeId: v })} error={errors.assigneeId} data-testid="ticket-assignee" />
          </SimpleGrid>
          <ProductPicker label={t('support.field.product')} placeholder={t('support.productPlaceholder')} value={d.product} onPick={(p) => set({ product: p ? { id: p.id, label: `${p.code} — ${p.nameFa}` } : null })} error={errors.productId} testId="ticket-product" />
          {/* Once there is a customer the row stays, at the height of a chip, while the profile loads and after: when the
              chips appeared later they pushed the create button down under a pointer about to click it. */}
          {customer && (
            <Group gap={6} align="center" mih={24} data-testid="ticket-bought">
              <Text size="xs" c="dimmed">{t('support.boughtProducts')}</Text>
              {profile.isSuccess && bought.length === 0 && <Text size="xs" c="dimmed">{t('support.boughtNone')}</Text>}
              {bought.map((p) => (
                <Chip key={p.productId} size="xs" checked={d.product?.id === p.productId} onChange={() => set({ product: d.product?.id === p.productId ? null : { id: p.productId!, label: p.name } })}>
                  {p.name}
                </Chip>
              ))}
            </Group>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={busy} data-testid="save-new-ticket">{t('common.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
