/**
 * The bundled example experiment `data/examples/rt-vmexit/`: the committed
 * files are exactly what scripts/make-example.ts generates, the perf text
 * reports are what real perf prints for the committed perf.data.guest files,
 * the seed write-up's observations hold in the data, and it stays small.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { needTool } from "../helpers/tools";
import { promises as fsp } from "node:fs";
import { parsePerfKvmStatText } from "../../src/perf-text";
import { readPerfData } from "../../src/perf-data/read";
import { buildExample, DEFAULT_SEED, EXAMPLE_DIR, REPORT_EVENTS, RUNS } from "../../scripts/make-example";

const runIds = RUNS.map((r) => r.id);

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

interface PerfRow {
  name: string;
  count: number;
  samplesPct: string;
  avgUs: number;
}

/** Rows of a perf 6.1 `kvm stat report` table, by name. */
function perfRows(text: string): Map<string, PerfRow> {
  const rows = new Map<string, PerfRow>();
  const re = /^\s*(\S+)\s+(\d+)\s+([\d.]+)%\s+[\d.]+%\s+[\d.]+us\s+[\d.]+us\s+([\d.]+)us \( \+-\s*[\d.]+% \)$/;
  for (const line of text.split("\n")) {
    const m = re.exec(line);
    if (m) rows.set(m[1], { name: m[1], count: Number(m[2]), samplesPct: m[3], avgUs: Number(m[4]) });
  }
  return rows;
}

const committed = (rel: string): Buffer => readFileSync(join(EXAMPLE_DIR, rel));
const vmexit = (run: string): Map<string, PerfRow> => perfRows(committed(`${run}/vmexit.txt`).toString("utf8"));
const row = (run: string, name: string): PerfRow => {
  const r = vmexit(run).get(name);
  assert.ok(r, `${run}/vmexit.txt has no ${name} row`);
  return r;
};

test("buildExample(DEFAULT_SEED) reproduces every committed generated file byte for byte", () => {
  const built = buildExample(DEFAULT_SEED);
  const reports = new Set(runIds.flatMap((id) => REPORT_EVENTS.map((ev) => `${id}/${ev}.txt`)));
  const onDisk = filesUnder(EXAMPLE_DIR).filter((f) => !reports.has(f)).sort();
  assert.deepEqual(onDisk, [...built.keys()].sort(), "the example folder holds exactly the generated files plus the perf reports");
  for (const [rel, content] of built) {
    const want = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    assert.ok(want.equals(committed(rel)), `${rel} differs from the generator's output (run: npx tsx scripts/make-example.ts)`);
  }
  for (const rel of reports) assert.ok(statSync(join(EXAMPLE_DIR, rel)).size > 0, `${rel} is missing or empty`);
});

test("the committed text reports equal what real perf prints for the committed perf.data.guest files", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  for (const id of runIds) {
    for (const ev of REPORT_EVENTS) {
      const out: SpawnSyncReturns<string> = spawnSync(perf, ["kvm", "-i", join(EXAMPLE_DIR, id, "perf.data.guest"), "stat", "report", `--event=${ev}`], { encoding: "utf8" });
      assert.equal(out.status, 0, out.stderr);
      assert.equal(out.stdout + out.stderr, committed(`${id}/${ev}.txt`).toString("utf8"), `${id}/${ev}.txt`);
    }
  }
});

test("our perf.data reader on each committed perf.data.guest equals the committed text report, number for number", async () => {
  const keys = ["name", "samples", "samplesPct", "timePct", "minUs", "maxUs", "avgUs", "stddevPct"] as const;
  for (const id of runIds) {
    for (const event of REPORT_EVENTS) {
      const text = parsePerfKvmStatText(committed(`${id}/${event}.txt`).toString("utf8"), `${event}.txt`).tables[0];
      const bin = (await readPerfData(join(EXAMPLE_DIR, id, "perf.data.guest"), fsp, { event })).tables[0];
      const pick = (t: typeof text) => ({ total: t.totalSamples, timeUs: t.totalTimeUs, rows: t.rows.map((r) => keys.map((k) => r[k])) });
      assert.deepEqual(pick(bin), pick(text), `${id} ${event}`);
    }
  }
});

test("GP-RT: pinning moves EXTERNAL_INTERRUPT 4.11% → 0.35% and PREEMPTION_TIMER 0.31% → 0.72% (as perf prints them)", () => {
  assert.equal(row("gp-rt-raw", "EXTERNAL_INTERRUPT").samplesPct, "4.11");
  assert.equal(row("gp-rt-bind", "EXTERNAL_INTERRUPT").samplesPct, "0.35");
  assert.equal(row("gp-rt-raw", "PREEMPTION_TIMER").samplesPct, "0.31");
  assert.equal(row("gp-rt-bind", "PREEMPTION_TIMER").samplesPct, "0.72");
});

