/**
 * Byte layout without perf: with the fixture's metadata, the writer's sample
 * ids, attrs and feature payloads (all but SAMPLE_TIME) are byte-identical to
 * the fixture `vmx-io.data` (test/fixtures/perf-data/), whose layout mirrors
 * genuine perf 6.1 `perf kvm stat record` files; records are 8-aligned and
 * follow the documented order.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writePerfData, type WriterExit } from "../../src/perf-data/writer";

const FIXTURE_DATA = join(__dirname, "..", "fixtures", "perf-data", "vmx-io.data");

interface Layout {
  dataOffset: number;
  dataSize: number;
  features: Map<number, Buffer>;
}

function layoutOf(b: Buffer): Layout {
  const dataOffset = Number(b.readBigUInt64LE(40));
  const dataSize = Number(b.readBigUInt64LE(48));
  const bits: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = b.readBigUInt64LE(72 + w * 8);
    for (let i = 0; i < 64; i++) if ((word >> BigInt(i)) & 1n) bits.push(w * 64 + i);
  }
  const features = new Map<number, Buffer>();
  let idx = dataOffset + dataSize;
  for (const bit of bits) {
    const off = Number(b.readBigUInt64LE(idx));
    const size = Number(b.readBigUInt64LE(idx + 8));
    features.set(bit, b.subarray(off, off + size));
    idx += 16;
  }
  return { dataOffset, dataSize, features };
}

const exits: WriterExit[] = [
  { vcpu: 0, exitCode: 32, startNs: 10_000, durationNs: 1500, msr: { ecx: 0x6e0, write: true, offsetNs: 300 } },
  { vcpu: 1, exitCode: 30, startNs: 12_000, durationNs: 9000, pio: { port: 0x70, write: true, offsetNs: 400 } },
  { vcpu: 0, exitCode: 49, startNs: 20_000, durationNs: 5000, mmio: { gpa: 0xfebf1000, write: false, offsetNs: 300 } },
];

const FIXTURE_OPTIONS = {
  isa: "vmx" as const,
  vcpuCount: 2,
  hostCpus: 4,
  hostname: "kvm-host-01",
  osRelease: "6.18.0-kvmhost",
  perfVersion: "6.1.187",
  cmdline: ["/usr/bin/perf", "kvm", "stat", "record", "-a", "sleep", "1"],
};

test("writePerfData with the fixture's metadata reproduces vmx-io.data's ids, attrs and feature payloads byte for byte", () => {
  const fixture = readFileSync(FIXTURE_DATA);
  const ours = Buffer.from(writePerfData(exits, FIXTURE_OPTIONS));
  assert.equal(ours.subarray(0, 8).toString("latin1"), "PERFILE2");
  const a = layoutOf(fixture);
  const b = layoutOf(ours);
  assert.equal(b.dataOffset, a.dataOffset);
  assert.ok(fixture.subarray(16, 40).equals(ours.subarray(16, 40)), "attr_size and attrs section");
  assert.ok(fixture.subarray(72, 104).equals(ours.subarray(72, 104)), "feature bitmap");
  assert.ok(fixture.subarray(104, a.dataOffset).equals(ours.subarray(104, b.dataOffset)), "sample ids and attrs");
  assert.deepEqual([...b.features.keys()], [...a.features.keys()]);
  for (const [bit, payload] of a.features) {
    if (bit === 21) continue; // SAMPLE_TIME: first/last sample of each file
    assert.ok(b.features.get(bit)!.equals(payload), `feature ${bit} payload`);
  }
  // SAMPLE_TIME: the leading entry (base + 1000 ns) and the last entry.
  const st = b.features.get(21)!;
  assert.equal(st.readBigUInt64LE(0), 1_000_000_000_000n + 1000n);
  assert.equal(st.readBigUInt64LE(8), 1_000_000_000_000n + 25_000n);
});

test("writePerfData data section: COMMs, then rounds of 8-aligned samples closed by FINISHED_ROUND", () => {
  const ours = Buffer.from(writePerfData(exits, { ...FIXTURE_OPTIONS, roundNs: 10_000 }));
  const { dataOffset, dataSize } = layoutOf(ours);
  const types: number[] = [];
  let samplesPerType = new Map<number, number>();
  for (let p = dataOffset; p < dataOffset + dataSize; ) {
    const type = ours.readUInt32LE(p);
    const size = ours.readUInt16LE(p + 6);
    assert.equal(size % 8, 0, `record at ${p} has size ${size}`);
    types.push(type);
    if (type === 9) {
      const rawSize = ours.readUInt32LE(p + 56);
      samplesPerType.set(rawSize, (samplesPerType.get(rawSize) ?? 0) + 1);
    }
    p += size;
  }
  assert.deepEqual(types.slice(0, 3), [3, 3, 3], "qemu-system-x86 and two CPU n/KVM COMMs first");
  assert.equal(types[types.length - 1], 68, "ends with FINISHED_ROUND");
  // rounds of 10 µs over 0..25 µs: [0,10) [10,20) [20,30)
  assert.equal(types.filter((t) => t === 68).length, 3);
  // raw sizes: kvm_entry 44 (2 leading + 3), kvm_exit 76 (3), kvm_msr 36 + kvm_mmio 36 (2), kvm_pio 28 (1)
  samplesPerType = new Map([...samplesPerType.entries()].sort((x, y) => x[0] - y[0]));
  assert.deepEqual([...samplesPerType.entries()], [
    [28, 1],
    [36, 2],
    [44, 5],
    [76, 3],
  ]);
});
