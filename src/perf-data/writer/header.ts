/**
 * The fixed parts of a perf.data file as `perf kvm stat record` (perf 6.1)
 * writes them: the 104-byte file header, the per-event sample-id arrays, the
 * attrs (5 kvm tracepoints + `dummy:HG`), and the feature sections.
 */
import { createByteBuffer, reverseBits8, type ByteBuffer } from "./bytes";
import { buildTracingData, type TracepointLayout } from "./tracing-data";
import type { ByteOrder, WriterIsa } from "./types";

export const FILE_HEADER_SIZE = 104;
export const ATTR_SIZE = 128;
/** On-file attr entry: perf_event_attr + {ids offset, ids size}. */
export const ATTR_ENTRY_SIZE = ATTR_SIZE + 16;

/** sample_type IP|TID|TIME|CPU|PERIOD|RAW|IDENTIFIER of the kvm tracepoint events. */
export const KVM_SAMPLE_TYPE = 0x10587;
/** sample_type of dummy:HG (no PERIOD). */
export const DUMMY_SAMPLE_TYPE = 0x10487;
/** read_format ID|LOST. */
export const READ_FORMAT = 0x14;

/** attr flag bits (perf_event_attr bitfield, bit 0 = disabled). */
const FLAG_BITS = {
  disabled: 0,
  inherit: 1,
  mmap: 8,
  comm: 9,
  task: 13,
  sampleIdAll: 18,
  excludeHost: 19,
  mmap2: 23,
  commExec: 24,
} as const;
type FlagName = keyof typeof FLAG_BITS;

export interface EventSpec {
  name: string;
  type: number;
  config: number;
  sampleType: number;
  flags: FlagName[];
}

/** The events of a perf 6.1 kvm stat recording, in perf's order. Index = event index. */
export function kvmEventSpecs(layouts: TracepointLayout[]): EventSpec[] {
  const tp: EventSpec[] = layouts.map((l) => ({
    name: `kvm:${l.name}`,
    type: 2,
    config: l.id,
    sampleType: KVM_SAMPLE_TYPE,
    flags: ["disabled", "inherit", "sampleIdAll", "excludeHost"],
  }));
  tp.push({
    name: "dummy:HG",
    type: 1,
    config: 9,
    sampleType: DUMMY_SAMPLE_TYPE,
    flags: ["inherit", "mmap", "comm", "task", "sampleIdAll", "mmap2", "commExec"],
  });
  return tp;
}

/** Sample id of event `eventIndex` on host CPU `cpu` (perf numbers them per event, per CPU). */
export function sampleId(idBase: number, hostCpus: number, eventIndex: number, cpu: number): number {
  return idBase + eventIndex * hostCpus + cpu;
}

function writeFlags(b: ByteBuffer, flags: FlagName[]): void {
  const bytes = new Uint8Array(8);
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    bytes[bit >> 3] |= 1 << (bit & 7);
  }
  // On big-endian perf stores the bitfield byte by byte with the bits of each
  // byte reversed (see perf_event__attr_swap / swap_bitfield in header.c).
  for (let i = 0; i < 8; i++) b.u8(b.order === "be" ? reverseBits8(bytes[i]) : bytes[i]);
}

export function writeAttr(b: ByteBuffer, ev: EventSpec): void {
  const start = b.length();
  b.u32(ev.type);
  b.u32(ATTR_SIZE);
  b.u64(ev.config);
  b.u64(1); // sample_period
  b.u64(ev.sampleType);
  b.u64(READ_FORMAT);
  writeFlags(b, ev.flags);
  b.zeros(ATTR_SIZE - (b.length() - start));
}

/** [sample ids per event][attr entries], starting right after the file header. */
export function buildIdsAndAttrs(order: ByteOrder, events: EventSpec[], idBase: number, hostCpus: number): Uint8Array {
  const b = createByteBuffer(order);
  const idsOffset = FILE_HEADER_SIZE;
  for (let e = 0; e < events.length; e++) for (let c = 0; c < hostCpus; c++) b.u64(sampleId(idBase, hostCpus, e, c));
  events.forEach((ev, e) => {
    writeAttr(b, ev);
    b.u64(idsOffset + e * hostCpus * 8);
    b.u64(hostCpus * 8);
  });
  return b.toBytes();
}

export interface FileHeaderFields {
  attrsOffset: number;
  attrsSize: number;
  dataOffset: number;
  dataSize: number;
  featureBits: number[];
}

/** Pipe-mode HEADER_ATTR (64) records: attr + that event's sample ids. */
export function buildPipeAttrRecords(order: ByteOrder, events: EventSpec[], idBase: number, hostCpus: number): Uint8Array {
  const b = createByteBuffer(order);
  events.forEach((ev, e) => {
    b.u32(64);
    b.u16(0);
    b.u16(8 + ATTR_SIZE + hostCpus * 8);
    writeAttr(b, ev);
    for (let c = 0; c < hostCpus; c++) b.u64(sampleId(idBase, hostCpus, e, c));
  });
  return b.toBytes();
}

