/** One card per stage in the journey's order (the page's direction: right to left in Persian): customers, median days, conversion to the next stage. */
import { Box, Group, Paper, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { MapStage } from './journeys.api';
import { pc, type Labels } from './labels';

export const percent = (fmt: ReturnType<typeof useFormat>, x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${fmt.number(Math.round(x * 100 * 10 ** digits) / 10 ** digits)}${pc(fmt)}`;

export function StageCards({ stages, order, labels }: { stages: MapStage[]; order: string[]; labels: Labels }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const keys = order.length ? order : stages.map((s) => s.key);
  return (
    <Box data-testid="journey-stages" style={{ display: 'grid', gap: 8, gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))' }}>
      {keys.map((key, i) => {
        const s = byKey.get(key);
        const last = i === keys.length - 1;
        const median = s?.medianDays == null ? null : Math.round(s.medianDays * 10) / 10;
        return (
          <Paper key={key} withBorder radius="md" p="sm" data-testid="journey-stage" data-stage={key}>
            <Group justify="space-between" gap={4} wrap="nowrap">
              <Text size="sm" fw={600} truncate="end"><bdi>{labels.stage(key)}</bdi></Text>
              <Text size="xs" c="dimmed">{fmt.number(i + 1)}</Text>
            </Group>
            <Text fw={700} size="xl" data-testid="journey-stage-customers">{fmt.number(s?.customers ?? 0)}</Text>
            <Text size="xs" c="dimmed">{t('journeys.customers')}</Text>
            <Text size="xs" mt={6}>{t('journeys.medianDays', { n: median === null ? '—' : fmt.number(median), count: median ?? 0 })}</Text>
            {!last && (
              <>
                <Text size="xs" mt={4}>{t('journeys.conversion', { pct: percent(fmt, s?.conversion) })}</Text>
                <Progress value={(s?.conversion ?? 0) * 100} size="sm" mt={4} color="teal" aria-label={t('journeys.conversionShort')} />
              </>
            )}
          </Paper>
        );
      })}
    </Box>
  );
}
