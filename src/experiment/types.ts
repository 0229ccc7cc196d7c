/**
 * The experiment model. An experiment is a folder with a manifest
 * (`experiment.yaml`, schema in docs/manifest.schema.json) or, without one, a
 * folder whose sub-folders are runs. Loading parses every file of every run
 * and returns plain JSON-able data.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { PerfKvmStatTextResult } from "../model/kvm-stat";
import type { CyclictestResult } from "../cyclictest/types";
import type { ParseOptions, ReaderFs } from "../formats/types";

export interface FactorLevel {
  id: string;
  labelZh: string;
  labelEn: string;
}

export interface Factor {
  id: string;
  labelZh: string;
  labelEn: string;
  /** Ordered; the first is the reference level. */
  levels: FactorLevel[];
}

export const RUN_FILE_KINDS = ["perf-kvm-stat-text", "perf-data", "cyclictest"] as const;
export type RunFileKind = (typeof RUN_FILE_KINDS)[number];

/** A file of a run, as listed in the manifest or recognised by content. */
export interface RunFile {
  /** Path relative to the experiment folder. */
  path: string;
  kind: RunFileKind;
  /** For perf text reports: which event the report is (vmexit, ioport, mmio, msr). */
  event?: string;
  /** For cyclictest: "run" for the seed's command, "histogram" for a `-h` run. */
  role?: string;
  /** The command that produced this file (e.g. the cyclictest line); readers use it to decide units. */
  command?: string;
}

export interface RunSpec {
  id: string;
  labelZh: string;
  labelEn: string;
  /** factor id → level id */
  factors: Record<string, string>;
  files: RunFile[];
  /** Recording duration in seconds, when known. */
  durationS?: number | null;
  /** Commands actually run: perf record, perf report, cyclictest ... */
  commands?: Record<string, string>;
  startedAt?: string | null;
  host?: Record<string, string>;
}

export interface Manifest {
  schemaVersion: 1;
  id: string;
  titleZh: string;
  titleEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  /** True for generated example data: every report shows a visible note. */
  synthetic?: boolean;
  factors: Factor[];
  runs: RunSpec[];
}

/** A run after loading: its spec plus every parsed file. `perfData` results extend the text contract. */
export interface LoadedRun {
  spec: RunSpec;
  /** Parsed perf text reports and perf.data files, keyed by RunFile.path. */
  kvmStat: Record<string, PerfKvmStatTextResult | (Omit<PerfKvmStatTextResult, "format"> & { format: "perf-data" })>;
  cyclictest: Record<string, CyclictestResult>;
}

export interface Experiment {
  /** Absolute folder, never printed into reports or goldens. */
  dir: string;
  manifest: Manifest;
  /** True when the manifest was inferred from folder names. */
  inferred: boolean;
  runs: LoadedRun[];
  diagnostics: Diagnostic[];
}

/** What `loadExperiment` touches: the readers' file system plus directory listing. */
export interface ExperimentIO {
  fs: ReaderFs & {
    /** Names in a folder (as `fs.promises.readdir`); defaults to node's when absent. */
    readdir?: (path: string) => Promise<string[]>;
  };
}

export interface LoadOptions {
  /**
   * Run id (folder name) to take as the reference: its level of every factor
   * becomes that factor's reference level. Needed when folder names carry no
   * reference words (raw, base, ...).
   */
  baseline?: string;
  /** Options passed to every reader (e.g. `vcpu`). */
  parse?: ParseOptions;
}
