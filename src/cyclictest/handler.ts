// PLACEHOLDER until the cyclictest reader lands: recognises nothing.
import type { FormatHandler, ParsedFileBase } from "../formats/types";

export const cyclictestHandler: FormatHandler<ParsedFileBase> = {
  id: "cyclictest",
  description: "cyclictest (not implemented yet)",
  sniff: () => 0,
  parse: async () => {
    throw new Error("cyclictest reader not implemented yet");
  },
  renderText: () => "",
  toCsv: () => ({ header: [], rows: [] }),
};
