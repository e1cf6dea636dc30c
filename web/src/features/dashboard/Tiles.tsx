/** One tile per figure: this period's value, the arrow and change against the previous period, and a sparkline. */
import { Group, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconMinus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from './dashboard.api';
import { EChart } from './EChart';
import { FIGURES, type FigureKind, type makeFigureFormat } from './figures';

type Format = ReturnType<typeof makeFigureFormat>;

function Sparkline({ values, color, rtl }: { values: (number | null)[]; color: string; rtl: boolean }) {
  return (
    <EChart height={36} option={{
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, inverse: rtl, data: values.map((_, i) => i) },
      yAxis: { type: 'value', show: false, scale: true },
      series: [{ type: 'line', data: values, smooth: true, symbol: 'none', connectNulls: true, lineStyle: { width: 2, color }, areaStyle: { color, opacity: 0.12 } }],
    }} />
  );
}

export function Tiles({ data, format }: { data: Dashboard; format: Format }) {
  const { t, i18n } = useTranslation();
  const rtl = i18n.language === 'fa';
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4, xl: 7 }} spacing="sm" data-testid="dashboard-tiles">
      {FIGURES.map((f) => {
        const m = data.metrics[f.key];
        const d = m.delta === null ? 0 : Number(m.delta);
        const good = d === 0 ? null : (d > 0) === (f.good === 'up');
        const color = good === null ? 'gray' : good ? 'teal' : 'red';
        const Arrow = d > 0 ? IconArrowUpRight : d < 0 ? IconArrowDownRight : IconMinus;
        const change = format.change(f.kind as FigureKind, m.delta, m.changePct);
        return (
          <Paper key={f.key} withBorder radius="md" p="sm" data-testid={`tile-${f.key}`} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" truncate="end">{t(`dashboard.metric.${f.key}`)}</Text>
            <Text fw={700} size="lg" data-testid={`tile-${f.key}-value`} style={{ whiteSpace: 'nowrap' }}>{format.value(f.kind, m.value)}</Text>
            <Tooltip label={`${t('dashboard.vsPrevious')}: ${format.value(f.kind, m.previous)}`} withArrow>
              <Group gap={2} wrap="nowrap" c={color} data-testid={`tile-${f.key}-change`} data-good={good === null ? 'same' : good ? 'yes' : 'no'}>
                {m.delta !== null && <Arrow size={14} aria-hidden style={rtl && d !== 0 ? { transform: 'scaleX(-1)' } : undefined} />}
                <Text size="xs" c={color} truncate="end">{change ?? t('dashboard.noPrevious')}</Text>
              </Group>
            </Tooltip>
            <Sparkline rtl={rtl} color={good === false ? '#fa5252' : '#15aabf'}
              values={data.trend.map((p) => { const v = p.values[f.key]; return v === null ? null : Number(v); })} />
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