test("pinning raises the IO_INSTRUCTION count and average time, and the MSR_WRITE share, for both guest kernels", () => {
  for (const g of ["gp", "rt"]) {
    const raw = `gp-${g}-raw`;
    const bind = `gp-${g}-bind`;
    assert.ok(row(bind, "IO_INSTRUCTION").count > row(raw, "IO_INSTRUCTION").count, `${g}: IO_INSTRUCTION count`);
    assert.ok(row(bind, "IO_INSTRUCTION").avgUs > row(raw, "IO_INSTRUCTION").avgUs, `${g}: IO_INSTRUCTION avg`);
    assert.ok(Number(row(bind, "MSR_WRITE").samplesPct) > Number(row(raw, "MSR_WRITE").samplesPct), `${g}: MSR_WRITE share`);
    // "the handling time stays about the same": within 10 %.
    assert.ok(Math.abs(row(bind, "MSR_WRITE").avgUs / row(raw, "MSR_WRITE").avgUs - 1) < 0.1, `${g}: MSR_WRITE avg`);
    // MSR_WRITE is the largest row (a busy vCPU's exits are mostly MSR_WRITE).
    const top = [...vmexit(raw).values()].sort((a, b) => b.count - a.count)[0];
    assert.equal(top.name, "MSR_WRITE");
  }
});

test("GP-RT pinned has the best cyclictest result: lowest max in the run and in the histogram run, tens of µs", () => {
  const liveMax = (id: string): number => {
    const text = committed(`${id}/cyclictest.txt`).toString("utf8");
    const frames = text.split("\x1b[3A");
    const m = /T: 0 \(\s*\d+\) P:99 I:10000 C:\s*1000 Min:\s*\d+ Act:\s*\d+ Avg:\s*\d+ Max:\s*(\d+)\n$/.exec(frames[frames.length - 1]);
    assert.ok(m, `${id}/cyclictest.txt: last frame is not a C:1000 result`);
    return Number(m[1]);
  };
  const histMax = (id: string): number => {
    const m = /^# Max Latencies: (\d+)$/m.exec(committed(`${id}/cyclictest-hist.txt`).toString("utf8"));
    assert.ok(m, `${id}/cyclictest-hist.txt has no Max Latencies line`);
    return Number(m[1]);
  };
  for (const id of runIds.filter((x) => x !== "gp-rt-bind")) {
    assert.ok(liveMax("gp-rt-bind") < liveMax(id), `live max: gp-rt-bind vs ${id}`);
    assert.ok(histMax("gp-rt-bind") < histMax(id), `histogram max: gp-rt-bind vs ${id}`);
  }
  assert.ok(liveMax("gp-rt-bind") >= 10 && liveMax("gp-rt-bind") < 100);
  assert.ok(liveMax("gp-gp-raw") >= 100 && liveMax("gp-rt-raw") >= 100, "unpinned runs reach hundreds of µs");
});

test("the cyclictest live files have rt-tests 2.4's redirected layout: escapes before policy lines, no CR", () => {
  for (const id of runIds) {
    const text = committed(`${id}/cyclictest.txt`).toString("utf8");
    assert.ok(text.startsWith("# /dev/cpu_dma_latency set to 0us\npolicy: fifo: loadavg: "));
    assert.ok(!text.includes("\r"));
    const frames = text.split("\x1b[3A");
    assert.ok(frames.length > 900 && frames.length < 1000, `${id}: ${frames.length} frames`);
    for (const f of frames.slice(1)) assert.match(f, /^policy: fifo: loadavg: [\d.]+ [\d.]+ [\d.]+ \d+\/\d+ \d+ {10}\n\nT: 0 \(\s*\d+\) P:99 I:10000 C:\s*\d+ Min:\s*\d+ Act:\s*\d+ Avg:\s*\d+ Max:\s*\d+\n$/);
    const hist = committed(`${id}/cyclictest-hist.txt`).toString("utf8").split("\n");
    assert.equal(hist.filter((l) => /^\d{6} \d{6}$/.test(l)).length, 400, `${id}: 400 histogram buckets`);
  }
});

test("experiment.yaml is synthetic, has the two factors, and lists files that exist", () => {
  const m = parseYaml(committed("experiment.yaml").toString("utf8"));
  assert.equal(m.synthetic, true);
  assert.deepEqual(
    m.factors.map((f: { id: string; levels: Array<{ id: string }> }) => [f.id, f.levels.map((l) => l.id)]),
    [
      ["guestKernel", ["gp", "rt"]],
      ["pinning", ["raw", "bind"]],
    ],
  );
  assert.deepEqual(m.runs.map((r: { id: string }) => r.id), runIds);
  for (const r of m.runs) {
    assert.equal(r.durationS, 10);
    for (const f of r.files) assert.ok(statSync(join(EXAMPLE_DIR, f.path)).size > 0, f.path);
    assert.match(r.commands.record, /^perf kvm stat record /);
  }
  assert.match(committed("README.md").toString("utf8"), /SYNTHETIC/);
});

test("the example folder stays under 20 MB", () => {
  const total = filesUnder(EXAMPLE_DIR).reduce((s, f) => s + statSync(join(EXAMPLE_DIR, f)).size, 0);
  assert.ok(total < 20 * 1024 * 1024, `${total} bytes`);
});
