/**
 * Moments of truth as the server ranks them: the touchpoint, the outcome it moves (e.g. 180-day retention), the
 * difference between a good and a bad experience there with its 95% interval and sample size, and a sentence a
 * manager can read out in a meeting.
 */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { Moment } from './journeys.api';
import { pc, type Labels } from './labels';

/** An effect in points: differences of shares (−1…1) read as percentage points, other outcomes as plain figures. */
function points(fmt: ReturnType<typeof useFormat>, x: number, share: boolean) {
  const v = share ? Math.round(x * 1000) / 10 : Math.round(x * 100) / 100;
  const s = fmt.number(Math.abs(v));
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${s}${share ? pc(fmt) : ''}`;
}

export function MomentsOfTruth({ items, labels }: { items: Moment[]; labels: Labels }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder radius="md" p="md" data-testid="journey-moments">
      <Text fw={600}>{t('journeys.moments')}</Text>
      <Text size="xs" c="dimmed" mb="sm">{t('journeys.momentsHint')}</Text>
      {items.length === 0 && <Text size="sm" c="dimmed">{t('journeys.noMoments')}</Text>}
      <Stack gap="sm">
        {items.map((m, i) => {
          const share = Math.abs(m.low) <= 1 && Math.abs(m.high) <= 1;
          const sure = m.low > 0 || m.high < 0;
          const text = (x: number) => points(fmt, x, share);
          return (
            <div key={`${m.touchpointKey}-${m.outcome}`} data-testid="journey-moment" data-touchpoint={m.touchpointKey}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Group gap={8} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                  <Text fw={700} c="dimmed" size="sm">{fmt.number(i + 1)}</Text>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600}><bdi>{labels.touchpoint(m.touchpointKey)}</bdi></Text>
                    <Text size="xs" c="dimmed" title={labels.outcomeHint(m.outcome) || undefined} data-testid="journey-moment-outcome" data-outcome={m.outcome}>{labels.outcome(m.outcome)}</Text>
                  </div>
                </Group>
                <Badge variant="light" color={sure ? (m.effect > 0 ? 'teal' : 'red') : 'gray'} size="lg" style={{ flexShrink: 0 }}>
                  <span dir="ltr">{text(m.effect)}</span>
                </Badge>
              </Group>
              <Text size="xs" mt={4}>
                {t('journeys.ci', { low: text(m.low), high: text(m.high) })} · {t('journeys.sampleN', { n: fmt.number(m.n), count: m.n })}
                {m.good && m.bad ? ` (${t('journeys.goodBad', { good: fmt.number(m.good.n), n: fmt.number(m.bad.n), count: m.bad.n })})` : ''}
              </Text>
              <Text size="xs" c="dimmed" mt={2} data-testid="journey-moment-explanation">
                {m.explanation ? labels.text(m.explanation) : t(sure ? 'journeys.explain' : 'journeys.explainUnsure', { touchpoint: labels.touchpoint(m.touchpointKey), outcome: labels.outcome(m.outcome), effect: text(Math.abs(m.effect)), n: fmt.number(m.n), count: m.n, direction: t(m.effect >= 0 ? 'journeys.more' : 'journeys.less') })}
              </Text>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
