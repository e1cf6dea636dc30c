/** Apriori and association rules against mlxtend's example and arules' Groceries (../shared/anchors/market_basket). */
import { describe, expect, it } from 'vitest';
import { ANCHORS, anchorText, reportAnchorsAbsent } from '../test/anchors.ts';
import { apriori, associationRules, itemsetKey, type Rule } from './basket.ts';
import { itemSimilarity, nextBestOffers } from './offers.ts';

reportAnchorsAbsent('market-basket anchors (mlxtend, Groceries)');
// it.runIf below is used ONLY for the presence of the anchors folder (data kept outside the repository).
const HAS = ANCHORS !== null;

describe('apriori by hand', () => {
  it('counts support as count / N, an item repeated in a basket once, and stops below the minimum', () => {
    const f = apriori([['a', 'b', 'b'], ['a', 'c'], ['a', 'b', 'c'], ['d']], { minSupport: 0.5 });
    expect(f.itemsets.map((s) => [s.items.join('+'), s.count])).toEqual([['a', 3], ['b', 2], ['c', 2], ['a+b', 2], ['a+c', 2]]);
    expect(f.itemsets[0].support).toBe(0.75);
  });
  it('rules carry confidence, lift and the rest; maxConsequent 1 keeps single-item right-hand sides', () => {
    const f = apriori([['a', 'b'], ['a', 'b'], ['a'], ['b', 'c']], { minSupport: 0.25 });
    const ab = associationRules(f).find((r) => r.antecedent.join() === 'a' && r.consequent.join() === 'b')!;
    // s(a) = 3/4, s(b) = 3/4, s(ab) = 1/2 → confidence 2/3, lift (2/3)/(3/4) = 8/9.
    expect(ab.confidence).toBeCloseTo(2 / 3, 15);
    expect(ab.lift).toBeCloseTo(8 / 9, 15);
    expect(ab.leverage).toBeCloseTo(0.5 - 0.5625, 15);
    expect(associationRules(f, { maxConsequent: 1 }).every((r) => r.consequent.length === 1)).toBe(true);
  });
});

interface MlxtendFixture {
  transactions: string[][];
  'frequent_itemsets_min_support_0.6': Array<[string[], number]>;
  'rules_confidence_ge_0.7': { columns: string[]; rows: Array<Array<string[] | number | string>> };
  'rules_lift_ge_1.2_count': number;
  'rules_default_confidence_ge_0.8_count': number;
}

const METRIC: Record<string, keyof Rule> = {
  antecedent_support: 'antecedentSupport', consequent_support: 'consequentSupport', support: 'support',
  confidence: 'confidence', lift: 'lift', leverage: 'leverage', conviction: 'conviction', zhangs_metric: 'zhangsMetric',
  jaccard: 'jaccard', certainty: 'certainty', kulczynski: 'kulczynski',
};

describe('mlxtend’s 5-basket example (anchors)', () => {
  it.runIf(HAS)('the frequent itemsets at min support 0.6, exactly', () => {
    const fx: MlxtendFixture = JSON.parse(anchorText('market_basket/mlxtend_5tx_expected.json'));
    const got = apriori(fx.transactions, { minSupport: 0.6 }).itemsets.map((s) => [itemsetKey(s.items), s.support]);
    const want = fx['frequent_itemsets_min_support_0.6'].map(([items, s]) => [itemsetKey(items), s]);
    expect(new Map(got as Array<[string, number]>)).toEqual(new Map(want as Array<[string, number]>));
    expect(got.length).toBe(want.length);
  });

  it.runIf(HAS)('the 12 rules at confidence 0.7 with every metric; 6 at lift 1.2; 9 at confidence 0.8', () => {
    const fx: MlxtendFixture = JSON.parse(anchorText('market_basket/mlxtend_5tx_expected.json'));
    const f = apriori(fx.transactions, { minSupport: 0.6 });
    const rules = associationRules(f, { minConfidence: 0.7 });
    const table = fx['rules_confidence_ge_0.7'];
    expect(rules.length).toBe(table.rows.length);
    const byKey = new Map(rules.map((r) => [`${itemsetKey(r.antecedent)}→${itemsetKey(r.consequent)}`, r]));
    for (const row of table.rows) {
      const rule = byKey.get(`${itemsetKey(row[0] as string[])}→${itemsetKey(row[1] as string[])}`);
      expect(rule, JSON.stringify(row.slice(0, 2))).toBeDefined();
      table.columns.slice(2).forEach((col, j) => {
        const want = row[j + 2] === 'inf' ? Infinity : (row[j + 2] as number);
        const got = rule![METRIC[col]] as number;
        if (want === Infinity) expect(got).toBe(Infinity);
        else expect(Math.abs(got - want), `${col} of ${JSON.stringify(row.slice(0, 2))}`).toBeLessThan(1e-9);
      });
    }
    expect(associationRules(f, { minLift: 1.2 }).length).toBe(fx['rules_lift_ge_1.2_count']);
    expect(associationRules(f, { minConfidence: 0.8 }).length).toBe(fx['rules_default_confidence_ge_0.8_count']);
  });
});

