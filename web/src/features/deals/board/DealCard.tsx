/** A card on the board: title, customer, amount, owner, expected close (Jalali in fa); a menu to move it without dragging. */
import type { CSSProperties, HTMLAttributes } from 'react';
import { ActionIcon, Badge, Group, Menu, Paper, Text, UnstyledButton } from '@mantine/core';
import { IconCalendar, IconChecklist, IconDots, IconExternalLink, IconUser, IconUserCircle } from '@tabler/icons-react';
import { STALE_DEAL_DAYS } from '../../../../../common/sales.schemas';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../lib/format';
import { useMoney } from '../../../lib/money';
import { outcomeColor, type BoardDeal as Deal, type Stage } from '../deals.api';

type ViewProps = {
  deal: Deal;
  stages: Stage[];
  onOpen: (id: string) => void;
  onMoveTo?: (dealId: string, stageId: string) => void;
  overlay?: boolean;
  dragging?: boolean;
  style?: CSSProperties;
  handleProps?: HTMLAttributes<HTMLDivElement>;
  innerRef?: (el: HTMLElement | null) => void;
};

const today = () => new Date().toISOString().slice(0, 10);
/** Keys pressed on the card's own buttons must not start a keyboard drag of the card around them. */
const keepKeys = { onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation() };
/** The menu button is never a drag handle; the title is (a press that does not move is still a click). */
const notAHandle = { ...keepKeys, onMouseDown: (e: React.MouseEvent) => e.stopPropagation(), onTouchStart: (e: React.TouchEvent) => e.stopPropagation() };

export function DealCardView({ deal, stages, onOpen, onMoveTo, overlay, dragging, style, handleProps, innerRef }: ViewProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const money = useMoney();
  const late = deal.status === 'open' && deal.expectedCloseDate !== null && deal.expectedCloseDate < today();
  const idleDays = Math.floor((Date.now() - Date.parse(deal.lastActivityAt)) / 86_400_000);
  const stale = deal.status === 'open' && idleDays >= STALE_DEAL_DAYS;
  const next = deal.nextActivity;
  const nextLate = next !== null && Date.parse(next.dueAt) < Date.now();
  return (
    <Paper
      ref={innerRef}
      withBorder
      radius="md"
      p="xs"
      shadow={overlay ? 'lg' : 'xs'}
      style={{ ...style, opacity: dragging ? 0.35 : 1, cursor: overlay ? 'grabbing' : 'grab', touchAction: 'manipulation', borderInlineStartWidth: 3, borderInlineStartColor: `var(--mantine-color-${outcomeColor(deal.status)}-5)` }}
      data-testid="deal-card"
      data-deal-id={deal.id}
      data-stale={stale || undefined}
      aria-label={t('sales.board.cardLabel', { title: deal.title, customer: deal.customerName, amount: money.format(deal.amount) })}
      {...handleProps}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap={4}>
        <UnstyledButton onClick={() => onOpen(deal.id)} {...keepKeys} style={{ flex: 1, minWidth: 0 }} data-testid="deal-card-open">
          <Text size="sm" fw={600} lineClamp={2}>{deal.title}</Text>
        </UnstyledButton>
        {onMoveTo && (
          <Menu position="bottom-end" withinPortal shadow="md">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('sales.board.cardMenu', { title: deal.title })} {...notAHandle} data-testid="deal-card-menu">
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconExternalLink size={14} />} onClick={() => onOpen(deal.id)}>{t('sales.board.open')}</Menu.Item>
              <Menu.Label>{t('sales.board.moveTo')}</Menu.Label>
              {stages.filter((s) => s.id !== deal.stageId).map((s) => (
                <Menu.Item key={s.id} onClick={() => onMoveTo(deal.id, s.id)} color={s.outcome === 'open' ? undefined : outcomeColor(s.outcome)} data-testid={`move-to-${s.id}`}>
                  {s.name}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group gap={4} wrap="nowrap" mt={2}>
        <IconUser size={13} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text size="xs" c="dimmed" lineClamp={1}>{deal.customerName}</Text>
      </Group>
      <Text size="sm" fw={600} mt={4} data-testid="deal-card-amount">{money.format(deal.amount)}</Text>
      <Group justify="space-between" gap={4} mt={4} wrap="nowrap">
        <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
          <IconUserCircle size={13} color="var(--mantine-color-dimmed)" aria-hidden />
          <Text size="xs" c="dimmed" lineClamp={1}>{deal.ownerName ?? '—'}</Text>
        </Group>
        {deal.expectedCloseDate && (
          <Group gap={3} wrap="nowrap" title={t('sales.deals.expectedClose')}>
            <IconCalendar size={13} color={late ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-dimmed)'} aria-hidden />
            <Text size="xs" c={late ? 'red' : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>{fmt.date(deal.expectedCloseDate)}</Text>
          </Group>
        )}
      </Group>
      {deal.status === 'open' && (
        <Group gap={4} wrap="nowrap" mt={4} title={t('sales.board.nextActivity')} data-testid="deal-card-next">
          <IconChecklist size={13} color={next ? (nextLate ? 'var(--mantine-color-red-6)' : 'var(--mantine-color-cyan-7)') : 'var(--mantine-color-orange-6)'} aria-hidden />
          {next
            ? <Text size="xs" c={nextLate ? 'red' : undefined} lineClamp={1}><bdi>{next.title}</bdi> · {fmt.dateTime(next.dueAt)}</Text>
            : <Text size="xs" c="orange.8">{t('sales.board.noNext')}</Text>}
        </Group>
      )}
      {stale && (
        <Badge size="xs" color="orange" variant="light" mt={4} data-testid="deal-card-stale" title={t('sales.board.staleHint', { n: fmt.number(STALE_DEAL_DAYS) })}>
          {t('sales.board.stale', { n: fmt.number(idleDays) })}
        </Badge>
      )}
      {deal.status === 'lost' && deal.lostReason && <Text size="xs" c="red.7" mt={4} lineClamp={2}>{deal.lostReason}</Text>}
    </Paper>
  );
}

/** The card as a sortable item: the whole card is the drag handle (pointer after 6 px, or Space/Enter when focused). */
export function SortableDealCard(props: Omit<ViewProps, 'style' | 'handleProps' | 'innerRef' | 'dragging'>) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: props.deal.id, data: { type: 'deal' }, disabled: !props.onMoveTo });
  return (
    <DealCardView
      {...props}
      innerRef={setNodeRef}
      dragging={isDragging}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      handleProps={{ ...attributes, ...listeners }}
    />
  );
}
