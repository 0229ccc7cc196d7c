// PLACEHOLDER until the perf-kvm-stat-text reader lands: recognises nothing.
import type { FormatHandler, ParsedFileBase } from "../formats/types";

export const perfKvmStatTextHandler: FormatHandler<ParsedFileBase> = {
  id: "perf-kvm-stat-text",
  description: "perf-kvm-stat-text (not implemented yet)",
  sniff: () => 0,
  parse: async () => {
    throw new Error("perf-kvm-stat-text reader not implemented yet");
  },
  renderText: () => "",
  toCsv: () => ({ header: [], rows: [] }),
};
