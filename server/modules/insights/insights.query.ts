/** Reading the stored fit and scores: the latest fit, one customer's insights (in the reader's customer scope). */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../auth/index.ts';
import { can } from '../auth/index.ts';
import { loadVisibleCustomer } from '../customers/index.ts';
import type { CustomerInsightsView } from '../../../common/insights.schemas.ts';
import { modelFits, customerScores } from './insights.tables.ts';

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

/** The scores of a customer the actor may see (404 otherwise), or null when none are stored. */
export async function customerInsights(db: Db, actor: Actor, customerId: string): Promise<CustomerInsightsView | null> {
  await loadVisibleCustomer(db, actor, customerId);
  const [s] = await db.select().from(customerScores).where(eq(customerScores.customerId, customerId));
  if (!s) return null;
  const [fit] = s.fitId ? await db.select({ kind: modelFits.kind }).from(modelFits).where(eq(modelFits.id, s.fitId)) : [];
  return {
    customerId: s.customerId, model: fit?.kind ?? null,
    rfm: { recency: s.recency, frequency: s.frequency, monetary: s.monetary, r: s.rScore, f: s.fScore, m: s.mScore, segment: s.rfmSegment },
    pAlive: s.pAlive, expectedPurchases90: s.expectedPurchases90, expectedNextPurchase: s.expectedNextPurchase, clv: s.clv,
    churnRisk: s.churnRisk, health: s.health, reasons: s.reasons as CustomerInsightsView['reasons'],
    offers: s.offers as CustomerInsightsView['offers'], computedAt: s.computedAt.toISOString(),
  };
}

/** The 360° section: left out for a reader without customers:read (the 360 itself already checked visibility). */
export async function insightsSection(db: Db, actor: Actor, customerId: string) {
  if (!can(actor, 'customers', 'read')) return undefined;
  return { scores: await customerInsights(db, actor, customerId) };
}
