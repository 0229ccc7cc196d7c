// PLACEHOLDER until the perf-data reader lands: recognises nothing.
import type { FormatHandler, ParsedFileBase } from "../formats/types";

export const perfDataHandler: FormatHandler<ParsedFileBase> = {
  id: "perf-data",
  description: "perf-data (not implemented yet)",
  sniff: () => 0,
  parse: async () => {
    throw new Error("perf-data reader not implemented yet");
  },
  renderText: () => "",
  toCsv: () => ({ header: [], rows: [] }),
};
