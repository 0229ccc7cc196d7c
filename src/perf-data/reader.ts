/**
 * The streaming perf.data reader.
 *
 *   open ─► magic (byte order, file or pipe mode)
 *        ─► file mode: header, attrs + ids, feature sections (tracing data, cpuid, ...)
 *        ─► records in chunks: SAMPLE (RAW decoded by field name), COMM, LOST,
 *           FINISHED_ROUND, COMPRESSED (zstd); pipe mode also HEADER_ATTR,
 *           HEADER_FEATURE, HEADER_TRACING_DATA; anything else skipped by size
 *        ─► decoded events in columns ─► RoundSorter (perf's ordering) ─► sink
 *
 * Every problem in the file becomes a diagnostic with its byte offset; the
 * reader keeps what it can and never throws for bad data.
 */
import type { FileHandle } from "node:fs/promises";
import type { Decompress } from "fzstd";
import { Bytes, hex } from "./bytes";
import { FEATURE, FEATURE_NAMES, FILE_HEADER_SIZE, PIPE_HEADER_SIZE, RECORD, RECORD_NAMES, SAMPLE } from "./constants";
import { EV, RoundSorter, type EventColumns, type EventQueue, type EventSink } from "./events";
import {
  emptyMetadata,
  isKnownFeature,
  magicByteOrder,
  parseAttr,
  parseFeature,
  parseFileHeader,
  readBlockSize,
  type EventDesc,
  type PerfAttr,
  type RecordingMetadata,
} from "./header";
import { ChunkStream } from "./stream";
import { ACC_LIMIT, ACC_OUT, ACC_SAMPLES, ACC_SKIP_MAX, ACC_SKIP_MIN, createFastPlans, decodeSamples, type FastPlans } from "./decode-fast";
import { parseTracingData, type EventFormat, type TracingData } from "./tracing";
import type { DiagnosticSink } from "../model/diagnostic";
import type { ProgressReporter } from "../formats/types";

export const PERF_DATA_MODES = ["file", "pipe"] as const;
export type PerfDataMode = (typeof PERF_DATA_MODES)[number];

/** Architecture of the kvm tracepoints, from their fields. */
export const KVM_ARCHES = ["x86", "arm64"] as const;
export type KvmArch = (typeof KVM_ARCHES)[number];

/** Which tracepoint plays which role, and the fields read from it, per architecture. */
const ROLES: ReadonlyArray<{ name: string; kind: number; fields: Record<KvmArch, [string | null, string | null, string | null]>; defaults: [number, number, number] }> = [
  { name: "kvm:kvm_exit", kind: EV.exit, fields: { x86: ["exit_reason", "isa", "vcpu_id"], arm64: ["ret", "esr_ec", null] }, defaults: [0, -1, -1] },
  { name: "kvm:kvm_entry", kind: EV.entry, fields: { x86: ["vcpu_id", null, null], arm64: ["id", null, null] }, defaults: [0, 0, 0] },
  { name: "kvm:kvm_pio", kind: EV.pio, fields: { x86: ["port", "rw", null], arm64: ["port", "rw", null] }, defaults: [0, 0, 0] },
  { name: "kvm:kvm_mmio", kind: EV.mmio, fields: { x86: ["gpa", "type", null], arm64: ["gpa", "type", null] }, defaults: [0, 0, 0] },
  { name: "kvm:kvm_msr", kind: EV.msr, fields: { x86: ["ecx", "write", null], arm64: ["ecx", "write", null] }, defaults: [0, 0, 0] },
];

/** How to decode SAMPLEs of one attr. Offsets are from the record start; -1 = absent. */
interface SamplePlan {
  kind: number;
  tidOff: number;
  timeOff: number;
  cpuOff: number;
  /** Offset of the RAW u32 size, or -1 when the position varies per record (computed then). */
  rawOff: number;
  hasRaw: boolean;
  sampleType: number;
  readFormat: number;
  fOff: [number, number, number];
  fSize: [number, number, number];
  fDef: [number, number, number];
  /** The same as scalars for the hot path; fieldsEnd = where the last present field ends in the payload. */
  f0Off: number;
  f0Size: number;
  f1Off: number;
  f1Size: number;
  f2Off: number;
  f2Size: number;
  fieldsEnd: number;
  /** Smallest record size holding tid and time (Infinity when the sample has neither). */
  fixedNeed: number;
  name: string;
  /** Samples seen for this attr. */
  count: number;
  /** Not needed by the caller: only its time is looked at. */
  skip: boolean;
}

export interface ReaderStats {
  records: Record<string, number>;
  samples: number;
  samplesByEvent: Record<string, number>;
  lostRecords: number;
  lostEvents: number;
  lostSamplesRecords: number;
  compressedRecords: number;
  bytesRead: number;
}

export interface ReadResult {
  ok: boolean;
  mode: PerfDataMode | null;
  byteOrder: "little" | "big" | null;
  meta: RecordingMetadata;
  attrs: PerfAttr[];
  tracing: TracingData | null;
  arch: KvmArch;
  /** Tracepoint format of kvm_exit (for the print-fmt name tables), if recorded. */
  exitFormat: EventFormat | null;
  /** Absolute perf clock (ns) that event times are relative to. */
  baseTimeNs: bigint | null;
  commNames: string[];
  stats: ReaderStats;
  outOfOrder: number;
  /** Time range of the samples skipped by `skipKinds` (NaN when none). */
  skippedMinT: number;
  skippedMaxT: number;
}

