/**
 * Small statistics kit for the comparisons: the standard normal CDF, a
 * two-proportion z-test, an exact (conditional) binomial test for Poisson
 * rates and a Welch-like z-test on two means with known standard errors.
 * Every function is pure and returns plain numbers; p-values are two-sided.
 */

/** Complementary error function (Numerical Recipes' Chebyshev erfcc): relative error < 1.2e-7, ample for p-values. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Φ(z), the standard normal cumulative distribution. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

export interface ZTest {
  z: number;
  pValue: number;
}

/**
 * Two-proportion z-test with pooled variance: x1 of n1 against x2 of n2.
 * z > 0 when the second proportion is larger. Null when a total is 0 or the
 * pooled proportion is 0 or 1 (no variance: nothing to test).
 */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): ZTest | null {
  if (!(n1 > 0 && n2 > 0)) return null;
  const p = (x1 + x2) / (n1 + n2);
  if (p <= 0 || p >= 1) return null;
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  const z = (x2 / n2 - x1 / n1) / se;
  return { z, pValue: twoSidedP(z) };
}

/** ln Γ(x) by Lanczos (g = 7, n = 9), good to ~1e-15 for x > 0. */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

function logBinomPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p);
}

/** Above this many trials the binomial test uses the normal approximation with continuity correction. */
export const EXACT_BINOMIAL_MAX_N = 20_000;

/**
 * Two-sided binomial test of k successes in n trials against probability p:
 * the sum of the probabilities of every outcome no more likely than k (the
 * "minimum likelihood" rule, as R's binom.test). Normal approximation above
 * EXACT_BINOMIAL_MAX_N.
 */
export function binomialTestTwoSided(k: number, n: number, p: number): number {
  if (n <= 0) return 1;
  if (n > EXACT_BINOMIAL_MAX_N) {
    const mean = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    if (sd === 0) return k === mean ? 1 : 0;
    const d = Math.max(0, Math.abs(k - mean) - 0.5);
    return twoSidedP(d / sd);
  }
  const lk = logBinomPmf(k, n, p);
  const tol = 1e-7;
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const li = logBinomPmf(i, n, p);
    if (li <= lk + tol) sum += Math.exp(li);
  }
  return Math.min(1, sum);
}

export interface RateTest {
  /** (c2/t2) / (c1/t1); null when c1 is 0 (no finite ratio; JSON has no Infinity). */
  ratio: number | null;
  pValue: number;
}

/**
 * Compare two Poisson rates, c1 events in t1 seconds against c2 in t2, by the
 * conditional binomial test: given c1 + c2, c2 ~ Binomial(c1 + c2, t2 / (t1 + t2))
 * when the rates are equal. Null when a duration is not positive or no event
 * was counted in either.
 */
export function poissonRateTest(c1: number, t1: number, c2: number, t2: number): RateTest | null {
  if (!(t1 > 0 && t2 > 0)) return null;
  const n = c1 + c2;
  if (n === 0) return null;
  const ratio = c1 === 0 ? null : c2 / t2 / (c1 / t1);
  return { ratio, pValue: binomialTestTwoSided(c2, n, t2 / (t1 + t2)) };
}

/**
 * Welch-like z-test on two means with their standard errors (perf's "± x%" is
 * the standard error of the mean relative to the mean). z > 0 when the second
 * mean is larger. Null when both standard errors are 0.
 */
export function meanDifferenceZTest(mean1: number, se1: number, mean2: number, se2: number): ZTest | null {
  const se = Math.sqrt(se1 * se1 + se2 * se2);
  if (!(se > 0)) return null;
  const z = (mean2 - mean1) / se;
  return { z, pValue: twoSidedP(z) };
}
