/** An arrow that means "back" points the way the reading direction goes; other icons never flip. */
import { useDirection } from '@mantine/core';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';

type Props = { size?: number };

export function BackIcon({ size = 18 }: Props) {
  const { dir } = useDirection();
  return dir === 'rtl' ? <IconArrowRight size={size} /> : <IconArrowLeft size={size} />;
}
