/**
 * Special functions for the customer-base models (BG/NBD, Pareto/NBD, Gamma-Gamma). Pure, no I/O.
 * Everything returns logarithms where the plain value would overflow: the models multiply gamma functions of
 * (r + x) for customers with hundreds of purchases.
 */

// Lanczos approximation, g = 7, n = 9 (relative error ≈ 1e-15 for x > 0).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos); reflection for 0 < x < 0.5. NaN for x ≤ 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i] / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^a + e^b) without overflow; -Infinity terms are neutral. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln Σ e^xᵢ, shifted by the maximum (numerically stable). ln of an empty sum is -Infinity. */
export function logSumExp(xs: readonly number[]): number {
  let m = -Infinity;
  for (const x of xs) if (x > m) m = x;
  if (m === -Infinity || !Number.isFinite(m)) return m;
  let s = 0;
  for (const x of xs) s += Math.exp(x - m);
  return m + Math.log(s);
}

/** ln(e^a − e^b) for a ≥ b (NaN when b > a; -Infinity when equal). */
export function logDiffExp(a: number, b: number): number {
  if (b > a) return Number.NaN;
  if (b === -Infinity) return a;
  if (a === b) return -Infinity;
  return a + Math.log1p(-Math.exp(b - a));
}

const RESCALE = 1e250;
const LOG_RESCALE = Math.log(RESCALE);

/**
 * ln ₂F₁(a, b; c; z) for real a, b, c > 0 and z < 1 where the function is positive (the cases the models need).
 * 0 ≤ z < 1: the Gauss series Σ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ summed with rescaling (terms can exceed 1e308 before they
 * shrink when a is a customer's r + s + x). z < 0, including large |z| where the series diverges: Pfaff's
 * transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)), whose argument lies in [0, 1).
 * Throws when the series does not converge in `maxTerms` (z extremely close to 1). `meter`, when given, is charged
 * with the number of terms summed, so a caller can bound the total work of many evaluations (a model fit).
 * NaN where the function is not positive (see signedLogHyp2f1).
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 1_000_000, meter?: { terms: number }): number {
  const r = signedLogHyp2f1(a, b, c, z, maxTerms, meter);
  return r.sign > 0 ? r.log : Number.NaN;
}

/**
 * ₂F₁(a, b; c; z) = sign · exp(log), also where it is negative: BG/NBD's conditional expectation needs
 * ₂F₁(r, b; a + b − 1; z) for a customer with no repeat purchase, and a + b − 1 < 0 when a + b < 1 (then the
 * series' terms change sign). c must not be 0 or a negative integer.
 */
export function signedLogHyp2f1(a: number, b: number, c: number, z: number, maxTerms = 1_000_000, meter?: { terms: number }): { sign: number; log: number } {
  if (!(z < 1)) throw new RangeError(`logHyp2f1: z must be < 1 (got ${z})`);
  if (z < 0) {
    const t = signedLogHyp2f1(a, c - b, c, z / (z - 1), maxTerms, meter);
    return { sign: t.sign, log: t.log - a * Math.log1p(-z) };
  }
  if (z === 0 || a === 0 || b === 0) return { sign: 1, log: 0 };
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let k = 0; k < maxTerms; k++) {
    const ratio = ((a + k) * (b + k)) / ((c + k) * (k + 1)) * z;
    term *= ratio;
    sum += term;
    if (Math.abs(sum) > RESCALE) { sum /= RESCALE; term /= RESCALE; logScale += LOG_RESCALE; }
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && Math.abs(ratio) < 1) {
      if (meter) meter.terms += k + 1;
      if (!Number.isFinite(sum)) return { sign: Number.NaN, log: Number.NaN };
      return { sign: Math.sign(sum), log: Math.log(Math.abs(sum)) + logScale };
    }
  }
  if (meter) meter.terms += maxTerms;
  throw new RangeError(`logHyp2f1: no convergence in ${maxTerms} terms (a=${a}, b=${b}, c=${c}, z=${z})`);
}

/** ₂F₁(a, b; c; z) as a plain number (exp of logHyp2f1). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return Math.exp(logHyp2f1(a, b, c, z));
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (error < 1e-13). */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  while (x < 10) { acc -= 1 / x; x += 1; }
  const f = 1 / (x * x);
  return acc + Math.log(x) - 0.5 / x
    - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
}
