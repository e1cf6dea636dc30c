/** Arrows that mean "back" or "forward" point the way the reading direction goes; other icons never flip. */
import { useDirection } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';

type Props = { size?: number };

export function BackIcon({ size = 18 }: Props) {
  const { dir } = useDirection();
  return dir === 'rtl' ? <IconArrowRight size={size} /> : <IconArrowLeft size={size} />;
}

export function ForwardChevron({ size = 16 }: Props) {
  const { dir } = useDirection();
  return dir === 'rtl' ? <IconChevronLeft size={size} /> : <IconChevronRight size={size} />;
}
