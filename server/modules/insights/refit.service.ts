/**
 * The nightly refit: the invoices as a transaction log → the purchase model (BG/NBD or Pareto/NBD chosen on a 90-day
 * holdout, or the rule-based fallback under 200 repeat buyers) and the spend model → every buyer's scores, stored.
 * One refit replaces all scores in one transaction, so running it twice gives the same rows (idempotent).
 */
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { withTx } from '../../db/tx.ts';
import { purchaseLog } from '../documents/index.ts';
import { consumableCycles } from '../sales/index.ts';
import {
  calibrationSummary, chooseModel, fitPurchaseModel, rulesModel, fitSpend, gammaGammaExpectedSpend, modelFigures, rfmSummary, rfmScores, churnRisk, healthScore, apriori, associationRules, itemSimilarity,
  nextBestOffers, holdoutReport, type PurchaseModel, type ModelChoiceOptions, type Transaction, type HoldoutReport,
} from '../../analytics/index.ts';
import { modelFits, customerScores } from './insights.tables.ts';
import { signalsOf } from './signals.ts';
import { recordScoreHistory } from './score-history.ts';
import { readHealthWeights } from './health-weights.service.ts';

const DAY = 86_400_000;
const HOLDOUT_DAYS = 90;
const CHUNK = 500;

export interface RefitOptions { minRepeatBuyers?: number }
export interface RefitResult { fitId: string; kind: string; customers: number; repeatBuyers: number; fitMs: number; totalMs: number; warnings: string[]; healthCrossings: number }

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY));

/**
 * chooseModel, one candidate at a time, so a candidate whose fit throws (Pareto/NBD's ₂F₁ can fail to converge when
 * the optimizer wanders to extreme parameters) is dropped with a warning instead of failing the refit. The best is
 * chosen as chooseModel does: the smaller holdout bin error, or without a holdout the higher log-likelihood.
 */
function safeChoose(rows: Parameters<typeof chooseModel>[0], opts: ModelChoiceOptions, warnings: string[]): ReturnType<typeof chooseModel> {
  const results: Array<ReturnType<typeof chooseModel>> = [];
  for (const c of ['bgnbd', 'pareto'] as const) {
    try {
      const r = chooseModel(rows, { ...opts, candidates: [c] });
      // Alone, a candidate that does not converge makes chooseModel fall back to the rules; only its own warning is
      // kept here, since the other candidate may still be chosen.
      if (r.model.model === 'rules') { if (!results.length && !r.candidates.length) return r; warnings.push(...r.warnings.filter((w) => w.startsWith(`${c}:`))); continue; }
      results.push(r);
    } catch (e) {
      warnings.push(`${c}: the fit failed (${(e as Error).message.slice(0, 120)})`);
    }
  }
  if (!results.length) { warnings.push('no model could be fitted; rule-based fallback'); const model = rulesModel(rows);
    return { model, warnings: [], candidates: [], repeatBuyers: rows.filter((r) => r.x > 0).length, holdout: opts.holdoutLength ? holdoutReport(model, rows, opts.holdoutLength) : undefined };
  }
  const score = (r: ReturnType<typeof chooseModel>) => (r.holdout ? r.holdout.binError : -r.candidates[0].model.fit.logLikelihood);
  const best = results.reduce((a, b) => (score(b) < score(a) ? b : a));
  return { ...best, candidates: results.flatMap((r) => r.candidates), warnings: [...best.warnings] };
}

/**
 * The models are fitted on at most FIT_SAMPLE customers and then score everyone: the likelihoods are sums over
 * customers, so the fit's cost grows with the customers while 20,000 histories already pin four parameters down
 * (CDNOW's published fits come from 2,357). The sample is chosen by a hash of the customer's id, so the same
 * customers are in it every night and the scores do not jitter from a new draw.
 */
export const FIT_SAMPLE = 20_000;

/** FNV-1a of the id, as a number in [0, 1). */
function idFraction(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) { h ^= id.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return (h >>> 0) / 2 ** 32;
}

export function fitSample<T extends { id: string }>(rows: readonly T[], size = FIT_SAMPLE): readonly T[] {
  if (rows.length <= size) return rows;
  return rows.map((r) => ({ r, k: idFraction(r.id) })).sort((a, b) => a.k - b.k || (a.r.id < b.r.id ? -1 : 1)).slice(0, size).map((x) => x.r);
}

