/**
 * perf.data writer: VM exits → the bytes `perf kvm stat record` (perf 6.1)
 * would have written for them.
 *
 * Pipeline:
 *   1. header placeholder, sample ids, attrs (5 kvm tracepoints + dummy:HG);
 *   2. data: COMM `qemu-system-x86` and `CPU n/KVM`, then per round (default
 *      1 ms of perf clock) the samples grouped by host CPU — each CPU's group
 *      in time order, as perf drains one ring buffer per CPU — and a
 *      FINISHED_ROUND; each vCPU starts with a leading kvm_entry, so perf
 *      counts every exit of the list;
 *   3. feature index and payloads (tracing data, hostname, osrelease, version,
 *      arch, nrcpus, cpudesc, cpuid, total_mem, cmdline, event_desc,
 *      sample_time), then the final header is patched in.
 *
 * Each exit becomes kvm_exit at `startNs`, optional kvm_pio / kvm_mmio /
 * kvm_msr at `startNs + offsetNs`, and kvm_entry at `startNs + durationNs`.
 * `createPerfDataWriter` streams (memory bounded by the exits in flight);
 * `writePerfData` is the pure list → bytes form. Misuse (overlapping exits on
 * one vCPU, unsorted input, bad numbers) throws a RangeError naming the exit.
 */
import { createByteBuffer, type ByteBuffer } from "./bytes";
import {
  ATTR_ENTRY_SIZE,
  featureBits,
  FILE_HEADER_SIZE,
  buildFeatures,
  buildFileHeader,
  buildIdsAndAttrs,
  buildPipeAttrRecords,
  featurePayloads,
  type FeatureValues,
  kvmEventSpecs,
  sampleId,
} from "./header";
import { buildTracingData, kvmLayouts, type TracepointLayout, type KvmTracepoint } from "./tracing-data";
import type { PerfDataSink, PerfDataWriteSummary, PerfDataWriterOptions, WriterExit } from "./types";

const TWO32 = 4294967296;
const CHUNK_BYTES = 1 << 20;
/** Input per zstd frame; perf decompresses each COMPRESSED record into a buffer of comp_mmap_len (+ leftover). */
const COMPRESS_INPUT_BYTES = 1 << 18;
/** Largest COMPRESSED payload: the record size is a u16. */
const MAX_COMPRESSED_PAYLOAD = 65535 - 8;
/** HEADER_COMPRESSED mmap_len as perf 6.1 writes it for the default 128+1 pages. */
const COMP_MMAP_LEN = 528384;

/** Kernel addresses of the tracepoint call sites (sample IP), as in the fixtures. */
const SAMPLE_IP_LO: Record<KvmTracepoint, number> = {
  kvm_entry: 0xc0a45678,
  kvm_exit: 0xc0a41234,
  kvm_mmio: 0xc0a4def0,
  kvm_pio: 0xc0a49abc,
  kvm_msr: 0xc0a4b5a0,
};
/** kvm_exit `isa` field per ISA (absent on arm64). */
const ISA_CODE = { vmx: 1, svm: 2, arm64: 0 } as const;

const DEFAULTS = {
  hostCpus: 4,
  byteOrder: "le" as const,
  clockBaseNs: 1_000_000_000_000n,
  leadingEntryNs: 1000,
  roundNs: 1_000_000,
  qemuPid: 4242,
  cpuid: { vmx: "GenuineIntel,6,106,6", svm: "AuthenticAMD,25,1,1", arm64: "0x00000000410fd0c0" },
  cpuDesc: { vmx: "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", svm: "AMD EPYC 7763 64-Core Processor", arm64: "Neoverse-N1" },
  arch: { vmx: "x86_64", svm: "x86_64", arm64: "aarch64" },
  hostname: "kvm-host-01",
  osRelease: "6.1.0-kvmhost",
  perfVersion: "6.1.187",
  totalMemKb: 67108864,
  cmdline: ["/usr/bin/perf", "kvm", "stat", "record", "-a", "sleep", "1"],
};
const ID_BASE = 21;
const FEATURE_TRACING_DATA = 1;
const FEATURE_SAMPLE_TIME = 21;
const FEATURE_COMPRESSED = 27;

