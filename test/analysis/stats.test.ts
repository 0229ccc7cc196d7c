import { test } from "node:test";
import assert from "node:assert/strict";
import { EXACT_BINOMIAL_MAX_N, binomialTestTwoSided, logGamma, meanDifferenceZTest, normalCdf, poissonRateTest, twoProportionZTest, twoSidedP } from "../../src/analysis/stats";

const close = (actual: number, expected: number, tol: number, what: string) => assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);

test("normalCdf(z) matches the table values Φ(0)=0.5, Φ(1.96)=0.9750, Φ(-1)=0.1587", () => {
  close(normalCdf(0), 0.5, 1e-7, "Φ(0)");
  close(normalCdf(1.96), 0.9750021, 1e-6, "Φ(1.96)");
  close(normalCdf(-1), 0.1586553, 1e-6, "Φ(-1)");
  close(twoSidedP(1.959964), 0.05, 1e-6, "p(1.96)");
});

test("logGamma(n) is ln((n-1)!)", () => {
  close(logGamma(5), Math.log(24), 1e-12, "lnΓ(5)");
  close(logGamma(11), Math.log(3628800), 1e-10, "lnΓ(11)");
});

test("twoProportionZTest(30,100, 50,100): pooled p 0.4, z = 0.2/sqrt(0.4·0.6·0.02) = 2.8868, p = 0.00389", () => {
  const r = twoProportionZTest(30, 100, 50, 100)!;
  close(r.z, 2.886751, 1e-5, "z");
  close(r.pValue, 0.0038924, 1e-6, "p");
});

test("twoProportionZTest is null without variance or without samples", () => {
  assert.equal(twoProportionZTest(0, 100, 0, 100), null);
  assert.equal(twoProportionZTest(1, 0, 1, 10), null);
});

test("binomialTestTwoSided(2, 10, 0.5) = 2·(1+10+45)/1024 = 0.109375", () => {
  close(binomialTestTwoSided(2, 10, 0.5), 112 / 1024, 1e-12, "p");
  close(binomialTestTwoSided(0, 5, 0.5), 2 / 32, 1e-12, "p");
});

test("poissonRateTest(10 in 1 s, 2 in 1 s): ratio 0.2, p = 2·P(Bin(12,½) ≤ 2) = 158/4096", () => {
  const r = poissonRateTest(10, 1, 2, 1)!;
  close(r.ratio!, 0.2, 1e-12, "ratio");
  close(r.pValue, 158 / 4096, 1e-12, "p");
});

test("poissonRateTest(10 in 2 s, 10 in 1 s): ratio 2, conditional Bin(20, 1/3) at 10 gives p = 0.15234", () => {
  const r = poissonRateTest(10, 2, 10, 1)!;
  close(r.ratio!, 2, 1e-12, "ratio");
  close(r.pValue, 0.1523422, 1e-6, "p");
});

test("poissonRateTest is null without a duration", () => {
  assert.equal(poissonRateTest(10, 0, 5, 1), null);
});

test("poissonRateTest on large counts uses the normal approximation and stays consistent", () => {
  const r = poissonRateTest(150_000, 10, 151_000, 10)!; // n above EXACT_BINOMIAL_MAX_N
  // Bin(301000, 0.5) at 151000: (|151000-150500| - 0.5)/sqrt(301000/4) = 1.8209 → p = 0.0686
  close(r.pValue, 0.0686, 5e-4, "p");
});

test("meanDifferenceZTest(10 ± 0.5, 12 ± 0.6): z = 2/sqrt(0.61) = 2.5607, p = 0.01045", () => {
  const r = meanDifferenceZTest(10, 0.5, 12, 0.6)!;
  close(r.z, 2.5607376, 1e-6, "z");
  close(r.pValue, 0.0104450, 1e-6, "p");
  assert.equal(meanDifferenceZTest(1, 0, 2, 0), null);
});

test("binomialTestTwoSided: the normal approximation above EXACT_BINOMIAL_MAX_N agrees with the exact test just below it", () => {
  const n = EXACT_BINOMIAL_MAX_N;
  const exact = binomialTestTwoSided(n / 2 + 150, n, 0.5);
  const approx = binomialTestTwoSided(n / 2 + 1 + 150, n + 2, 0.5);
  close(approx, exact, 2e-3, "p");
});
