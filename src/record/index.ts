export { recordRun, RecordError, REPORT_EVENTS, MANIFEST_FILE, PERF_DATA_FILE, type RecordOptions, type RecordDeps, type RecordOutcome } from "./record";
export { preflight, formatCheck, type CheckResult, type PreflightResult } from "./preflight";
export { listQemuProcesses, vmNameFromArgv, isQemuArgv, type QemuProcess } from "./processes";
export { parsePerfVersion, reportNeedsStdio, type PerfVersion } from "./perf-version";
export { parseDurationMs } from "./duration";
export { addRun, emptyManifest, parseFactorArgs } from "./manifest-update";
export { realRunner, shellLine, type ProcessRunner, type ExecResult } from "./exec";
