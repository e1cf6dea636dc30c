/** One stage of the board: its name, how many deals and their sum, and its cards (a drop target even when empty). */
import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { outcomeColor, type BoardStage, type BoardDeal as Deal, type Stage } from '../deals.api';
import { SortableDealCard } from './DealCard';

type Props = {
  stage: BoardStage;
  deals: Deal[];
  stages: Stage[];
  onOpen: (id: string) => void;
  onMoveTo: (dealId: string, stageId: string) => void;
  canMove: boolean;
};

export function BoardColumn({ stage, deals, stages, onOpen, onMoveTo, canMove }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id, data: { type: 'column' }, disabled: !canMove });
  const color = outcomeColor(stage.outcome);
  return (
    <Paper
      radius="md"
      p="xs"
      bg={isOver ? 'var(--mantine-color-cyan-light)' : 'var(--mantine-color-gray-light)'}
      style={{ flex: '0 0 auto', width: 'min(272px, 78vw)', height: '100%', display: 'flex', flexDirection: 'column', borderTop: `3px solid var(--mantine-color-${color}-5)` }}
      data-testid="board-column"
      data-stage-id={stage.id}
      data-stage-name={stage.name}
      role="group"
      aria-label={stage.name}
    >
      <Stack gap={2} mb="xs" px={4}>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text fw={700} size="sm" lineClamp={1}>{stage.name}</Text>
          <Badge size="sm" variant="light" color={color} data-testid="column-count">{fmt.number(stage.count)}</Badge>
        </Group>
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="xs" c="dimmed" data-testid="column-amount">{money.format(stage.amount)}</Text>
          {stage.outcome === 'open' && <Text size="xs" c="dimmed">{t('sales.board.probability', { p: fmt.number(stage.probability) })}</Text>}
        </Group>
        {stage.outcome === 'open' && (
          <Text size="xs" c="dimmed" data-testid="column-weighted">{t('sales.board.weighted', { amount: money.format(stage.weightedAmount) })}</Text>
        )}
      </Stack>
      <SortableContext id={stage.id} items={deals.map((d) => d.id)} strategy={verticalListSortingStrategy}>
        <Stack ref={setNodeRef} gap={6} style={{ minHeight: 72, flex: 1, overflowY: 'auto', overscrollBehaviorY: 'contain', padding: 2 }} data-testid="column-cards">
          {deals.map((d) => (
            <SortableDealCard key={d.id} deal={d} stages={stages} onOpen={onOpen} onMoveTo={canMove ? onMoveTo : undefined} />
          ))}
          {deals.length === 0 && (
            <Text size="xs" c="dimmed" ta="center" py="md" style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 8 }}>
              {t('sales.board.emptyColumn')}
            </Text>
          )}
          {stage.count > stage.deals.length && (
            <Text size="xs" c="dimmed" ta="center">{t('sales.board.more', { n: fmt.number(stage.count - stage.deals.length) })}</Text>
          )}
        </Stack>
      </SortableContext>
    </Paper>
  );
}
