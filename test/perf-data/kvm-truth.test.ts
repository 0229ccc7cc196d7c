/**
 * The generator's truth files: every counted duration is known, so counts,
 * totals, min/max, p50/p90/p99 (numpy linear), the per-vCPU counts, the
 * thread → vCPU map and the exits per 10 ms must come out exactly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DATA_FILES, fixture, read } from "./helpers";

interface Truth {
  cpuid: string;
  qemu_pid: number;
  vcpu_threads: Record<string, number>;
  by_reason: Record<string, { code: number; count: number; total_ns: number; min_ns: number; max_ns: number; p50_ns: number; p90_ns: number; p99_ns: number }>;
  by_vcpu: Record<string, Record<string, number>>;
  exits_per_10ms: { t0_ns: number; bucket_ns: number; counts: number[] };
  pairs_columns: string[];
  pairs: (number | null)[][];
  totals: { samples: number; handled_time_ns: number };
}

const truthOf = (name: string): Truth => JSON.parse(readFileSync(fixture(`${name}.truth.json`), "utf8"));
const close = (a: number | null, b: number, what: string) => assert.ok(a !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} != ${b}`);

/** numpy.percentile(x, q) (linear), written out independently of the code under test. */
function npPercentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = ((s.length - 1) * q) / 100;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

for (const name of DATA_FILES) {
  test(`readPerfData(${name}) matches the truth file: counts, totals, min/max, p50/p90/p99`, async () => {
    const truth = truthOf(name);
    const res = await read(fixture(`${name}.data`));
    const t = res.tables[0];
    assert.equal(t.totalSamples, truth.totals.samples);
    assert.equal(t.rows.reduce((a, r) => a + r.timeNs, 0), truth.totals.handled_time_ns);
    for (const [reason, tr] of Object.entries(truth.by_reason)) {
      const row = t.rows.find((r) => r.exitCode === tr.code);
      assert.ok(row, `row for ${reason} (code ${tr.code})`);
      assert.equal(row.samples, tr.count, reason);
      assert.equal(row.timeNs, tr.total_ns, reason);
      assert.equal(row.minNs, tr.min_ns, reason);
      assert.equal(row.maxNs, tr.max_ns, reason);
      close(row.p50Us! * 1000, tr.p50_ns, `${reason} p50`);
      close(row.p90Us! * 1000, tr.p90_ns, `${reason} p90`);
      close(row.p99Us! * 1000, tr.p99_ns, `${reason} p99`);
    }
  });

  test(`readPerfData(${name}) p99.9 uses the same method as the truth's percentiles`, async () => {
    const truth = truthOf(name);
    const res = await read(fixture(`${name}.data`));
    const ci = truth.pairs_columns.indexOf("exit_reason");
    const di = truth.pairs_columns.indexOf("duration_ns");
    for (const row of res.tables[0].rows) {
      const ds = truth.pairs.filter((p) => p[ci] === row.exitCode).map((p) => p[di] as number);
      close(row.p999Us! * 1000, npPercentile(ds, 99.9), `${row.name} p99.9`);
      assert.equal(row.histogram.counts.reduce((a, b) => a + b, 0) + row.histogram.zeroCount, row.samples);
    }
  });

  test(`readPerfData(${name}) per-vCPU matrix, threads and exit rate match the truth`, async () => {
    const truth = truthOf(name);
    const res = await read(fixture(`${name}.data`), { rateBucketNs: truth.exits_per_10ms.bucket_ns });
    const m = res.vcpuMatrix!;
    for (const [vcpu, byReason] of Object.entries(truth.by_vcpu)) {
      const v = m.vcpus.find((x) => x.vcpu === Number(vcpu))!;
      for (const [reason, n] of Object.entries(byReason)) {
        const code = truth.by_reason[reason].code;
        const row = res.tables[0].rows.findIndex((r) => r.exitCode === code);
        assert.equal(v.samples[m.names.indexOf(res.tables[0].rows[row].name)] ?? -1, n, `vcpu ${vcpu} ${reason}`);
      }
    }
    assert.equal(res.vms.length, 1);
    assert.equal(res.vms[0].pid, truth.qemu_pid);
    assert.deepEqual(Object.fromEntries(res.vms[0].threads.map((th) => [String(th.tid), th.vcpu])), truth.vcpu_threads);
    assert.ok(res.vms[0].threads.every((th) => /^CPU \d+\/KVM$/.test(th.comm ?? "")), "vCPU thread names from COMM");
    assert.deepEqual(res.rate!.counts, truth.exits_per_10ms.counts);
    const firstAbs = BigInt(res.metadata.firstSampleNs!);
    assert.equal(firstAbs + BigInt(res.rate!.startNs), BigInt(truth.exits_per_10ms.t0_ns));
  });
}