describe('Groceries (anchors)', () => {
  it.runIf(HAS)('min support 0.001, confidence 0.5 → 5,668 rules; {honey} → {whole milk} 0.001118 / 0.7333 / 2.870', () => {
    const baskets = anchorText('market_basket/groceries.csv').split('\n').filter((l) => l.length > 0).map((l) => l.split(','));
    expect(baskets.length).toBe(9835);
    expect(new Set(baskets.flat()).size).toBe(169);
    const rules = associationRules(apriori(baskets, { minSupport: 0.001 }), { minConfidence: 0.5, maxConsequent: 1 });
    expect(rules.length).toBe(5668);
    const honey = rules.find((r) => r.antecedent.join() === 'honey' && r.consequent.join() === 'whole milk')!;
    expect(honey.support).toBeCloseTo(0.001118, 6);
    expect(honey.confidence).toBeCloseTo(0.7333, 4);
    expect(honey.lift).toBeCloseTo(2.870, 3);
  });
});

describe('item similarity and next best offers', () => {
  const baskets = [['tea', 'sugar'], ['tea', 'sugar'], ['tea', 'sugar', 'cups'], ['tea', 'cups'], ['coffee', 'cups']];
  it('cosine co-purchase similarity: n_ij / √(n_i n_j)', () => {
    const sim = itemSimilarity(baskets, 5, 1);
    // tea in 4 baskets, sugar in 3, together 3 → 3/√12.
    expect(sim.get('tea')![0]).toEqual({ item: 'sugar', together: 3, similarity: 3 / Math.sqrt(12) });
    expect(sim.get('coffee')!.map((n) => n.item)).toEqual(['cups']);
    expect(itemSimilarity(baskets, 5, 2).get('coffee')).toEqual([]);
  });
  it('offers what rules and similarity suggest, says why, skips owned items unless a consumable is due, needs consent', () => {
    const rules = associationRules(apriori(baskets, { minSupport: 0.2 }), { minConfidence: 0.5 });
    const similarity = itemSimilarity(baskets, 5, 1);
    const owned = new Set(['sugar']);
    const offers = nextBestOffers({ owned, consent: true }, { rules, similarity });
    expect(offers[0].item).toBe('tea');
    expect(offers[0].reason).toMatchObject({ kind: 'rule', because: ['sugar'], confidence: 1, lift: 1.25 });
    expect(offers[0].why).toBe('customers who bought sugar often buy tea (lift 1.3)');
    expect(offers.map((o) => o.item)).not.toContain('sugar');
    expect(nextBestOffers({ owned, consent: false }, { rules, similarity })).toEqual([]);
    const consumables = new Map([['sugar', 30]]);
    const due = nextBestOffers({ owned: new Set(['sugar', 'tea']), consent: true, daysSinceBought: new Map([['sugar', 45]]) },
      { rules, similarity, consumables });
    expect(due.find((o) => o.item === 'sugar')?.why).toBe('time to buy sugar again: bought every 30 days, last 45 days ago');
    const daily = nextBestOffers({ owned: new Set(['sugar', 'tea']), consent: true, daysSinceBought: new Map([['sugar', 1.2]]) },
      { rules, similarity, consumables: new Map([['sugar', 1]]) });
    expect(daily.find((o) => o.item === 'sugar')?.why).toBe('time to buy sugar again: bought every 1 day, last 1 day ago');
    const notDue = nextBestOffers({ owned: new Set(['sugar', 'tea']), consent: true, daysSinceBought: new Map([['sugar', 10]]) },
      { rules, similarity, consumables });
    expect(notDue.map((o) => o.item)).not.toContain('sugar');
  });
});
