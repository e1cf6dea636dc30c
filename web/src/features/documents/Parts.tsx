import { Fragment, type ReactNode } from 'react';
import { useDirection } from '@mantine/core';

/**
 * Pieces of a line ("مدیر سیستم · 23 Nov 2026") each isolated, so a Persian name beside an English date (or the
 * other way round) keeps its place instead of the bidi algorithm pulling the date into the name's run. Each piece
 * takes the page's direction, not `auto`: a piece of bare figures has no strong letter and would turn left-to-right.
 */
export function Parts({ items, sep = ' · ' }: { items: ReactNode[]; sep?: string }) {
  const { dir } = useDirection();
  const shown = items.filter((x) => x !== null && x !== undefined && x !== false && x !== '');
  return <>{shown.map((x, i) => <Fragment key={i}>{i > 0 && sep}<bdi dir={dir}>{x}</bdi></Fragment>)}</>;
}
