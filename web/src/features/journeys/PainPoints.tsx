/** Pain points as the server ranks them (customers affected × severity): what, where, how bad, the evidence, and the review. */
import { Badge, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import type { TFunction } from 'i18next';
import type { Evidence, PainPoint } from './journeys.api';
import { pc, type Labels } from './labels';

const STATUS_COLOR = { confirmed: 'orange', dismissed: 'gray' } as const;

/** Severity as the server sends it: a share (0–1) reads as a percentage, anything larger as a plain figure. */
export function severityText(fmt: ReturnType<typeof useFormat>, s: number) {
  return s <= 1 ? `${fmt.number(Math.round(s * 100))}${pc(fmt)}` : fmt.number(Math.round(s * 10) / 10);
}
const severityColor = (s: number) => { const x = s <= 1 ? s : s / 10; return x >= 0.66 ? 'red' : x >= 0.33 ? 'orange' : 'yellow'; };
const share = (fmt: ReturnType<typeof useFormat>, x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '—' : `${fmt.number(Math.round(x * 1000) / 10)}${pc(fmt)}`);

/** The figures behind a pain point: its rate against what it is compared with, and how many each side counts. */
export function evidenceFigures(t: TFunction, fmt: ReturnType<typeof useFormat>, e: Evidence): string | null {
  if (e.rate === undefined || e.baseline === undefined) return null;
  return t('journeys.evidenceFigures', {
    rate: share(fmt, e.rate), baseline: share(fmt, e.baseline), n: fmt.number(e.n ?? 0), baselineN: fmt.number(e.baselineN ?? 0),
    against: t(`journeys.comparison.${e.comparison ?? 'touchpoints'}`, { defaultValue: e.comparison ?? '' }),
  });
}

export function PainPoints({ items, labels, selected, onSelect }: { items: PainPoint[]; labels: Labels; selected: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder radius="md" p="md" data-testid="journey-pain-points">
      <Text fw={600}>{t('journeys.painPoints')}</Text>
      <Text size="xs" c="dimmed" mb="sm">{t('journeys.painPointsHint')}</Text>
      {items.length === 0 && <Text size="sm" c="dimmed" data-testid="journey-no-pain">{t('journeys.noPainPoints')}</Text>}
      <Stack gap={6}>
        {items.map((p, i) => {
          const status = p.review?.status ?? null;
          const active = p.id === selected;
          return (
            <UnstyledButton key={p.id} onClick={() => onSelect(p.id)} aria-pressed={active} data-testid="journey-pain-point" data-kind={p.kind}
              style={{ borderRadius: 8, border: `1px solid var(--mantine-color-${active ? 'cyan-6' : 'gray-3'})`, padding: 10, background: active ? 'var(--mantine-color-cyan-0)' : undefined, opacity: status === 'dismissed' ? 0.6 : 1 }}>
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Group gap={8} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
                  <Text fw={700} c="dimmed" size="sm">{fmt.number(i + 1)}</Text>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={600} title={labels.kindHint(p.kind) || undefined}>{labels.kind(p.kind)}</Text>
                    <Text size="xs" c="dimmed" data-testid="journey-pain-where">
                      {/* A drop-off belongs to a stage, not to one touchpoint. */}
                      {p.touchpointKey ? <><bdi>{labels.touchpoint(p.touchpointKey)}</bdi> · <bdi>{labels.stage(p.stageKey)}</bdi></> : <bdi>{t('journeys.atStage', { stage: labels.stage(p.stageKey) })}</bdi>}
                      {p.evidence.productLine ? <> · <bdi>{p.evidence.productLine}</bdi></> : null}
                    </Text>
                  </div>
                </Group>
                <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                  <Badge color={severityColor(p.severity)} variant="light" size="sm">{t('journeys.severity', { value: severityText(fmt, p.severity) })}</Badge>
                  <Text size="xs" data-testid="journey-pain-customers">{t('journeys.customersAffected', { n: fmt.number(p.customers), count: p.customers })}</Text>
                </Stack>
              </Group>
              {p.evidence.text && <Text size="xs" mt={6} c="dark.4" data-testid="journey-pain-evidence">{labels.text(p.evidence.text)}</Text>}
              {evidenceFigures(t, fmt, p.evidence) && <Text size="xs" mt={2} c="dimmed">{evidenceFigures(t, fmt, p.evidence)}</Text>}
              {status && <Badge mt={6} size="xs" variant="outline" color={STATUS_COLOR[status]}>{t(`journeys.status.${status}`)}</Badge>}
            </UnstyledButton>
          );
        })}
      </Stack>
    </Paper>
  );
}
