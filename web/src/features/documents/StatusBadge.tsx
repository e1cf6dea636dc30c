import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DocumentStatus } from './documents.types';

const COLOR: Record<DocumentStatus, string> = {
  draft: 'gray', sent: 'blue', accepted: 'teal', rejected: 'red', expired: 'orange',
  issued: 'indigo', partially_paid: 'yellow', paid: 'green', cancelled: 'dark',
};

export function StatusBadge({ status, ...rest }: { status: DocumentStatus } & Omit<BadgeProps, 'color' | 'children'> & { 'data-testid'?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status] ?? 'gray'} variant={status === 'cancelled' ? 'outline' : 'light'} data-status={status} {...rest}>
      {t(`documents.status.${status}`)}
    </Badge>
  );
}
