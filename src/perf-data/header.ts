/**
 * The perf.data file header, the attrs and the feature sections
 * (tools/perf/util/header.c). Shared by file mode and pipe mode: pipe mode
 * sends the same payloads as HEADER_ATTR / HEADER_FEATURE records.
 */
import { Bytes } from "./bytes";
import { ATTR_FLAG, FEATURE, FEATURE_NAMES, LAST_KNOWN_FEATURE, READ_FORMAT, SAMPLE } from "./constants";

export interface PerfAttr {
  type: number;
  size: number;
  config: number;
  samplePeriod: number;
  sampleType: number;
  readFormat: number;
  sampleIdAll: boolean;
  useClockid: boolean;
  clockid: number;
  ids: number[];
  /** From EVENT_DESC, else `sys:name` from the tracepoint format, else null. */
  name: string | null;
}

/** What the feature sections say about the recording. */
export interface RecordingMetadata {
  hostname: string | null;
  osRelease: string | null;
  perfVersion: string | null;
  arch: string | null;
  nrCpusAvail: number | null;
  nrCpusOnline: number | null;
  cpuDesc: string | null;
  cpuid: string | null;
  totalMemKb: number | null;
  cmdline: string[] | null;
  /** HEADER_SAMPLE_TIME, absolute perf clock in ns as decimal strings. */
  sampleTimeFirstNs: string | null;
  sampleTimeLastNs: string | null;
  compression: { type: string; level: number; ratio: number } | null;
  clockid: number | null;
  /** Names of the features present. */
  features: string[];
}

export function emptyMetadata(): RecordingMetadata {
  return {
    hostname: null,
    osRelease: null,
    perfVersion: null,
    arch: null,
    nrCpusAvail: null,
    nrCpusOnline: null,
    cpuDesc: null,
    cpuid: null,
    totalMemKb: null,
    cmdline: null,
    sampleTimeFirstNs: null,
    sampleTimeLastNs: null,
    compression: null,
    clockid: null,
    features: [],
  };
}

export interface FileHeader {
  le: boolean;
  headerSize: number;
  attrSize: number;
  attrsOffset: number;
  attrsSize: number;
  dataOffset: number;
  dataSize: number;
  /** Feature ids whose bit is set, ascending. */
  featureBits: number[];
}

/** Reads the byte order from the magic: true = little-endian, false = big-endian, null = not perf.data. */
export function magicByteOrder(u8: Uint8Array): boolean | null {
  if (u8.length < 8) return null;
  const s = Buffer.from(u8.subarray(0, 8)).toString("latin1");
  if (s === "PERFILE2") return true;
  if (s === "2ELIFREP") return false;
  return null;
}

export function parseFileHeader(b: Bytes): FileHeader {
  const featureBits: number[] = [];
  for (let w = 0; w < 4; w++) {
    const off = 72 + w * 8;
    const lo = b.dv.getUint32(off + (b.le ? 0 : 4), b.le);
    const hi = b.dv.getUint32(off + (b.le ? 4 : 0), b.le);
    for (let bit = 0; bit < 64; bit++) {
      const set = bit < 32 ? (lo >>> bit) & 1 : (hi >>> (bit - 32)) & 1;
      if (set) featureBits.push(w * 64 + bit);
    }
  }
  return {
    le: b.le,
    headerSize: b.u64(8),
    attrSize: b.u64(16),
    attrsOffset: b.u64(24),
    attrsSize: b.u64(32),
    dataOffset: b.u64(40),
    dataSize: b.u64(48),
    featureBits,
  };
}

/** Reads a perf_event_attr at `off` (at least 48 bytes must be there). */
export function parseAttr(b: Bytes, off: number, avail: number): PerfAttr {
  const size = b.u32(off + 4);
  const flagsLo = b.dv.getUint32(off + 40 + (b.le ? 0 : 4), b.le);
  const flagsHi = b.dv.getUint32(off + 40 + (b.le ? 4 : 0), b.le);
  // Bitfields are allocated from the most significant bit on big-endian machines.
  const flag = (bit: number): boolean => {
    const pos = b.le ? bit : 63 - bit;
    return pos < 32 ? ((flagsLo >>> pos) & 1) === 1 : ((flagsHi >>> (pos - 32)) & 1) === 1;
  };
  return {
    type: b.u32(off),
    size,
    config: b.u64(off + 8),
    samplePeriod: b.u64(off + 16),
    sampleType: b.u64(off + 24),
    readFormat: b.u64(off + 32),
    sampleIdAll: flag(ATTR_FLAG.sampleIdAll),
    useClockid: flag(ATTR_FLAG.useClockid),
    clockid: avail >= 96 ? b.i32(off + 92) : 0,
    ids: [],
    name: null,
  };
}

/** perf_header_string: u32 len, then len bytes (NUL-terminated, padded). Returns [string, bytes consumed] or null. */
function headerString(b: Bytes, off: number, end: number): [string, number] | null {
  if (off + 4 > end) return null;
  const len = b.u32(off);
  if (off + 4 + len > end) return null;
  return [b.cstr(off + 4, len), 4 + len];
}

const COMPRESSION_TYPES: Readonly<Record<number, string>> = { 0: "none", 1: "zstd" };

