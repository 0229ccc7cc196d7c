/**
 * Input of the perf.data writer: a list of VM exits, each timed exit→entry,
 * plus the recording's metadata. Times are nanoseconds relative to the
 * recording's clock base (`clockBaseNs`), so they stay safe integers.
 */

export const BYTE_ORDERS = ["le", "be"] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];

export const WRITER_ISAS = ["vmx", "svm", "arm64"] as const;
export type WriterIsa = (typeof WRITER_ISAS)[number];

/** A port I/O access done while handling the exit (emits `kvm:kvm_pio`). */
export interface WriterPio {
  port: number;
  /** true = OUT (perf prints `POUT`), false = IN (`PIN`). */
  write: boolean;
  /** Nanoseconds after the exit; perf's ioport time is `durationNs - offsetNs`. */
  offsetNs: number;
  size?: number;
  count?: number;
  val?: number;
}

/** An MMIO access done while handling the exit (emits `kvm:kvm_mmio`). */
export interface WriterMmio {
  gpa: number;
  /** true = write (perf `W`, timed mmio→entry), false = read (perf `R`, timed exit→mmio). */
  write: boolean;
  /** Nanoseconds after the exit. */
  offsetNs: number;
  len?: number;
  val?: number;
}

/** An MSR access (emits `kvm:kvm_msr`; perf 6.1 records it but has no msr report). */
export interface WriterMsr {
  ecx: number;
  write: boolean;
  offsetNs: number;
  data?: number;
}

export interface WriterExit {
  /** vCPU index (kvm_exit/kvm_entry `vcpu_id`), 0-based, < options.vcpuCount. */
  vcpu: number;
  /**
   * Raw `exit_reason` as the kernel traces it (VMX basic reason plus flag bits,
   * or SVM exit code); on arm64 the `ret` of kvm_exit (ARM_EXCEPTION_*: 0 IRQ,
   * 1 SERROR, 2 TRAP, 3 ILLEGAL).
   */
  exitCode: number;
  /** arm64 only: `esr_ec`, the exception class (perf's key for TRAP exits), e.g. 0x24 DABT_LOW, 0x01 WFx. */
  esrEc?: number;
  /** Time of the kvm_exit sample, ns after the clock base. */
  startNs: number;
  /** kvm_exit → kvm_entry, ns (what perf's vmexit report times on x86). */
  durationNs: number;
  /** Host CPU the vCPU thread ran on; default `options.vcpuCpus[vcpu]`. */
  cpu?: number;
  pio?: WriterPio;
  mmio?: WriterMmio;
  msr?: WriterMsr;
  /** kvm_exit `intr_info` (e.g. 0x800000ec for an external interrupt). Default 0. */
  intrInfo?: number;
}

export interface PerfDataWriterOptions {
  /**
   * vmx / svm: x86 with the Linux 6.18 kvm formats (real, from a fixture).
   * arm64: kvm_entry/kvm_exit only, with reconstructed formats; no x86 perf
   * can report such files (perf times entry→exit there).
   */
  isa: WriterIsa;
  /** Number of vCPU threads (`CPU n/KVM`). Each gets a COMM record and a leading kvm_entry. */
  vcpuCount: number;
  /** Host CPUs (HEADER_NRCPUS; one sample id per CPU per event). Default 4. */
  hostCpus?: number;
  /** Default host CPU per vCPU (pinned layout). Default `vcpu % hostCpus`. */
  vcpuCpus?: number[];
  byteOrder?: ByteOrder;
  /** Absolute perf clock of relative time 0. Default 1000 s (1e12 ns). */
  clockBaseNs?: bigint;
  /** Relative time of vCPU v's leading kvm_entry is `leadingEntryNs + v`. Default 1000. */
  leadingEntryNs?: number;
  /** Length of a FINISHED_ROUND round, ns. Default 1 ms. */
  roundNs?: number;
  qemuPid?: number;
  /** Thread id of each vCPU. Default `qemuPid + 1 + v`. */
  vcpuTids?: number[];
  /** HEADER_CPUID. Default per ISA (`GenuineIntel,6,106,6` / `AuthenticAMD,25,1,1`). */
  cpuid?: string;
  cpuDesc?: string;
  hostname?: string;
  osRelease?: string;
  perfVersion?: string;
  arch?: string;
  totalMemKb?: number;
  /**
   * `file` (default): the seekable layout of `perf kvm stat record`.
   * `pipe`: the stream `perf record -o -` writes (header of 16 bytes, then
   * HEADER_ATTR / HEADER_FEATURE / HEADER_TRACING_DATA records, then the data).
   * perf 6.1's `kvm stat report` cannot read pipe input; `perf script -i -` can.
   */
  mode?: "file" | "pipe";
  /** HEADER_CMDLINE argv. */
  cmdline?: string[];
  /**
   * zstd compressor (`perf record -z`): one complete zstd frame for the given
   * bytes. When set, each round's samples are written as COMPRESSED records and
   * HEADER_COMPRESSED is added. Node 20 has no zstd compressor, so it is injected
   * (e.g. the `zstd` CLI); without it the writer writes plain records.
   */
  compress?: (raw: Uint8Array) => Uint8Array;
  /** zstd level recorded in HEADER_COMPRESSED. Default 1 (perf's default). */
  compressionLevel?: number;
}

/**
 * Where the streaming writer puts bytes. `writeAt` patches the header at the
 * end. A chunk is only valid during the call (the writer reuses its buffer):
 * copy it to keep it.
 */
export interface PerfDataSink {
  write(chunk: Uint8Array): void;
  writeAt(offset: number, chunk: Uint8Array): void;
}

/** What the writer reports when finished. */
export interface PerfDataWriteSummary {
  exits: number;
  samples: number;
  records: number;
  bytes: number;
  dataOffset: number;
  dataSize: number;
}
