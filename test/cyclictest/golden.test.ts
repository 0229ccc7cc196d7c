/**
 * Every cyclictest fixture against its golden (test/fixtures/cyclictest/golden/),
 * every output against the JSON Schema, and invariants checked on the goldens
 * that do not come from the parser: counts add up, min <= avg <= max, the
 * thread count matches the command line, the JSON and text of one run agree.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CYCLICTEST_GOLDEN_DIR, cyclictestFixtureNames, cyclictestGolden, goldenText } from "../../scripts/update-cyclictest-goldens";
import { CYCLICTEST_DIAGNOSTIC_CODES, type CyclictestResult } from "../../src/cyclictest/types";
import { FIXTURES, fixtureText, validate } from "./helpers";

const names = cyclictestFixtureNames();
const golden = (name: string): CyclictestResult => JSON.parse(readFileSync(join(CYCLICTEST_GOLDEN_DIR, `${name}.json`), "utf8"));

test("every file in test/fixtures/cyclictest is listed in index.json with its provenance", () => {
  const index = JSON.parse(readFileSync(join(FIXTURES, "index.json"), "utf8")) as { file: string; source: string; options: string }[];
  assert.ok(names.length >= 60, `only ${names.length} fixtures`);
  for (const e of index) {
    assert.ok(existsSync(join(FIXTURES, e.file)), `${e.file} is listed but missing`);
    assert.ok(e.source.length > 0, `${e.file} has no source`);
  }
});

for (const name of names) {
  test(`parseCyclictest(${name}) matches its golden and the schema`, () => {
    const actual = cyclictestGolden(name);
    validate(actual);
    const path = join(CYCLICTEST_GOLDEN_DIR, `${name}.json`);
    assert.ok(existsSync(path), `no golden for ${name}; run npx tsx scripts/update-cyclictest-goldens.ts`);
    const expected = JSON.parse(readFileSync(path, "utf8"));
    try {
      assert.deepStrictEqual(actual, expected);
    } catch (e) {
      const changed = path.replace(/\.json$/, "-changed.json");
      writeFileSync(changed, goldenText(actual));
      throw new Error(`${name}: output differs from the golden; see ${changed} (diff it, then rerun scripts/update-cyclictest-goldens.ts if the change is right)`);
    }
  });
}

test("goldens: histogram buckets + overflows add up to the cycles of the same thread", () => {
  let checked = 0;
  for (const name of names) {
    const g = golden(name);
    if (!g.histogram) continue;
    for (const h of g.histogram.threads) {
      const inBuckets = h.buckets.reduce((a, [, c]) => a + c, 0);
      const t = g.threads.find((x) => x.thread === h.thread);
      if (t && t.cycles !== null) {
        if (h.overflows !== null) assert.equal(inBuckets + h.overflows, t.cycles, `${name} thread ${h.thread}`);
        else assert.ok(inBuckets <= t.cycles, `${name} thread ${h.thread}: ${inBuckets} in buckets > ${t.cycles} cycles`);
        checked++;
      }
      if (h.totalCount !== null && h.totalCount !== undefined && h.buckets.length > 0) {
        const reported = g.diagnostics.some((d) => d.code === "cyclictest/histogram-sum-mismatch");
        assert.ok(inBuckets === h.totalCount || reported, `${name} thread ${h.thread}: buckets ${inBuckets} != Total ${h.totalCount} and no diagnostic`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 15, `only ${checked} checks ran`);
});

test("goldens: min <= avg <= max wherever all three are known", () => {
  let checked = 0;
  const check = (name: string, what: string, min: number | null, avg: number | null, max: number | null) => {
    if (min === null || avg === null || max === null) return;
    assert.ok(min <= avg && avg <= max, `${name} ${what}: min ${min} avg ${avg} max ${max}`);
    checked++;
  };
  for (const name of names) {
    const g = golden(name);
    for (const t of g.threads) check(name, `thread ${t.thread}`, t.minUs, t.avgUs, t.maxUs);
    for (const r of g.earlierRuns ?? []) for (const t of r.threads) check(name, `earlier thread ${t.thread}`, t.minUs, t.avgUs, t.maxUs);
    for (const t of g.histogram?.threads ?? []) check(name, `histogram thread ${t.thread}`, t.minUs, t.avgUs, t.maxUs);
    for (const t of g.verbose?.threads ?? []) check(name, `-v thread ${t.thread}`, t.minUs, t.avgUs, t.maxUs);
  }
  assert.ok(checked >= 60, `only ${checked} checks ran`);
});

/** `-t N` / `--threads=N` read from the raw fixture text, independently of the parser. */
function threadsOnCommandLine(text: string): number[] {
  const found = new Set<number>();
  for (const line of text.split(/\r?\n/)) {
    if (!/cyclictest\s+-/.test(line)) continue;
    const m = /(?:\s-t\s*(\d+)|--threads[= ](\d+))(?=\s|$|")/.exec(line);
    if (m) found.add(Number(m[1] ?? m[2]));
  }
  return [...found];
}

test("goldens: the thread count matches -t N on the command line where one is given", () => {
  let checked = 0;
  for (const name of names) {
    const ns = threadsOnCommandLine(fixtureText(name));
    if (ns.length !== 1) continue;
    const g = golden(name);
    const n = g.threads.length > 0 ? g.threads.length : g.histogram ? g.histogram.threads.length : null;
    if (n === null) continue;
    assert.equal(n, ns[0], `${name}: -t ${ns[0]} but ${n} threads`);
    checked++;
  }
  assert.ok(checked >= 8, `only ${checked} files had a -t N and results`);
});

test("goldens: the last T: line of each thread in a live capture is the reported result", () => {
  let checked = 0;
  for (const name of names) {
    const g = golden(name);
    if (!g.shapes?.includes("live") || (g.earlierRuns ?? []).length > 0 || g.unit !== "us") continue;
    const last = new Map<number, string>();
    for (const line of fixtureText(name).split(/\r?\n|\x1b\[\d+A/)) {
      const m = /^T:\s*(\d+) .*Max:\s*(\d+)\s*$/.exec(line.trim());
      if (m) last.set(Number(m[1]), m[2]);
    }
    for (const t of g.threads) {
      if (t.thread === null || !last.has(t.thread)) continue;
      assert.equal(String(t.maxUs), last.get(t.thread), `${name} thread ${t.thread}`);
      checked++;
    }
  }
  assert.ok(checked >= 15, `only ${checked} live threads checked`);
});

test("goldens: the JSON and the stdout of the same run agree (16, 17, 18, 42, 43)", () => {
  const pairs = ["16-own-json-nsecs-N", "17-own-json-quiet", "18-own-json-hist1000-t2", "42-own-v2.10-quiet-histofall-H400-t2-json", "43-own-v2.10-json-nohist"];
  for (const base of pairs) {
    const j = golden(`${base}.json`);
    const t = golden(`${base}.txt`);
    if (t.threads.length > 0) {
      assert.equal(j.threads.length, t.threads.length, base);
      j.threads.forEach((jt, i) => {
        const tt = t.threads[i];
        assert.equal(jt.cycles, tt.cycles, `${base} cycles`);
        // The text of 16 has no command line, but its field widths say ns: both end in µs.
        assert.equal(jt.minUs, tt.minUs, `${base} min`);
        assert.equal(jt.maxUs, tt.maxUs, `${base} max`);
        // The T: line's average is the JSON's truncated to an integer, in the printed unit.
        const k = j.unit === "ns" ? 1000 : 1;
        assert.equal(j.unit, t.unit, `${base} unit`);
        assert.equal(Math.trunc(jt.avgUs! * k + 1e-6), Math.round(tt.avgUs! * k), `${base} avg`);
      });
    }
    if (t.histogram && j.histogram) {
      t.histogram.threads.forEach((th, i) => {
        const nonZero = th.buckets.filter(([, c]) => c > 0);
        assert.deepEqual(j.histogram!.threads[i].buckets, nonZero, `${base} thread ${i} buckets`);
        assert.equal(j.histogram!.threads[i].maxUs, th.maxUs, `${base} thread ${i} max`);
      });
    }
  }
});

test("goldens: every diagnostic code is in CYCLICTEST_DIAGNOSTIC_CODES, and every listed code is documented", () => {
  const known = new Set<string>(CYCLICTEST_DIAGNOSTIC_CODES);
  const seen = new Set<string>();
  for (const name of names) for (const d of golden(name).diagnostics) {
    assert.ok(known.has(d.code), `${name}: unknown code ${d.code}`);
    seen.add(d.code);
  }
  assert.ok(seen.size >= 12, `only ${seen.size} distinct codes in the goldens`);
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "cyclictest.md"), "utf8");
  for (const c of CYCLICTEST_DIAGNOSTIC_CODES) assert.ok(doc.includes(`\`${c}\``) || doc.includes(`\`${c.slice("cyclictest/".length)}\``), `${c} is not in docs/cyclictest.md`);
});