test("vmx-edge: perf's UNKNOWN rows keep their codes and get the kernel's names", async () => {
  const res = await read(fixture("vmx-edge.data"));
  const rows = res.tables[0].rows;
  const tdcall = rows.find((r) => r.exitCode === 77)!;
  assert.equal(tdcall.name, "UNKNOWN");
  assert.equal(tdcall.kernelName, "TDCALL");
  const failed = rows.find((r) => r.exitCode === 0x80000021)!;
  assert.equal(failed.name, "UNKNOWN");
  assert.equal(failed.kernelName, "INVALID_STATE FAILED_VMENTRY");
  assert.equal(rows.find((r) => r.exitCode === 12)!.kernelName, "HLT");
});

test("svm-small: names are perf's SVM names, kernelName from the file's table", async () => {
  const res = await read(fixture("svm-small.data"));
  assert.equal(res.tables[0].isa, "SVM");
  const npf = res.tables[0].rows.find((r) => r.exitCode === 0x400)!;
  assert.equal(npf.name, "npf");
  assert.equal(npf.kernelName, "npf");
});

test("HLT is separated from exit handling (vmx-small)", async () => {
  const truth = truthOf("vmx-small");
  const res = await read(fixture("vmx-small.data"));
  const h = res.halt!;
  assert.deepEqual(h.haltNames, ["HLT"]);
  assert.equal(h.haltSamples, truth.by_reason.HLT.count);
  assert.equal(h.haltTimeNs, truth.by_reason.HLT.total_ns);
  assert.equal(h.handlingSamples, truth.totals.samples - truth.by_reason.HLT.count);
  assert.equal(h.handlingTimeNs, truth.totals.handled_time_ns - truth.by_reason.HLT.total_ns);
});

test("timestamps: first sample as an absolute decimal string, table duration relative", async () => {
  const res = await read(fixture("vmx-small.data"));
  // perf report --header-only: time of first sample 1000.000009, last 1000.039266.
  assert.match(res.metadata.firstSampleNs!, /^1000000009\d{3}$/);
  assert.equal(res.tables[0].durationNs, 39256998);
  assert.ok(Number.isSafeInteger(res.tables[0].durationNs));
});

test("durationNs and the first sample do not depend on which sub-events a report decodes (vmx-io)", async () => {
  const all = await Promise.all(["vmexit", "ioport", "mmio", "msr"].map((event) => read(fixture("vmx-io.data"), { event })));
  const d = all.map((r) => [r.tables[0].durationNs, r.metadata.firstSampleNs, r.metadata.lastSampleNs]);
  for (const x of d) assert.deepEqual(x, d[0]);
  // perf report --header-only: first sample and last sample from HEADER_SAMPLE_TIME.
  const m = all[0].metadata;
  assert.equal(BigInt(m.firstSampleNs!) + BigInt(m.lastSampleNs!), BigInt(m.sampleTimeLastNs!));
  assert.equal(m.firstSampleNs, m.sampleTimeFirstNs);
});
