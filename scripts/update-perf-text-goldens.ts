/**
 * Regenerates test/fixtures/perf-kvm-stat/golden/*.json from the parser.
 * Review the diff (`git diff test/fixtures/perf-kvm-stat/golden`) before committing:
 * goldens are also checked by independent invariants in test/perf-text/golden.test.ts.
 * Usage: node --import tsx scripts/update-perf-text-goldens.ts
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { GOLDEN_DIR, goldenCases, goldenOutput, serialize } from "../test/perf-text/golden-cases";

mkdirSync(GOLDEN_DIR, { recursive: true });
let changed = 0;
for (const c of goldenCases()) {
  const text = serialize(goldenOutput(c));
  const old = existsSync(c.golden) ? readFileSync(c.golden, "utf8") : null;
  if (old !== text) {
    writeFileSync(c.golden, text);
    changed++;
    console.log(`${old === null ? "new" : "updated"}: ${c.golden}`);
  }
  rmSync(c.changed, { force: true });
}
console.log(`${goldenCases().length} goldens, ${changed} written`);
