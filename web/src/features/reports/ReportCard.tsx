/** A report's frame: title, a one-line note on what it counts, the CSV/XLSX buttons (export permission), and its states. */
import type { ReactNode } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypeCsv } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../../api/client';
import { usePrefs } from '../../lib/prefs';
import { ErrorState, LoadingState } from '../../components/States';
import { useSession } from '../session/session';
import { exportUrl, type ReportName } from './reports.api';

type QueryLike = { data?: unknown; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown; isFetching?: boolean };

export function ReportCard({ title, note, report, query, state, controls, testId, children }: {
  title: string; note?: string; report: ReportName; query: Query; state: QueryLike; controls?: ReactNode; testId: string; children: ReactNode;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const { prefs } = usePrefs();
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} style={{ opacity: state.isFetching && state.data ? 0.7 : 1, transition: 'opacity 150ms' }}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <div>
            <Title order={2} size="h5">{title}</Title>
            {note && <Text size="xs" c="dimmed">{note}</Text>}
          </div>
          <Group gap={6} wrap="wrap">
            {controls}
            {can('reports', 'export') && (['csv', 'xlsx'] as const).map((format) => (
              <Button key={format} component="a" href={exportUrl(report, query, format, prefs.locale)} download size="compact-sm" variant="default"
                leftSection={format === 'csv' ? <IconFileTypeCsv size={16} /> : <IconFileSpreadsheet size={16} />} data-testid={`${testId}-export-${format}`}>
                {t(`reports.export.${format}`)}
              </Button>
            ))}
          </Group>
        </Group>
        {state.isPending ? <LoadingState /> : state.isError ? <ErrorState error={state.error} onRetry={() => void state.refetch()} /> : children}
      </Stack>
    </Paper>
  );
}

export function NoData() {
  const { t } = useTranslation();
  return <Text c="dimmed" size="sm" ta="center" py="lg" data-testid="report-empty">{t('reports.noData')}</Text>;
}
