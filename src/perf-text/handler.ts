/**
 * The `perf-kvm-stat-text` entry of the format table (src/formats/index.ts):
 * text of `perf kvm stat report` (any perf from 3.7 to 7.x, `--stdio`, pipe)
 * and `perf kvm stat live` logs, as saved from a terminal, a log or a mail.
 */
import type { FormatHandler } from "../formats/types";
import type { PerfKvmStatTextResult } from "../model/kvm-stat";
import { readPerfKvmStatText } from "./read";
import { perfKvmStatTextToCsv, renderPerfKvmStatText } from "./render";
import { sniffPerfKvmStatText } from "./sniff";

export const perfKvmStatTextHandler: FormatHandler<PerfKvmStatTextResult> = {
  id: "perf-kvm-stat-text",
  description: "text of perf kvm stat report / live (perf 3.7 to 7.x, --stdio, live logs, copies)",
  sniff: sniffPerfKvmStatText,
  parse: (path, ctx) => readPerfKvmStatText(path, ctx),
  renderText: renderPerfKvmStatText,
  toCsv: perfKvmStatTextToCsv,
};
