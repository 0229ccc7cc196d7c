/**
 * `vmexit report` on the bundled example (issue 7 targets, 2 cores):
 *
 *   cold   every notebook executed (--fresh), HTML + PDF      target < 15 s
 *   warm   nothing changed (notebook cache hit), HTML only     target <  3 s
 *   ref    jupyter nbconvert --execute --to html on the same notebooks
 *          (the tool people use today; goal: cold faster than this)
 *
 * Each is the wall time of the command as a user runs it (`node bin/vmexit.js
 * report`, so `npm run build` first). The template is the bundled one; the
 * notebooks are those its front matter lists, or BENCH_NOTEBOOKS (comma-separated).
 * Env: BENCH_RUNS (3). Exit status 1 when a run fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseTemplate } from "../src/report/template";

const ROOT = join(__dirname, "..");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const TEMPLATE = join(ROOT, "templates/report.zh.md");
const COLD_TARGET_S = 15;
const WARM_TARGET_S = 3;

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { s: number; ok: boolean; err: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", env, timeout: 600_000 });
  return { s: (performance.now() - t0) / 1000, ok: r.status === 0, err: (r.stderr ?? "") + (r.error ? String(r.error) : "") };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): number {
  if (!existsSync(join(ROOT, "dist/cli/main.js"))) {
    console.error("report bench: dist/ is missing; run `npm run build` first");
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), "vmexit-report-bench-"));
  const out = join(dir, "rt-vmexit");
  const cache = join(dir, "cache");
  const base = [join(ROOT, "bin/vmexit.js"), "report", "--out", out, "--cache-dir", cache, "-q"];
  const tpl = parseTemplate(readFileSync(TEMPLATE, "utf8"), TEMPLATE);
  const notebooks = (process.env.BENCH_NOTEBOOKS ? process.env.BENCH_NOTEBOOKS.split(",") : tpl.meta.notebooks).map((p) => resolve(ROOT, p));
  console.log(`report: bundled example, template ${TEMPLATE.slice(ROOT.length + 1)}, ${notebooks.length} notebook(s), ${RUNS} run(s) each`);

  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = timed(process.execPath, [...base, "--fresh", "--format", "html,pdf"]);
    if (!c.ok) {
      console.error(`cold run failed:\n${c.err}`);
      return 1;
    }
    cold.push(c.s);
    const w = timed(process.execPath, [...base, "--format", "html"]);
    if (!w.ok) {
      console.error(`warm run failed:\n${w.err}`);
      return 1;
    }
    warm.push(w.s);
  }
  const coldS = median(cold);
  const warmS = median(warm);
  console.log(`  cold HTML+PDF (notebooks executed)  median ${coldS.toFixed(2)} s  [${cold.map((x) => x.toFixed(2)).join(", ")}]  target < ${COLD_TARGET_S} s ${coldS < COLD_TARGET_S ? "(met)" : "(MISSED)"}`);
  console.log(`  warm HTML (cache hit)               median ${warmS.toFixed(2)} s  [${warm.map((x) => x.toFixed(2)).join(", ")}]  target < ${WARM_TARGET_S} s ${warmS < WARM_TARGET_S ? "(met)" : "(MISSED)"}`);

  const jupyter = spawnSync("sh", ["-c", "command -v jupyter"], { encoding: "utf8" }).stdout.trim();
  if (!jupyter || notebooks.length === 0) {
    console.log(`  reference: skipped (${!jupyter ? "jupyter not installed: apt-get install jupyter-nbconvert python3-nbclient jupyter-client" : "the template runs no notebooks"})`);
    return 0;
  }
  const env = { ...process.env, JUPYTER_PATH: join(ROOT, "jupyter"), PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}` };
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timed(jupyter, ["nbconvert", "--execute", "--to", "html", "--output-dir", join(dir, "nbconvert"), ...notebooks], env);
    if (!r.ok) {
      console.log(`  reference: jupyter nbconvert failed (${r.err.split("\n").filter(Boolean).slice(-1)[0] ?? "no message"}); not compared`);
      return 0;
    }
    ref.push(r.s);
  }
  const refS = median(ref);
  console.log(`  reference: jupyter nbconvert --execute --to html  median ${refS.toFixed(2)} s  [${ref.map((x) => x.toFixed(2)).join(", ")}]`);
  console.log(`  ratio cold / reference: ${(coldS / refS).toFixed(2)} ${coldS < refS ? "(faster than the reference, and ours also makes the PDF)" : "(slower than the reference)"}`);
  return 0;
}

process.exitCode = main();
