/**
 * The last 90 days of a customer's health (and churn risk) as a small SVG chart on the insights card: one dot per
 * stored day, placed by its date between the first stored day of the window and today; in Persian time runs from right to left, and every date (the window's
 * ends, a dot's tooltip and the read-out under the chart) is in the reader's calendar. SVG, not ECharts: the profile
 * does not load the dashboard's chart library for one line.
 */
import { useState } from 'react';
import { Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client';
import { useFormat } from '../../lib/format';
import type { healthHistoryAnswer } from '../../../../common/insights.schemas';

type History = z.infer<typeof healthHistoryAnswer>;
const W = 300, H = 64, PAD = 4;
const DAY = 86_400_000;
const HEALTH = '#12b886', RISK = '#fa5252';

export function HealthHistory({ customerId, computedAt }: { customerId: string; computedAt: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rtl = fmt.locale === 'fa';
  const [active, setActive] = useState<number | null>(null);
  const q = useQuery({
    queryKey: ['insights-history', customerId, computedAt],
    queryFn: () => api.get<History>(`/insights/customers/${customerId}/history`),
  });
  if (!q.data || q.data.points.length === 0) return null;
  const { to, points } = q.data;
  // The axis runs from the first stored day in the window (its date is shown) to today: a customer scored only for a
  // few days still gets the chart's width; a single day sits at today's end.
  const start = points.length > 1 ? points[0].day : new Date(Date.parse(to) - DAY).toISOString().slice(0, 10);
  const span = Math.max(1, (Date.parse(to) - Date.parse(start)) / DAY);
  const x = (day: string) => {
    const f = (Date.parse(day) - Date.parse(start)) / DAY / span;
    return PAD + (rtl ? 1 - f : f) * (W - 2 * PAD);
  };
  const y = (v: number) => PAD + (1 - v / 100) * (H - 2 * PAD);
  const line = (key: 'health' | 'churnRisk') => points.map((p) => `${x(p.day).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const label = (i: number) => t('insights.history.point', { day: fmt.date(points[i].day), health: fmt.number(points[i].health), risk: fmt.number(points[i].churnRisk) });
  const shown = active ?? points.length - 1;
  return (
    <div data-testid="health-history" data-points={points.length}>
      <Group justify="space-between" gap="xs" mt={6} wrap="nowrap">
        <Text size="xs" fw={600}>{t('insights.history.title')}</Text>
        <Group gap={8} wrap="nowrap">
          <Group gap={4} wrap="nowrap"><svg width="14" height="4" aria-hidden><line x1="0" y1="2" x2="14" y2="2" stroke={HEALTH} strokeWidth="2" /></svg><Text size="xs" c="dimmed">{t('insights.health')}</Text></Group>
          <Group gap={4} wrap="nowrap"><svg width="14" height="4" aria-hidden><line x1="0" y1="2" x2="14" y2="2" stroke={RISK} strokeWidth="2" strokeDasharray="3 2" /></svg><Text size="xs" c="dimmed">{t('insights.churnRisk')}</Text></Group>
        </Group>
      </Group>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={t('insights.history.title')} style={{ display: 'block', marginTop: 4, overflow: 'visible' }}
        onMouseLeave={() => setActive(null)}>
        {/* The health bands' edges (40 and 70). */}
        {[40, 70].map((v) => <line key={v} x1={PAD} x2={W - PAD} y1={y(v)} y2={y(v)} stroke="var(--mantine-color-gray-3)" strokeWidth="0.6" strokeDasharray="2 2" />)}
        <line x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} stroke="var(--mantine-color-gray-4)" strokeWidth="0.6" />
        {points.length > 1 && <polyline points={line('churnRisk')} fill="none" stroke={RISK} strokeWidth="1.4" strokeDasharray="4 3" strokeLinejoin="round" />}
        {points.length > 1 && <polyline points={line('health')} fill="none" stroke={HEALTH} strokeWidth="2" strokeLinejoin="round" />}
        {points.map((p, i) => (
          <g key={p.day} data-testid="health-history-point" data-day={p.day} onMouseEnter={() => setActive(i)} onClick={() => setActive(i)} style={{ cursor: 'default' }}>
            <title>{label(i)}</title>
            <circle cx={x(p.day)} cy={y(p.health)} r={i === shown ? 3.2 : 2} fill={HEALTH} />
            <circle cx={x(p.day)} cy={y(p.health)} r="7" fill="transparent" />
          </g>
        ))}
      </svg>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" data-testid="health-history-from">{fmt.date(points[0].day)}</Text>
        <Text size="xs" c="dimmed" data-testid="health-history-to">{fmt.date(to)}</Text>
      </Group>
      <Text size="xs" c="dimmed" ta="center" data-testid="health-history-readout">{label(shown)}</Text>
    </div>
  );
}
