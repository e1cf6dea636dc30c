/**
 * What the sankey draws: one box per stage in the journey's order and the flows between them. The server's flows are
 * used when it sends them; otherwise each stage's converted customers flow into the next stage and the rest into a
 * grey «left after …» box beside it, so conversion and drop-off read off the same picture. Moves back to an earlier
 * stage are counted, not drawn.
 */
import type { Flow, JourneyMap } from './journeys.api';

export type SankeyNode = { key: string; label: string; customers: number; drop?: boolean };

export function sankeyData(map: Pick<JourneyMap, 'stages'> & { flows?: Flow[] }, order: string[], stageLabel: (key: string) => string, droppedLabel: (stage: string) => string): { nodes: SankeyNode[]; flows: Flow[]; back: number } {
  const byKey = new Map(map.stages.map((s) => [s.key, s]));
  const keys = order.length ? order : map.stages.map((s) => s.key);
  const nodes: SankeyNode[] = keys.map((k) => ({ key: k, label: stageLabel(k), customers: byKey.get(k)?.customers ?? 0 }));
  if (map.flows?.length) {
    // A sankey cannot draw a loop: a move back to an earlier stage (support → use) is counted beside the chart instead.
    const at = new Map(keys.map((k, i) => [k, i]));
    const forward = (f: Flow) => (at.get(f.to) ?? -1) > (at.get(f.from) ?? Infinity);
    const live = map.flows.filter((f) => f.customers > 0);
    return { nodes, flows: live.filter(forward), back: live.filter((f) => !forward(f)).reduce((a, f) => a + f.customers, 0) };
  }
  const flows: Flow[] = [];
  for (let i = 0; i + 1 < keys.length; i++) {
    const s = byKey.get(keys[i]);
    if (!s || s.conversion === null || s.customers <= 0) continue;
    const moved = Math.round(s.customers * Math.min(1, Math.max(0, s.conversion)));
    const dropped = s.customers - moved;
    if (moved > 0) flows.push({ from: s.key, to: keys[i + 1], customers: moved });
    if (dropped > 0) {
      nodes.push({ key: `drop:${s.key}`, label: droppedLabel(stageLabel(s.key)), customers: dropped, drop: true });
      flows.push({ from: s.key, to: `drop:${s.key}`, customers: dropped });
    }
  }
  return { nodes, flows, back: 0 };
}
