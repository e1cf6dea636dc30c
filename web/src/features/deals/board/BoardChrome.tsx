/**
 * Around the board's columns: the board's totals (open deals, their sum and probability-weighted sum), the won and
 * lost stages as drop zones in a footer (so the open stages get the width at 1440 px), and the horizontal scroll
 * affordance — fades and arrow buttons at whichever edge has more columns, in LTR and RTL alike.
 */
import { useEffect, useState, type RefObject } from 'react';
import { ActionIcon, Badge, Group, Paper, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { outcomeColor, type BoardStage } from '../deals.api';

const big = (s: string) => BigInt(s);

/** Beside the page's open count and sum: the probability-weighted sum of the open deals, and what was won lately. */
export function BoardTotals({ stages }: { stages: BoardStage[] }) {
  const { t } = useTranslation();
  const money = useMoney();
  const sum = (list: BoardStage[], f: (s: BoardStage) => string) => list.reduce((n, s) => n + big(f(s)), 0n).toString();
  const open = stages.filter((s) => s.outcome === 'open');
  const won = stages.filter((s) => s.outcome === 'won');
  return (
    <Group gap="lg" wrap="wrap" data-testid="board-totals">
      <Text size="sm"><Text span c="dimmed">{t('sales.board.totalWeighted')}: </Text><Text span fw={700} data-testid="board-total-weighted">{money.format(sum(open, (s) => s.weightedAmount))}</Text></Text>
      <Text size="sm"><Text span c="dimmed">{t('sales.board.totalWon')}: </Text><Text span fw={700} c="teal.8" data-testid="board-total-won">{money.format(sum(won, (s) => s.amount))}</Text></Text>
    </Group>
  );
}

/** A won or lost stage as a drop target: its name, how many deals closed there lately and their sum. */
export function ClosedDropZone({ stage, canMove }: { stage: BoardStage; canMove: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { type: 'column' }, disabled: !canMove });
  const color = outcomeColor(stage.outcome);
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      px="sm"
      py={8}
      style={{ flex: '1 1 220px', borderStyle: 'dashed', borderWidth: 2, borderColor: `var(--mantine-color-${color}-${isOver ? 6 : 3})`, background: isOver ? `var(--mantine-color-${color}-light)` : undefined }}
      data-testid="board-drop-zone"
      data-stage-id={stage.id}
      data-stage-name={stage.name}
      role="group"
      aria-label={t('sales.board.dropZone', { stage: stage.name })}
    >
      <Group justify="space-between" wrap="nowrap" gap={6}>
        <Text size="sm" fw={700} c={`${color}.8`} lineClamp={1}>{stage.name}</Text>
        <Group gap={6} wrap="nowrap">
          <Badge size="sm" variant="light" color={color}>{fmt.number(stage.count)}</Badge>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{money.format(stage.amount)}</Text>
        </Group>
      </Group>
      <Text size="xs" c="dimmed">{t('sales.board.dropHint')}</Text>
    </Paper>
  );
}

/** Which screen edges of the scroller have more content beyond them. */
function useOverflow(scroller: RefObject<HTMLDivElement | null>) {
  const [edges, setEdges] = useState({ left: false, right: false });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const content = el.firstElementChild as HTMLElement | null;
      if (!content) return;
      const box = el.getBoundingClientRect();
      const inner = content.getBoundingClientRect();
      const next = { left: inner.left < box.left - 1, right: inner.right > box.right + 1 };
      setEdges((prev) => (prev.left === next.left && prev.right === next.right ? prev : next));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (el.firstElementChild) ro.observe(el.firstElementChild);
    return () => { el.removeEventListener('scroll', measure); ro.disconnect(); };
  }, [scroller]);
  return edges;
}

/** Fades and arrow buttons on the edges that have more columns; a click scrolls by most of the visible width. */
export function ScrollHints({ scroller }: { scroller: RefObject<HTMLDivElement | null> }) {
  const { t } = useTranslation();
  const edges = useOverflow(scroller);
  const by = (sign: 1 | -1) => {
    const el = scroller.current;
    if (el) el.scrollBy({ left: sign * Math.max(240, el.clientWidth * 0.8), behavior: 'smooth' });
  };
  const fade = (side: 'left' | 'right') => ({
    position: 'absolute' as const, top: 0, bottom: 12, [side]: 0, width: 48, pointerEvents: 'none' as const, zIndex: 2,
    background: `linear-gradient(to ${side === 'left' ? 'right' : 'left'}, var(--mantine-color-body), transparent)`,
  });
  const button = (side: 'left' | 'right') => ({ position: 'absolute' as const, top: '45%', [side]: 4, zIndex: 3 });
  return (
    <>
      {edges.left && <div style={fade('left')} data-testid="board-fade-left" />}
      {edges.right && <div style={fade('right')} data-testid="board-fade-right" />}
      {edges.left && (
        <ActionIcon radius="xl" size="lg" variant="default" style={button('left')} onClick={() => by(-1)} aria-label={t('sales.board.scrollLeft')} data-testid="board-scroll-left">
          <IconChevronLeft size={18} />
        </ActionIcon>
      )}
      {edges.right && (
        <ActionIcon radius="xl" size="lg" variant="default" style={button('right')} onClick={() => by(1)} aria-label={t('sales.board.scrollRight')} data-testid="board-scroll-right">
          <IconChevronRight size={18} />
        </ActionIcon>
      )}
    </>
  );
}
