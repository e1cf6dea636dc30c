/**
 * Text people typed (a name, a subject, a note) set inside text of the page's language: isolated (<bdi>) and given
 * the direction of its own first strong letter, so an English name in the Persian UI (or a Persian note in the English
 * one) never drags the punctuation, the number or the date beside it to the wrong side.
 */
import { Fragment, type ReactNode } from 'react';
import { useDirection } from '@mantine/core';

export function UserText({ children }: { children: ReactNode }) {
  return <bdi dir="auto" data-user-text="">{children}</bdi>;
}

/**
 * The pieces of a meta line («نرگس امیری · ۲ آذر ۱۴۰۵، ۱۰:۳۰») each isolated in the page's direction (a date of bare
 * figures has no strong letter and would otherwise turn left to right); names go in as <UserText>.
 */
export function MetaLine({ items, sep = ' · ' }: { items: ReactNode[]; sep?: string }) {
  const { dir } = useDirection();
  const shown = items.filter((x) => x !== null && x !== undefined && x !== false && x !== '');
  return <>{shown.map((x, i) => <Fragment key={i}>{i > 0 && sep}<bdi dir={dir}>{x}</bdi></Fragment>)}</>;
}
