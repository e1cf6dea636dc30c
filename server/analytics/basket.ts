/**
 * Market-basket analysis: frequent itemsets by Apriori (level-wise candidates, every subset frequent, support counted
 * on transaction bitsets) and association rules with mlxtend's metrics. Pure, no I/O.
 */

export interface Itemset { items: string[]; count: number; support: number }

export interface AprioriOptions {
  /** Minimum support as a fraction of baskets: an itemset is frequent when count / N ≥ minSupport. */
  minSupport: number;
  /** Longest itemset (default 10, as arules). */
  maxLength?: number;
}

export interface FrequentItemsets {
  n: number;
  itemsets: Itemset[];
  /** Count of each frequent itemset by its key (sorted items joined by U+0001). */
  counts: Map<string, number>;
}

const SEP = '\u0001';
export const itemsetKey = (items: readonly string[]) => [...items].sort().join(SEP);

function popcount(words: Uint32Array): number {
  let c = 0;
  for (let i = 0; i < words.length; i++) {
    let v = words[i];
    v -= (v >>> 1) & 0x55555555;
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    c += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return c;
}

interface Level { items: number[][]; bits: Uint32Array[] }

/** Apriori. Items repeated within a basket count once; itemsets come out level by level, items sorted by name. */
export function apriori(baskets: ReadonlyArray<readonly string[]>, o: AprioriOptions): FrequentItemsets {
  const n = baskets.length;
  const maxLength = o.maxLength ?? 10;
  const minCount = Math.max(1, Math.ceil(o.minSupport * n * (1 - 1e-12)));
  const names = [...new Set(baskets.flat())].sort();
  const index = new Map(names.map((s, i) => [s, i]));
  const words = Math.ceil(n / 32);
  const single = names.map(() => new Uint32Array(words));
  baskets.forEach((b, t) => { for (const it of b) single[index.get(it)!][t >>> 5] |= 1 << (t & 31); });
  const itemsets: Itemset[] = [];
  const counts = new Map<string, number>();
  const emit = (items: number[], count: number) => {
    const named = items.map((i) => names[i]);
    itemsets.push({ items: named, count, support: count / n });
    counts.set(named.join(SEP), count);
  };
  let level: Level = { items: [], bits: [] };
  single.forEach((bits, i) => {
    const c = popcount(bits);
    if (c >= minCount) { level.items.push([i]); level.bits.push(bits); emit([i], c); }
  });
  for (let k = 2; k <= maxLength && level.items.length > 1; k++) {
    const known = new Set(level.items.map((s) => s.join(',')));
    const next: Level = { items: [], bits: [] };
    // level.items is in lexicographic order: itemsets sharing the first k−2 items are contiguous.
    for (let a = 0; a < level.items.length; a++) {
      const A = level.items[a];
      for (let b = a + 1; b < level.items.length; b++) {
        const B = level.items[b];
        let samePrefix = true;
        for (let j = 0; j < k - 2; j++) if (A[j] !== B[j]) { samePrefix = false; break; }
        if (!samePrefix) break;
        const cand = [...A, B[k - 2]];
        let allFrequent = true;
        for (let drop = 0; drop < k - 2 && allFrequent; drop++) {
          allFrequent = known.has(cand.filter((_, j) => j !== drop).join(','));
        }
        if (!allFrequent) continue;
        const bits = new Uint32Array(words);
        const x = level.bits[a], y = level.bits[b];
        for (let w = 0; w < words; w++) bits[w] = x[w] & y[w];
        const c = popcount(bits);
        if (c >= minCount) { next.items.push(cand); next.bits.push(bits); emit(cand, c); }
      }
    }
    level = next;
  }
  return { n, itemsets, counts };
}

export interface Rule {
  antecedent: string[];
  consequent: string[];
  antecedentSupport: number;
  consequentSupport: number;
  support: number;
  /** Baskets holding antecedent and consequent. */
  count: number;
  confidence: number;
  lift: number;
  leverage: number;
  /** Infinity when confidence is 1. */
  conviction: number;
  zhangsMetric: number;
  jaccard: number;
  certainty: number;
  kulczynski: number;
}

export interface RuleOptions {
  minConfidence?: number;
  minLift?: number;
  /** Largest consequent: 1 gives arules' single-item right-hand sides; default unbounded (mlxtend). */
  maxConsequent?: number;
}

/** Every rule A → C with A ∪ C a frequent itemset, A and C non-empty and disjoint, passing the thresholds. */
export function associationRules(f: FrequentItemsets, o: RuleOptions = {}): Rule[] {
  const minConf = o.minConfidence ?? 0, minLift = o.minLift ?? -Infinity, maxCons = o.maxConsequent ?? Infinity;
  const supp = (items: string[]) => f.counts.get(items.join(SEP))! / f.n;
  const rules: Rule[] = [];
  for (const set of f.itemsets) {
    const k = set.items.length;
    if (k < 2) continue;
    const sAC = set.support;
    for (let mask = 1; mask < (1 << k) - 1; mask++) {
      const C = set.items.filter((_, j) => mask & (1 << j));
      if (C.length > maxCons) continue;
      const A = set.items.filter((_, j) => !(mask & (1 << j)));
      const sA = supp(A), sC = supp(C);
      const confidence = sAC / sA;
      const lift = confidence / sC;
      if (confidence < minConf - 1e-12 || lift < minLift - 1e-12) continue;
      const leverage = sAC - sA * sC;
      const zDen = Math.max(sAC * (1 - sA), sA * (sC - sAC));
      rules.push({
        antecedent: A, consequent: C, antecedentSupport: sA, consequentSupport: sC, support: sAC, count: set.count,
        confidence, lift, leverage,
        conviction: confidence >= 1 ? Infinity : (1 - sC) / (1 - confidence),
        zhangsMetric: zDen === 0 ? 0 : leverage / zDen,
        jaccard: sAC / (sA + sC - sAC),
        certainty: sC === 1 ? 0 : (confidence - sC) / (1 - sC),
        kulczynski: (sAC / sA + sAC / sC) / 2,
      });
    }
  }
  return rules;
}