/** Choose and fit the purchase model: with ≥ 180 days of history, chosen on a 90-day holdout, then refitted on everything. */
export function fitPurchaseModels(txs: Transaction[], today: string, firstDay: string, minRepeatBuyers: number) {
  const everyone = calibrationSummary(txs, { calibrationEnd: today, unit: 'week' }).customers;
  const full = fitSample(everyone);
  const sampled = new Set(full.length < everyone.length ? full.map((c) => c.id) : []);
  const warnings: string[] = [];
  let quality: { holdout?: HoldoutReport; candidates: Array<{ kind: string; logLikelihood: number; converged: boolean; binError?: number }> } = { candidates: [] };
  let chosen: 'bgnbd' | 'pareto' | 'rules';
  const spanDays = (Date.parse(today) - Date.parse(firstDay)) / DAY;
  if (spanDays >= 2 * HOLDOUT_DAYS) {
    const cal = calibrationSummary(txs, { calibrationEnd: addDays(today, -HOLDOUT_DAYS), holdoutEnd: today, unit: 'week' });
    const calRows = sampled.size ? cal.customers.filter((c) => sampled.has(c.id)) : cal.customers;
    const choice = safeChoose(calRows, { holdoutLength: cal.holdoutLength, minRepeatBuyers }, warnings);
    warnings.push(...choice.warnings);
    chosen = choice.model.model;
    quality = {
      holdout: choice.holdout,
      candidates: choice.candidates.map((c) => ({ kind: c.model.model, logLikelihood: c.model.fit.logLikelihood, converged: c.model.fit.converged, binError: c.holdout?.binError })),
    };
  } else {
    const choice = safeChoose(full, { minRepeatBuyers }, warnings);
    warnings.push(...choice.warnings);
    chosen = choice.model.model;
    quality.candidates = choice.candidates.map((c) => ({ kind: c.model.model, logLikelihood: c.model.fit.logLikelihood, converged: c.model.fit.converged }));
  }
  let model: PurchaseModel = rulesModel(everyone);
  let logLikelihood: number | null = null;
  // The chosen model refitted on everything; when that fit fails or stops unconverged, the other candidate that
  // converged in the choice, and only then the rules.
  const order = chosen === 'rules' ? [] : [chosen, ...quality.candidates.filter((c) => c.converged && c.kind !== chosen).map((c) => c.kind as 'bgnbd' | 'pareto')];
  for (const kind of order) {
    try {
      const f = fitPurchaseModel(kind, full);
      if (f.fit.converged && Object.values(f.params).every(Number.isFinite)) { model = f; logLikelihood = f.fit.logLikelihood; break; }
      warnings.push(`${kind}: the fit on all data did not converge`);
    } catch (e) {
      warnings.push(`${kind}: the fit on all data failed (${(e as Error).message.slice(0, 120)})`);
    }
  }
  if (order.length && model.model === 'rules') warnings.push('no model fitted all data; rule-based fallback');
  if (sampled.size) warnings.push(`fitted on a sample of ${full.length} of ${everyone.length} customers`);
  return { full: everyone, sample: full, model, logLikelihood, warnings, quality };
}

