/**
 * Parts of a line joined with « · », each isolated (<bdi>): a Persian name beside an English date (or the other way
 * round) otherwise pulls the separator and the day number to the wrong side.
 */
import { Fragment, type ReactNode } from 'react';

export function Joined({ parts }: { parts: (ReactNode | null | undefined | false)[] }) {
  const shown = parts.filter((p) => p !== null && p !== undefined && p !== false && p !== '');
  return <>{shown.map((p, i) => <Fragment key={i}>{i > 0 && ' · '}<bdi>{p}</bdi></Fragment>)}</>;
}
