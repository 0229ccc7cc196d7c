/**
 * Renders the first pages of the example report to PNG for the README:
 *
 *   vmexit report (bundled template, example experiment) → PDF in a temp folder
 *   → pdftoppm -png -r 60 -f 1 -l N → docs/images/report-page-<n>.png
 *   → ImageMagick convert (first 3 pages side by side) → docs/images/report-pages.png
 *
 * Usage: node --import tsx scripts/update-preview.ts [PAGES]   (default 3)
 * Needs chromium (or puppeteer's browser), poppler-utils (pdftoppm) and
 * imagemagick (convert) for the combined image.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { processIO } from "../src/cli/io";
import { loadReportData } from "../src/report/data";
import { defaultReportDeps } from "../src/report/deps";
import { DEFAULT_TEMPLATE, generateReport, packageRoot } from "../src/report/generate";

async function main(): Promise<number> {
  const pages = Number(process.argv[2] ?? 3);
  const root = packageRoot();
  const dir = mkdtempSync(join(tmpdir(), "vmexit-preview-"));
  const io = processIO();
  const deps = defaultReportDeps((d) => loadReportData(d, { fs: io.fs }), (l) => console.error(l));
  try {
    const r = await generateReport(
      {
        experimentDir: join(root, "data/examples/rt-vmexit"),
        templatePath: join(root, DEFAULT_TEMPLATE),
        outBase: join(dir, "report"),
        formats: ["pdf"],
        fresh: false,
        cacheDir: join(root, ".cache/vmexit-report"),
      },
      deps,
    );
    if (!r.ok) {
      console.error(r.errors.join("\n"));
      return 1;
    }
  } finally {
    await deps.browser.close();
  }
  const png = spawnSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", String(pages), join(dir, "report.pdf"), join(dir, "page")], { encoding: "utf8" });
  if (png.status !== 0) {
    console.error(`pdftoppm failed (apt-get install poppler-utils): ${png.stderr || png.error}`);
    return 1;
  }
  const outDir = join(root, "docs/images");
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (/^report-page-\d+\.png$/.test(f)) rmSync(join(outDir, f));
  const made = readdirSync(dir)
    .filter((f) => /^page-\d+\.png$/.test(f))
    .sort();
  made.forEach((f) => {
    const n = Number(/(\d+)/.exec(f)![1]);
    copyFileSync(join(dir, f), join(outDir, `report-page-${n}.png`));
    console.log(join("docs/images", `report-page-${n}.png`));
  });
  // The README's picture: the first three pages side by side, each with a thin grey edge, on white.
  const side = made.slice(0, 3).map((f) => join(dir, f));
  const combined = join(outDir, "report-pages.png");
  const cv = spawnSync(
    "convert",
    [...side, "-bordercolor", "#c8c8c8", "-border", "1", "-bordercolor", "white", "-border", "8", "+append", "-strip", "-define", "png:exclude-chunks=date,time", combined],
    { encoding: "utf8" },
  );
  rmSync(dir, { recursive: true, force: true });
  if (cv.status !== 0) {
    console.error(`convert failed (apt-get install imagemagick): ${cv.stderr || cv.error}`);
    return 1;
  }
  console.log(join("docs/images", "report-pages.png"));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