export interface ReadOptions {
  progress?: ProgressReporter;
  /** Bytes per read; tests use small chunks to exercise records spanning reads. */
  chunkBytes?: number;
  /**
   * Event kinds (EV.pio, EV.mmio, EV.msr) the caller does not need: their
   * samples are counted and their times kept in skippedMinT/MaxT, but they
   * are not buffered, sorted or handed on.
   */
  skipKinds?: readonly number[];
  /** Called once with the result object before records are read (its fields fill in as reading goes). */
  onStart?: (r: ReadResult) => void;
  /**
   * Where decoded events go (default: a RoundSorter handing them to `sink`).
   * The caller then owns the ordering and its out-of-order accounting.
   */
  queue?: EventQueue;
}

/** HEADER_LAST_FEATURE: perf ends the pipe-mode feature records with it. */
const LAST_FEATURE_MARKER = 32;
const T_SAMPLE = RECORD.SAMPLE;
const K_OTHER = EV.other;
const MAX_SECTION_BYTES = 512 * 1024 * 1024;
/** Widest id range looked up through a direct table. */
const ID_TABLE_MAX = 1 << 16;

function sampleFixedLayout(st: number, rf: number): { tid: number; time: number; id: number; cpu: number; raw: number } {
  let p = 8;
  const r = { tid: -1, time: -1, id: -1, cpu: -1, raw: -1 };
  if (st & SAMPLE.IDENTIFIER) p += 8;
  if (st & SAMPLE.IP) p += 8;
  if (st & SAMPLE.TID) (r.tid = p), (p += 8);
  if (st & SAMPLE.TIME) (r.time = p), (p += 8);
  if (st & SAMPLE.ADDR) p += 8;
  if (st & SAMPLE.ID) (r.id = p), (p += 8);
  if (st & SAMPLE.STREAM_ID) p += 8;
  if (st & SAMPLE.CPU) (r.cpu = p), (p += 8);
  if (st & SAMPLE.PERIOD) p += 8;
  let variable = false;
  if (st & SAMPLE.READ) {
    const n = readBlockSize(rf);
    if (n < 0) variable = true;
    else p += n;
  }
  if (st & SAMPLE.CALLCHAIN) variable = true;
  if (st & SAMPLE.RAW) r.raw = variable ? -2 : p;
  return r;
}

/**
 * Reads a perf.data file from an open handle. `sink` receives every decoded
 * event in perf's processing order.
 */
