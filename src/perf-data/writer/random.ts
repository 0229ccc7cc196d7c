/**
 * A seeded pseudo-random source for made-up recordings (tests, benchmarks,
 * the bundled example): the same seed gives the same exits on every machine.
 * mulberry32: 32-bit state, uniform in [0, 1), ample for synthetic data.
 */
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