export function buildFileHeader(order: ByteOrder, h: FileHeaderFields): Uint8Array {
  const b = createByteBuffer(order, FILE_HEADER_SIZE);
  b.text(order === "le" ? "PERFILE2" : "2ELIFREP");
  b.u64(FILE_HEADER_SIZE);
  b.u64(ATTR_ENTRY_SIZE);
  b.u64(h.attrsOffset);
  b.u64(h.attrsSize);
  b.u64(h.dataOffset);
  b.u64(h.dataSize);
  b.u64(0); // event_types (legacy)
  b.u64(0);
  const words = [0n, 0n, 0n, 0n];
  for (const bit of h.featureBits) words[bit >> 6] |= 1n << BigInt(bit & 63);
  for (const w of words) b.u64Big(w);
  return b.toBytes();
}

/** HEADER_* feature ids used by the writer. */
export const FEATURE = {
  tracingData: 1,
  hostname: 3,
  osRelease: 4,
  version: 5,
  arch: 6,
  nrCpus: 7,
  cpuDesc: 8,
  cpuid: 9,
  totalMem: 10,
  cmdline: 11,
  eventDesc: 12,
  sampleTime: 21,
  compressed: 27,
} as const;

/** perf_header_string: u32 len (NUL included, padded to 64) + bytes. */
function headerString(b: ByteBuffer, s: string): void {
  const body = new TextEncoder().encode(s);
  const len = Math.ceil((body.length + 1) / 64) * 64;
  b.u32(len);
  b.bytes(body);
  b.zeros(len - body.length);
}

export interface FeatureValues {
  isa: WriterIsa;
  hostname: string;
  osRelease: string;
  perfVersion: string;
  arch: string;
  hostCpus: number;
  cpuDesc: string;
  cpuid: string;
  totalMemKb: number;
  cmdline: string[];
  events: EventSpec[];
  idBase: number;
  firstSampleNs: bigint;
  lastSampleNs: bigint;
  /** HEADER_COMPRESSED (zstd) when the data holds COMPRESSED records. */
  compression: { level: number; ratio: number; mmapLen: number } | null;
}

type FeatureWriter = [number, (b: ByteBuffer, v: FeatureValues) => void];

/** Feature payload builders, keyed by feature id (ascending = on-file order). */
const FEATURE_WRITERS: FeatureWriter[] = [
  [FEATURE.tracingData, (b, v) => b.bytes(buildTracingData(b.order, v.isa))],
  [FEATURE.hostname, (b, v) => headerString(b, v.hostname)],
  [FEATURE.osRelease, (b, v) => headerString(b, v.osRelease)],
  [FEATURE.version, (b, v) => headerString(b, v.perfVersion)],
  [FEATURE.arch, (b, v) => headerString(b, v.arch)],
  [
    FEATURE.nrCpus,
    (b, v) => {
      b.u32(v.hostCpus); // nr_cpus_avail
      b.u32(v.hostCpus); // nr_cpus_online
    },
  ],
  [FEATURE.cpuDesc, (b, v) => headerString(b, v.cpuDesc)],
  [FEATURE.cpuid, (b, v) => headerString(b, v.cpuid)],
  [FEATURE.totalMem, (b, v) => b.u64(v.totalMemKb)],
  [
    FEATURE.cmdline,
    (b, v) => {
      b.u32(v.cmdline.length);
      for (const a of v.cmdline) headerString(b, a);
    },
  ],
  [
    FEATURE.eventDesc,
    (b, v) => {
      b.u32(v.events.length);
      b.u32(ATTR_SIZE);
      v.events.forEach((ev, e) => {
        writeAttr(b, ev);
        b.u32(v.hostCpus);
        headerString(b, ev.name);
        for (let c = 0; c < v.hostCpus; c++) b.u64(sampleId(v.idBase, v.hostCpus, e, c));
      });
    },
  ],
  [
    FEATURE.sampleTime,
    (b, v) => {
      b.u64Big(v.firstSampleNs);
      b.u64Big(v.lastSampleNs);
    },
  ],
];

const COMPRESSED_WRITER: FeatureWriter = [
  FEATURE.compressed,
  (b, v) => {
    const c = v.compression!;
    b.u32(0); // version
    b.u32(1); // type: zstd
    b.u32(c.level);
    b.u32(c.ratio);
    b.u32(c.mmapLen);
  },
];

function featureWriters(v: Pick<FeatureValues, "compression">): FeatureWriter[] {
  return v.compression ? [...FEATURE_WRITERS, COMPRESSED_WRITER] : FEATURE_WRITERS;
}

/** Feature bits present in a file with these values, ascending. */
export function featureBits(v: Pick<FeatureValues, "compression">): number[] {
  return featureWriters(v).map(([bit]) => bit);
}

/** Each feature's payload, ascending by feature id. */
export function featurePayloads(order: ByteOrder, v: FeatureValues): Array<[number, Uint8Array]> {
  return featureWriters(v).map(([bit, write]) => {
    const b = createByteBuffer(order);
    write(b, v);
    return [bit, b.toBytes()];
  });
}

/** Feature index ({offset,size} per feature) followed by the payloads; `at` = absolute file offset. */
export function buildFeatures(order: ByteOrder, at: number, v: FeatureValues): Uint8Array {
  const payloads = featurePayloads(order, v).map(([, p]) => p);
  const out = createByteBuffer(order, 65536);
  let off = at + payloads.length * 16;
  for (const p of payloads) {
    out.u64(off);
    out.u64(p.length);
    off += p.length;
  }
  for (const p of payloads) out.bytes(p);
  return out.toBytes();
}
