import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../../src/perf-data/writer";

test("seededRandom(seed) repeats its sequence for a seed, differs between seeds, and stays in [0, 1)", () => {
  const take = (seed: number, n: number) => Array.from({ length: n }, seededRandom(seed));
  assert.deepEqual(take(7, 50), take(7, 50));
  assert.notDeepEqual(take(7, 50), take(8, 50));
  const xs = take(20261125, 20_000);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  const tenths = new Array(10).fill(0);
  for (const x of xs) tenths[Math.floor(x * 10)]++;
  assert.ok(tenths.every((c) => Math.abs(c - 2000) < 200), `buckets ${tenths}`);
});