export async function readPerfDataRecords(fh: FileHandle, fileSize: number, diags: DiagnosticSink, sink: EventSink, opts: ReadOptions = {}): Promise<ReadResult> {
  const meta = emptyMetadata();
  const stats: ReaderStats = { records: {}, samples: 0, samplesByEvent: {}, lostRecords: 0, lostEvents: 0, lostSamplesRecords: 0, compressedRecords: 0, bytesRead: 0 };
  const res: ReadResult = {
    ok: false,
    mode: null,
    byteOrder: null,
    meta,
    attrs: [],
    tracing: null,
    arch: "x86",
    exitFormat: null,
    baseTimeNs: null,
    commNames: [],
    stats,
    outOfOrder: 0,
    skippedMinT: NaN,
    skippedMaxT: NaN,
  };
  const skipKinds = opts.skipKinds ?? [];
  const err = (code: string, offset: number, message: string) => diags.add({ code: `perf-data/${code}`, severity: "error", offset, message });
  const warn = (code: string, offset: number, message: string) => diags.add({ code: `perf-data/${code}`, severity: "warning", offset, message });

  const readAt = async (off: number, len: number): Promise<Uint8Array | null> => {
    if (off < 0 || len < 0 || off + len > fileSize) return null;
    const buf = new Uint8Array(len);
    const { bytesRead } = await fh.read(buf, 0, len, off);
    return bytesRead === len ? buf : null;
  };

  // 1. Magic and mode.
  const head = await readAt(0, Math.min(16, fileSize));
  if (!head || head.length < 16) {
    err("truncated", 0, `the file has ${fileSize} bytes, fewer than the 16-byte perf.data header start`);
    return res;
  }
  const le = magicByteOrder(head);
  if (le === null) {
    err("bad-magic", 0, `expected the magic "PERFILE2" (or "2ELIFREP" for big-endian), found ${JSON.stringify(Buffer.from(head.subarray(0, 8)).toString("latin1"))}`);
    return res;
  }
  res.byteOrder = le ? "little" : "big";
  const hb = new Bytes(head, le);
  const headerSize = hb.u64(8);
  const eventDescs: EventDesc[] = [];
  const attrs = res.attrs;
  let tracing: TracingData | null = null;

  const setTracing = (u8: Uint8Array, off: number) => {
    const t = parseTracingData(u8, off);
    if (t.ok) tracing = t.data;
    else err("bad-tracing-data", t.offset, t.message);
  };

  let dataStart: number;
  let dataEnd: number;
  if (headerSize === FILE_HEADER_SIZE) {
    res.mode = "file";
    const h8 = await readAt(0, FILE_HEADER_SIZE);
    if (!h8) {
      err("truncated", 16, `the file ends inside the ${FILE_HEADER_SIZE}-byte file header (it has ${fileSize} bytes)`);
      return res;
    }
    const h = parseFileHeader(new Bytes(h8, le));
    // 2. Attrs.
    const attrStride = h.attrSize;
    if (attrStride < 64 + 16 || h.attrsSize % attrStride !== 0 || h.attrsOffset + h.attrsSize > fileSize || h.attrsSize > MAX_SECTION_BYTES) {
      err("bad-size", 24, `the attrs section (offset ${h.attrsOffset}, size ${h.attrsSize}, entry size ${attrStride}) does not fit the file of ${fileSize} bytes or is not a whole number of entries`);
      return res;
    }
    const ab = await readAt(h.attrsOffset, h.attrsSize);
    if (!ab) {
      err("truncated", h.attrsOffset, "the attrs section could not be read in full");
      return res;
    }
    const abytes = new Bytes(ab, le);
    for (let off = 0; off + attrStride <= ab.length; off += attrStride) {
      const a = parseAttr(abytes, off, attrStride - 16);
      const idsOff = abytes.u64(off + attrStride - 16);
      const idsSize = abytes.u64(off + attrStride - 8);
      if (idsSize % 8 !== 0 || idsOff + idsSize > fileSize || idsSize > 64 * 1024 * 1024) {
        err("bad-size", h.attrsOffset + off + attrStride - 16, `attr ${attrs.length}: its id array (offset ${idsOff}, size ${idsSize}) does not fit the file`);
      } else if (idsSize > 0) {
        const ib = await readAt(idsOff, idsSize);
        if (ib) {
          const ibytes = new Bytes(ib, le);
          for (let k = 0; k < idsSize; k += 8) a.ids.push(ibytes.u64(k));
        }
      }
      attrs.push(a);
    }
    // 3. Features.
    dataStart = h.dataOffset;
    dataEnd = h.dataOffset + h.dataSize;
    if (h.dataOffset > fileSize || h.dataOffset < FILE_HEADER_SIZE) {
      err("bad-size", 40, `the data section starts at ${h.dataOffset}, outside the file of ${fileSize} bytes`);
      return res;
    }
    if (h.dataSize === 0) {
      warn("interrupted-recording", 48, "the data section size is 0: the recording was interrupted before perf finished the file; reading records up to the end of the file and ignoring the feature sections");
      dataEnd = fileSize;
    } else {
      if (dataEnd > fileSize) {
        err("truncated", 48, `the data section (offset ${h.dataOffset}, size ${h.dataSize}) runs past the end of the file (${fileSize} bytes); the file is truncated`);
        dataEnd = fileSize;
      }
      const unknown = h.featureBits.filter((f) => !isKnownFeature(f));
      if (unknown.length) warn("unknown-feature", 72, `feature bits ${unknown.join(", ")} are set but unknown to this reader (perf 6.1 knows 1..31); their sections are skipped by size`);
      const idxOff = h.dataOffset + h.dataSize;
      const idx = await readAt(idxOff, h.featureBits.length * 16);
      if (!idx) {
        if (h.featureBits.length) err("truncated", idxOff, `the feature index (${h.featureBits.length} entries) runs past the end of the file`);
      } else {
        const ib = new Bytes(idx, le);
        for (let k = 0; k < h.featureBits.length; k++) {
          const id = h.featureBits[k];
          const fo = ib.u64(k * 16);
          const fs = ib.u64(k * 16 + 8);
          if (!isKnownFeature(id)) continue;
          if (fo + fs > fileSize || fs > MAX_SECTION_BYTES) {
            err("bad-size", idxOff + k * 16, `feature ${FEATURE_NAMES[id]} section (offset ${fo}, size ${fs}) does not fit the file of ${fileSize} bytes`);
            continue;
          }
          const payload = await readAt(fo, fs);
          if (!payload) continue;
          if (id === FEATURE.TRACING_DATA) {
            if (!meta.features.includes("TRACING_DATA")) meta.features.push("TRACING_DATA");
            setTracing(payload, fo);
            continue;
          }
          const m = parseFeature(id, new Bytes(payload, le), 0, fs, meta, eventDescs);
          if (m) warn("bad-feature", fo, m);
        }
      }
    }
  } else if (headerSize === PIPE_HEADER_SIZE) {
    res.mode = "pipe";
    dataStart = PIPE_HEADER_SIZE;
    dataEnd = fileSize;
  } else {
    err("bad-header", 8, `the header size field is ${headerSize}; expected ${FILE_HEADER_SIZE} (file mode) or ${PIPE_HEADER_SIZE} (pipe mode)`);
    return res;
  }

  // 4. Sample plans (built lazily: in pipe mode attrs and tracing data arrive as records).
  let plans: SamplePlan[] = [];
  let idToPlan = new Map<number, number>();
  let idTable: Int32Array | null = null;
  let idBase = 0;
  let plansBuilt = false;
  let useIdentifier = false;
  let idOffNoIdentifier = -1;
  /** The fast path's plans (little-endian files whose sample plan follows from the id table or is the only one), else null. */
  let fast: FastPlans | null = null;
  let fastSingle = -1;
  const foldCounts = () => {
    plans.forEach((p, pi) => {
      const n = p.count + (fast ? fast.count[pi] : 0);
      if (n) stats.samplesByEvent[p.name] = (stats.samplesByEvent[p.name] ?? 0) + n;
      p.count = 0;
      if (fast) fast.count[pi] = 0;
    });
  };
  const buildPlans = () => {
    foldCounts();
    lastId = -1;
    plansBuilt = true;
    plans = [];
    idToPlan = new Map();
    for (const d of eventDescs) {
      for (const a of attrs) if (a.name === null && a.ids.some((id) => d.ids.includes(id))) a.name = d.name;
    }
    const tr = tracing as TracingData | null;
    const byId = new Map<number, EventFormat>();
    if (tr) for (const ev of tr.events) byId.set(ev.id, ev);
    const exitFmt = tr?.events.find((e) => e.system === "kvm" && e.name === "kvm_exit") ?? null;
    const arch: KvmArch = exitFmt && exitFmt.fields.some((f) => f.name === "esr_ec") ? "arm64" : "x86";
    res.arch = arch;
    res.exitFormat = exitFmt;
    useIdentifier = attrs.length > 0 && attrs.every((a) => (a.sampleType & SAMPLE.IDENTIFIER) !== 0);
    if (!useIdentifier && attrs.length > 1) idOffNoIdentifier = sampleFixedLayout(attrs[0].sampleType, attrs[0].readFormat).id;
    attrs.forEach((a, ai) => {
      const fmt = a.type === 2 ? byId.get(a.config) ?? null : null;
      if (a.name === null && fmt) a.name = `${fmt.system}:${fmt.name}`;
      const name = a.name ?? `attr${ai}`;
      const role = fmt ? ROLES.find((r) => r.name === name) : undefined;
      const lay = sampleFixedLayout(a.sampleType, a.readFormat);
      const plan: SamplePlan = {
        kind: role ? role.kind : EV.other,
        tidOff: lay.tid,
        timeOff: lay.time,
        cpuOff: lay.cpu,
        rawOff: lay.raw,
        hasRaw: (a.sampleType & SAMPLE.RAW) !== 0,
        sampleType: a.sampleType,
        readFormat: a.readFormat,
        fOff: [-1, -1, -1],
        fSize: [0, 0, 0],
        fDef: role ? [...role.defaults] : [0, 0, 0],
        name,
        count: 0,
        skip: role ? skipKinds.includes(role.kind) : false,
        f0Off: -1,
        f0Size: 0,
        f1Off: -1,
        f1Size: 0,
        f2Off: -1,
        f2Size: 0,
        fieldsEnd: 0,
        fixedNeed: lay.time < 0 || lay.tid < 0 ? Infinity : Math.max(lay.time, lay.tid) + 8,
      };
      if (role && fmt) {
        role.fields[arch].forEach((fname, k) => {
          const f = fname ? fmt.fields.find((x) => x.name === fname) : undefined;
          if (f && [1, 2, 4, 8].includes(f.size)) {
            plan.fOff[k] = f.offset;
            plan.fSize[k] = f.size;
          }
        });
      }
      [plan.f0Off, plan.f1Off, plan.f2Off] = plan.fOff;
      [plan.f0Size, plan.f1Size, plan.f2Size] = plan.fSize;
      plan.fieldsEnd = Math.max(0, ...plan.fOff.map((fo, k) => (fo < 0 ? 0 : fo + plan.fSize[k])));
      plans.push(plan);
      for (const id of a.ids) idToPlan.set(id, ai);
    });
    // Sample ids are usually a small dense range: a direct table (plan index + 1) instead of a Map lookup per sample.
    idTable = null;
    idBase = 0;
    if (idToPlan.size > 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const id of idToPlan.keys()) {
        if (id < lo) lo = id;
        if (id > hi) hi = id;
      }
      if (hi - lo < ID_TABLE_MAX) {
        idTable = new Int32Array(hi - lo + 1);
        idBase = lo;
        for (const [id, pi] of idToPlan) idTable[id - lo] = pi + 1;
      }
    }
    fast = null;
    fastSingle = !useIdentifier && plans.length === 1 ? 0 : -1;
    if (le && plans.length > 0 && (fastSingle === 0 || (useIdentifier && idTable !== null))) {
      const f = createFastPlans(plans.length);
      plans.forEach((p, pi) => {
        f.kind[pi] = p.kind;
        f.skip[pi] = p.skip ? 1 : 0;
        f.fixedNeed[pi] = p.fixedNeed;
        f.rawOff[pi] = p.rawOff >= 0 ? p.rawOff : -1;
        f.timeOff[pi] = p.timeOff;
        f.tidOff[pi] = p.tidOff;
        f.cpuOff[pi] = p.cpuOff;
        for (let k = 0; k < 3; k++) {
          f.fOff[3 * pi + k] = p.fOff[k];
          f.fSize[3 * pi + k] = p.fSize[k];
          f.fDef[3 * pi + k] = p.fDef[k];
        }
        f.fieldsEnd[pi] = p.fieldsEnd;
      });
      fast = f;
    }
  };
  const acc = new Float64Array(5);
  const noIds = new Int32Array(0);

  // 5. Records.
  opts.onStart?.(res);
  const sorter: EventQueue = opts.queue ?? new RoundSorter(sink);
  const cols = () => {
    sorter.reserve();
    return sorter.buffer;
  };
  let baseHi = 0;
  let baseLo = 0;
  let haveBase = false;
  const loOff = le ? 0 : 4;
  const hiOff = le ? 4 : 0;
  const relTime = (dv: DataView, o: number): number => {
    const lo = dv.getUint32(o + loOff, le);
    const hi = dv.getUint32(o + hiOff, le);
    if (!haveBase) {
      haveBase = true;
      baseHi = hi;
      baseLo = lo;
      res.baseTimeNs = (BigInt(hi) << 32n) | BigInt(lo);
    }
    return (hi - baseHi) * 4294967296 + (lo - baseLo);
  };
  /** Records per type (types above 255 share the last slot). */
  const counters = new Float64Array(257);
  let unknownIdReported = false;
  let fieldMissingReported = false;
  let rawMissingReported = false;

  /** The attr plan for a non-sample record's trailer, via its trailing identifier. */
  const trailerTime = (dv: DataView, o: number, size: number): { t: number; cpu: number } | null => {
    if (!attrs.length || !attrs[0].sampleIdAll) return null;
    let st = attrs[0].sampleType;
    if (useIdentifier && size >= 16) {
      const id = dv.getUint32(o + size - 8 + loOff, le) + dv.getUint32(o + size - 8 + hiOff, le) * 4294967296;
      const pi = idToPlan.get(id);
      if (pi !== undefined) st = plans[pi].sampleType;
    }
    let back = 0;
    if (st & SAMPLE.IDENTIFIER) back += 8;
    let cpuBack = -1;
    if (st & SAMPLE.CPU) (back += 8), (cpuBack = back);
    if (st & SAMPLE.STREAM_ID) back += 8;
    if (st & SAMPLE.ID) back += 8;
    if (!(st & SAMPLE.TIME)) return null;
    back += 8;
    if (back > size - 8) return null;
    return { t: relTime(dv, o + size - back), cpu: cpuBack > 0 ? dv.getUint32(o + size - cpuBack, le) : -1 };
  };

  let lastId = -1;
  let lastPlan: number | undefined;
  const onSample = (dv: DataView, o: number, size: number, fileOff: number) => {
    stats.samples++;
    let pi: number | undefined;
    if (useIdentifier) {
      const id = dv.getUint32(o + 8 + loOff, le) + dv.getUint32(o + 8 + hiOff, le) * 4294967296;
      if (idTable !== null) {
        const k = id - idBase;
        const v = k >= 0 && k < idTable.length ? idTable[k] : 0;
        pi = v > 0 ? v - 1 : undefined;
      } else if (id === lastId) pi = lastPlan;
      else {
        pi = idToPlan.get(id);
        lastId = id;
        lastPlan = pi;
      }
    } else if (plans.length === 1) pi = 0;
    else if (idOffNoIdentifier > 0 && idOffNoIdentifier + 8 <= size) {
      const id = dv.getUint32(o + idOffNoIdentifier + loOff, le) + dv.getUint32(o + idOffNoIdentifier + hiOff, le) * 4294967296;
      pi = idToPlan.get(id);
    }
    if (pi === undefined) {
      if (!unknownIdReported) {
        unknownIdReported = true;
        warn("unknown-sample-id", fileOff, "a SAMPLE record carries an id that no attr lists; such samples are skipped");
      }
      return;
    }
    const p = plans[pi];
    p.count++;
    const kind = p.kind;
    if (kind === K_OTHER) return;
    if (size < p.fixedNeed) return;
    if (p.skip) {
      const st = relTime(dv, o + p.timeOff);
      if (!(st >= res.skippedMinT)) res.skippedMinT = st;
      if (!(st <= res.skippedMaxT)) res.skippedMaxT = st;
      return;
    }
    let rawOff = p.rawOff;
    if (rawOff === -2) rawOff = variableRawOffset(dv, o, size, p, le);
    if (rawOff < 0 || rawOff + 4 > size) {
      if (!rawMissingReported) {
        rawMissingReported = true;
        err("bad-sample", fileOff, `a ${p.name} SAMPLE has no RAW payload inside its ${size} bytes`);
      }
      return;
    }
    const rawSize = dv.getUint32(o + rawOff, le);
    if (rawOff + 4 + rawSize > size) {
      if (!rawMissingReported) {
        rawMissingReported = true;
        err("bad-sample", fileOff, `a ${p.name} SAMPLE says its RAW payload has ${rawSize} bytes, but only ${size - rawOff - 4} are in the record`);
      }
      return;
    }
    const r = o + rawOff + 4;
    let a = p.fDef[0];
    let b = p.fDef[1];
    let c = p.fDef[2];
    if (p.fieldsEnd <= rawSize) {
      // Every field is inside the payload (the usual case).
      if (p.f0Off >= 0) a = readField(dv, r + p.f0Off, p.f0Size, le, loOff, hiOff);
      if (p.f1Off >= 0) b = readField(dv, r + p.f1Off, p.f1Size, le, loOff, hiOff);
      if (p.f2Off >= 0) c = readField(dv, r + p.f2Off, p.f2Size, le, loOff, hiOff);
    } else for (let k = 0; k < 3; k++) {
      const fo = p.fOff[k];
      if (fo < 0) continue;
      const fs = p.fSize[k];
      if (fo + fs > rawSize) {
        if (!fieldMissingReported) {
          fieldMissingReported = true;
          warn("field-missing", fileOff, `a ${p.name} payload of ${rawSize} bytes ends before field ${k + 1} at offset ${fo}; the field reads as its default`);
        }
        continue;
      }
      const v = readField(dv, r + fo, fs, le, loOff, hiOff);
      if (k === 0) a = v;
      else if (k === 1) b = v;
      else c = v;
    }
    const tlo = dv.getUint32(o + p.timeOff + loOff, le);
    const thi = dv.getUint32(o + p.timeOff + hiOff, le);
    if (!haveBase) relTime(dv, o + p.timeOff);
    const t = (thi - baseHi) * 4294967296 + (tlo - baseLo);
    const pid = dv.getUint32(o + p.tidOff, le) | 0;
    const tid = dv.getUint32(o + p.tidOff + 4, le) | 0;
    const cpu = p.cpuOff > 0 ? dv.getUint32(o + p.cpuOff, le) | 0 : -1;
    // Inlined EventColumns.push (doubles passed as arguments would be boxed).
    sorter.reserve();
    const cc = sorter.buffer;
    const i = cc.n++;
    cc.kind[i] = kind;
    cc.tid[i] = tid;
    cc.pid[i] = pid;
    cc.cpu[i] = cpu;
    cc.t[i] = t;
    cc.a[i] = a;
    cc.b[i] = b;
    cc.c[i] = c;
    cc.off[i] = fileOff;
    sorter.added(i);
  };

  let inner: InnerStream | null = null;
  let pipeTracingPending = -1;
  let decompressFailed = false;

  /** Handles one complete record at dv[o..o+size). Returns false to stop reading. */
  const onRecord = (dv: DataView, u8: Uint8Array, o: number, type: number, size: number, fileOff: number, fromCompressed: boolean): boolean => {
    counters[type < 256 ? type : 256]++;
    if (type === RECORD.SAMPLE) {
      if (!plansBuilt) buildPlans();
      onSample(dv, o, size, fileOff);
      return true;
    }
    switch (type) {
      case RECORD.FINISHED_ROUND:
        sorter.finishedRound();
        return true;
      case RECORD.COMM: {
        if (!plansBuilt) buildPlans();
        if (size < 16) return true;
        const pid = dv.getUint32(o + 8, le) | 0;
        const tid = dv.getUint32(o + 12, le) | 0;
        const b = new Bytes(u8, le);
        const name = b.cstr(o + 16, size - 16);
        const tt = trailerTime(dv, o, size);
        res.commNames.push(name);
        const i = cols().push(EV.comm, tid, pid, tt ? tt.cpu : -1, tt ? tt.t : -Infinity, res.commNames.length - 1, 0, 0, fileOff);
        if (tt) sorter.added(i);
        else sorter.deliverNow(i);
        return true;
      }
      case RECORD.LOST:
      case RECORD.LOST_SAMPLES: {
        if (!plansBuilt) buildPlans();
        const b = new Bytes(u8, le);
        const lost = type === RECORD.LOST ? (size >= 24 ? b.u64(o + 16) : 0) : size >= 16 ? b.u64(o + 8) : 0;
        if (type === RECORD.LOST) stats.lostRecords++;
        else stats.lostSamplesRecords++;
        stats.lostEvents += lost;
        const tt = trailerTime(dv, o, size);
        const i = cols().push(EV.lost, -1, -1, tt ? tt.cpu : -1, tt ? tt.t : -Infinity, lost, 0, 0, fileOff);
        if (tt) sorter.added(i);
        else sorter.deliverNow(i);
        return true;
      }
      case RECORD.HEADER_ATTR: {
        if (size < 8 + 64) {
          err("bad-size", fileOff, `a HEADER_ATTR record of ${size} bytes is too small for a perf_event_attr`);
          return true;
        }
        const b = new Bytes(u8, le);
        const asz = b.u32(o + 8 + 4);
        const attrLen = asz >= 64 && 8 + asz <= size ? asz : 64;
        const a = parseAttr(b, o + 8, attrLen);
        for (let p = o + 8 + attrLen; p + 8 <= o + size; p += 8) a.ids.push(b.u64(p));
        attrs.push(a);
        plansBuilt = false;
        return true;
      }
      case RECORD.HEADER_FEATURE: {
        if (size < 16) return true;
        const b = new Bytes(u8, le);
        const id = b.u64(o + 8);
        if (id === LAST_FEATURE_MARKER) return true;
        if (!isKnownFeature(id)) {
          warn("unknown-feature", fileOff, `a HEADER_FEATURE record has feature id ${id}, unknown to this reader; skipped`);
          return true;
        }
        const m = parseFeature(id, b, o + 16, size - 16, meta, eventDescs);
        if (m) warn("bad-feature", fileOff, m);
        plansBuilt = false;
        return true;
      }
      case RECORD.HEADER_TRACING_DATA: {
        if (size < 12) return true;
        pipeTracingPending = dv.getUint32(o + 8, le);
        return true;
      }
      case RECORD.COMPRESSED:
      case RECORD.COMPRESSED2: {
        stats.compressedRecords++;
        if (fromCompressed || decompressFailed) return true;
        let p = o + 8;
        let n = size - 8;
        if (type === RECORD.COMPRESSED2) {
          if (size < 16) return true;
          const dsz = new Bytes(u8, le).u64(o + 8);
          p = o + 16;
          n = Math.min(dsz, size - 16);
        }
        if (!inner) inner = new InnerStream(le);
        try {
          inner.push(u8.subarray(p, p + n));
        } catch (e) {
          decompressFailed = true;
          err("bad-compressed", fileOff, `a COMPRESSED record could not be decompressed as zstd (${(e as Error).message}); the compressed records are skipped from here on`);
          return true;
        }
        const ok = inner.drain((idv, iu8, io, itype, isize) => onRecord(idv, iu8, io, itype, isize, fileOff, true), (msg) => err("bad-size", fileOff, `inside the compressed data of the record at this offset: ${msg}`));
        if (!ok) decompressFailed = true;
        return true;
      }
      default:
        return true;
    }
  };

  if (dataStart > dataEnd) dataEnd = dataStart;
  const stream = new ChunkStream(fh, dataStart, dataEnd, opts.chunkBytes);
  const total = dataEnd - dataStart;
  opts.progress?.start(total);
  let stop = false;
  let lastRound = -1;
  while (!stop) {
    // Sync inner loop over the complete records in the window.
    const dv = stream.dv;
    const u8 = stream.buf;
    let s = stream.start;
    const e = stream.end;
    while (e - s >= 8) {
      if (fast !== null && plansBuilt && haveBase) {
        // The fast path takes the run of plain samples from here; the record it stops at is handled below.
        const room = sorter.bulkRoom();
        const o = sorter.buffer;
        const n0 = o.n;
        acc[ACC_OUT] = n0;
        acc[ACC_LIMIT] = n0 + room;
        acc[ACC_SAMPLES] = 0;
        acc[ACC_SKIP_MIN] = res.skippedMinT;
        acc[ACC_SKIP_MAX] = res.skippedMaxT;
        s = decodeSamples(dv, s, e, stream.base, idTable ?? noIds, idBase, fastSingle, fast, baseHi, baseLo, o, acc);
        const w = acc[ACC_OUT];
        if (w > n0) {
          o.n = w;
          sorter.addedRange(n0, w);
        }
        const k = acc[ACC_SAMPLES];
        counters[T_SAMPLE] += k;
        stats.samples += k;
        res.skippedMinT = acc[ACC_SKIP_MIN];
        res.skippedMaxT = acc[ACC_SKIP_MAX];
        if (e - s < 8) break;
      }
      const type = dv.getUint32(s, le);
      const size = dv.getUint16(s + 6, le);
      const fileOff = stream.base + s;
      if (size < 8) {
        err("bad-size", fileOff, `a record (type ${type}) says its size is ${size} bytes, less than its own 8-byte header; the records after it cannot be found, reading stops here`);
        stop = true;
        break;
      }
      if (e - s < size) break;
      if (type === T_SAMPLE) {
        if (!plansBuilt) buildPlans();
        counters[T_SAMPLE]++;
        onSample(dv, s, size, fileOff);
      } else {
        onRecord(dv, u8, s, type, size, fileOff, false);
        if (pipeTracingPending >= 0) {
          s += size;
          break;
        }
      }
      s += size;
    }
    stream.start = s;
    if (stop) break;
    if (pipeTracingPending >= 0) {
      const n = pipeTracingPending;
      pipeTracingPending = -1;
      const at = stream.offset;
      if (!(await stream.ensure(n))) {
        err("truncated", at, `the pipe-mode tracing data (${n} bytes) runs past the end of the file`);
        break;
      }
      setTracing(stream.buf.slice(stream.start, stream.start + n), at);
      if (!meta.features.includes("TRACING_DATA")) meta.features.push("TRACING_DATA");
      stream.start += n;
      plansBuilt = false;
      continue;
    }
    if (stream.offset - lastRound > 16 * 1024 * 1024) {
      lastRound = stream.offset;
      opts.progress?.update(stream.offset - dataStart);
    }
    const before = stream.available;
    if (!(await stream.more())) {
      if (stream.available > 0) {
        const at = stream.offset;
        const want = stream.available >= 8 ? stream.dv.getUint16(stream.start + 6, le) : 8;
        err("truncated", at, `the file ends inside a record: ${stream.available} bytes remain at the end, the record needs ${want}; the file is truncated`);
      }
      break;
    }
    if (stream.available === before) break;
  }
  if (!plansBuilt) buildPlans();
  foldCounts();
  res.tracing = tracing;
  if (!tracing && attrs.some((a) => a.type === 2)) {
    err("missing-tracing-data", res.mode === "file" ? 72 : dataStart, "the file has tracepoint events but no tracing data (feature TRACING_DATA): the tracepoint fields cannot be decoded; perf says 'incompatible file format' for such a file");
  }
  sorter.finish();
  opts.progress?.update(total);
  opts.progress?.stop();
  counters.forEach((v, k) => {
    if (v > 0) stats.records[k === 256 ? "other" : RECORD_NAMES[k] ?? `type${k}`] = v;
  });
  stats.bytesRead = total;
  res.tracing = tracing;
  if (sorter instanceof RoundSorter) res.outOfOrder = sorter.outOfOrder;
  if (stats.lostEvents > 0 || stats.lostRecords > 0 || stats.lostSamplesRecords > 0) {
    warn(
      "lost-events",
      0,
      `the recording lost ${stats.lostEvents} events (${stats.lostRecords} LOST and ${stats.lostSamplesRecords} LOST_SAMPLES records); perf kvm stat report still pairs across the gap (it only warns "lost N chunks"), and so do the table numbers here; lost.suspectPairs counts the pairs that spanned a loss on their CPU`,
    );
  }
  res.ok = true;
  return res;
}