export async function refit(database: Database, clock: Clock, opts: RefitOptions = {}): Promise<RefitResult> {
  const started = performance.now();
  const minRepeatBuyers = opts.minRepeatBuyers ?? 200;
  const db = database.db;
  const now = clock.now();
  const today = isoDay(now);
  const log = (await purchaseLog(db)).filter((p) => p.issueDate <= today);
  const txs: Transaction[] = log.map((p) => ({ customerId: p.customerId, date: p.issueDate, amount: p.amount }));

  const fitStart = performance.now();
  const { full, sample, model, logLikelihood, warnings, quality } = txs.length
    ? fitPurchaseModels(txs, today, log[0].issueDate, minRepeatBuyers)
    : { full: [], sample: [], model: rulesModel([]), logLikelihood: null, warnings: ['no purchases'], quality: { candidates: [] } };
  const spend = fitSpend(sample, minRepeatBuyers);
  if (spend.warning) warnings.push(spend.warning);
  const fitMs = Math.round(performance.now() - fitStart);

  // Baskets for the offers: each invoice's products; rules at ≥ 1% support (at least 2 baskets), similarity from co-purchase.
  const baskets = log.map((p) => p.items).filter((b) => b.length > 0);
  const rules = baskets.length ? associationRules(apriori(baskets, { minSupport: Math.max(0.01, 2 / baskets.length), maxLength: 3 }), { maxConsequent: 1, minLift: 1 }) : [];
  const similarity = itemSimilarity(baskets);
  const consumables = await consumableCycles(db);
  const owned = new Map<string, Map<string, string>>();
  for (const p of log) {
    let m = owned.get(p.customerId);
    if (!m) owned.set(p.customerId, (m = new Map()));
    for (const it of p.items) m.set(it, p.issueDate);
  }

  const healthWeights = await readHealthWeights(db);
  const rfm = new Map(rfmScores(rfmSummary(txs, { observationEnd: today })).map((r) => [r.id, r]));
  const rows: Array<typeof customerScores.$inferInsert> = [];
  // Where the fitted model gives no finite figure for a buyer, the rule-based model's figures are stored (and counted).
  let fallback: PurchaseModel | undefined;
  const fallbackModel = () => (fallback ??= rulesModel(full));
  let fellBack = 0;
  for (let i = 0; i < full.length; i += CHUNK) {
    const chunk = full.slice(i, i + CHUNK);
    const signals = await signalsOf(db, chunk.map((c) => c.id), now);
    for (const c of chunk) {
      const r = rfm.get(c.id)!;
      const s = signals.get(c.id);
      const ownSpend = c.x > 0 ? c.monetary : r.monetary;
      const expectedSpend = spend.fit ? gammaGammaExpectedSpend(spend.fit.params, c.x, c.monetary) : ownSpend;
      const figures = modelFigures(model, fallbackModel, c, expectedSpend, HOLDOUT_DAYS / 7, { months: 12, monthlyDiscountRate: 0.01 });
      if (figures.fellBack) fellBack++;
      const { pAlive, weeksToNext: weeks } = figures;
      const daysSinceContact = s?.lastContactAt ? (now.getTime() - s.lastContactAt.getTime()) / DAY : null;
      const churn = churnRisk({
        pAlive, daysSinceLastPurchase: r.recency, usualGapDays: c.x > 0 && c.tx > 0 ? (c.tx * 7) / c.x : null,
        unresolvedTickets: s?.openTickets ?? 0, detractorAnswers: s?.detractors ?? 0, brokenPromises: s?.brokenPromises ?? 0, daysSinceContact,
      });
      const health = healthScore({ daysSinceContact, pAlive, unresolvedTickets: s?.openTickets ?? 0, lastNps: s?.lastNps ?? null, lastCsat: s?.lastCsat ?? null }, healthWeights);
      const items = owned.get(c.id) ?? new Map<string, string>();
      // Days since each item was last bought (the log is in date order, so the map holds the latest day).
      const daysSinceBought = new Map([...items].filter(([it]) => consumables.has(it)).map(([it, day]) => [it, (Date.parse(today) - Date.parse(day)) / DAY]));
      const offers = nextBestOffers({ owned: new Set(items.keys()), consent: s?.consent ?? false, daysSinceBought }, { rules, similarity, consumables, limit: 3 });
      rows.push({
        customerId: c.id, recency: r.recency, frequency: r.frequency, monetary: r.monetary, rScore: r.r, fScore: r.f, mScore: r.m,
        rfmSegment: r.segment, pAlive, expectedPurchases90: figures.expectedPurchases,
        expectedNextPurchase: weeks === null ? null : addDays(today, Math.ceil(weeks * 7)),
        clv: figures.clv,
        churnRisk: churn.score, health: health.score,
        reasons: { churn: churn.reasons.map(({ code, strength, values }) => ({ code, strength, values })), health: health.parts },
        offers: offers.map((o) => ({ item: o.item, score: o.score, reason: o.reason })), computedAt: now,
      });
    }
  }
  if (fellBack) warnings.push(`the fitted model gave no finite figure for ${fellBack} of ${full.length} customers; their scores use the rule-based model`);

  return withTx(database, async (tx: Db) => {
    const totalMs = Math.round(performance.now() - started);
    const [fit] = await tx.insert(modelFits).values({
      kind: model.model, params: model.params, spendParams: spend.fit ? { ...spend.fit.params } : null, logLikelihood,
      customers: full.length, repeatBuyers: full.filter((c) => c.x > 0).length, transactions: txs.length, fitMs, totalMs,
      quality, warnings, fittedAt: now,
    }).returning({ id: modelFits.id });
    await tx.execute(sql`DELETE FROM customer_scores`);
    for (let i = 0; i < rows.length; i += CHUNK) {
      await tx.insert(customerScores).values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, fitId: fit.id })));
    }
    const crossings = await recordScoreHistory(tx, today, now);
    return { healthCrossings: crossings.length, fitId: fit.id, kind: model.model, customers: full.length, repeatBuyers: full.filter((c) => c.x > 0).length, fitMs, totalMs, warnings };
  });
}
