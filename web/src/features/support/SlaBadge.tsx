/** An SLA clock as a coloured badge: due time when running, orange when due within 2 h, red once breached. */
import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { slaColor, type SlaClock } from './tickets.api';

/** `withDue`: a running clock shows its due time (lists); without it, its state (the ticket page prints the due time beside). */
export function SlaBadge({ clock, label, size = 'sm', testId = 'sla-badge', withDue = true }: { clock: SlaClock; label?: string; size?: 'xs' | 'sm' | 'md'; testId?: string; withDue?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (clock.state === 'none') return <Badge size={size} variant="outline" color="gray" data-testid={testId} data-state="none">{t('support.sla.none')}</Badge>;
  const due = clock.dueAt ? fmt.dateTime(clock.dueAt) : '';
  const text = t(`support.sla.state.${clock.state}`);
  return (
    <Tooltip label={label ? `${label}: ${due}` : due} disabled={!due} withArrow>
      <Badge
        size={size}
        color={slaColor(clock.state)}
        variant={clock.state === 'breached' || clock.state === 'warning' ? 'filled' : 'light'}
        data-testid={testId}
        data-state={clock.state}
        style={{ textTransform: 'none', maxWidth: '100%' }}
      >
        {!withDue ? text : clock.state === 'ok' ? due : clock.state === 'warning' ? `${text} · ${due}` : text}
      </Badge>
    </Tooltip>
  );
}
