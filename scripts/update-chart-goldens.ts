/**
 * Regenerates the chart goldens in test/fixtures/charts/golden/: for each
 * case, `<name>.vl.json` (the spec) and `<name>.svg` (rendered, normalized).
 * Review the diff before committing. Usage:
 *   node --import tsx scripts/update-chart-goldens.ts [--png DIR]
 * With --png, also writes raw SVG + PNG (rsvg-convert) to DIR for looking at.
 */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { buildChart, normalizeSvg, renderSvg } from "../src/charts";
import { caseData, GOLDEN_CASES, GOLDEN_DIR } from "../test/charts/cases";

async function main(): Promise<void> {
  const pngIdx = process.argv.indexOf("--png");
  const pngDir = pngIdx > 0 ? process.argv[pngIdx + 1] : null;
  mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const f of readdirSync(GOLDEN_DIR)) if (f.includes("-changed")) unlinkSync(join(GOLDEN_DIR, f));
  if (pngDir) mkdirSync(pngDir, { recursive: true });
  for (const c of GOLDEN_CASES) {
    const spec = buildChart(c.kind, caseData(c), c.options);
    const svg = await renderSvg(spec);
    writeFileSync(join(GOLDEN_DIR, `${c.name}.vl.json`), JSON.stringify(spec, null, 1) + "\n");
    writeFileSync(join(GOLDEN_DIR, `${c.name}.svg`), normalizeSvg(svg));
    if (pngDir) {
      const svgPath = join(pngDir, `${c.name}.svg`);
      writeFileSync(svgPath, svg);
      const r = spawnSync("rsvg-convert", ["-b", "white", svgPath, "-o", join(pngDir, `${c.name}.png`)], { encoding: "utf8" });
      if (r.status !== 0) console.error(`rsvg-convert failed for ${c.name}: ${r.stderr || r.error}`);
    }
    console.log(c.name);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
