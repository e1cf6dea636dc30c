/** Pure arithmetic of the sales module, all in bigint: quantities × prices, percent price changes, board ranks. */
import { MAX_RIAL, QUANTITY_SCALE } from '../../../common/sales.schemas.ts';

export { MAX_RIAL };

/** "2.5" → 2500n (thousandths). The input is a canonical or database numeric string with at most 3 decimals. */
export function quantityMilli(q: string): bigint {
  const [whole, frac = ''] = q.split('.');
  return BigInt(whole || '0') * QUANTITY_SCALE + BigInt(frac.slice(0, 3).padEnd(3, '0'));
}

/** A database numeric(14,3) ("2.500") in canonical form ("2.5"). */
export function canonicalQuantity(q: string): string {
  if (!q.includes('.')) return q;
  const s = q.replace(/0+$/, '').replace(/\.$/, '');
  return s === '' ? '0' : s;
}

/** a / b rounded half away from zero (b > 0). */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  if (r === 0n) return q;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= b) return a < 0n ? q - 1n : q + 1n;
  return q;
}

/** quantity × unit price, in whole Rials (half-up). */
export const lineTotal = (quantity: string, unitPrice: bigint): bigint => divRound(quantityMilli(quantity) * unitPrice, QUANTITY_SCALE);

/** Σ quantity × unit price over the exact products, rounded half-up once at the end. May exceed MAX_RIAL: the caller checks. */
export function itemsTotal(items: { quantity: string; unitPrice: bigint }[]): bigint {
  const milli = items.reduce((s, i) => s + quantityMilli(i.quantity) * i.unitPrice, 0n);
  return divRound(milli, QUANTITY_SCALE);
}

/** The percent is scaled by 10,000 (12.5% → 125000n): price × (100% + p), rounded half-up to whole Rials. */
export function applyPercent(price: bigint, percentScaled: bigint): bigint {
  return divRound(price * (1_000_000n + percentScaled), 1_000_000n);
}

export const inRialRange = (v: bigint) => v >= 0n && v <= MAX_RIAL;

// ——— Board ranks: numeric(20,10), handled as integers scaled by 10^10 ———

export const RANK_SCALE = 10n ** 10n;
/** Cards are spaced 1,000 apart when appended or renumbered. */
export const RANK_STEP = 1000n * RANK_SCALE;
/** numeric(20,10) holds at most 10 whole digits; stay well inside. */
export const RANK_LIMIT = 9_000_000_000n * RANK_SCALE;

export function parseRank(s: string): bigint {
  const neg = s.startsWith('-');
  const [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const v = BigInt(whole || '0') * RANK_SCALE + BigInt(frac.slice(0, 10).padEnd(10, '0'));
  return neg ? -v : v;
}

export function formatRank(r: bigint): string {
  const neg = r < 0n;
  const a = neg ? -r : r;
  const whole = a / RANK_SCALE;
  const frac = (a % RANK_SCALE).toString().padStart(10, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/**
 * A rank strictly between the neighbours (either may be missing: top or bottom of the column), or null when there
 * is no room left (the column must be renumbered first).
 */
export function rankBetween(above: bigint | undefined, below: bigint | undefined): bigint | null {
  if (above === undefined && below === undefined) return 0n;
  if (above === undefined) return below! - RANK_STEP >= -RANK_LIMIT ? below! - RANK_STEP : null;
  if (below === undefined) return above + RANK_STEP <= RANK_LIMIT ? above + RANK_STEP : null;
  if (below - above < 2n) return null;
  return above + (below - above) / 2n;
}
