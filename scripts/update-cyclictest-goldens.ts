/**
 * Regenerates the cyclictest goldens: test/fixtures/cyclictest/golden/<fixture>.json
 * is parseCyclictest(<fixture>) for every fixture listed in
 * test/fixtures/cyclictest/index.json. Review the diff before committing.
 *
 *   npx tsx scripts/update-cyclictest-goldens.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseCyclictest } from "../src/cyclictest/parse";

export const CYCLICTEST_FIXTURE_DIR = join(__dirname, "..", "test", "fixtures", "cyclictest");
export const CYCLICTEST_GOLDEN_DIR = join(CYCLICTEST_FIXTURE_DIR, "golden");

/** The fixture files (data, not FORMAT.md), from index.json. */
export function cyclictestFixtureNames(): string[] {
  const index = JSON.parse(readFileSync(join(CYCLICTEST_FIXTURE_DIR, "index.json"), "utf8")) as { file: string }[];
  return index.map((e) => e.file).filter((f) => !f.endsWith(".md"));
}

/** The golden of one fixture, as stored: the parse result with the file name only (no path). */
export function cyclictestGolden(name: string): unknown {
  const text = readFileSync(join(CYCLICTEST_FIXTURE_DIR, name), "utf8");
  return JSON.parse(JSON.stringify(parseCyclictest(text, name)));
}

/** Stable JSON text: 2-space indent, [latency, count] pairs kept on one line. */
export function goldenText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\[\s+(-?[\d.e+-]+),\s+(-?[\d.e+-]+)\s+\]/g, "[$1, $2]") + "\n";
}

if (require.main === module) {
  mkdirSync(CYCLICTEST_GOLDEN_DIR, { recursive: true });
  const names = cyclictestFixtureNames();
  for (const name of names) writeFileSync(join(CYCLICTEST_GOLDEN_DIR, `${name}.json`), goldenText(cyclictestGolden(name)));
  console.log(`wrote ${names.length} goldens to ${CYCLICTEST_GOLDEN_DIR}`);
}
