/**
 * The golden cases of the text parser: every sample of
 * test/fixtures/perf-kvm-stat/samples/ and every real perf 6.1 output in
 * real-perf-6.1/, each with its golden JSON in golden/. Used by the golden
 * test and by scripts/update-perf-text-goldens.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePerfKvmStatText } from "../../src/perf-text/read";
import type { PerfKvmStatTextResult } from "../../src/model/kvm-stat";

export const FIXTURE_DIR = join(__dirname, "..", "fixtures", "perf-kvm-stat");
export const GOLDEN_DIR = join(FIXTURE_DIR, "golden");
export const INPUT_DIRS = ["samples", "real-perf-6.1"] as const;

export interface GoldenCase {
  /** Path relative to FIXTURE_DIR, used as `file` in the output (no absolute paths in goldens). */
  input: string;
  /** Absolute path of the golden JSON. */
  golden: string;
  /** Absolute path of the `-changed` file written on mismatch. */
  changed: string;
}

export function goldenCases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  for (const dir of INPUT_DIRS) {
    for (const name of readdirSync(join(FIXTURE_DIR, dir)).filter((n) => n.endsWith(".txt")).sort()) {
      const base = (dir === "samples" ? "" : `${dir}.`) + name.replace(/\.txt$/, "");
      out.push({ input: `${dir}/${name}`, golden: join(GOLDEN_DIR, `${base}.json`), changed: join(GOLDEN_DIR, `${base}-changed.json`) });
    }
  }
  return out;
}

/** The parser's output for a case, as a golden stores it. */
export function goldenOutput(c: GoldenCase): PerfKvmStatTextResult {
  return parsePerfKvmStatText(readFileSync(join(FIXTURE_DIR, c.input), "utf8"), c.input);
}

export function serialize(r: unknown): string {
  return JSON.stringify(r, null, 2) + "\n";
}