/** The simple string features, by id. */
const STRING_FEATURES: ReadonlyArray<[number, keyof RecordingMetadata]> = [
  [FEATURE.HOSTNAME, "hostname"],
  [FEATURE.OSRELEASE, "osRelease"],
  [FEATURE.VERSION, "perfVersion"],
  [FEATURE.ARCH, "arch"],
  [FEATURE.CPUDESC, "cpuDesc"],
  [FEATURE.CPUID, "cpuid"],
];

export interface EventDesc {
  name: string;
  ids: number[];
}

/**
 * Decodes one feature payload into `meta`. Returns an error message when the
 * payload is malformed (the caller reports it with the offset), else null.
 * EVENT_DESC entries are returned through `eventDescs`.
 */
export function parseFeature(id: number, b: Bytes, off: number, size: number, meta: RecordingMetadata, eventDescs: EventDesc[]): string | null {
  const end = off + size;
  if (!b.fits(off, size)) return `feature ${FEATURE_NAMES[id] ?? id} payload (${size} bytes) runs past the end of the file`;
  const name = FEATURE_NAMES[id] ?? `bit ${id}`;
  if (!meta.features.includes(name)) meta.features.push(name);
  for (const [fid, key] of STRING_FEATURES) {
    if (fid !== id) continue;
    const s = headerString(b, off, end);
    if (!s) return `feature ${name} string is truncated`;
    (meta as unknown as Record<string, unknown>)[key] = s[0];
    return null;
  }
  switch (id) {
    case FEATURE.NRCPUS:
      if (size < 8) return `feature NRCPUS has ${size} bytes, expected 8`;
      meta.nrCpusAvail = b.u32(off);
      meta.nrCpusOnline = b.u32(off + 4);
      return null;
    case FEATURE.TOTAL_MEM:
      if (size < 8) return `feature TOTAL_MEM has ${size} bytes, expected 8`;
      meta.totalMemKb = b.u64(off);
      return null;
    case FEATURE.CMDLINE: {
      if (size < 4) return "feature CMDLINE is truncated";
      const n = b.u32(off);
      const out: string[] = [];
      let p = off + 4;
      for (let i = 0; i < n; i++) {
        const s = headerString(b, p, end);
        if (!s) return `feature CMDLINE string ${i} of ${n} is truncated`;
        out.push(s[0]);
        p += s[1];
      }
      meta.cmdline = out;
      return null;
    }
    case FEATURE.SAMPLE_TIME:
      if (size < 16) return `feature SAMPLE_TIME has ${size} bytes, expected 16`;
      meta.sampleTimeFirstNs = b.u64big(off).toString();
      meta.sampleTimeLastNs = b.u64big(off + 8).toString();
      return null;
    case FEATURE.COMPRESSED:
      if (size < 20) return `feature COMPRESSED has ${size} bytes, expected 20`;
      meta.compression = { type: COMPRESSION_TYPES[b.u32(off + 4)] ?? `type ${b.u32(off + 4)}`, level: b.u32(off + 8), ratio: b.u32(off + 12) };
      return null;
    case FEATURE.CLOCKID:
      if (size >= 8) meta.clockid = b.u64(off);
      return null;
    case FEATURE.EVENT_DESC: {
      if (size < 8) return "feature EVENT_DESC is truncated";
      const n = b.u32(off);
      const attrSize = b.u32(off + 4);
      let p = off + 8;
      for (let i = 0; i < n; i++) {
        if (p + attrSize + 4 > end) return `EVENT_DESC entry ${i} of ${n} is truncated`;
        p += attrSize;
        const nIds = b.u32(p);
        p += 4;
        const s = headerString(b, p, end);
        if (!s) return `EVENT_DESC entry ${i} name is truncated`;
        p += s[1];
        if (nIds > (end - p) / 8) return `EVENT_DESC entry ${i} says ${nIds} ids, more than the payload holds`;
        const ids: number[] = [];
        for (let k = 0; k < nIds; k++) ids.push(b.u64(p + k * 8));
        p += nIds * 8;
        eventDescs.push({ name: s[0], ids });
      }
      return null;
    }
    default:
      return null;
  }
}

export function isKnownFeature(id: number): boolean {
  return id >= 1 && id <= LAST_KNOWN_FEATURE;
}

/** Byte size of the READ block of a SAMPLE, or -1 when it depends on the record (group read). */
export function readBlockSize(readFormat: number): number {
  if (readFormat & READ_FORMAT.GROUP) return -1;
  let n = 8;
  if (readFormat & READ_FORMAT.TOTAL_TIME_ENABLED) n += 8;
  if (readFormat & READ_FORMAT.TOTAL_TIME_RUNNING) n += 8;
  if (readFormat & READ_FORMAT.ID) n += 8;
  if (readFormat & READ_FORMAT.LOST) n += 8;
  return n;
}

/** Size in bytes of the sample_id_all trailer for this sample_type. */
export function trailerSize(sampleType: number): number {
  let n = 0;
  if (sampleType & SAMPLE.TID) n += 8;
  if (sampleType & SAMPLE.TIME) n += 8;
  if (sampleType & SAMPLE.ID) n += 8;
  if (sampleType & SAMPLE.STREAM_ID) n += 8;
  if (sampleType & SAMPLE.CPU) n += 8;
  if (sampleType & SAMPLE.IDENTIFIER) n += 8;
  return n;
}
