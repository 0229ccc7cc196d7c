/**
 * The cyclictest entry in the table of input formats (src/formats/index.ts).
 * Reading is `parseCyclictest` (./parse); this file only adds file access.
 */
import type { FormatHandler } from "../formats/types";
import { parseCyclictest } from "./parse";
import { cyclictestToCsv, renderCyclictestText } from "./render";
import { decodeText, sniffCyclictest } from "./sniff";
import type { CyclictestResult } from "./types";

export const cyclictestHandler: FormatHandler<CyclictestResult> = {
  id: "cyclictest",
  description: "cyclictest output: live or quiet T: lines, -v, -h/-H histograms, --json (rt-tests 0.9x to 2.10)",
  sniff: sniffCyclictest,
  async parse(path, ctx) {
    let bytes: Uint8Array;
    try {
      bytes = await ctx.fs.readFile(path);
    } catch (err) {
      const result = parseCyclictest("", path);
      result.diagnostics = [
        { code: "cyclictest/unreadable", severity: "error", file: path, message: `cannot read the file: ${(err as Error).message}` },
      ];
      return result;
    }
    return parseCyclictest(decodeText(bytes), path, { commandLine: ctx.options.commandLine });
  },
  renderText: renderCyclictestText,
  toCsv: cyclictestToCsv,
};
