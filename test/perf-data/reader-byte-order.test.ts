/**
 * Both byte orders: the same exits written little- and big-endian (by the
 * writer) read to the same result, and a base clock above 2^53 keeps exact
 * nanoseconds (decimal string + relative times).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writePerfData } from "../../src/perf-data/writer";
import { read } from "./helpers";
import { SCENARIOS } from "./writer-seeded";

const dir = mkdtempSync(join(tmpdir(), "perf-bo-"));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const mode of ["file", "pipe"] as const) {
  test(`readPerfData: a big-endian ${mode}-mode file reads like its little-endian twin`, async () => {
    const sc = SCENARIOS[2];
    const base = 9_007_199_254_740_993n; // 2^53 + 1: not representable as a double
    const le = join(dir, `${mode}-le.data`);
    const be = join(dir, `${mode}-be.data`);
    writeFileSync(le, writePerfData(sc.exits, { ...sc.options, byteOrder: "le", clockBaseNs: base, mode }));
    writeFileSync(be, writePerfData(sc.exits, { ...sc.options, byteOrder: "be", clockBaseNs: base, mode }));
    const a = await read(le);
    const b = await read(be);
    assert.equal(a.metadata.byteOrder, "little");
    assert.equal(b.metadata.byteOrder, "big");
    assert.deepEqual(b.diagnostics, []);
    assert.ok(b.tables[0].totalSamples! > 200);
    for (const event of ["vmexit", "ioport", "mmio", "msr"]) {
      const x = await read(le, { event });
      const y = await read(be, { event });
      assert.deepEqual(y.tables, x.tables, event);
    }
    assert.deepEqual(b.vms, a.vms);
    assert.deepEqual(b.rate, a.rate);
    assert.deepEqual(b.vcpuMatrix, a.vcpuMatrix);
    // The first sample is a leading kvm_entry at base + 1000 ns; exact beyond 2^53.
    assert.equal(b.metadata.firstSampleNs, (base + 1000n).toString());
    assert.equal(a.metadata.firstSampleNs, b.metadata.firstSampleNs);
  });
}
