/** A contract's status, and how soon an active one ends — loud in its last days, quiet otherwise. */
import { Badge, type MantineSize } from '@mantine/core';
import { IconHourglassLow } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { endingTone, statusColor, type Contract } from './contracts.api';

type Props = { contract: Pick<Contract, 'status' | 'daysLeft' | 'reminderDays'>; size?: MantineSize };

export function StatusBadge({ contract: c, size = 'sm' }: Props) {
  const { t } = useTranslation();
  return (
    <Badge size={size} variant="light" color={statusColor(c.status)} style={{ flexShrink: 0 }} data-testid="contract-status" data-status={c.status}>
      {t(`contracts.status.${c.status}`)}
    </Badge>
  );
}

/** «۱۲ روز مانده», or «امروز تمام می‌شود»; nothing for contracts that are not active. */
export function EndingBadge({ contract: c, size = 'sm' }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (c.daysLeft === null) return null;
  const tone = endingTone(c);
  const text = c.daysLeft === 0 ? t('contracts.endsToday') : c.daysLeft === 1 ? t('contracts.endsTomorrow') : t('contracts.endsIn', { n: fmt.number(c.daysLeft) });
  return (
    <Badge
      size={size}
      variant={tone ? 'filled' : 'outline'}
      color={tone ?? 'gray'}
      leftSection={tone ? <IconHourglassLow size={12} aria-hidden /> : undefined}
      style={{ flexShrink: 0 }}
      tt="none"
      data-testid="contract-ending"
      data-tone={tone ?? 'none'}
    >
      {text}
    </Badge>
  );
}
