/** Ordering one kind's candidate rows for the search box: best score first, then the most recently changed. */
import type { ScoredHit } from '../../common/search.schemas.ts';
import { toIso } from './values.ts';

export function bestHits(hits: (ScoredHit & { at: unknown })[], limit: number): ScoredHit[] {
  const seen = new Set<string>();
  const stamp = (v: unknown) => (v == null ? '' : toIso(v));
  return hits
    .filter((h) => !seen.has(h.id) && seen.add(h.id))
    .map((h) => ({ h, at: stamp(h.at) }))
    .sort((a, b) => b.h.score - a.h.score || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0) || (a.h.id < b.h.id ? -1 : 1))
    .slice(0, limit)
    .map(({ h: { at: _at, ...hit } }) => hit);
}
