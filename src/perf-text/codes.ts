/**
 * Diagnostic codes of the perf kvm stat text parser (docs/perf-text.md lists
 * them with examples). Codes are stable: tests and users match on them.
 */
import type { Severity } from "../model/diagnostic";

export const PERF_TEXT_CODES = {
  /** The file could not be read (I/O error while streaming). */
  "kvm-stat/unreadable": "error",
  /** No table at all: the file is not perf kvm stat text. */
  "kvm-stat/not-this-format": "error",
  /** A table has no `Total Samples:` footer (cut copy, or a live log that ended mid-screen). */
  "kvm-stat/missing-footer": "warning",
  /** A table starts at its column header: no `Analyze events for` line, so the scope is unknown. */
  "kvm-stat/missing-analyze-header": "warning",
  /** An `Analyze events for` line is not followed by a column header. */
  "kvm-stat/missing-column-header": "warning",
  /** The column header is not one perf prints verbatim (hand-compressed, TUI copy, picked columns). */
  "kvm-stat/non-standard-layout": "warning",
  /** The column-0 header is not a known `--event` label. */
  "kvm-stat/unknown-event-label": "warning",
  /** The header does not name the event; it was inferred from the keys. */
  "kvm-stat/event-inferred": "warning",
  /** A row whose cells do not line up with the header; only unambiguous cells were kept. */
  "kvm-stat/row-columns-mismatch": "warning",
  /** Cells not in perf's printf format (`9us`, `(+- 3.41%)`): the table was edited by hand; values kept as written. */
  "kvm-stat/edited-cells": "warning",
  /** Without a footer, the rows' Samples% show that rows are missing from the copy. */
  "kvm-stat/rows-missing": "warning",
  /** A row without the `( +- x% )` group. */
  "kvm-stat/missing-stddev": "warning",
  /** A value printed as nan/inf; kept as null. */
  "kvm-stat/not-a-number": "warning",
  /** An integer beyond 2^53: the JSON number is not exact. */
  "kvm-stat/number-precision": "warning",
  /** Rows were elided by the author (`[..]`, `...`). */
  "kvm-stat/elided-rows": "warning",
  /** A line inside a table that is neither a row nor the footer. */
  "kvm-stat/unexpected-line": "warning",
  /** A footer or `Lost events` line with no table before it. */
  "kvm-stat/orphan-footer": "warning",
  /** An `unknown kvm exit code` line not followed by an UNKNOWN row. */
  "kvm-stat/orphan-exit-code": "warning",
  /** Σ row samples differs from `Total Samples`. */
  "kvm-stat/row-sum-mismatch": "warning",
  /** Samples% differs from samples / Total Samples by more than rounding. */
  "kvm-stat/samples-pct-mismatch": "warning",
  /** Samples% or Time% of all rows does not add up to 100. */
  "kvm-stat/percent-sum-mismatch": "warning",
  /** Σ avg × samples differs from `Total events handled time` by more than rounding. */
  "kvm-stat/time-sum-mismatch": "warning",
  /** A row's Time% differs from avg × samples / total time by more than rounding. */
  "kvm-stat/time-pct-mismatch": "warning",
  /** Min > Avg or Avg > Max in a row. */
  "kvm-stat/min-max-order": "warning",
  /** Rows counted differ from the TUI title `KVM event statistics (N entries)`. */
  "kvm-stat/row-count-mismatch": "warning",
  /** Quoted-printable soft breaks (`=` at line ends) were joined and `=XX` escapes decoded (mail copies). */
  "kvm-stat/quoted-printable": "warning",
  /** Every line carries a prefix (log timestamps from `ts`, syslog); it was learnt from the Analyze line and stripped. */
  "kvm-stat/line-prefix": "warning",
  /** A line longer than the parser keeps; the rest was skipped. */
  "kvm-stat/line-too-long": "warning",
  /** More diagnostics than the parser keeps for one file; the rest were dropped. */
  "kvm-stat/too-many-diagnostics": "warning",
  /** `--event`/`--vcpu` leave no table of the file (a report of all vCPUs cannot be split from its text). */
  "kvm-stat/no-table-selected": "warning",
  /** `-k` names no sort key of perf 6.1 (library callers; the CLI refuses it as a usage error). */
  "kvm-stat/bad-option": "error",
} as const satisfies Record<string, Severity>;

export type PerfTextCode = keyof typeof PERF_TEXT_CODES;
export const PERF_TEXT_CODE_LIST = Object.keys(PERF_TEXT_CODES) as PerfTextCode[];
