/**
 * Small charts drawn with plain elements (no chart library): horizontal bars, columns over time and a funnel. Bars
 * grow from the reading start (right in Persian, left in English) because they are ordinary boxes in the page's
 * direction; amounts are bigint strings, scaled without floating point until the percentage of the widest bar.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { Box, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';

/** value ÷ max as a CSS percentage (0–100), from bigints. */
export function share(value: bigint, max: bigint): number {
  if (max <= 0n || value <= 0n) return 0;
  return Number((value * 10_000n) / max) / 100;
}

const maxOf = (values: bigint[]) => values.reduce((m, v) => (v > m ? v : m), 0n);

export type Bar = { key: string; color: string; value: bigint; label?: string };
export type BarRow = { key: string; label: ReactNode; hint?: ReactNode; bars: Bar[]; value: ReactNode };

/** Rows of one or more bars each (e.g. invoiced and paid), all on the same scale. */
export function BarList({ rows, testId, labelWidth = 190 }: { rows: BarRow[]; testId?: string; labelWidth?: number }) {
  const max = maxOf(rows.flatMap((r) => r.bars.map((b) => b.value)));
  return (
    <Stack gap={10} data-testid={testId}>
      {rows.map((r) => (
        <Group key={r.key} gap="sm" wrap="nowrap" align="center">
          <Box w={{ base: 104, sm: labelWidth }} style={{ flexShrink: 0, minWidth: 0 }}>
            <Text size="sm" fw={500} truncate="end">{r.label}</Text>
            {r.hint && <Text size="xs" c="dimmed" truncate="end">{r.hint}</Text>}
          </Box>
          <Stack gap={3} style={{ flex: 1, minWidth: 40 }}>
            {r.bars.map((b) => (
              <Tooltip key={b.key} label={b.label} disabled={!b.label} withArrow>
                <Box h={r.bars.length > 1 ? 9 : 14} bg="gray.1" style={{ borderRadius: 4, overflow: 'hidden' }}>
                  <Box h="100%" w={`${share(b.value, max)}%`} bg={b.color} style={{ borderRadius: 4, minWidth: b.value > 0n ? 2 : 0 }} />
                </Box>
              </Tooltip>
            ))}
          </Stack>
          <Box style={{ flexShrink: 0, textAlign: 'end' }} miw={{ base: 64, sm: 96 }}>{r.value}</Box>
        </Group>
      ))}
    </Stack>
  );
}

export type Column = { key: string; label: string; value: bigint; short: string; full: string };

/** One column per period, the chosen one highlighted; clicking a column chooses its period. */
export function ColumnChart({ columns, selected, onSelect, height = 150, testId }: {
  columns: Column[]; selected?: string; onSelect?: (key: string) => void; height?: number; testId?: string;
}) {
  const max = maxOf(columns.map((c) => c.value));
  const box = useRef<HTMLDivElement>(null);
  // On a narrow screen the chosen column (the latest, at first) is scrolled into the middle, sideways only.
  useEffect(() => {
    const el = box.current;
    const col = el?.querySelector<HTMLElement>('[aria-pressed="true"]');
    if (!el || !col || el.scrollWidth <= el.clientWidth) return;
    const c = col.getBoundingClientRect();
    const b = el.getBoundingClientRect();
    el.scrollBy({ left: c.left + c.width / 2 - (b.left + b.width / 2) });
  }, [selected, columns.length]);
  return (
    <Group ref={box} gap={6} wrap="nowrap" align="flex-end" data-testid={testId} style={{ overflowX: 'auto', paddingBlock: 4 }}>
      {columns.map((c) => {
        const active = c.key === selected;
        return (
          <Tooltip key={c.key} label={`${c.label}: ${c.full}`} withArrow>
            <UnstyledButton onClick={() => onSelect?.(c.key)} aria-pressed={active} data-testid={`column-${c.key}`}
              style={{ flex: '1 0 44px', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 4 }}>
              {/* The amount sits right on top of its column; the column's height is in pixels of what is left. */}
              <Box h={height} w="100%" style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'flex-end', gap: 2 }}>
                <Text size="10px" lh="14px" c={c.value < 0n ? 'red.7' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>{c.short}</Text>
                <Box w="70%" h={Math.max(Math.round((share(c.value, max) * (height - 18)) / 100), c.value > 0n ? 2 : 0)} bg={active ? 'cyan.7' : 'cyan.3'}
                  style={{ borderRadius: '4px 4px 0 0', transition: 'height 200ms' }} />
              </Box>
              <Text size="xs" fw={active ? 700 : 400} style={{ whiteSpace: 'nowrap' }}>{c.label}</Text>
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Group>
  );
}

export type FunnelStep = { key: string; label: string; value: bigint; caption: ReactNode; inner?: bigint; color?: string };

/** Centered bars narrowing with their value (a funnel); `inner` draws a darker share inside (e.g. the weighted amount). */
export function Funnel({ steps, testId }: { steps: FunnelStep[]; testId?: string }) {
  const max = maxOf(steps.map((s) => s.value));
  return (
    <Stack gap={8} data-testid={testId}>
      {steps.map((s) => {
        const w = Math.max(share(s.value, max), 4);
        return (
          <Group key={s.key} gap="sm" wrap="nowrap">
            <Text size="sm" fw={500} w={{ base: 76, sm: 130 }} truncate="end" style={{ flexShrink: 0 }}>{s.label}</Text>
            <Box style={{ flex: 1, minWidth: 40, display: 'flex', justifyContent: 'center' }}>
              <Box w={`${w}%`} h={26} bg={s.color ?? 'indigo.2'} style={{ borderRadius: 6, position: 'relative', overflow: 'hidden', transition: 'width 200ms' }}>
                {s.inner !== undefined && (
                  <Box h="100%" w={`${share(s.inner, s.value)}%`} bg="indigo.5" style={{ position: 'absolute', insetBlock: 0, insetInlineStart: 0 }} />
                )}
              </Box>
            </Box>
            <Box miw={{ base: 96, sm: 150 }} style={{ flexShrink: 0, textAlign: 'end' }}>{s.caption}</Box>
          </Group>
        );
      })}
    </Stack>
  );
}
