/**
 * Synthetic customer histories drawn from the BG/NBD and Gamma-Gamma processes themselves, with a seeded random
 * generator: for the benchmarks (100,000 customers), for recovery tests (fit what was simulated), and for demo data.
 */
import type { BgNbdParams } from './bgnbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';

/** mulberry32: a small, fast, seeded PRNG on [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  const u = 1 - rand(), v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang (shape < 1 boosted by U^(1/shape)). */
export function gammaSample(rand: () => number, shape: number, rate: number): number {
  if (shape < 1) return gammaSample(rand, shape + 1, rate) * (1 - rand()) ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = normal(rand); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export interface SimulatedCustomer { id: string; x: number; tx: number; T: number; monetary: number; holdout: number; holdoutSpend: number }

export interface SimulateOptions {
  n: number;
  seed?: number;
  /** Each customer's T is uniform on [minT, maxT] (model time units), rounded to whole days when `days` is set. */
  minT: number;
  maxT: number;
  /** Round t_x and T to whole days (times in weeks: multiples of 1/7), as summaries built from dates are. */
  days?: boolean;
  spend?: GammaGammaParams;
  /** Also follow each customer for this long after T and count those purchases (`holdout`). */
  holdoutLength?: number;
}

/** BG/NBD customers: λ ~ Gamma(r, α), p ~ Beta(a, b); Poisson purchases, dropping out after each with chance p. */
export function simulateBgNbd(p: BgNbdParams, o: SimulateOptions): SimulatedCustomer[] {
  const rand = seededRandom(o.seed ?? 1);
  const round = (t: number) => (o.days ? Math.floor(t * 7) / 7 : t);
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < o.n; i++) {
    const lambda = gammaSample(rand, p.r, p.alpha);
    const g1 = gammaSample(rand, p.a, 1), g2 = gammaSample(rand, p.b, 1);
    const drop = g1 / (g1 + g2);
    const T = round(o.minT + rand() * (o.maxT - o.minT));
    const end = T + (o.holdoutLength ?? 0);
    let t = 0, x = 0, tx = 0, holdout = 0;
    for (;;) {
      t += -Math.log(1 - rand()) / lambda;
      if (!(t <= end)) break;
      if (t <= T) { x++; tx = t; } else holdout++;
      if (rand() < drop) break;
    }
    let monetary = 0;
    if (o.spend && x > 0) {
      const nu = gammaSample(rand, o.spend.q, o.spend.gamma);
      let sum = 0;
      for (let k = 0; k < x; k++) sum += gammaSample(rand, o.spend.p, nu);
      monetary = sum / x;
    }
    out.push({ id: String(i + 1), x, tx: Math.min(round(tx), T), T, monetary, holdout, holdoutSpend: 0 });
  }
  return out;
}
