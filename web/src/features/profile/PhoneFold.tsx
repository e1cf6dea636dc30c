/**
 * On a narrow screen the profile puts the timeline first; the side cards follow, each folded under its title so the
 * page opens on what happened with the customer, and a card is one tap away. On a wide screen the card shows as is.
 * A card that renders nothing (no permission, no data) leaves no empty title behind (styles.css, `.phone-fold`).
 */
import { useState, type ReactNode } from 'react';
import { Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronDown } from '@tabler/icons-react';

/** The width below which the profile's grid is one column (Mantine's `md` breakpoint, 62em). */
export const ONE_COLUMN = '(max-width: 61.99em)';

export function PhoneFold({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const narrow = useMediaQuery(ONE_COLUMN);
  const [open, setOpen] = useState(false);
  if (!narrow) return <>{children}</>;
  return (
    <div className="phone-fold" data-open={open || undefined}>
      <Paper withBorder radius="md" mb="xs">
        <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls={`fold-${id}`} data-testid={`fold-${id}`} p="sm" w="100%">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600}>{title}</Text>
            <IconChevronDown size={18} style={{ transform: open ? 'rotate(180deg)' : undefined, transition: 'transform 120ms' }} aria-hidden />
          </Group>
        </UnstyledButton>
      </Paper>
      <div id={`fold-${id}`} className="phone-fold-body" hidden={!open}>{children}</div>
    </div>
  );
}
