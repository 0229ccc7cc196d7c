/**
 * The table of input formats. Adding a format means adding an entry here.
 */
import type { FormatHandler, ParsedFileBase } from "./types";
import { perfKvmStatTextHandler } from "../perf-text/handler";
import { perfDataHandler } from "../perf-data/handler";
import { cyclictestHandler } from "../cyclictest/handler";

export const FORMAT_HANDLERS: readonly FormatHandler<any>[] = [perfDataHandler, perfKvmStatTextHandler, cyclictestHandler];

/** Minimum sniff score to accept a file as a format. */
export const SNIFF_THRESHOLD = 0.3;

/** The handler whose sniff score for `head` is highest, or null if none reaches the threshold. */
export function detectFormat(head: Uint8Array): FormatHandler<ParsedFileBase> | null {
  let best: FormatHandler<ParsedFileBase> | null = null;
  let bestScore = SNIFF_THRESHOLD;
  for (const h of FORMAT_HANDLERS) {
    const score = h.sniff(head);
    if (score > bestScore || (best === null && score >= bestScore)) {
      best = h;
      bestScore = score;
    }
  }
  return best;
}

export * from "./types";
