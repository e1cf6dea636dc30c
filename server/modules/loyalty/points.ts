/**
 * The points arithmetic, pure (no database): what an invoice earns, which earnings a balance is still made of
 * (first in, first out), what expires, and the tier a rolling window's value reaches.
 */
import type { Program, Tier } from '../../../common/loyalty.schemas.ts';

export type EarnLine = { net: number; category: string | null };

/**
 * Points for an invoice: lines are grouped by their rate (a category's own rate, or the program's), each group's
 * net Rials (after discounts, before VAT) divided by its rate and rounded down. Spend is the whole net.
 */
export function earnFor(lines: EarnLine[], program: Pick<Program, 'rialsPerPoint' | 'categoryRates'>): { points: number; spend: number } {
  const rateOf = new Map(program.categoryRates.map((c) => [c.category, c.rialsPerPoint]));
  const byRate = new Map<number, number>();
  let spend = 0;
  for (const l of lines) {
    if (l.net <= 0) continue;
    const rate = (l.category != null && rateOf.get(l.category)) || program.rialsPerPoint;
    byRate.set(rate, (byRate.get(rate) ?? 0) + l.net);
    spend += l.net;
  }
  let points = 0;
  for (const [rate, net] of byRate) points += Math.floor(net / rate);
  return { points, spend };
}

export type Lot = { id: string; at: Date; points: number; expiresAt: Date | null };
/** A taking: redeem, expire, reverse or a negative adjustment (amount > 0); `lotId` when it names its earning. */
export type Debit = { amount: number; lotId: string | null };

/**
 * What is left of each earning. A debit naming its lot (an expiry, a reversal) takes from that lot first and the
 * overflow joins the rest; all other debits take from the oldest earnings first (by date, then id).
 * The sum of what is left equals the balance.
 */
export function remainingByLot(lots: Lot[], debits: Debit[]): Map<string, number> {
  const left = new Map(lots.map((l) => [l.id, l.points]));
  let pool = 0;
  for (const d of debits) {
    const cap = d.lotId ? left.get(d.lotId) : undefined;
    if (d.lotId && cap !== undefined) {
      const take = Math.min(cap, d.amount);
      left.set(d.lotId, cap - take);
      pool += d.amount - take;
    } else pool += d.amount;
  }
  const ordered = [...lots].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const l of ordered) {
    if (pool <= 0) break;
    const cap = left.get(l.id)!;
    const take = Math.min(cap, pool);
    left.set(l.id, cap - take);
    pool -= take;
  }
  return left;
}

/** Earnings whose expiry has come with points left: what the expiry job takes (one expire entry per lot). */
export function dueToExpire(lots: Lot[], left: Map<string, number>, now: Date): { lotId: string; points: number }[] {
  return lots.filter((l) => l.expiresAt && l.expiresAt.getTime() <= now.getTime() && (left.get(l.id) ?? 0) > 0)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((l) => ({ lotId: l.id, points: left.get(l.id)! }));
}

/** Points still held that expire after `now` and by `until`, summed per expiry instant, soonest first. */
export function expiringSoon(lots: Lot[], left: Map<string, number>, now: Date, until: Date): { points: number; at: string }[] {
  const by = new Map<number, number>();
  for (const l of lots) {
    const rest = left.get(l.id) ?? 0;
    if (!l.expiresAt || rest <= 0) continue;
    const t = l.expiresAt.getTime();
    if (t <= now.getTime() || t > until.getTime()) continue;
    by.set(t, (by.get(t) ?? 0) + rest);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([t, points]) => ({ points, at: new Date(t).toISOString() }));
}

/**
 * A reversal (the invoice was cancelled or credited) takes back what the invoice earned less what already expired
 * from it, but never more than the balance: the shortfall is the part already spent elsewhere, which is not clawed back.
 */
export function reversalOf(earned: number, expiredFromLot: number, balance: number): { points: number; shortfall: number } {
  const want = Math.max(0, earned - expiredFromLot);
  const points = Math.min(want, Math.max(0, balance));
  return { points, shortfall: want - points };
}

/** Calendar months later (UTC), the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: Date, months: number): Date {
  const y = d.getUTCFullYear(), m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** The highest tier whose threshold the value reaches (a threshold is reached at equality), and the next one up. */
export function tierOf(tiers: Tier[], value: number): { tier: Tier | null; next: Tier | null; toNext: number } {
  const sorted = [...tiers].sort((a, b) => a.threshold - b.threshold);
  let tier: Tier | null = null;
  let next: Tier | null = null;
  for (const t of sorted) {
    if (value >= t.threshold) tier = t;
    else { next = t; break; }
  }
  return { tier, next, toNext: next ? next.threshold - value : 0 };
}

/** Whether going from one tier to another is an upgrade (by threshold; from no tier is up). */
export function isUpgrade(tiers: Tier[], from: string | null, to: string | null): boolean {
  const th = (k: string | null) => (k == null ? -1 : tiers.find((t) => t.key === k)?.threshold ?? -1);
  return th(to) > th(from);
}
