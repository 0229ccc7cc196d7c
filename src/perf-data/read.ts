/**
 * readPerfData: the perf.data reader's entry point.
 *
 *   file ─► reader (header, features, records in chunks, perf's ordering)
 *        ─► kvm analyzer (perf's pairing for one report event, every duration kept)
 *        ─► result: perf's table (same numbers as `perf kvm stat report`),
 *           percentiles and histograms per row, vCPU × reason matrix, per-VM
 *           split, exit rate, HLT vs handling, lost events, metadata.
 *
 * The fs is injected; problems in the file are diagnostics, never exceptions.
 */
import { createDiagnosticSink } from "../model/diagnostic";
import type { ProgressReporter, ReaderFs } from "../formats/types";
import * as fsPromises from "node:fs/promises";
import { newReaderWorker, takePrestartedThread, THREAD_MIN_BYTES } from "./prestart";
import { outOfOrderWarning, readPerfDataRecords, type ReadResult } from "./reader";
import { RoundSorter } from "./events";
import { readRecordsInWorker, type LiveReadState, type WorkerInput, type WorkerLike } from "./thread";
import { createKvmAnalyzer } from "./kvm/analyze";
import { buildHalt, buildMatrix, buildRate, buildTable, buildVms, createNamer, kernelNameTables, rateOrigin, SORT_KEYS, type SortKey } from "./kvm/build";
import { ISA_FIELD_VALUES, isaFromCpuid, type Isa } from "./kvm/exit-reasons";
import { ARM64_VMEXIT_OPS, KVM_REPORT_EVENTS, unusedKinds, X86_OPS, type KvmReportEvent } from "./kvm/ops";
import type { PerfDataResult } from "./types";
import { emptyMetadata } from "./header";

export interface PerfDataOptions {
  /** `--event`: vmexit (default), ioport, mmio, msr. */
  event?: string;
  /** `--vcpu N`. */
  vcpu?: number | null;
  /** `-k`: sample (default) or time (perf 6.1: by mean time). */
  sortKey?: string;
  /** Bucket of the exit-rate series, ns (default 10 ms). */
  rateBucketNs?: number;
  /** Histogram resolution (default 10 bins per decade). */
  binsPerDecade?: number;
  progress?: ProgressReporter;
  chunkBytes?: number;
  /**
   * Read and decode in a worker thread while this one pairs ("auto": for
   * regular files of THREAD_MIN_BYTES and more, when `fs` is node's own, as
   * the worker opens the file itself). Results are the same either way.
   */
  thread?: "auto" | "always" | "never";
  /** Makes the reader thread (default: a node Worker running read-worker); tests inject failing ones. */
  spawnThread?: (input: WorkerInput) => WorkerLike;
  /** Events per batch from the reader thread (tests use tiny batches to cross every boundary). */
  threadBatchEvents?: number;
}

export { THREAD_MIN_BYTES };

export const DEFAULT_RATE_BUCKET_NS = 10_000_000;
export const DEFAULT_BINS_PER_DECADE = 10;

/** The reader thread: the one the command prestarted (it waits for its input as a message), else a new one. */
export function spawnReaderThread(input: WorkerInput): WorkerLike {
  const pre = takePrestartedThread();
  if (pre) {
    pre.ref();
    pre.postMessage({ type: "input", input });
    return pre as unknown as WorkerLike;
  }
  return newReaderWorker(input) as unknown as WorkerLike;
}

function isReportEvent(e: string): e is KvmReportEvent {
  return (KVM_REPORT_EVENTS as readonly string[]).includes(e);
}
function isSortKey(k: string): k is SortKey {
  return (SORT_KEYS as readonly string[]).includes(k);
}