/** The warning for events that arrived older than an already flushed timestamp (after the sorter finished). */
export function outOfOrderWarning(sorter: RoundSorter, diags: DiagnosticSink): void {
  if (sorter.outOfOrder === 0) return;
  diags.add({
    code: "perf-data/out-of-order",
    severity: "warning",
    offset: sorter.firstOutOfOrderOffset,
    message: `${sorter.outOfOrder} records are older than events already processed at a FINISHED_ROUND (first one here); perf processes them late the same way ("out of order events"), so pairs around them may be mismatched`,
  });
}

/** An unsigned tracepoint field of 1, 2, 4 or 8 bytes at `at`. */
function readField(dv: DataView, at: number, size: number, le: boolean, loOff: number, hiOff: number): number {
  return size === 4 ? dv.getUint32(at, le) : size === 8 ? dv.getUint32(at + loOff, le) + dv.getUint32(at + hiOff, le) * 4294967296 : size === 2 ? dv.getUint16(at, le) : dv.getUint8(at);
}

/** Offset of the RAW size when READ (group) or CALLCHAIN make the layout vary per record. */
function variableRawOffset(dv: DataView, o: number, size: number, p: SamplePlan, le: boolean): number {
  const st = p.sampleType;
  let q = 8;
  for (const bit of [SAMPLE.IDENTIFIER, SAMPLE.IP, SAMPLE.TID, SAMPLE.TIME, SAMPLE.ADDR, SAMPLE.ID, SAMPLE.STREAM_ID, SAMPLE.CPU, SAMPLE.PERIOD]) if (st & bit) q += 8;
  const u64 = (x: number) => dv.getUint32(o + x + (le ? 0 : 4), le) + dv.getUint32(o + x + (le ? 4 : 0), le) * 4294967296;
  if (st & SAMPLE.READ) {
    const n = readBlockSize(p.readFormat);
    if (n >= 0) q += n;
    else {
      if (q + 8 > size) return -1;
      const nr = u64(q);
      const rf = p.readFormat;
      const per = 8 + (rf & 4 ? 8 : 0) + (rf & 16 ? 8 : 0);
      q += 8 + (rf & 1 ? 8 : 0) + (rf & 2 ? 8 : 0) + nr * per;
    }
  }
  if (st & SAMPLE.CALLCHAIN) {
    if (q + 8 > size) return -1;
    q += 8 + u64(q) * 8;
  }
  return q <= size ? q : -1;
}

