/**
 * Numbers of the perf.data format (tools/perf/util/header.h, include/uapi/linux/perf_event.h):
 * record types, sample_type bits, feature ids. Tables, never if-chains.
 */

export const PERF_MAGIC = "PERFILE2";
export const FILE_HEADER_SIZE = 104;
export const PIPE_HEADER_SIZE = 16;
export const RECORD_HEADER_SIZE = 8;

export const RECORD = {
  MMAP: 1,
  LOST: 2,
  COMM: 3,
  EXIT: 4,
  THROTTLE: 5,
  UNTHROTTLE: 6,
  FORK: 7,
  READ: 8,
  SAMPLE: 9,
  MMAP2: 10,
  LOST_SAMPLES: 13,
  HEADER_ATTR: 64,
  HEADER_EVENT_TYPE: 65,
  HEADER_TRACING_DATA: 66,
  HEADER_BUILD_ID: 67,
  FINISHED_ROUND: 68,
  ID_INDEX: 69,
  AUXTRACE_INFO: 70,
  AUXTRACE: 71,
  THREAD_MAP: 73,
  CPU_MAP: 74,
  STAT_CONFIG: 75,
  EVENT_UPDATE: 78,
  TIME_CONV: 79,
  HEADER_FEATURE: 80,
  COMPRESSED: 81,
  FINISHED_INIT: 82,
  COMPRESSED2: 83,
} as const;

/** Record types whose name we print in diagnostics and the record census. */
export const RECORD_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(RECORD).map(([k, v]) => [v, k]),
);

export const SAMPLE = {
  IP: 1 << 0,
  TID: 1 << 1,
  TIME: 1 << 2,
  ADDR: 1 << 3,
  READ: 1 << 4,
  CALLCHAIN: 1 << 5,
  ID: 1 << 6,
  CPU: 1 << 7,
  PERIOD: 1 << 8,
  STREAM_ID: 1 << 9,
  RAW: 1 << 10,
  IDENTIFIER: 1 << 16,
} as const;

export const READ_FORMAT = {
  TOTAL_TIME_ENABLED: 1 << 0,
  TOTAL_TIME_RUNNING: 1 << 1,
  ID: 1 << 2,
  GROUP: 1 << 3,
  LOST: 1 << 4,
} as const;

/** Bits of the perf_event_attr flags word (offset 40). */
export const ATTR_FLAG = {
  sampleIdAll: 18,
  useClockid: 25,
} as const;

export const ATTR_TYPE_TRACEPOINT = 2;

/** Feature ids (enum HEADER_*). Bit i of adds_features means feature i is present. */
export const FEATURE = {
  TRACING_DATA: 1,
  BUILD_ID: 2,
  HOSTNAME: 3,
  OSRELEASE: 4,
  VERSION: 5,
  ARCH: 6,
  NRCPUS: 7,
  CPUDESC: 8,
  CPUID: 9,
  TOTAL_MEM: 10,
  CMDLINE: 11,
  EVENT_DESC: 12,
  CPU_TOPOLOGY: 13,
  NUMA_TOPOLOGY: 14,
  BRANCH_STACK: 15,
  PMU_MAPPINGS: 16,
  GROUP_DESC: 17,
  AUXTRACE: 18,
  STAT: 19,
  CACHE: 20,
  SAMPLE_TIME: 21,
  MEM_TOPOLOGY: 22,
  CLOCKID: 23,
  DIR_FORMAT: 24,
  BPF_PROG_INFO: 25,
  BPF_BTF: 26,
  COMPRESSED: 27,
  CPU_PMU_CAPS: 28,
  CLOCK_DATA: 29,
  HYBRID_TOPOLOGY: 30,
  PMU_CAPS: 31,
} as const;

/** Highest feature id perf 6.1 knows; higher bits are reported as unknown. */
export const LAST_KNOWN_FEATURE = 31;

export const FEATURE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(FEATURE).map(([k, v]) => [v, k]),
);
