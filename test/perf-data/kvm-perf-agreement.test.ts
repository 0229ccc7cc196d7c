/**
 * Agreement with real perf 6.1: the tables `perf kvm stat report` printed for
 * every fixture (committed in test/fixtures/perf-data/perf-output/) and, when
 * perf is installed, live perf runs on the same files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { needTool } from "../helpers/tools";
import { renderPerfTable } from "../../src/perf-data/render";
import { cFixed } from "../../src/perf-data/kvm/stats";
import { cleanPerfOutput, DATA_FILES, fixture, FIXTURES, optionsOfCommand, perfRows, read } from "./helpers";

const OUT = join(FIXTURES, "perf-output");
const reports = readdirSync(OUT).filter((f) => /\.kvm-stat-.*\.txt$/.test(f) && !f.includes(".pipe."));

test("every committed perf kvm stat report has a fixture", () => {
  assert.ok(reports.length >= 20, `found ${reports.length} reports`);
});

for (const rep of reports) {
  test(`readPerfData reproduces ${rep} byte for byte`, async () => {
    const text = readFileSync(join(OUT, rep), "utf8");
    const cmd = text.split("\n")[0];
    const dataName = /-i (\S+\.data)/.exec(cmd)![1];
    const opts = optionsOfCommand(cmd);
    const res = await read(fixture(dataName), opts);
    const ours = renderPerfTable(res.tables[0]);
    assert.equal(ours.trimEnd(), cleanPerfOutput(text).trimEnd());
  });

  test(`JSON rows of ${rep} carry perf's printed numbers`, async () => {
    const text = readFileSync(join(OUT, rep), "utf8");
    const cmd = text.split("\n")[0];
    const res = await read(fixture(/-i (\S+\.data)/.exec(cmd)![1]), optionsOfCommand(cmd));
    const t = res.tables[0];
    const p = perfRows(cleanPerfOutput(text));
    assert.equal(t.rows.length, p.rows.length);
    t.rows.forEach((r, i) => {
      const q = p.rows[i];
      assert.deepEqual(
        [r.name, String(r.samples), cFixed(r.samplesPct!), cFixed(r.timePct!), cFixed(r.minUs!), cFixed(r.maxUs!), cFixed(r.avgUs!), cFixed(r.stddevPct!)],
        q,
        `row ${i}`,
      );
    });
    assert.equal(`${t.totalSamples} ${cFixed(t.totalTimeUs!)}`, p.total);
  });
}

test("the pipe-mode file gives the same result as its file-mode twin", async () => {
  const a = await read(fixture("vmx-small.data"));
  const b = await read(fixture("vmx-small.pipe.data"));
  assert.equal(b.metadata.mode, "pipe");
  assert.equal(a.metadata.mode, "file");
  assert.deepEqual(b.tables, a.tables);
  assert.deepEqual(b.vms, a.vms);
  assert.deepEqual(b.rate, a.rate);
  assert.equal(b.metadata.cpuid, a.metadata.cpuid);
  assert.deepEqual(b.diagnostics, []);
});

const LIVE_CASES: Array<[string, string[]]> = [];
for (const f of DATA_FILES) {
  LIVE_CASES.push([f, ["--event=vmexit"]], [f, ["--event=vmexit", "--vcpu", "1"]], [f, ["--event=vmexit", "-k", "time"]]);
}
LIVE_CASES.push(["vmx-io", ["--event=ioport"]], ["vmx-io", ["--event=mmio"]], ["vmx-io", ["--event=msr"]], ["vmx-multivcpu", ["--event=vmexit", "--vcpu", "5"]]);

test("live perf 6.1 agrees on every fixture and option", async (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  {
    for (const [f, args] of LIVE_CASES) {
      const r: SpawnSyncReturns<string> = spawnSync(perf as string, ["kvm", "-i", fixture(`${f}.data`), "stat", "report", ...args], { encoding: "utf8" });
      assert.equal(r.status, 0, `${f} ${args.join(" ")}: ${r.stderr}`);
      const res = await read(fixture(`${f}.data`), optionsOfCommand(args.join(" ")));
      assert.equal(renderPerfTable(res.tables[0]).trimEnd(), cleanPerfOutput(r.stderr).trimEnd(), `${f} ${args.join(" ")}`);
    }
  }
});

/** Exit-sample offsets of a fixture (kvm stat sample_type 0x10587: exit_reason at +68), in perf's order. */
async function exitReasonOffsets(file: string): Promise<number[]> {
  const fsp = await import("node:fs/promises");
  const { readPerfDataRecords } = await import("../../src/perf-data/reader");
  const { createDiagnosticSink } = await import("../../src/model/diagnostic");
  const { EV } = await import("../../src/perf-data/events");
  const fh = await fsp.open(file, "r");
  const offs: number[] = [];
  try {
    await readPerfDataRecords(fh, (await fh.stat()).size, createDiagnosticSink(file), (c, i) => {
      if (c.kind[i] === EV.exit) offs.push(c.off[i] + 68);
    });
  } finally {
    await fh.close();
  }
  return offs;
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const TABLE_CASES: Array<[string, number[]]> = [
  ["vmx-multivcpu", range(0, 101)],
  ["svm-small", [...range(0, 0xa8), ...range(0x400, 0x405), 0x80000001, 0x80000013, 0x8000fffd, 0xffffffff]],
  ["svm-small", [...range(0x80000000, 0x80000020), ...range(0x8000fff0, 0x80010000)]],
];

test("exit-reason tables: every code is named (or UNKNOWN, truncated to 19 chars) as perf 6.1 names it", async (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "perf-codes-"));
  for (const [src, codes] of TABLE_CASES) {
    const buf = readFileSync(fixture(`${src}.data`));
    const offs = await exitReasonOffsets(fixture(`${src}.data`));
    offs.forEach((o, k) => buf.writeUInt32LE(codes[k % codes.length] >>> 0, o));
    const file = join(dir, `${src}-${codes[0]}.data`);
    writeFileSync(file, buf);
    const r: SpawnSyncReturns<string> = spawnSync(perf as string, ["kvm", "-i", file, "stat", "report", "--event=vmexit"], { encoding: "utf8" });
    const res = await read(file);
    assert.equal(renderPerfTable(res.tables[0]).trimEnd(), cleanPerfOutput(r.stderr).trimEnd(), `${src} codes from ${codes[0]}`);
    const unknown = [...r.stderr.matchAll(/unknown kvm exit code:(\d+) on/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    const ours = res.tables[0].rows.filter((x) => x.name === "UNKNOWN").map((x) => x.exitCode!).sort((a, b) => a - b);
    assert.deepEqual(ours, unknown);
  }
  const { rmSync } = await import("node:fs");
  rmSync(dir, { recursive: true, force: true });
});

test("msr (kvm_msr → kvm_entry) on writer-made files agrees with live perf 6.1, all vCPUs and --vcpu 1", async (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { writePerfData } = await import("../../src/perf-data/writer");
  const { SCENARIOS } = await import("./writer-seeded");
  const dir = mkdtempSync(join(tmpdir(), "perf-msr-"));
  for (const sc of SCENARIOS) {
    const file = join(dir, `${sc.name}.data`);
    writeFileSync(file, writePerfData(sc.exits, sc.options));
    for (const args of [["--event=msr"], ["--event=msr", "--vcpu", "1"], ["--event=ioport", "-k", "time"]]) {
      const r: SpawnSyncReturns<string> = spawnSync(perf as string, ["kvm", "-i", file, "stat", "report", ...args], { encoding: "utf8" });
      const res = await read(file, optionsOfCommand(args.join(" ")));
      assert.ok(res.tables[0].rows.length > 0, `${sc.name} ${args.join(" ")} has rows`);
      assert.equal(renderPerfTable(res.tables[0]).trimEnd(), cleanPerfOutput(r.stderr).trimEnd(), `${sc.name} ${args.join(" ")}`);
    }
  }
  const { rmSync } = await import("node:fs");
  rmSync(dir, { recursive: true, force: true });
});
