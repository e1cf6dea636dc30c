/**
 * The customer's journey on the 360° view: one band per stage they went through, as wide as the time spent there (with
 * a floor so a short stage stays readable), in reading order (right to left in Persian), the touchpoints met as
 * points placed by date. A point opens its timeline entry. Shown only when the reader may see journeys.
 */
import { Box, Group, Paper, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat, toDate } from '../../lib/format';
import { focusTimeline } from '../../lib/timeline-focus';
import { useCustomerJourney, useJourneys, type PathStep } from './journeys.api';
import { makeLabels } from './labels';
import { faNorm } from '../../../../common/fa-normalize';

const COLORS = ['cyan', 'blue', 'indigo', 'violet', 'grape', 'pink', 'orange', 'green', 'lime'];
const DAY = 86_400_000;
/** Points closer than this (percent of their band) form a cluster; each next one moves this many pixels along. */
const CLUSTER = 15;
const POINT_STEP = 14;

/** Each step's span in days and where its touchpoints fall inside it (0–100 from the step's start). */
export function stripLayout(path: PathStep[], now: number) {
  const spans = path.map((s, i) => {
    const start = toDate(s.enteredAt).getTime();
    const end = s.leftAt ? toDate(s.leftAt).getTime() : i + 1 < path.length ? toDate(path[i + 1].enteredAt).getTime() : Math.max(now, start);
    const placed = s.touchpoints.map((tp) => {
      const at = toDate(tp.at).getTime();
      return { ...tp, pos: end > start ? Math.min(100, Math.max(0, ((at - start) / (end - start)) * 100)) : 50 };
    });
    // Points close together (the same moment, or a narrow band) would cover one another and the covered one could not
    // be clicked: each next point of a cluster moves a point's width along, inwards (away from the band's nearer end).
    const order = placed.map((p, k) => k).sort((a, b) => placed[a].pos - placed[b].pos);
    const nudge = new Array<number>(placed.length).fill(0);
    let clusterStart = -Infinity, k = 0;
    for (const idx of order) {
      const pos = placed[idx].pos;
      if (pos - clusterStart < CLUSTER) k++; else { clusterStart = pos; k = 0; }
      nudge[idx] = (clusterStart > 50 ? -1 : 1) * k * POINT_STEP;
    }
    const points = placed.map((p, idx) => ({ ...p, nudge: nudge[idx] }));
    return { step: s, days: Math.max(0, (end - start) / DAY), points };
  });
  const total = spans.reduce((a, s) => a + s.days, 0);
  // Each band's share of the whole, at least a sixth (or half an even share) so a short stage stays readable. Shares
  // sum to 1 or more, so the bands fill the strip: as days, a customer first met minutes ago had a few millionths of a
  // day, which flexbox took as a band of no width (the strip showed a lone point). A path of moments gets equal bands.
  return spans.map((s) => ({ ...s, grow: total > 0 ? Math.max(s.days / total, 1 / Math.max(6, spans.length * 2)) : 1 }));
}

/** The strip's height with its bands (header, band, stage name, date), in px: the placeholder's and the minimum. */
const STRIP_HEIGHT = 110;
/** The journey's name beside the strip's title only says something when it is not the title again (ي/ی, spaces). */
const sameWords = (a: string, b: string) => faNorm(a).toLowerCase() === faNorm(b).toLowerCase();

export function JourneyStrip({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const journey = useCustomerJourney(customerId);
  const journeys = useJourneys();
  // While it loads, its place is kept: the strip appearing later moved the composer and the timeline under a click
  // (an e2e test's "Add a task" landed on the strip's old place). Most customers of a business that maps journeys
  // have one; for the others the placeholder goes when the answer comes.
  if (journey.isPending) return <Paper withBorder radius="md" p="sm" h={STRIP_HEIGHT} aria-busy="true" data-testid="journey-strip-loading" />;
  // No permission, no journey module, or not placed yet: the 360° view simply has no strip.
  if (!journey.data || journey.isError) return null;
  const def = journeys.data?.items.find((j) => j.id === journey.data.journeyId);
  const labels = makeLabels(t, def, i18n.language);
  const order = def?.stages.map((s) => s.key) ?? [];
  const layout = stripLayout(journey.data.path, Date.now());
  return (
    <Paper withBorder radius="md" p="sm" mih={STRIP_HEIGHT} data-testid="journey-strip">
      <Group justify="space-between" mb={6} gap="xs">
        <Text size="sm" fw={600} data-testid="journey-strip-title">{t('journeys.strip')}{def && !sameWords(labels.journey(def), t('journeys.strip')) ? <Text span c="dimmed" size="xs"> · <bdi>{labels.journey(def)}</bdi></Text> : null}</Text>
        {journey.data.currentStage && <Text size="xs" data-testid="journey-strip-current">{t('journeys.currentStage', { stage: labels.stage(journey.data.currentStage) })}</Text>}
      </Group>
      {layout.length === 0 && <Text size="xs" c="dimmed">{t('journeys.stripEmpty')}</Text>}
      <Box style={{ display: 'flex', gap: 3, width: '100%' }}>
        {layout.map(({ step, grow, days, points }, i) => {
          const color = COLORS[Math.max(0, order.indexOf(step.stageKey)) % COLORS.length];
          const current = i === layout.length - 1 && step.stageKey === journey.data.currentStage;
          return (
            <Box key={`${step.stageKey}-${step.enteredAt}`} style={{ flex: `${grow} 1 0`, minWidth: 0 }} data-testid="journey-strip-stage" data-stage={step.stageKey}>
              <Box pos="relative" h={18} bg={`${color}.${current ? 5 : 2}`} style={{ borderRadius: 9 }}>
                {points.map((p, j) => (
                  <Tooltip key={`${p.key}-${p.at}-${j}`} withArrow label={<>{labels.touchpoint(p.key)} · {fmt.dateTime(p.at)}</>}>
                    <UnstyledButton aria-label={`${labels.touchpoint(p.key)} ${fmt.dateTime(p.at)}`} onClick={() => focusTimeline({ at: p.at, ref: p.ref })}
                      data-testid="journey-strip-point" data-at={p.at} data-key={p.key}
                      style={{ position: 'absolute', top: 3, insetInlineStart: `calc(${p.pos}% - ${(p.pos / 100) * 12}px + ${p.nudge}px)`, width: 12, height: 12, borderRadius: 6, background: '#fff', border: `2px solid var(--mantine-color-${color}-8)` }} />
                  </Tooltip>
                ))}
              </Box>
              <Text size="xs" fw={current ? 700 : 500} mt={4} truncate="end"><bdi>{labels.stage(step.stageKey)}</bdi></Text>
              <Text size="10px" c="dimmed" truncate="end">{fmt.date(step.enteredAt)}{days >= 1 ? ` · ${t('journeys.days', { n: fmt.number(Math.round(days)), count: Math.round(days) })}` : ''}</Text>
            </Box>
          );
        })}
      </Box>
    </Paper>
  );
}
