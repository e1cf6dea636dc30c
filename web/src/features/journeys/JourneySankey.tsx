/**
 * The flows between stages as an ECharts sankey. ECharts lays a sankey out left to right only, so in a right-to-left
 * page the stages get mirrored depths and every link is drawn from its target to its source: the first stage sits on
 * the right and the bands run leftwards, while the tooltips still name the real direction. The chart is exposed
 * through a ref so the page can export it as a PNG (getDataURL).
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Box } from '@mantine/core';
import * as echarts from 'echarts/core';
import { SankeyChart } from 'echarts/charts';
import { TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Flow } from './journeys.api';
import type { SankeyNode } from './sankey-data';

echarts.use([SankeyChart, TooltipComponent, TitleComponent, CanvasRenderer]);

export type SankeyHandle = { png: (title: string) => string | null };

const PALETTE = ['#0c8599', '#1c7ed6', '#4263eb', '#7048e8', '#ae3ec9', '#d6336c', '#f76707', '#37b24d', '#74b816'];

type Props = { nodes: SankeyNode[]; flows: Flow[]; rtl: boolean; font: string; formatNumber: (n: number) => string; height?: number };

export const JourneySankey = forwardRef<SankeyHandle, Props>(function JourneySankey({ nodes, flows, rtl, font, formatNumber, height = 320 }, ref) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [narrow, setNarrow] = useState(false);

  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => { c.resize(); setNarrow((box.current?.clientWidth ?? 1000) < 560); });
    resize.observe(box.current);
    return () => { resize.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const stageIndex = new Map(nodes.filter((n) => !n.drop).map((n, i) => [n.key, i]));
    const last = Math.max(0, stageIndex.size - 1);
    const depthOf = (n: SankeyNode, i: number) => {
      const d = n.drop ? Math.min(last, (stageIndex.get(n.key.replace(/^drop:/, '')) ?? i) + 1) : stageIndex.get(n.key) ?? i;
      return rtl ? last - d : d;
    };
    const byKey = new Map(nodes.map((n) => [n.key, n]));
    const used = new Set(flows.flatMap((f) => [f.from, f.to]));
    // A stage nobody passed through in the period has no band; its column stays empty (depths are fixed).
    const shown = nodes.filter((n) => used.has(n.key));
    const outer = Math.max(0, ...shown.map((n, i) => depthOf(n, i)));
    c.setOption({
      textStyle: { fontFamily: font },
      tooltip: {
        trigger: 'item',
        formatter: (p: { dataType?: string; data: { name?: string; real?: [string, string]; value?: number } }) => {
          if (p.dataType === 'edge' && p.data.real) {
            const [a, b] = p.data.real;
            return `${byKey.get(a)?.label ?? a} ${rtl ? '←' : '→'} ${byKey.get(b)?.label ?? b}: ${formatNumber(p.data.value ?? 0)}`;
          }
          const n = byKey.get(p.data.name ?? '');
          return n ? `${n.label}: ${formatNumber(n.customers)}` : '';
        },
      },
      series: [{
        type: 'sankey',
        left: 8, right: 8, top: 12, bottom: 12,
        nodeWidth: 14, nodeGap: 10, draggable: false, layoutIterations: 32,
        emphasis: { focus: 'adjacency' },
        data: shown.map((n, i) => ({
          name: n.key,
          depth: depthOf(n, i),
          itemStyle: { color: n.drop ? '#adb5bd' : PALETTE[(stageIndex.get(n.key) ?? 0) % PALETTE.length] },
          label: {
            // On a phone the stage cards above carry the names and numbers; the bands alone stay readable.
            show: !narrow,
            formatter: () => `${n.label}\n${formatNumber(n.customers)}`,
            // Labels sit on the inner side of the outer columns so they never leave the chart.
            position: depthOf(n, i) === outer ? 'left' : 'right',
            fontSize: 11, lineHeight: 14, color: n.drop ? '#868e96' : '#212529',
          },
        })),
        links: flows.filter((f) => f.customers > 0 && byKey.has(f.from) && byKey.has(f.to)).map((f) => ({
          source: rtl ? f.to : f.from,
          target: rtl ? f.from : f.to,
          value: f.customers,
          real: [f.from, f.to],
          lineStyle: { color: byKey.get(f.to)?.drop ? '#dee2e6' : 'gradient', opacity: 0.45, curveness: 0.5 },
        })),
      }],
    }, { notMerge: true });
  }, [nodes, flows, rtl, font, formatNumber, narrow]);

  useImperativeHandle(ref, () => ({
    png: (title: string) => {
      const c = chart.current;
      if (!c) return null;
      c.setOption({ title: { text: title, left: 'center', textStyle: { fontSize: 14, fontFamily: font } }, series: [{ top: 40 }] });
      const url = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
      c.setOption({ title: { text: '' }, series: [{ top: 12 }] });
      return url;
    },
  }), [font]);

  return <Box ref={box} h={height} w="100%" data-testid="journey-sankey" />;
});