/** A sample waiting in its round: time (ns, relative), host CPU, tracepoint, the exit it belongs to. */
interface PendingSample {
  t: number;
  cpu: number;
  seq: number;
  tp: KvmTracepoint;
  vcpu: number;
  exit: WriterExit | null;
}

export interface PerfDataWriter {
  /** Add one exit; exits must come in `startNs` order. */
  add(exit: WriterExit): void;
  /** Flush everything, write features, patch the header. */
  finish(): PerfDataWriteSummary;
}

function checkInt(what: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${String(v)}`);
  }
  return v;
}

/** Pseudo guest RIP for an exit: deterministic, kernel-text-like. */
function guestRipLo(startNs: number, vcpu: number): number {
  const h = Math.imul(((startNs % TWO32) >>> 0) ^ (vcpu << 24), 2654435761) >>> 8;
  return (0x81000000 | (h & 0x00fffff0)) >>> 0;
}

export function createPerfDataWriter(options: PerfDataWriterOptions, sink: PerfDataSink): PerfDataWriter {
  const isa = options.isa;
  if (!(isa in ISA_CODE)) throw new RangeError(`unknown isa: ${String(isa)} (expected vmx or svm)`);
  const order = options.byteOrder ?? DEFAULTS.byteOrder;
  if (order !== "le" && order !== "be") throw new RangeError(`unknown byteOrder: ${String(order)}`);
  const hostCpus = checkInt("hostCpus", options.hostCpus ?? DEFAULTS.hostCpus, 1, 4096);
  const vcpuCount = checkInt("vcpuCount", options.vcpuCount, 1, 4096);
  const qemuPid = checkInt("qemuPid", options.qemuPid ?? DEFAULTS.qemuPid, 1, 0x7fffffff);
  const vcpuTids = options.vcpuTids ?? Array.from({ length: vcpuCount }, (_, v) => qemuPid + 1 + v);
  if (vcpuTids.length !== vcpuCount) throw new RangeError(`vcpuTids has ${vcpuTids.length} entries, vcpuCount is ${vcpuCount}`);
  const vcpuCpus = options.vcpuCpus ?? Array.from({ length: vcpuCount }, (_, v) => v % hostCpus);
  if (vcpuCpus.length !== vcpuCount) throw new RangeError(`vcpuCpus has ${vcpuCpus.length} entries, vcpuCount is ${vcpuCount}`);
  vcpuCpus.forEach((c, v) => checkInt(`vcpuCpus[${v}]`, c, 0, hostCpus - 1));
  const roundNs = checkInt("roundNs", options.roundNs ?? DEFAULTS.roundNs, 1);
  const leadingEntryNs = checkInt("leadingEntryNs", options.leadingEntryNs ?? DEFAULTS.leadingEntryNs, 1);
  const clockBaseNs = options.clockBaseNs ?? DEFAULTS.clockBaseNs;
  if (typeof clockBaseNs !== "bigint" || clockBaseNs < 0n) throw new RangeError("clockBaseNs must be a non-negative bigint");
  const baseHi = Number(clockBaseNs >> 32n);
  const baseLo = Number(clockBaseNs & 0xffffffffn);

  const layoutList = kvmLayouts(isa);
  const layouts = Object.fromEntries(layoutList.map((l) => [l.name, l])) as Partial<Record<KvmTracepoint, TracepointLayout>>;
  const eventIndex = Object.fromEntries(layoutList.map((l, i) => [l.name, i])) as Partial<Record<KvmTracepoint, number>>;
  const DUMMY_INDEX = layoutList.length;
  const events = kvmEventSpecs(layoutList);

  const compress = options.compress;
  const mode = options.mode ?? "file";
  if (mode !== "file" && mode !== "pipe") throw new RangeError(`unknown mode: ${String(mode)} (expected file or pipe)`);
  let rawBytes = 0;
  let compressedBytes = 0;
  let firstT = Infinity;
  let lastT = -Infinity;
  const featureValues = (): FeatureValues => ({
    isa,
    hostname: options.hostname ?? DEFAULTS.hostname,
    osRelease: options.osRelease ?? DEFAULTS.osRelease,
    perfVersion: options.perfVersion ?? DEFAULTS.perfVersion,
    arch: options.arch ?? DEFAULTS.arch[isa],
    hostCpus,
    cpuDesc: options.cpuDesc ?? DEFAULTS.cpuDesc[isa],
    cpuid: options.cpuid ?? DEFAULTS.cpuid[isa],
    totalMemKb: options.totalMemKb ?? DEFAULTS.totalMemKb,
    cmdline: options.cmdline ?? DEFAULTS.cmdline,
    events,
    idBase: ID_BASE,
    firstSampleNs: Number.isFinite(firstT) ? clockBaseNs + BigInt(firstT) : 0n,
    lastSampleNs: Number.isFinite(lastT) ? clockBaseNs + BigInt(lastT) : 0n,
    compression: compress
      ? { level: options.compressionLevel ?? 1, ratio: compressedBytes > 0 ? Math.round(rawBytes / compressedBytes) : 1, mmapLen: COMP_MMAP_LEN }
      : null,
  });

  // 1. file mode: header placeholder, ids, attrs. Pipe mode: the 16-byte
  //    header, HEADER_ATTR, HEADER_FEATURE (patched at the end for the values
  //    known only then) and HEADER_TRACING_DATA records.
  const attrsSize = events.length * ATTR_ENTRY_SIZE;
  let dataOffset: number;
  let attrsOffset = 0;
  const pipePatches = new Map<number, number>(); // feature bit → payload offset
  if (mode === "file") {
    const idsAndAttrs = buildIdsAndAttrs(order, events, ID_BASE, hostCpus);
    dataOffset = FILE_HEADER_SIZE + idsAndAttrs.length;
    attrsOffset = dataOffset - attrsSize;
    sink.write(new Uint8Array(FILE_HEADER_SIZE));
    sink.write(idsAndAttrs);
  } else {
    const b = createByteBuffer(order, 32768);
    b.text("PERFILE2");
    if (order === "be") b.patchU64Parts(0, 0x32454c49, 0x46524550); // "PERFILE2" read as a big-endian u64 reads "2ELIFREP"
    b.u64(16);
    b.bytes(buildPipeAttrRecords(order, events, ID_BASE, hostCpus));
    for (const [bit, payload] of featurePayloads(order, featureValues())) {
      if (bit === FEATURE_TRACING_DATA) continue;
      b.u32(80);
      b.u16(0);
      b.u16(16 + payload.length);
      b.u64(bit);
      pipePatches.set(bit, b.length());
      b.bytes(payload);
    }
    const blob = buildTracingData(order, isa);
    const padded = Math.ceil(blob.length / 8) * 8;
    b.u32(66);
    b.u16(0);
    b.u16(16);
    b.u32(padded);
    b.u32(0);
    b.bytes(blob);
    b.zeros(padded - blob.length);
    dataOffset = b.length();
    sink.write(b.toBytes());
  }
  let written = dataOffset;

  const chunk: ByteBuffer = createByteBuffer(order, CHUNK_BYTES + 4096);
  const flushChunk = (): void => {
    if (chunk.length() === 0) return;
    sink.write(chunk.view());
    written += chunk.length();
    chunk.reset();
  };

  let records = 0;
  let samples = 0;
  let exitsAdded = 0;

  const putTime = (b: ByteBuffer, t: number): void => {
    const lo = baseLo + t;
    b.u64Parts(baseHi + Math.floor(lo / TWO32), lo % TWO32);
  };

  // 2a. COMM records (dummy:HG sample_id_all trailer), at the start of data.
  const writeComm = (tid: number, name: string, t: number): void => {
    const body = new TextEncoder().encode(name);
    const commLen = Math.ceil((body.length + 1) / 8) * 8;
    chunk.u32(3);
    chunk.u16(0);
    chunk.u16(8 + 8 + commLen + 32);
    chunk.u32(qemuPid);
    chunk.u32(tid);
    chunk.bytes(body);
    chunk.zeros(commLen - body.length);
    chunk.u32(qemuPid);
    chunk.u32(tid);
    putTime(chunk, t);
    chunk.u32(0);
    chunk.u32(0);
    chunk.u64(sampleId(ID_BASE, hostCpus, DUMMY_INDEX, 0));
    records++;
  };
  const commT = leadingEntryNs - 10 >= 0 ? leadingEntryNs - 10 : 0;
  writeComm(qemuPid, "qemu-system-x86", commT);
  vcpuTids.forEach((tid, v) => writeComm(tid, `CPU ${v}/KVM`, commT));

  // Field setter on the RAW payload that starts at `base` in the chunk.
  // Samples go to `chunk`, or to `roundBuf` when rounds are compressed.
  const roundBuf: ByteBuffer = createByteBuffer(order, compress ? 1 << 16 : 16);
  let cur: ByteBuffer = chunk;

  const setField = (base: number, layout: TracepointLayout, name: string, hi: number, lo: number): void => {
    const f = layout.fields[name];
    if (!f) return; // layout without this field
    const at = base + f.offset;
    if (f.size === 8) cur.patchU64Parts(at, hi, lo);
    else if (f.size === 4) cur.patchU32(at, lo);
    else if (f.size === 2) cur.patchU16(at, lo);
    else if (f.size === 1) cur.patchU8(at, lo);
  };

  /** Compress the round's records into COMPRESSED(81) records: frames of <= 256 KiB input, split to fit the u16 record size. */
  const writeCompressed = (raw: Uint8Array): void => {
    for (let p = 0; p < raw.length; p += COMPRESS_INPUT_BYTES) {
      const piece = raw.subarray(p, Math.min(raw.length, p + COMPRESS_INPUT_BYTES));
      const frame = compress!(piece);
      rawBytes += piece.length;
      compressedBytes += frame.length;
      for (let q = 0; q < frame.length; q += MAX_COMPRESSED_PAYLOAD) {
        const part = frame.subarray(q, Math.min(frame.length, q + MAX_COMPRESSED_PAYLOAD));
        chunk.u32(81);
        chunk.u16(0);
        chunk.u16(8 + part.length);
        chunk.bytes(part);
        records++;
      }
    }
  };

  const writeSample = (s: PendingSample): void => {
    const layout = layouts[s.tp]!;
    const tid = vcpuTids[s.vcpu];
    cur.u32(9);
    cur.u16(1); // PERF_RECORD_MISC_KERNEL
    cur.u16(8 + 48 + 4 + layout.rawSize);
    cur.u64(sampleId(ID_BASE, hostCpus, eventIndex[s.tp]!, s.cpu));
    cur.u64Parts(0xffffffff, SAMPLE_IP_LO[s.tp]);
    cur.u32(qemuPid);
    cur.u32(tid);
    putTime(cur, s.t);
    cur.u32(s.cpu);
    cur.u32(0);
    cur.u64(1); // period
    cur.u32(layout.rawSize);
    const base = cur.length();
    cur.zeros(layout.rawSize);
    setField(base, layout, "common_type", 0, layout.id);
    setField(base, layout, "common_pid", 0, tid);
    const e = s.exit;
    const rip = e ? guestRipLo(e.startNs, s.vcpu) : 0x81000100 + s.vcpu * 16;
    switch (s.tp) {
      case "kvm_entry":
        setField(base, layout, "vcpu_id", 0, s.vcpu);
        setField(base, layout, "rip", 0xffffffff, rip + 2);
        setField(base, layout, "vcpu_pc", 0xffff8000, rip + 4);
        break;
      case "kvm_exit":
        setField(base, layout, "ret", 0, e!.exitCode >>> 0);
        setField(base, layout, "esr_ec", 0, (e!.esrEc ?? 0) >>> 0);
        setField(base, layout, "vcpu_pc", 0xffff8000, rip);
        setField(base, layout, "exit_reason", 0, e!.exitCode >>> 0);
        setField(base, layout, "guest_rip", 0xffffffff, rip);
        setField(base, layout, "isa", 0, ISA_CODE[isa]);
        setField(base, layout, "info1", 0, Math.imul(rip, 2246822519) >>> 0);
        setField(base, layout, "intr_info", 0, (e!.intrInfo ?? 0) >>> 0);
        setField(base, layout, "vcpu_id", 0, s.vcpu);
        break;
      case "kvm_pio": {
        const p = e!.pio!;
        setField(base, layout, "rw", 0, p.write ? 1 : 0);
        setField(base, layout, "port", 0, p.port);
        setField(base, layout, "size", 0, p.size ?? 1);
        setField(base, layout, "count", 0, p.count ?? 1);
        setField(base, layout, "val", 0, (p.val ?? 0) >>> 0);
        break;
      }
      case "kvm_mmio": {
        const m = e!.mmio!;
        setField(base, layout, "type", 0, m.write ? 2 : 1);
        setField(base, layout, "len", 0, m.len ?? 4);
        setField(base, layout, "gpa", Math.floor(m.gpa / TWO32), m.gpa % TWO32);
        setField(base, layout, "val", 0, (m.val ?? 0) >>> 0);
        break;
      }
      case "kvm_msr": {
        const m = e!.msr!;
        const data = m.data ?? 0;
        setField(base, layout, "write", 0, m.write ? 1 : 0);
        setField(base, layout, "ecx", 0, m.ecx >>> 0);
        setField(base, layout, "data", Math.floor(data / TWO32), data % TWO32);
        break;
      }
    }
    records++;
    samples++;
    if (cur === chunk && chunk.length() >= CHUNK_BYTES) flushChunk();
  };

  // 2b. rounds of samples
  const rounds = new Map<number, PendingSample[]>();
  let minRound = Infinity; // lowest round index with samples waiting
  let seq = 0;
  const push = (s: PendingSample): void => {
    const r = Math.floor(s.t / roundNs);
    let list = rounds.get(r);
    if (!list) rounds.set(r, (list = []));
    if (r < minRound) minRound = r;
    list.push(s);
    if (s.t < firstT) firstT = s.t;
    if (s.t > lastT) lastT = s.t;
  };
  const flushRoundsBefore = (limit: number): void => {
    if (limit <= minRound) return; // fast path: nothing to flush
    const due = [...rounds.keys()].filter((k) => k < limit).sort((a, b) => a - b);
    minRound = Infinity;
    for (const k of rounds.keys()) if (k >= limit && k < minRound) minRound = k;
    for (const r of due) {
      const list = rounds.get(r)!;
      rounds.delete(r);
      list.sort((a, b) => a.cpu - b.cpu || a.t - b.t || a.seq - b.seq);
      if (compress) {
        cur = roundBuf;
        for (const s of list) writeSample(s);
        cur = chunk;
        writeCompressed(roundBuf.view());
        roundBuf.reset();
      } else {
        for (const s of list) writeSample(s);
      }
      chunk.u32(68);
      chunk.u16(0);
      chunk.u16(8);
      records++;
      if (chunk.length() >= CHUNK_BYTES) flushChunk();
    }
  };

  const lastEndNs: number[] = [];
  for (let v = 0; v < vcpuCount; v++) {
    const t = leadingEntryNs + v;
    lastEndNs.push(t);
    push({ t, cpu: vcpuCpus[v], seq: seq++, tp: "kvm_entry", vcpu: v, exit: null });
  }
  let lastStartNs = -Infinity;
  let finished = false;

  return {
    add(exit) {
      if (finished) throw new Error("perf.data writer: add() after finish()");
      const i = exitsAdded;
      const what = `exit #${i}`;
      const vcpu = checkInt(`${what}.vcpu`, exit.vcpu, 0, vcpuCount - 1);
      checkInt(`${what}.exitCode`, exit.exitCode, 0, 0xffffffff);
      const start = checkInt(`${what}.startNs`, exit.startNs, 0);
      const dur = checkInt(`${what}.durationNs`, exit.durationNs, 1);
      const cpu = exit.cpu === undefined ? vcpuCpus[vcpu] : checkInt(`${what}.cpu`, exit.cpu, 0, hostCpus - 1);
      if (start < lastStartNs) throw new RangeError(`${what}.startNs ${start} is before the previous exit's ${lastStartNs}: exits must be sorted by startNs`);
      if (start <= lastEndNs[vcpu]) {
        throw new RangeError(`${what}.startNs ${start} is not after vCPU ${vcpu}'s previous entry at ${lastEndNs[vcpu]}`);
      }
      const subs: Array<[KvmTracepoint, { offsetNs: number } | undefined]> = [
        ["kvm_pio", exit.pio],
        ["kvm_mmio", exit.mmio],
        ["kvm_msr", exit.msr],
      ];
      flushRoundsBefore(Math.floor(start / roundNs));
      lastStartNs = start;
      lastEndNs[vcpu] = start + dur;
      push({ t: start, cpu, seq: seq++, tp: "kvm_exit", vcpu, exit });
      for (const [tp, sub] of subs) {
        if (!sub) continue;
        if (!layouts[tp]) throw new RangeError(`${what}.${tp.slice(4)}: ${isa} recordings have no ${tp} tracepoint`);
        checkInt(`${what}.${tp.slice(4)}.offsetNs`, sub.offsetNs, 1, dur - 1);
        push({ t: start + sub.offsetNs, cpu, seq: seq++, tp, vcpu, exit });
      }
      push({ t: start + dur, cpu, seq: seq++, tp: "kvm_entry", vcpu, exit });
      exitsAdded++;
    },
    finish() {
      if (finished) throw new Error("perf.data writer: finish() called twice");
      finished = true;
      flushRoundsBefore(Infinity);
      flushChunk();
      const dataSize = written - dataOffset;
      const values = featureValues();
      if (mode === "file") {
        const features = buildFeatures(order, written, values);
        sink.write(features);
        written += features.length;
        sink.writeAt(0, buildFileHeader(order, { attrsOffset, attrsSize, dataOffset, dataSize, featureBits: featureBits(values) }));
      } else {
        // Pipe mode: SAMPLE_TIME and COMPRESSED (fixed sizes) get their final values.
        for (const [bit, payload] of featurePayloads(order, values)) {
          const at = pipePatches.get(bit);
          if (at !== undefined && (bit === FEATURE_SAMPLE_TIME || bit === FEATURE_COMPRESSED)) sink.writeAt(at, payload);
        }
      }
      return { exits: exitsAdded, samples, records, bytes: written, dataOffset, dataSize };
    },
  };
}

/** A sink that keeps everything in memory. */
export function createMemorySink(): PerfDataSink & { toBytes(): Uint8Array } {
  const chunks: Uint8Array[] = [];
  const patches: Array<[number, Uint8Array]> = [];
  return {
    write: (c) => void chunks.push(c.slice()),
    writeAt: (o, c) => void patches.push([o, c.slice()]),
    toBytes() {
      const total = chunks.reduce((n, c) => n + c.length, 0);
      const out = new Uint8Array(total);
      let p = 0;
      for (const c of chunks) {
        out.set(c, p);
        p += c.length;
      }
      for (const [o, c] of patches) out.set(c, o);
      return out;
    },
  };
}

/** Pure form: exits (sorted by startNs) → perf.data bytes. */
export function writePerfData(exits: Iterable<WriterExit>, options: PerfDataWriterOptions): Uint8Array {
  const sink = createMemorySink();
  const w = createPerfDataWriter(options, sink);
  for (const e of exits) w.add(e);
  w.finish();
  return sink.toBytes();
}
