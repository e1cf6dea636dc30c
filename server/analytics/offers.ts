/**
 * Next best offers: item-to-item co-purchase similarity and per-customer offers from association rules and
 * similarity, each with its reason. Pure: consent, ownership and repurchase cycles come in as data.
 */
import type { Rule } from './basket.ts';
import { countOf } from '../../common/plural.ts';

export interface Neighbour { item: string; similarity: number; together: number }

/**
 * Cosine co-purchase similarity: sim(i, j) = n_ij / √(n_i · n_j), with n_i the baskets (or customers' item sets)
 * holding i and n_ij those holding both. Returns each item's `k` most similar items (ties by name), pairs seen
 * together fewer than `minTogether` times left out.
 */
export function itemSimilarity(
  baskets: ReadonlyArray<readonly string[]>, k = 10, minTogether = 2,
): Map<string, Neighbour[]> {
  const n = new Map<string, number>();
  const pairs = new Map<string, Map<string, number>>();
  for (const raw of baskets) {
    const b = [...new Set(raw)];
    for (const i of b) n.set(i, (n.get(i) ?? 0) + 1);
    for (let x = 0; x < b.length; x++) for (let y = 0; y < b.length; y++) {
      if (x === y) continue;
      let m = pairs.get(b[x]);
      if (!m) pairs.set(b[x], (m = new Map()));
      m.set(b[y], (m.get(b[y]) ?? 0) + 1);
    }
  }
  const out = new Map<string, Neighbour[]>();
  for (const [i, m] of pairs) {
    const list: Neighbour[] = [];
    for (const [j, together] of m) {
      if (together >= minTogether) list.push({ item: j, together, similarity: together / Math.sqrt(n.get(i)! * n.get(j)!) });
    }
    list.sort((a, b) => b.similarity - a.similarity || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
    out.set(i, list.slice(0, k));
  }
  return out;
}

export type OfferReason =
  | { kind: 'rule'; because: string[]; confidence: number; lift: number; support: number }
  | { kind: 'similar'; because: string; similarity: number; together: number }
  /** A consumable they own whose repurchase cycle has passed since they last bought it. */
  | { kind: 'repurchase'; cycleDays: number; daysSince: number };

export interface Offer { item: string; score: number; reason: OfferReason; why: string }

export interface CustomerForOffers {
  /** Items the customer has bought. */
  owned: ReadonlySet<string>;
  /** Marketing consent: without it, no offers. */
  consent: boolean;
  /** Days since the customer last bought each item (for consumables). */
  daysSinceBought?: ReadonlyMap<string, number>;
}

export interface OfferOptions {
  rules?: readonly Rule[];
  similarity?: ReadonlyMap<string, Neighbour[]>;
  /** Consumable items and their repurchase cycle in days: owned ones are offered again once a cycle has passed. */
  consumables?: ReadonlyMap<string, number>;
  limit?: number;
}

/**
 * Up to `limit` offers: from rules whose antecedent the customer owns entirely (lift > 1; score = confidence),
 * and from items similar to what they own (score = similarity). An item keeps its best-scoring reason. Owned items
 * are excluded unless consumable and due again: a due consumable is offered for itself ("time to buy it again"),
 * score 1 — the customer's own habit comes before what others bought (rules and similarity score at most 1, and the
 * repurchase reason is considered first, so it stays on a tie). No consent, no offers.
 */
export function nextBestOffers(c: CustomerForOffers, o: OfferOptions): Offer[] {
  if (!c.consent) return [];
  const offerable = (item: string) => {
    if (!c.owned.has(item)) return true;
    const cycle = o.consumables?.get(item);
    const since = c.daysSinceBought?.get(item);
    return cycle !== undefined && since !== undefined && since >= cycle;
  };
  const best = new Map<string, Offer>();
  const consider = (offer: Offer) => {
    const cur = best.get(offer.item);
    if (!cur || offer.score > cur.score) best.set(offer.item, offer);
  };
  for (const item of c.owned) {
    const cycle = o.consumables?.get(item);
    const since = c.daysSinceBought?.get(item);
    if (cycle === undefined || since === undefined || since < cycle) continue;
    consider({
      item, score: 1, reason: { kind: 'repurchase', cycleDays: cycle, daysSince: since },
      why: `time to buy ${item} again: bought every ${countOf(cycle, 'day', 'days')}, last ${countOf(Math.round(since), 'day', 'days')} ago`,
    });
  }
  for (const r of o.rules ?? []) {
    if (r.lift <= 1 || !r.antecedent.every((a) => c.owned.has(a))) continue;
    for (const item of r.consequent) {
      if (!offerable(item) || r.antecedent.includes(item)) continue;
      consider({
        item, score: r.confidence,
        reason: { kind: 'rule', because: r.antecedent, confidence: r.confidence, lift: r.lift, support: r.support },
        why: `customers who bought ${r.antecedent.join(' + ')} often buy ${item} (lift ${r.lift.toFixed(1)})`,
      });
    }
  }
  for (const owned of c.owned) {
    for (const nb of o.similarity?.get(owned) ?? []) {
      if (!offerable(nb.item) || nb.item === owned) continue;
      consider({
        item: nb.item, score: nb.similarity,
        reason: { kind: 'similar', because: owned, similarity: nb.similarity, together: nb.together },
        why: `often bought together with ${owned} (similarity ${nb.similarity.toFixed(2)})`,
      });
    }
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
    .slice(0, o.limit ?? 3);
}
