/** Merge this ticket (a duplicate) into another open ticket of the same customer. */
import { useEffect, useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ErrorState, LoadingState } from '../../components/States';
import { useFormat } from '../../lib/format';
import { OPEN_STATUSES, ticketErrorMessage, useRefreshTickets, useTicketList, type Ticket } from './tickets.api';

export function MergeTicketModal({ ticket, opened, onClose }: { ticket: Ticket; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const refresh = useRefreshTickets();
  const [intoId, setIntoId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = useTicketList({ queue: 'all', status: OPEN_STATUSES, priority: [], customerId: ticket.customerId }, 1, 100);
  const options = (list.data?.items ?? []).filter((x) => x.id !== ticket.id && !x.mergedIntoId)
    .map((x) => ({ value: x.id, label: `#${fmt.digits(String(x.number))} — ${x.subject}` }));
  useEffect(() => { if (opened) { setIntoId(null); setError(null); } }, [opened]);

  async function merge() {
    if (!intoId) return;
    setBusy(true);
    setError(null);
    try {
      const kept = await api.post<Ticket>(`/tickets/${ticket.id}/merge`, { intoId });
      notifications.show({ color: 'teal', message: t('support.merge.done', { n: fmt.digits(String(kept.number)) }) });
      await refresh(ticket.customerId);
      onClose();
      navigate(`/tickets/${kept.id}`);
    } catch (err) {
      setError(ticketErrorMessage(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('support.merge.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="sm" data-testid="merge-ticket">
        <Text size="sm">{t('support.merge.explain', { n: fmt.digits(String(ticket.number)) })}</Text>
        {list.isPending && <LoadingState />}
        {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && options.length === 0 && <Text size="sm" c="dimmed">{t('support.merge.none')}</Text>}
        {options.length > 0 && (
          <Select label={t('support.merge.into')} data={options} value={intoId} onChange={setIntoId} searchable data-testid="merge-into" comboboxProps={{ withinPortal: true }} />
        )}
        <FormErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button onClick={() => void merge()} disabled={!intoId} loading={busy} data-testid="merge-confirm">{t('support.merge.confirm')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
