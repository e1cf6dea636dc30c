/** Reading the stored fit and scores: the latest fit, one customer's insights (in the reader's customer scope). */
import { desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/index.ts';
import { can } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { CustomerInsightsView } from '../../../common/insights.schemas.ts';
import { modelFits, customerScores } from './insights.tables.ts';
import { nameOffers, type StoredOffer } from './offer-names.ts';

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const finiteRecord = (r: Record<string, number> | null) => (r ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, finite(v)])) : null);

export async function latestFit(db: Db) {
  const [f] = await db.select().from(modelFits).orderBy(desc(modelFits.fittedAt), desc(modelFits.id)).limit(1);
  if (!f) return null;
  return {
    id: f.id, kind: f.kind, params: finiteRecord(f.params)!, spendParams: finiteRecord(f.spendParams ?? null), logLikelihood: finite(f.logLikelihood),
    customers: f.customers, repeatBuyers: f.repeatBuyers, transactions: f.transactions, fitMs: f.fitMs, totalMs: f.totalMs,
    quality: (f.quality ?? null) as never, warnings: f.warnings, fittedAt: f.fittedAt.toISOString(),
  };
}

type ScoreRow = typeof customerScores.$inferSelect;
function present(s: ScoreRow, model: CustomerInsightsView['model']): CustomerInsightsView {
  return {
    customerId: s.customerId, model,
    rfm: { recency: s.recency, frequency: s.frequency, monetary: s.monetary, r: s.rScore, f: s.fScore, m: s.mScore, segment: s.rfmSegment },
    pAlive: s.pAlive, expectedPurchases90: s.expectedPurchases90, expectedNextPurchase: s.expectedNextPurchase, clv: s.clv,
    churnRisk: s.churnRisk, health: s.health, reasons: s.reasons as CustomerInsightsView['reasons'],
    offers: [], computedAt: s.computedAt.toISOString(),
    previous: s.prevDay && s.prevPAlive !== null && s.prevHealth !== null ? { day: s.prevDay, pAlive: s.prevPAlive, health: s.prevHealth } : null,
  };
}

/** The scores of a customer the actor may see (404 otherwise), or null when none are stored. */
export async function customerInsights(db: Db, actor: Actor, customerId: string): Promise<CustomerInsightsView | null> {
  await loadVisibleCustomer(db, actor, customerId);
  return (await scoresOf(db, [customerId])).get(customerId) ?? null;
}

/**
 * The stored scores of these customers, with the model that produced them (one statement), and the offers' product
 * names (one more). The caller has already
 * limited `ids` to customers the reader may see (the call pop-up's cards are built in the reader's scope).
 */
export async function scoresOf(db: Db, ids: readonly string[]): Promise<Map<string, CustomerInsightsView>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ s: customerScores, kind: modelFits.kind }).from(customerScores)
    .leftJoin(modelFits, eq(modelFits.id, customerScores.fitId)).where(inArray(customerScores.customerId, [...ids]));
  const offers = await nameOffers(db, rows.map((r) => (r.s.offers as StoredOffer[] | null) ?? []));
  return new Map(rows.map((r, i) => [r.s.customerId, { ...present(r.s, r.kind ?? null), offers: offers[i] }]));
}

/** The 360° section: left out for a reader without customers:read (the 360 itself already checked visibility). */
export async function insightsSection(db: Db, actor: Actor, customerId: string) {
  if (!can(actor, 'customers', 'read')) return undefined;
  return { scores: await customerInsights(db, actor, customerId) };
}
