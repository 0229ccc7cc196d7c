/**
 * The reader on genuine perf 6.1 recordings made on this machine (zstd
 * compressed, pipe mode): its record census must equal what `perf report -D`
 * counted, and the file metadata what `perf report --header-only` printed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { needTool } from "../helpers/tools";
import { DATA_FILES, fixture, read } from "./helpers";

/** `perf report -D` aggregated stats → { RECORD_NAME: n } plus per-event sample counts. */
function parseDStats(text: string): { records: Record<string, number>; samples: Record<string, number> } {
  const records: Record<string, number> = {};
  const samples: Record<string, number> = {};
  let section: string | null = null;
  for (const line of text.split("\n")) {
    const s = /^(\S+) stats:$/.exec(line);
    if (s && s[1] !== "Aggregated") section = s[1];
    const m = /^\s*(\w+) events:\s+(\d+)/.exec(line);
    if (!m || m[1] === "TOTAL") continue;
    if (section) samples[section] = Number(m[2]);
    else records[m[1]] = Number(m[2]);
  }
  return { records, samples };
}

/** Our record names without perf's HEADER_ prefix, as perf -D names them. */
function census(records: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(records).map(([k, v]) => [k.replace(/^HEADER_/, ""), v]));
}

for (const name of ["sched-switch.zstd.data", "sched-switch.pipe.data", "kvm-empty.zstd.data"]) {
  test(`readPerfData(real/${name}) counts every record as perf report -D does`, async () => {
    const res = await read(fixture(`real/${name}`));
    const want = parseDStats(readFileSync(fixture(`real/${name}.report-D-stats.txt`), "utf8"));
    assert.deepEqual(census(res.metadata.records), want.records);
    const ours = Object.fromEntries(Object.entries(res.lost.samplesByEvent).filter(([k]) => k in want.samples));
    assert.deepEqual(ours, want.samples);
    assert.ok(!res.diagnostics.some((d) => d.severity === "error"), JSON.stringify(res.diagnostics));
  });
}

test("zstd: a real perf record -z file is decompressed (HEADER_COMPRESSED metadata, COMPRESSED records)", async () => {
  const res = await read(fixture("real/sched-switch.zstd.data"));
  assert.deepEqual(res.metadata.compression, { type: "zstd", level: 1, ratio: 4 });
  assert.equal(res.metadata.records.COMPRESSED, 5);
  assert.equal(res.lost.samplesByEvent["sched:sched_switch"], 27);
});

test("zstd: the compressed twin of vmx-multivcpu gives the same kvm tables as the original", async () => {
  const a = await read(fixture("vmx-multivcpu.data"));
  const b = await read(fixture("real/vmx-multivcpu.zstd.data"));
  assert.ok(b.metadata.records.COMPRESSED > 10);
  assert.deepEqual(b.tables, a.tables);
  assert.deepEqual(b.vcpuMatrix, a.vcpuMatrix);
});

test("zstd: a fresh perf record -z recording reads like perf report -D says", async (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const dir = mkdtempSync(join(tmpdir(), "perfz-"));
  const file = join(dir, "z.data");
  try {
    let r = spawnSync(perf, ["record", "-z", "-e", "sched:sched_switch", "-a", "-o", file, "--", "sleep", "0.2"], { encoding: "utf8" });
    if (r.status !== 0) {
      // perf_event_open may be refused (containers, perf_event_paranoid); a software event needs less.
      r = spawnSync(perf, ["record", "-z", "-e", "cpu-clock", "-o", file, "--", "sleep", "0.2"], { encoding: "utf8" });
    }
    if (r.status !== 0) {
      t.skip(`perf record is not permitted here: ${r.stderr.trim().split("\n").pop()}`);
      return;
    }
    const d = spawnSync(perf, ["report", "-D", "-i", file], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const want = parseDStats(d.stdout.slice(d.stdout.indexOf("Aggregated stats")));
    const res = await read(file);
    assert.ok(res.metadata.compression, "HEADER_COMPRESSED");
    assert.deepEqual(census(res.metadata.records), want.records);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function headerField(text: string, key: string): string | null {
  const m = new RegExp(`^# ${key}\\s*: (.*)$`, "m").exec(text);
  return m ? m[1].trim() : null;
}

for (const name of DATA_FILES) {
  test(`readPerfData(${name}) metadata equals perf report --header-only`, async () => {
    const text = readFileSync(fixture(`perf-output/${name}.header.txt`), "utf8");
    const m = (await read(fixture(`${name}.data`))).metadata;
    assert.equal(m.hostname, headerField(text, "hostname"));
    assert.equal(m.osRelease, headerField(text, "os release"));
    assert.equal(m.perfVersion, headerField(text, "perf version"));
    assert.equal(m.arch, headerField(text, "arch"));
    assert.equal(String(m.nrCpusOnline), headerField(text, "nrcpus online"));
    assert.equal(String(m.nrCpusAvail), headerField(text, "nrcpus avail"));
    assert.equal(m.cpuDesc, headerField(text, "cpudesc"));
    assert.equal(m.cpuid, headerField(text, "cpuid"));
    assert.equal(`${m.totalMemKb} kB`, headerField(text, "total memory"));
    assert.equal(m.cmdline!.join(" "), headerField(text, "cmdline"));
    // "time of first sample : 1000.000009" is the SAMPLE_TIME feature in seconds, truncated to µs.
    const first = headerField(text, "time of first sample")!;
    assert.equal((BigInt(m.sampleTimeFirstNs!) / 1000n).toString(), first.replace(".", ""));
    assert.deepEqual(m.events, [...text.matchAll(/^# event : name = ([^,]+),/gm)].map((x) => x[1]));
    assert.equal(m.mode, "file");
    assert.equal(m.byteOrder, "little");
  });
}
