/**
 * Asking the 360° timeline to show one entry: a journey strip's point names the moment (and, when the server knows
 * it, the id of the row behind it); the timeline loads older pages until it reaches that moment, scrolls to the entry and
 * marks it. A window event keeps the two features apart.
 */
import { toDate } from './format';

/** `ref` is the id of the row behind the event (an interaction, a ticket …) when the server knows it. */
export type TimelineFocus = { at: string; ref?: string | null };
const EVENT = 'mehvar:timeline-focus';

export function focusTimeline(target: TimelineFocus) {
  window.dispatchEvent(new CustomEvent<TimelineFocus>(EVENT, { detail: target }));
}

export function onTimelineFocus(handler: (target: TimelineFocus) => void): () => void {
  const listener = (e: Event) => handler((e as CustomEvent<TimelineFocus>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}

/** The entry closest in time to the target, among the entries of the very row when its id is known and loaded. */
export function closestEntry<T extends { at: string; id: string }>(items: T[], target: TimelineFocus): T | null {
  const same = target.ref ? items.filter((i) => i.id === target.ref) : [];
  const want = toDate(target.at).getTime();
  let best: T | null = null;
  let gap = Infinity;
  for (const i of same.length ? same : items) {
    const d = Math.abs(toDate(i.at).getTime() - want);
    if (d < gap) { gap = d; best = i; }
  }
  return best;
}
