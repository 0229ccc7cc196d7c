/**
 * Cross-check (issue 3, part 4): for writer-made files, real perf's text
 * report parsed by our text parser equals our binary reader on the same file,
 * number for number, in perf's row order: names, counts, percentages,
 * min/max/avg, ±, totals — for vmexit (all vCPUs, --vcpu 1, -k time), ioport
 * and mmio, in both byte orders
 * and with zstd compression.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fsp } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needTool, which } from "../helpers/tools";
import { writePerfData } from "../../src/perf-data/writer";
import { parsePerfKvmStatText } from "../../src/perf-text";
import { readPerfData } from "../../src/perf-data/read";
import type { KvmStatTable } from "../../src/model/kvm-stat";
import type { ReportEvent } from "../../src/perf-data/writer/expected-report";
import { SCENARIOS, perfReport, zstdCli } from "./writer-seeded";

const ROW_KEYS = ["name", "samples", "samplesPct", "timePct", "minUs", "maxUs", "avgUs", "stddevPct"] as const;

function comparable(t: KvmStatTable): unknown {
  return {
    event: t.event,
    vcpu: t.scope.vcpu,
    totalSamples: t.totalSamples,
    totalTimeUs: t.totalTimeUs,
    rows: t.rows.map((r) => Object.fromEntries(ROW_KEYS.map((k) => [k, r[k]]))),
  };
}

const CASES: Array<[ReportEvent, number | null, "sample" | "time"]> = [
  ["vmexit", null, "sample"],
  ["vmexit", 1, "sample"],
  ["vmexit", null, "time"],
  ["ioport", null, "sample"],
  ["mmio", null, "sample"],
];

for (const sc of SCENARIOS) {
  for (const compressed of [false, true]) {
    const name = `${sc.name}${compressed ? ", zstd" : ""}`;
    test(`perf text → parsePerfKvmStatText equals readPerfData on writePerfData(${name})`, async (t) => {
      const perf = needTool(t, "perf", "apt-get install linux-perf");
      if (!perf) return;
      if (compressed && !needTool(t, "zstd", "apt-get install zstd")) return;
      const dir = mkdtempSync(join(tmpdir(), "vmexit-xcheck-"));
      try {
        const file = join(dir, "perf.data.guest");
        writeFileSync(file, writePerfData(sc.exits, compressed && which("zstd") ? { ...sc.options, compress: zstdCli, roundNs: 4_000_000 } : sc.options));
        for (const [event, vcpu, sortKey] of CASES) {
          const text = parsePerfKvmStatText(perfReport(perf, file, event, vcpu, sortKey), "report.txt");
          assert.equal(text.tables.length, 1, `${event}: one table in perf's text`);
          const bin = await readPerfData(file, fsp, { event, vcpu, sortKey });
          assert.equal(bin.tables.length, 1, `${event}: one table from the reader`);
          assert.deepEqual(comparable(bin.tables[0]), comparable(text.tables[0]), `${event} vcpu=${vcpu} -k ${sortKey}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
