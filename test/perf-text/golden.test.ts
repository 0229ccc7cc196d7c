/**
 * Golden tests of the perf kvm stat text parser on every bundled sample and
 * every real perf 6.1 output, plus invariants checked on the goldens
 * independently of the parser (sums, recomputed percentages, times, and row
 * counts from FORMAT.md's own regexes).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { FIXTURE_DIR, goldenCases, goldenOutput, serialize } from "./golden-cases";
import { assertValidAgainst } from "../helpers/schema";
import { readPerfKvmStatText } from "../../src/perf-text/read";
import type { PerfKvmStatTextResult } from "../../src/model/kvm-stat";
import type { ReaderFs } from "../../src/formats/types";
import { prng } from "./synth";

const cases = goldenCases();

function loadGolden(path: string): PerfKvmStatTextResult {
  return JSON.parse(readFileSync(path, "utf8"));
}
const has = (g: PerfKvmStatTextResult, code: string) => g.diagnostics.some((d) => d.code === code);

test("every sample in samples/ has a golden", () => {
  const samples = cases.filter((c) => c.input.startsWith("samples/"));
  assert.ok(samples.length >= 30, `expected the 30 bundled samples, found ${samples.length}`);
  for (const c of cases) assert.ok(existsSync(c.golden), `missing golden ${c.golden}; run node --import tsx scripts/update-perf-text-goldens.ts`);
});

for (const c of cases) {
  test(`parsePerfKvmStatText(${c.input}) matches its golden and the schema`, () => {
    const actual = goldenOutput(c);
    assertValidAgainst("perf-kvm-stat-text.schema.json", actual);
    const text = serialize(actual);
    const expected = readFileSync(c.golden, "utf8");
    if (text !== expected) {
      writeFileSync(c.changed, text);
      assert.fail(`output differs from ${c.golden}; see ${c.changed} (diff them; regenerate with scripts/update-perf-text-goldens.ts if the change is right)`);
    }
    rmSync(c.changed, { force: true });
  });
}

// ---- Invariants on the goldens (independent of the parser's own checks) ----

for (const c of cases) {
  test(`golden ${c.input}: rows sum to Total Samples, or a diagnostic says why not`, () => {
    const g = loadGolden(c.golden);
    for (const t of g.tables) {
      if (t.totalSamples === null) continue;
      const s = t.rows.reduce((a, r) => a + r.samples, 0);
      if (s !== t.totalSamples) assert.ok(has(g, "kvm-stat/row-sum-mismatch") || has(g, "kvm-stat/elided-rows"), `Σ rows ${s} ≠ Total Samples ${t.totalSamples} without a diagnostic`);
    }
  });

  test(`golden ${c.input}: recomputed Samples% agree within 0.01`, () => {
    const g = loadGolden(c.golden);
    for (const t of g.tables) {
      const total = t.totalSamples ?? (has(g, "kvm-stat/elided-rows") ? null : t.rows.reduce((a, r) => a + r.samples, 0));
      if (!total) continue;
      for (const r of t.rows) {
        if (r.samplesPct === null) continue;
        const pct = (r.samples / total) * 100;
        if (Math.abs(pct - r.samplesPct) > 0.01)
          assert.ok(
            has(g, "kvm-stat/samples-pct-mismatch") || has(g, "kvm-stat/rows-missing") || has(g, "kvm-stat/non-standard-layout"),
            `${r.name}: Samples% ${r.samplesPct} vs recomputed ${pct.toFixed(4)} without a diagnostic`,
          );
      }
    }
  });

  test(`golden ${c.input}: avg × samples ≈ handled time (and ≈ Time% share)`, () => {
    const g = loadGolden(c.golden);
    for (const t of g.tables) {
      if (t.totalTimeUs === null || t.rows.some((r) => r.avgUs === null)) continue;
      const s = t.rows.reduce((a, r) => a + r.avgUs! * r.samples, 0);
      const n = t.rows.reduce((a, r) => a + r.samples, 0);
      if (Math.abs(s - t.totalTimeUs) > 0.005 * n + 0.01)
        assert.ok(has(g, "kvm-stat/time-sum-mismatch") || has(g, "kvm-stat/elided-rows"), `Σ avg×n = ${s} vs ${t.totalTimeUs} without a diagnostic`);
      for (const r of t.rows) {
        if (r.timePct === null || t.totalTimeUs === 0) continue;
        const share = ((r.avgUs! * r.samples) / t.totalTimeUs) * 100;
        const tol = (0.005 * r.samples * 100) / t.totalTimeUs + 0.01;
        if (Math.abs(share - r.timePct) > tol) assert.ok(has(g, "kvm-stat/time-pct-mismatch"), `${r.name}: Time% ${r.timePct} vs ${share} without a diagnostic`);
      }
    }
  });
}

// FORMAT.md §10's regexes, applied to the raw text: how many stdio rows each sample has.
const ROW_312 = /^\s*(.+?)\s+(\d+)\s+([\d.]+|-?nan)%\s+([\d.]+|-?nan)%\s+([\d.]+)us\s+([\d.]+)us\s+([\d.]+)us \( \+-\s*([\d.]+|-?nan)% \)\s*$/;
const ROW_37 = /^\s*(.+?)\s+(\d+)\s+([\d.]+|-?nan)%\s+([\d.]+|-?nan)%\s+([\d.]+)us \( \+-\s*([\d.]+|-?nan)% \)\s*$/;

for (const c of cases) {
  test(`golden ${c.input}: rows agree with FORMAT.md's row regexes on the raw text`, (t) => {
    const g = loadGolden(c.golden);
    if (has(g, "kvm-stat/non-standard-layout") || has(g, "kvm-stat/edited-cells")) {
      t.diagnostic("non-standard layout or hand-edited cells: FORMAT.md regexes do not apply");
      assert.ok(g.tables.length > 0);
      return;
    }
    const lines = readFileSync(join(FIXTURE_DIR, c.input), "utf8").split(/\r?\n/);
    const expected = lines.map((l) => ROW_312.exec(l) ?? ROW_37.exec(l)).filter((m): m is RegExpExecArray => m !== null);
    const rows = g.tables.flatMap((t) => t.rows);
    assert.equal(rows.length, expected.length);
    expected.forEach((m, i) => {
      assert.equal(rows[i].name, m[1]);
      assert.equal(rows[i].samples, Number(m[2]));
      assert.equal(rows[i].samplesPct, Number(m[3]));
      assert.equal(rows[i].timePct, Number(m[4]));
    });
  });
}

// index.json metadata of the collected samples: event and Min/Max presence.
const INDEX: { file: string; event: string; has_min_max?: boolean }[] = JSON.parse(readFileSync(join(FIXTURE_DIR, "index.json"), "utf8"));
for (const entry of INDEX.filter((e) => !e.file.includes("/related/"))) {
  test(`golden ${entry.file}: event and columns agree with index.json`, () => {
    const c = cases.find((x) => x.input === entry.file);
    assert.ok(c, `no golden case for ${entry.file}`);
    const g = loadGolden(c.golden);
    assert.ok(g.tables.length >= 1);
    for (const t of g.tables) {
      if (entry.event === "live") assert.equal(t.mode, "live");
      else assert.equal(t.event, entry.event);
      if (entry.has_min_max === true) assert.ok(t.rows.every((r) => r.minUs !== null && r.maxUs !== null), "Min/Max expected");
      if (entry.has_min_max === false) assert.ok(t.rows.every((r) => r.minUs === null && r.maxUs === null), "no Min/Max expected");
    }
  });
}

// ---- The streaming reader gives the same result as the in-memory parser ----

function chunkedFs(bytes: Buffer, seed: number): ReaderFs {
  const rnd = prng(seed);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * 9);
    chunks.push(bytes.subarray(i, i + n));
    i += n;
  }
  const fake = {
    stat: async () => ({ size: bytes.length, isDirectory: () => false }),
    createReadStream: () => Readable.from(chunks),
  };
  return fake as unknown as ReaderFs;
}

for (const c of cases) {
  test(`readPerfKvmStatText(${c.input}) in 1–9 byte chunks equals parsePerfKvmStatText`, async () => {
    const bytes = readFileSync(join(FIXTURE_DIR, c.input));
    for (const variant of [bytes, Buffer.from(bytes.toString("latin1").replace(/\n/g, "\r\n"), "latin1")]) {
      const streamed = await readPerfKvmStatText(c.input, { fs: chunkedFs(variant, 42), options: {} });
      assert.deepEqual(streamed, goldenOutput(c));
    }
  });
}
