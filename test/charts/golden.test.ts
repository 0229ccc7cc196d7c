/**
 * Golden specs and SVGs for every case in cases.ts. On a mismatch the new
 * output is written beside the golden as `<name>-changed.vl.json` /
 * `<name>-changed.svg` for diffing; `node --import tsx
 * scripts/update-chart-goldens.ts` regenerates the goldens after review.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildChart, normalizeSvg, renderSvg } from "../../src/charts";
import { caseData, GOLDEN_CASES, GOLDEN_DIR } from "./cases";

function compareGolden(name: string, suffix: string, actual: string): void {
  const goldenPath = join(GOLDEN_DIR, `${name}${suffix}`);
  const changedPath = join(GOLDEN_DIR, `${name}-changed${suffix}`);
  assert.ok(existsSync(goldenPath), `missing golden ${goldenPath}: run scripts/update-chart-goldens.ts`);
  const expected = readFileSync(goldenPath, "utf8");
  if (expected !== actual) {
    writeFileSync(changedPath, actual);
    assert.fail(`${name}${suffix} differs from the golden; the new output is in ${changedPath}`);
  }
  if (existsSync(changedPath)) unlinkSync(changedPath);
}

for (const c of GOLDEN_CASES) {
  test(`buildChart("${c.kind}") for ${c.name} matches golden ${c.name}.vl.json`, () => {
    const spec = buildChart(c.kind, caseData(c), c.options);
    compareGolden(c.name, ".vl.json", JSON.stringify(spec, null, 1) + "\n");
  });
  test(`renderSvg(${c.name}) matches golden ${c.name}.svg (normalized)`, async () => {
    const svg = await renderSvg(buildChart(c.kind, caseData(c), c.options));
    compareGolden(c.name, ".svg", normalizeSvg(svg));
  });
}
