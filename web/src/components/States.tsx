/** The three states every list has besides "here is the data": loading, empty (with what to do), failed. */
import type { ReactNode } from 'react';
import { Alert, Button, Center, Group, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconInbox } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors';

export function LoadingState({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <Center py="xl" data-testid="loading">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label ?? t('common.loading')}</Text>
      </Group>
    </Center>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Center py="xl" data-testid="empty-state">
      <Stack align="center" gap="xs" maw={420}>
        <ThemeIcon variant="light" size={48} radius="xl" color="gray">
          <IconInbox size={26} />
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {hint && <Text c="dimmed" size="sm" ta="center">{hint}</Text>}
        {action}
      </Stack>
    </Center>
  );
}

type ListQuery = { data?: unknown; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };

/** Above a list: loading, or failed (with retry), or loaded with nothing in it (`empty`). Nothing once there are rows. */
export function QueryStates({ query, isEmpty, empty }: { query: ListQuery; isEmpty: boolean; empty: ReactNode }) {
  return (
    <>
      {query.isPending && <LoadingState />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.data !== undefined && isEmpty && empty}
    </>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('errors.title')} data-testid="error-state">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(t, error)}</Text>
        {onRetry && <Button size="xs" variant="light" color="red" onClick={onRetry}>{t('common.retry')}</Button>}
      </Stack>
    </Alert>
  );
}
