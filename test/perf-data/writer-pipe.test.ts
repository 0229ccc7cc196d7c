/**
 * Pipe mode (`perf record -o -`): perf 6.1's `kvm stat report` refuses pipe
 * input, so little-endian pipe files are checked with `perf script -i -`,
 * which must print exactly what it prints for the file-mode twin; and our
 * reader must give the same tables for pipe and file mode, in both byte
 * orders and with zstd. (Big-endian pipe files are not fed to perf 6.1: it
 * does not byte-swap the feature id of HEADER_FEATURE records and stops with
 * "wrong feature ID".)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { promises as fsp } from "node:fs";
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { needTool, which } from "../helpers/tools";
import { writePerfData } from "../../src/perf-data/writer";
import { readPerfData } from "../../src/perf-data/read";
import { SCENARIOS, zstdCli } from "./writer-seeded";

function perfScript(perf: string, file: string, viaStdin: boolean): string {
  const fd = openSync(file, "r");
  try {
    const r = viaStdin
      ? spawnSync(perf, ["script", "-i", "-"], { stdio: [fd, "pipe", "pipe"], encoding: "utf8" })
      : spawnSync(perf, ["script", "-i", file], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  } finally {
    closeSync(fd);
  }
}

test("perf script -i - on little-endian pipe-mode writer files prints what it prints for the file-mode twin", (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const dir = mkdtempSync(join(tmpdir(), "vmexit-pipe-"));
  try {
    for (const sc of SCENARIOS.filter((s) => (s.options.byteOrder ?? "le") === "le")) {
      const file = join(dir, `${sc.name}.data`);
      writeFileSync(file, writePerfData(sc.exits, sc.options));
      const want = perfScript(perf, file, false);
      assert.ok(want.split("\n").length > 2 * sc.exits.length, "perf script printed every sample");
      const variants: Array<[string, object]> = [["pipe", { mode: "pipe" }]];
      if (which("zstd")) variants.push(["pipe+zstd", { mode: "pipe", compress: zstdCli, roundNs: 4_000_000 }]);
      for (const [label, extra] of variants) {
        const pipe = join(dir, `${sc.name}.${label}.data`);
        writeFileSync(pipe, writePerfData(sc.exits, { ...sc.options, ...extra }));
        assert.equal(perfScript(perf, pipe, true), want, `${sc.name} ${label}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const sc of SCENARIOS) {
  test(`readPerfData gives the same tables for pipe and file mode of writePerfData(${sc.name})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "vmexit-pipe-"));
    try {
      const file = join(dir, "file.data");
      const pipe = join(dir, "pipe.data");
      writeFileSync(file, writePerfData(sc.exits, sc.options));
      const bytes = writePerfData(sc.exits, { ...sc.options, mode: "pipe" });
      assert.equal(Buffer.from(bytes.subarray(8, 16)).readBigUInt64LE(0) === 16n || Buffer.from(bytes.subarray(8, 16)).readBigUInt64BE(0) === 16n, true, "pipe header size is 16");
      writeFileSync(pipe, bytes);
      for (const event of ["vmexit", "ioport", "mmio"] as const) {
        const a = await readPerfData(file, fsp, { event });
        const b = await readPerfData(pipe, fsp, { event });
        assert.deepEqual(b.tables[0].rows, a.tables[0].rows, event);
        assert.equal(b.tables[0].totalSamples, sc.exits.length === 0 ? 0 : a.tables[0].totalSamples);
        assert.deepEqual(b.diagnostics, [], `${event}: no diagnostics on the pipe file`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
