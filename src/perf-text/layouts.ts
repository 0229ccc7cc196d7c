/**
 * The tables that describe `perf kvm stat` text: the column vocabulary, the
 * known table layouts, and the column-0 labels of each `--event`. Adding a
 * layout, a column or an event means adding an entry here; the parser has no
 * per-version if-chains (FORMAT.md §2, §3, §7).
 */

/** How a cell of a column is written. */
export const VALUE_KINDS = ["count", "pct", "us", "ns"] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** Row fields a column can fill (`timeUs` is the per-row total time of hist layouts). */
export type RowField = "samples" | "samplesPct" | "timePct" | "minUs" | "maxUs" | "avgUs" | "timeUs";

export interface ColumnSpec {
  /** Name for messages. */
  label: string;
  /** Header title as printed; matched at a word boundary, longest titles first. */
  title: RegExp;
  kind: ValueKind;
  field: RowField;
  /** The `( +- x% )` group follows this column (perf's Avg time). */
  stddev?: boolean;
}

/** The column vocabulary: classic print_result() titles and the v6.4+ hist dimensions. */
export const COLUMNS = {
  samples: { label: "Samples", title: /Samples(?!%)/y, kind: "count", field: "samples" },
  samplesPct: { label: "Samples%", title: /Samples?%/y, kind: "pct", field: "samplesPct" },
  timePct: { label: "Time%", title: /Time%/y, kind: "pct", field: "timePct" },
  // hist (TUI) dimensions print integer nanoseconds; `Time (n)` is a truncated copy (sample 28).
  minNs: { label: "Min Time (ns)", title: /Min Time ?\(ns?\)/y, kind: "ns", field: "minUs" },
  maxNs: { label: "Max Time (ns)", title: /Max Time ?\(ns?\)/y, kind: "ns", field: "maxUs" },
  meanNs: { label: "Mean Time (ns)", title: /(?:Mean|Avg) Time ?\(ns?\)/y, kind: "ns", field: "avgUs" },
  timeNs: { label: "Time (ns)", title: /Time ?\(ns?\)/y, kind: "ns", field: "timeUs" },
  minUs: { label: "Min Time", title: /Min Time/y, kind: "us", field: "minUs" },
  maxUs: { label: "Max Time", title: /Max Time/y, kind: "us", field: "maxUs" },
  avgUs: { label: "Avg time", title: /Avg [Tt]ime/y, kind: "us", field: "avgUs", stddev: true },
} as const satisfies Record<string, ColumnSpec>;
export type ColumnId = keyof typeof COLUMNS;

/** Order in which titles are tried at a header position (longer, more specific first). */
export const COLUMN_MATCH_ORDER: readonly ColumnId[] = ["minNs", "maxNs", "meanNs", "timeNs", "samplesPct", "samples", "timePct", "minUs", "maxUs", "avgUs"];

export interface Layout {
  id: string;
  /** What prints it, for messages and docs. */
  origin: string;
  /** `event`: column 0 is the event label (VM-EXIT, ...); `hist`: column 0 is `Event name`. */
  label: "event" | "hist";
  columns: readonly ColumnId[];
  /** Produced verbatim by perf's text output (no diagnostic). */
  standard: boolean;
  /** A footer `Total Samples:...` is expected. */
  hasFooter: boolean;
  /**
   * The `Analyze events for` targets the same perf version prints (`none`: the
   * 3.7 form without `all VMs, `/`pid(s) ..., `). Another target means the
   * columns were cut by hand (a 3.12+ table without Min/Max reads like 3.7).
   */
  analyzeTargets?: readonly AnalyzeTarget[];
}

/** What an `Analyze events for` line names before the vCPUs (FORMAT.md §2.5). */
export type AnalyzeTarget = "all" | "pids" | "unknown" | "none";

/** Known layouts. A header whose columns match none of them is read as `non-standard`. */
export const LAYOUTS: readonly Layout[] = [
  {
    id: "perf-3.12",
    origin: "perf 3.12 and later: report (pipe, --stdio) and live",
    label: "event",
    columns: ["samples", "samplesPct", "timePct", "minUs", "maxUs", "avgUs"],
    standard: true,
    hasFooter: true,
    analyzeTargets: ["all", "pids", "unknown"],
  },
  {
    id: "perf-3.7",
    origin: "perf 3.7 to 3.11 (no Min/Max columns)",
    label: "event",
    columns: ["samples", "samplesPct", "timePct", "avgUs"],
    standard: true,
    hasFooter: true,
    analyzeTargets: ["none"],
  },
  {
    id: "hist-tui",
    origin: "perf 6.4+ TUI hist browser copied as text (integer nanoseconds, no footer)",
    label: "hist",
    columns: ["samples", "samplesPct", "timeNs", "timePct", "maxNs", "minNs", "meanNs"],
    standard: false,
    hasFooter: false,
  },
];

export const NON_STANDARD_EVENT_LAYOUT: Omit<Layout, "columns"> = {
  id: "non-standard",
  origin: "a hand-edited or partial copy of the classic table",
  label: "event",
  standard: false,
  hasFooter: true,
};
export const NON_STANDARD_HIST_LAYOUT: Omit<Layout, "columns"> = {
  id: "non-standard-hist",
  origin: "hist (TUI) columns picked or formatted by hand (integer nanoseconds, no footer)",
  label: "hist",
  standard: false,
  hasFooter: false,
};

/** Column-0 header (`events_ops->name`) → `--event` value (FORMAT.md §3). */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  "VM-EXIT": "vmexit",
  "MMIO Access": "mmio",
  "IO Port Access": "ioport",
  "MSR Access": "msr",
  "HCALL-EVENT": "hcall",
};

/** Column-0 headers of hist (TUI) layouts; they do not name the event. */
export const HIST_LABELS: readonly string[] = ["Event name"];

/**
 * Key shapes that reveal the event when the header does not name it (hist
 * layouts). First match wins; keys matching none are exit reasons.
 */
export const KEY_EVENT_PATTERNS: readonly { event: string; key: RegExp }[] = [
  { event: "ioport", key: /^(?:0x[0-9a-f]+|0):P(?:IN|OUT)$/i },
  // mmio and msr keys look alike (`0xfee00380:W`, `0x6e0:W`): not decidable from the key.
  { event: "unknown", key: /^(?:0x[0-9a-f]+|0):[RW]$/i },
];
