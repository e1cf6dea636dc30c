/** A ticket's priority or status changed in place in the list: shown at once, set back if the server refuses. */
import { useEffect, useState } from 'react';
import { Badge, Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../../../../common/support.schemas';
import { api } from '../../api/client';
import { priorityColor, statusColor } from './tickets.api';

export function TicketInlineSelect({ id, field, value, editable }: { id: string; field: 'priority' | 'status'; value: string; editable: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState(value);
  useEffect(() => setCurrent(value), [value]);
  const color = field === 'priority' ? priorityColor(current) : statusColor(current);
  const label = (v: string) => t(`support.${field}.${v}`);
  if (!editable) {
    return <Badge size="sm" variant={field === 'priority' ? 'light' : 'outline'} color={color} style={{ whiteSpace: 'nowrap', overflow: 'visible' }} data-testid={`ticket-${field}`}>{label(current)}</Badge>;
  }
  const change = async (next: string | null) => {
    if (!next || next === current) return;
    const before = current;
    setCurrent(next);
    try {
      await api.patch(`/tickets/${id}`, { [field]: next });
      void qc.invalidateQueries({ queryKey: ['tickets'] });
    } catch (err) {
      setCurrent(before);
      notifications.show({ color: 'red', message: t('lists.saveFailed', { message: (err as Error).message }) });
    }
  };
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <Select
        size="xs" w={field === 'status' ? 170 : 110} value={current} onChange={change} allowDeselect={false} aria-label={t(`support.field.${field}`)}
        data={(field === 'priority' ? TICKET_PRIORITIES : TICKET_STATUSES).map((v) => ({ value: v, label: label(v) }))}
        leftSection={<span style={{ width: 8, height: 8, borderRadius: 4, background: `var(--mantine-color-${color}-6)` }} />}
        data-testid={`inline-${field}`} comboboxProps={{ withinPortal: true }}
      />
    </div>
  );
}