/** Reads one perf.data file. Throws only for API misuse (an unknown event or sort key). */
export async function readPerfData(path: string, fs: Pick<ReaderFs, "open" | "stat">, options: PerfDataOptions = {}): Promise<PerfDataResult> {
  const event = options.event ?? "vmexit";
  if (!isReportEvent(event)) throw new Error(`unknown kvm report event: ${event} (expected one of ${KVM_REPORT_EVENTS.join(", ")})`);
  const sortKey = options.sortKey ?? "sample";
  if (!isSortKey(sortKey)) throw new Error(`unknown sort key: ${sortKey} (perf 6.1 accepts ${SORT_KEYS.join(", ")})`);
  const vcpu = options.vcpu ?? null;
  const rateBucketNs = options.rateBucketNs ?? DEFAULT_RATE_BUCKET_NS;
  if (!(rateBucketNs >= 1 && Number.isInteger(rateBucketNs))) throw new Error(`rateBucketNs must be a positive integer, got ${rateBucketNs}`);
  const binsPerDecade = options.binsPerDecade ?? DEFAULT_BINS_PER_DECADE;
  const diags = createDiagnosticSink(path);

  let size = 0;
  let isFile = false;
  try {
    const stat = await fs.stat(path);
    size = stat.size;
    isFile = stat.isFile();
  } catch (e) {
    diags.add({ code: "perf-data/unreadable", severity: "error", message: `cannot read the file: ${(e as Error).message}` });
    return emptyResult(path, diags.list, event);
  }
  // The ops depend on the architecture, which is known once the tracing data is read; the
  // analyzer is made on the first event (tracing data precedes all samples).
  // What the pairing reads while events arrive: the reader's own result in this thread, the replayed state with a reader thread.
  let live: LiveReadState = { arch: "x86", baseTimeNs: null, commNames: [] };
  const rateSpec = { bucketNs: rateBucketNs, originOf: (t: number) => (live.baseTimeNs !== null ? rateOrigin(live.baseTimeNs, t, rateBucketNs) : t) };
  let analyzer: ReturnType<typeof createKvmAnalyzer> | null = null;
  let sorter!: RoundSorter;
  const fresh = () => {
    analyzer = null;
    live = { arch: "x86", baseTimeNs: null, commNames: [] };
    const s = new RoundSorter((c, i) => {
      if (!analyzer) {
        const ops = live.arch === "arm64" && event === "vmexit" ? ARM64_VMEXIT_OPS : X86_OPS[event];
        analyzer = createKvmAnalyzer(ops, () => live.commNames, rateSpec);
        // From the next flush on, events go to the analyzer directly.
        s.setSink(analyzer.sink);
      }
      analyzer.sink(c, i);
    });
    sorter = s;
  };
  // pio/mmio/msr samples are decoded only for the report that reads them (arm64 has none).
  const skipKinds = unusedKinds(X86_OPS[event]);
  let read: ReadResult | null = null;
  const threadMode = options.thread ?? "auto";
  const useThread = threadMode === "always" || (threadMode === "auto" && isFile && size >= THREAD_MIN_BYTES && fs.open === fsPromises.open);
  if (useThread) {
    fresh();
    const threadDiags = createDiagnosticSink(path);
    try {
      const input = { path, fileSize: size, chunkBytes: options.chunkBytes, skipKinds: [...skipKinds], batchEvents: options.threadBatchEvents };
      read = await readRecordsInWorker(options.spawnThread ?? spawnReaderThread, input, sorter, live, threadDiags, options.progress);
      // The reader's finish() only sent the last batch; the ordering is here.
      sorter.finish();
      for (const d of threadDiags.list) diags.add(d);
    } catch {
      // The thread could not run (or failed): read here instead, from the start.
      read = null;
    }
  }
  if (!read) {
    fresh();
    let fh;
    try {
      fh = await fs.open(path, "r");
    } catch (e) {
      diags.add({ code: "perf-data/unreadable", severity: "error", message: `cannot read the file: ${(e as Error).message}` });
      return emptyResult(path, diags.list, event);
    }
    try {
      read = await readPerfDataRecords(fh, size, diags, () => undefined, {
        progress: options.progress,
        chunkBytes: options.chunkBytes,
        queue: sorter,
        // The reader fills in arch, baseTimeNs and commNames as it goes.
        onStart: (r) => (live = r),
        skipKinds,
      });
    } finally {
      await fh.close();
    }
  }
  read.outOfOrder = sorter.outOfOrder;
  outOfOrderWarning(sorter, diags);
  if (!read.ok) return emptyResult(path, diags.list, event, read);
  const ops = read.arch === "arm64" && event === "vmexit" ? ARM64_VMEXIT_OPS : X86_OPS[event];
  const commNames = read.commNames;
  const st = (analyzer ?? createKvmAnalyzer(ops, () => commNames, rateSpec)).state;
  // The time range covers the skipped samples too.
  if (!Number.isNaN(read.skippedMinT)) {
    if (Number.isNaN(st.firstSampleT) || read.skippedMinT < st.firstSampleT) st.firstSampleT = read.skippedMinT;
    if (Number.isNaN(st.lastSampleT) || read.skippedMaxT > st.lastSampleT) st.lastSampleT = read.skippedMaxT;
  }

  // ISA as perf chooses it: HEADER_CPUID vendor (Hygon = SVM); the isa field only cross-checks.
  let isa: Isa | null = null;
  const isaField = [1, 2].filter((v) => st.isaCounts[v] > 0).map((v) => [v, st.isaCounts[v]] as const).sort((a, b) => b[1] - a[1]);
  const fieldIsa = isaField.length ? ISA_FIELD_VALUES[isaField[0][0]] : null;
  if (read.arch === "arm64") isa = "arm64";
  else if (read.meta.cpuid !== null) {
    isa = isaFromCpuid(read.meta.cpuid);
    if (!isa) {
      diags.add({
        code: "perf-data/unsupported-cpu",
        severity: "error",
        offset: 0,
        message: `HEADER_CPUID is "${read.meta.cpuid}", which names neither Intel nor AMD/Hygon; perf kvm stat report refuses such a file ("CPU ... is not supported"); rows are named from the kvm_exit isa field${fieldIsa ? ` (${fieldIsa})` : ""} instead`,
      });
      isa = fieldIsa;
    }
  } else if (st.exitSamples > 0 || event === "vmexit") {
    diags.add({
      code: "perf-data/missing-cpuid",
      severity: "warning",
      offset: 0,
      message: `the file has no HEADER_CPUID; perf would decode exit reasons with the table of the machine running the report. Using the kvm_exit isa field${fieldIsa ? ` (${fieldIsa})` : " (absent: VMX assumed)"}`,
    });
    isa = fieldIsa ?? "VMX";
  }
  if (isa && isa !== "arm64") {
    for (const [v] of isaField) {
      const other = ISA_FIELD_VALUES[v];
      if (other && other !== isa) {
        diags.add({
          code: "perf-data/isa-mismatch",
          severity: "warning",
          offset: st.isaFirstOffset[v],
          message: `kvm_exit samples say isa=${v} (${other}), but HEADER_CPUID "${read.meta.cpuid}" makes perf decode exit reasons as ${isa}; the names follow perf (${isa}), kernelName follows the kernel's table for ${isa}`,
        });
      }
    }
  }
  if (st.vcpuMismatches > 0) {
    diags.add({
      code: "perf-data/vcpu-mismatch",
      severity: "warning",
      offset: st.vcpuMismatchOffset,
      message: `${st.vcpuMismatches} kvm_exit samples carry a vcpu_id different from the one their thread's first kvm_entry gave (perf keeps the first); the thread may have been reused`,
    });
  }
  if (read.stats.lostEvents > 0 && st.suspectPairs > 0) {
    diags.add({
      code: "perf-data/suspect-pairs",
      severity: "warning",
      message: `${st.suspectPairs} counted pairs had their begin pending on a CPU when events were lost there; perf counts them as well, but their durations may join unrelated events`,
    });
  }
  const samples = Object.values(read.stats.samplesByEvent).reduce((a, b) => a + b, 0);
  const hasKvm = Object.keys(read.stats.samplesByEvent).some((n) => n.startsWith("kvm:"));
  if (samples > 0 && !hasKvm) {
    diags.add({ code: "perf-data/no-kvm-events", severity: "warning", message: `the file has ${samples} samples but none of the kvm tracepoints (kvm:kvm_entry, kvm:kvm_exit, ...); it is not a perf kvm stat recording` });
  }

  const namer = createNamer(event, ops, isa, kernelNameTables(read.exitFormat));
  const table = buildTable(st, namer, ops, { event, vcpu, sortKey, binsPerDecade, rateBucketNs }, isa, read);
  const first = Number.isNaN(st.firstSampleT) || read.baseTimeNs === null ? null : (read.baseTimeNs + BigInt(st.firstSampleT)).toString();
  return {
    schemaVersion: 1,
    file: path,
    format: "perf-data",
    tables: [table],
    vcpuMatrix: buildMatrix(st, namer, event),
    vms: buildVms(st, namer),
    rate: buildRate(st, rateBucketNs),
    halt: buildHalt(table, isa),
    lost: {
      lostEvents: read.stats.lostEvents,
      lostRecords: read.stats.lostRecords,
      lostSamplesRecords: read.stats.lostSamplesRecords,
      suspectPairs: st.suspectPairs,
      samplesByEvent: read.stats.samplesByEvent,
      outOfOrderEvents: read.outOfOrder,
    },
    metadata: {
      ...read.meta,
      mode: read.mode,
      byteOrder: read.byteOrder,
      kvmArch: read.arch,
      firstSampleNs: first,
      lastSampleNs: Number.isNaN(st.firstSampleT) ? null : st.lastSampleT - st.firstSampleT,
      events: read.attrs.map((a, i) => a.name ?? `attr${i}`),
      records: read.stats.records,
    },
    diagnostics: diags.list,
  };
}

/** A result with no tables, for a file that could not be read. */
export function emptyPerfDataResult(path: string): PerfDataResult {
  return emptyResult(path, [], "vmexit");
}

function emptyResult(path: string, diagnostics: PerfDataResult["diagnostics"], event: string, read?: ReadResult): PerfDataResult {
  return {
    schemaVersion: 1,
    file: path,
    format: "perf-data",
    tables: [],
    vcpuMatrix: null,
    vms: [],
    rate: null,
    halt: null,
    lost: { lostEvents: 0, lostRecords: 0, lostSamplesRecords: 0, suspectPairs: 0, samplesByEvent: {}, outOfOrderEvents: 0 },
    metadata: {
      ...(read?.meta ?? emptyMetadata()),
      mode: read?.mode ?? null,
      byteOrder: read?.byteOrder ?? null,
      kvmArch: read?.arch ?? "x86",
      firstSampleNs: null,
      lastSampleNs: null,
      events: [],
      records: {},
    },
    diagnostics,
  };
  void event;
}
