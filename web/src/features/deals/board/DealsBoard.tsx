/**
 * The Kanban board of one pipeline. Cards are dragged (mouse, touch after a press and hold, or keyboard: Space, arrows,
 * Space) between and within columns, or moved with a card's menu. A move shows at once (optimistic) and is undone if
 * the server refuses it; a move into a lost stage first asks for the reason.
 *
 * Right-to-left: dnd-kit measures the screen (getBoundingClientRect), so dropping works whichever way the columns run.
 * Its auto-scroll does not: it takes scrollLeft ≤ 0 as "already at the left edge", and in an RTL scroller scrollLeft
 * runs from 0 (right) to negative (left), so it never scrolls toward later stages. Horizontal auto-scroll is therefore
 * done here, with scrollBy, which means "left" and "right" on screen in both directions.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Box, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  closestCenter, closestCorners, DndContext, DragOverlay, getFirstCollision, KeyboardSensor, MouseSensor, pointerWithin, rectIntersection,
  TouchSensor, useSensor, useSensors, type CollisionDetection, type DragEndEvent, type DragMoveEvent, type DragOverEvent, type DragStartEvent,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/errors';
import { moveDeal, type Board, type BoardDeal as Deal } from '../deals.api';
import { BoardColumn } from './BoardColumn';
import { BoardTotals, ClosedDropZone, ScrollHints } from './BoardChrome';
import { DealCardView } from './DealCard';
import { LostReasonModal } from './LostReasonModal';
import { columnsOf, findColumn, moveInColumns, moveOnBoard, placement, type Columns } from './board-order';

type Props = { board: Board; boardQueryKey: readonly unknown[]; onOpen: (id: string) => void; canMove: boolean };
type PendingLost = { dealId: string; stageId: string; index: number; before: Board };

const EDGE = 64;

export function DealsBoard({ board, boardQueryKey, onOpen, canMove }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [cols, setCols] = useState<Columns | null>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<PendingLost | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const pointerX = useRef<number | null>(null);
  // A drag that ends over a card's title must not also count as a click that opens the deal.
  const droppedAt = useRef(0);
  const open = (id: string) => {
    if (Date.now() - droppedAt.current > 300) onOpen(id);
  };

  const sensors = useSensors(
    // Mouse: after 6 px (a press that does not move stays a click). Touch: press and hold, so a swipe still scrolls.
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const dealsById = useMemo(() => new Map(board.stages.flatMap((s) => s.deals.map((d) => [d.id, d] as const))), [board]);
  const stages = board.stages;
  const view = cols ?? columnsOf(board);
  const viewRef = useRef(view);
  viewRef.current = view;

  /**
   * What the card is over: the column under the pointer (an empty column too, which corner distances would miss),
   * and within it the nearest card; with no pointer (keyboard), the nearest by corners.
   */
  const collision: CollisionDetection = (args) => {
    const under = pointerWithin(args);
    const hits = under.length ? under : rectIntersection(args);
    const overId = getFirstCollision(hits, 'id');
    if (overId == null) return closestCorners(args);
    const column = viewRef.current[String(overId)];
    if (column) {
      const cards = args.droppableContainers.filter((c) => column.includes(String(c.id)));
      const nearest = cards.length ? closestCenter({ ...args, droppableContainers: cards }) : [];
      return nearest.length ? nearest : [{ id: overId }];
    }
    return hits;
  };

  // Horizontal auto-scroll while a card is dragged near the board's left or right edge (see the header comment).
  useEffect(() => {
    if (!activeId) return;
    let frame = 0;
    const tick = () => {
      const el = scroller.current;
      const x = pointerX.current;
      if (el && x !== null) {
        const r = el.getBoundingClientRect();
        if (x < r.left + EDGE) el.scrollBy({ left: -Math.ceil((r.left + EDGE - x) / 4) });
        else if (x > r.right - EDGE) el.scrollBy({ left: Math.ceil((x - (r.right - EDGE)) / 4) });
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [activeId]);

  /** Shows the move at once, sends it, and puts the board back as it was if the server says no. */
  async function commit(dealId: string, stageId: string, index: number, lostReason?: string, before?: Board) {
    const snapshot = before ?? queryClient.getQueryData<Board>(boardQueryKey) ?? board;
    const next = moveOnBoard(snapshot, dealId, stageId, index, lostReason);
    // Set before the first await, so the card never flashes back to where the drag started.
    queryClient.setQueryData(boardQueryKey, next);
    await queryClient.cancelQueries({ queryKey: boardQueryKey });
    queryClient.setQueryData(boardQueryKey, next);
    const ids = next.stages.find((s) => s.id === stageId)?.deals.map((d) => d.id) ?? [];
    try {
      await moveDeal(dealId, { stageId, ...placement(ids, dealId), ...(lostReason ? { lostReason } : {}) });
    } catch (err) {
      queryClient.setQueryData(boardQueryKey, snapshot);
      notifications.show({ color: 'red', title: t('sales.board.moveFailed'), message: errorMessage(t, err) });
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['deals'] });
      void queryClient.invalidateQueries({ queryKey: ['customer'] });
      void queryClient.invalidateQueries({ queryKey: ['timeline'] });
    }
  }

  /** A move into a lost stage waits for the reason; the card already shows there meanwhile. */
  function requestMove(dealId: string, stageId: string, index: number) {
    const deal = dealsById.get(dealId);
    const target = stages.find((s) => s.id === stageId);
    if (!deal || !target) return;
    if (deal.stageId === stageId && (board.stages.find((s) => s.id === stageId)?.deals.findIndex((d) => d.id === dealId) ?? -1) === index) return;
    if (target.outcome === 'lost' && deal.status !== 'lost') {
      const before = queryClient.getQueryData<Board>(boardQueryKey) ?? board;
      queryClient.setQueryData(boardQueryKey, moveOnBoard(before, dealId, stageId, index));
      setPendingLost({ dealId, stageId, index, before });
      return;
    }
    void commit(dealId, stageId, index);
  }

  const onDragStart = ({ active }: DragStartEvent) => {
    setActiveId(String(active.id));
    setCols(columnsOf(board));
  };

  const onDragMove = ({ activatorEvent, delta }: DragMoveEvent) => {
    const e = activatorEvent as PointerEvent | MouseEvent | TouchEvent;
    const startX = 'touches' in e ? e.touches[0]?.clientX : 'clientX' in e ? e.clientX : undefined;
    pointerX.current = startX === undefined ? null : startX + delta.x;
  };

  // Crossing into another column moves the card there while dragging, so that column opens a gap for it.
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over || !cols) return;
    const id = String(active.id);
    const from = findColumn(cols, id);
    const to = findColumn(cols, String(over.id));
    if (!from || !to || from === to) return;
    const overIsColumn = String(over.id) === to;
    let index = overIsColumn ? cols[to].length : cols[to].indexOf(String(over.id));
    const translated = active.rect.current.translated;
    if (!overIsColumn && translated && translated.top > over.rect.top + over.rect.height / 2) index += 1;
    setCols(moveInColumns(cols, id, to, index));
  };

  const finish = () => {
    droppedAt.current = Date.now();
    setActiveId(null);
    setCols(null);
    pointerX.current = null;
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const id = String(active.id);
    const current = cols;
    finish();
    if (!over || !current) return;
    const to = findColumn(current, String(over.id));
    if (!to) return;
    let ids = current[to];
    const overId = String(over.id);
    if (overId !== to && overId !== id && ids.includes(overId) && ids.includes(id)) {
      ids = arrayMove(ids, ids.indexOf(id), ids.indexOf(overId));
    }
    requestMove(id, to, ids.indexOf(id));
  };

  const active = activeId ? dealsById.get(activeId) : undefined;
  const lostDeal: Deal | undefined = pendingLost ? dealsById.get(pendingLost.dealId) : undefined;

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        autoScroll={{ threshold: { x: 0, y: 0.15 } }}
        onDragStart={onDragStart}
        onDragMove={onDragMove}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={finish}
        accessibility={{
          screenReaderInstructions: { draggable: t('sales.board.dragHelp') },
          announcements: {
            onDragStart: ({ active: a }) => t('sales.board.announceStart', { title: dealsById.get(String(a.id))?.title ?? '' }),
            onDragOver: ({ over }) => (over ? t('sales.board.announceOver', { stage: stages.find((s) => s.id === findColumn(view, String(over.id)))?.name ?? '' }) : undefined),
            onDragEnd: ({ over }) => (over ? t('sales.board.announceDrop', { stage: stages.find((s) => s.id === findColumn(view, String(over.id)))?.name ?? '' }) : undefined),
            onDragCancel: () => t('sales.board.announceCancel'),
          },
        }}
      >
        <BoardTotals stages={stages} />
        {/* The board fits the window and each column scrolls its own cards, so a long column never pushes the page. The
            won and lost stages are drop zones below it, so the open stages get the width. */}
        <Box pos="relative">
          <Box ref={scroller} style={{ overflowX: 'auto', overscrollBehaviorX: 'contain', height: 'max(380px, calc(100dvh - 330px))' }} pb="sm" data-testid="deals-board">
            <div style={{ display: 'flex', gap: 10, alignItems: 'stretch', height: '100%', width: 'max-content' }}>
              {stages.filter((s) => s.outcome === 'open').map((s) => (
                <BoardColumn
                  key={s.id}
                  stage={s}
                  deals={(view[s.id] ?? []).map((id) => dealsById.get(id)).filter((d): d is Deal => Boolean(d))}
                  stages={stages}
                  onOpen={open}
                  onMoveTo={(dealId, stageId) => requestMove(dealId, stageId, 0)}
                  canMove={canMove}
                />
              ))}
            </div>
          </Box>
          <ScrollHints scroller={scroller} />
        </Box>
        <Group gap="sm" wrap="wrap" data-testid="board-closed">
          {stages.filter((s) => s.outcome !== 'open').map((s) => <ClosedDropZone key={s.id} stage={s} canMove={canMove} />)}
        </Group>
        {/* No drop animation: before animating, dnd-kit scrolls the card's old place into view, which after a drop into a
            far column throws the board back to the column the card came from. */}
        <DragOverlay dropAnimation={null}>
          {active ? <div style={{ width: 'min(256px, 74vw)' }}><DealCardView deal={active} stages={stages} onOpen={() => {}} overlay /></div> : null}
        </DragOverlay>
      </DndContext>
      <LostReasonModal
        opened={pendingLost !== null}
        dealTitle={lostDeal?.title}
        stageName={stages.find((s) => s.id === pendingLost?.stageId)?.name}
        onCancel={() => {
          if (pendingLost) queryClient.setQueryData(boardQueryKey, pendingLost.before);
          setPendingLost(null);
        }}
        onConfirm={(reason) => {
          if (!pendingLost) return;
          const p = pendingLost;
          setPendingLost(null);
          void commit(p.dealId, p.stageId, p.index, reason, p.before);
        }}
      />
    </>
  );
}