/**
 * The decompressed byte stream of COMPRESSED records; records may span
 * compressed chunks, so bytes are kept until a whole record is there.
 */
class InnerStream {
  private buf = new Uint8Array(1 << 20);
  private start = 0;
  private end = 0;
  private readonly z: Decompress;
  constructor(private readonly le: boolean) {
    // Loaded on the first COMPRESSED record: most files have none, and loading fzstd costs tens of ms at start-up.
    const fzstd = require("fzstd") as typeof import("fzstd");
    this.z = new fzstd.Decompress((chunk) => this.append(chunk));
  }
  private append(chunk: Uint8Array) {
    if (this.end + chunk.length > this.buf.length) {
      const live = this.end - this.start;
      const need = live + chunk.length;
      if (need > this.buf.length) {
        const nb = new Uint8Array(Math.max(need, this.buf.length * 2));
        nb.set(this.buf.subarray(this.start, this.end));
        this.buf = nb;
      } else this.buf.copyWithin(0, this.start, this.end);
      this.start = 0;
      this.end = live;
    }
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }
  push(data: Uint8Array) {
    this.z.push(data);
  }
  /** Calls `fn` for each complete record; false on a corrupt record size. */
  drain(fn: (dv: DataView, u8: Uint8Array, o: number, type: number, size: number) => boolean, bad: (msg: string) => void): boolean {
    const dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    let s = this.start;
    while (this.end - s >= 8) {
      const type = dv.getUint32(s, this.le);
      const size = dv.getUint16(s + 6, this.le);
      if (size < 8) {
        bad(`a record says its size is ${size} bytes`);
        this.start = this.end;
        return false;
      }
      if (this.end - s < size) break;
      fn(dv, this.buf, s, type, size);
      s += size;
    }
    this.start = s;
    return true;
  }
}

export { hex };
export type { EventColumns };
