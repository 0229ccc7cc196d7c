/**
 * The committed notebooks: static checks (no outputs, ids, a parameters cell,
 * only the public package imported), then each one executed twice, with our
 * runner and through Jupyter (nbconvert, with the repo's kernelspec), and
 * one rendered to HTML by nbconvert and to PNG by headless Chromium.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { NOTEBOOKS_DIR, ROOT, nbformatErrors, readJson, vmexit } from "./helpers";
import { cellSource, cellTags, type CodeCell, type Notebook } from "../../src/notebook/ipynb";
import { extractLabelledOutputs } from "../../src/notebook/labels";
import { declaredParameters } from "../../src/notebook/params";
import { needTool } from "../helpers/tools";

const NOTEBOOKS = readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith(".ipynb")).sort();

/** Labels each notebook must produce (what the report picks up). */
const EXPECTED_LABELS: Record<string, string[]> = {
  "01-overview.ipynb": ["runs", "exit-share", "time-share", "share-by-reason", "avg-by-reason", "avg-time", "glossary"],
  "02-compare.ipynb": ["pairs", "share-heatmap", "findings", "follow-up"],
  "03-distributions.ipynb": ["latency-quantiles", "latency-hist", "latency-cdf", "vcpu-totals", "exit-rate", "idle-and-lost"],
  "04-cyclictest.ipynb": ["latency-vs-exits", "cyclictest-summary", "exits-per-period", "latency-scatter", "latency-findings"],
};

const ALLOWED_MODULES = new Set(["vmexit-lab", "tslab", ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

function importedModules(source: string): string[] {
  const out: string[] = [];
  const re = /\bfrom\s+["']([^"']+)["']|\bimport\s+["']([^"']+)["']|\brequire\(\s*["']([^"']+)["']\s*\)|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return out;
}

describe("notebooks/ as committed", () => {
  test("there are the four notebooks, each a valid nbformat 4.5 file on the tslab kernel", () => {
    for (const name of Object.keys(EXPECTED_LABELS)) assert.ok(NOTEBOOKS.includes(name), `missing notebooks/${name}`);
    for (const name of NOTEBOOKS) {
      const nb = readJson(join(NOTEBOOKS_DIR, name));
      assert.equal(nbformatErrors(nb), null, name);
      assert.deepEqual([nb.nbformat, nb.nbformat_minor], [4, 5], name);
      assert.equal((nb.metadata.kernelspec as { name?: string }).name, "tslab", `${name}: kernelspec`);
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: cell ids are unique`);
    }
  });

  test("notebooks are committed without outputs or execution counts", () => {
    for (const name of NOTEBOOKS) {
      for (const [i, c] of codeCells(readJson(join(NOTEBOOKS_DIR, name))).entries()) {
        assert.deepEqual(c.outputs, [], `${name}: code cell ${i + 1} has outputs (clear them before committing)`);
        assert.equal(c.execution_count, null, `${name}: code cell ${i + 1} has an execution count`);
      }
    }
  });

  test("each notebook has one parameters cell whose experimentDir defaults to the bundled example", () => {
    for (const name of NOTEBOOKS) {
      const params = codeCells(readJson(join(NOTEBOOKS_DIR, name))).filter((c) => cellTags(c).includes("parameters"));
      assert.equal(params.length, 1, `${name}: exactly one cell tagged 'parameters'`);
      const src = cellSource(params[0]);
      assert.ok(declaredParameters(src).includes("experimentDir"), `${name}: the parameters cell declares experimentDir`);
      const m = /experimentDir\s*=\s*"([^"]+)"/.exec(src);
      assert.ok(m, `${name}: experimentDir is a string literal`);
      assert.ok(existsSync(join(NOTEBOOKS_DIR, m[1], "experiment.yaml")), `${name}: ${m[1]} is an experiment folder`);
    }
  });

  test("notebooks import only the public package vmexit-lab (plus tslab and Node built-ins)", () => {
    for (const name of NOTEBOOKS) {
      const mods = codeCells(readJson(join(NOTEBOOKS_DIR, name))).flatMap((c) => importedModules(cellSource(c)));
      assert.ok(mods.includes("vmexit-lab"), `${name} imports vmexit-lab`);
      for (const m of mods) assert.ok(ALLOWED_MODULES.has(m), `${name} imports '${m}'; notebooks may only import "vmexit-lab" (no relative ../src paths)`);
    }
    assert.deepEqual(importedModules('import { a } from "../src/index";\nconst x = require("../dist");'), ["../src/index", "../dist"], "the check sees relative imports");
  });

  test("notebooks tell their story in Chinese markdown", () => {
    for (const name of NOTEBOOKS) {
      const md = readJson(join(NOTEBOOKS_DIR, name)).cells.filter((c) => c.cell_type === "markdown").map(cellSource).join("\n");
      assert.match(md, /^# /m, `${name}: has a title`);
      assert.ok((md.match(/[\u4e00-\u9fff]/g) ?? []).length > 150, `${name}: has Chinese explanations`);
    }
  });

  test("notebooks/node_modules/vmexit-lab links to the repository, and the kernelspec starts tslab", () => {
    assert.equal(realpathSync(join(NOTEBOOKS_DIR, "node_modules", "vmexit-lab")), realpathSync(ROOT));
    const spec = JSON.parse(readFileSync(join(ROOT, "jupyter", "kernels", "tslab", "kernel.json"), "utf8"));
    assert.deepEqual(spec.argv, ["tslab", "kernel", "--config-path", "{connection_file}"]);
    assert.equal(spec.display_name, "TypeScript (vmexit-lab)");
    assert.ok(existsSync(join(ROOT, "node_modules", ".bin", "tslab")), "tslab is installed locally");
  });
});

/** Executed notebooks from our runner, shared by the tests below. */
const executed = new Map<string, { status: number | null; stderr: string; nb: Notebook | null; path: string }>();

function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

async function inPairs<T>(items: T[], fn: (x: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) await Promise.all(items.slice(i, i + 2).map(fn));
}

describe("notebooks/ executed by vmexit notebook run", () => {
  const out = mkdtempSync(join(tmpdir(), "vmexit-nbrun-"));
  before(async () => {
    await inPairs(NOTEBOOKS, async (name) => {
      const path = join(out, name);
      const r = await runAsync(process.execPath, [join(ROOT, "bin", "vmexit.js"), "notebook", "run", join("notebooks", name), "--out", path], process.env);
      executed.set(name, { status: r.status, stderr: r.stderr, nb: existsSync(path) ? readJson(path) : null, path });
    });
  });

  for (const name of NOTEBOOKS) {
    test(`${name} runs to the end and keeps its labelled outputs`, () => {
      const r = executed.get(name)!;
      assert.equal(r.status, 0, r.stderr);
      assert.ok(r.nb);
      assert.equal(nbformatErrors(r.nb), null);
      for (const c of codeCells(r.nb)) {
        if (cellSource(c).trim() === "") continue;
        assert.notEqual(c.execution_count, null, `${name}: cell ${c.id} ran`);
        assert.ok(!c.outputs.some((o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr")), `${name}: cell ${c.id} has no error output`);
      }
      const labelled = extractLabelledOutputs(r.nb, name);
      assert.deepEqual(labelled.diagnostics, []);
      for (const label of EXPECTED_LABELS[name] ?? []) assert.ok(labelled.byLabel[label], `${name}: label '${label}' is present`);
      for (const o of labelled.outputs) {
        if (o.kind === "figure") assert.match(o.data.svg, /^<svg/, `${name}: figure ${o.label} has an SVG`);
        if (o.kind === "table") assert.ok(o.data.rows.length > 0, `${name}: table ${o.label} has rows`);
        if (o.kind === "findings") assert.ok(o.data.items.length > 0, `${name}: findings ${o.label} are not empty`);
      }
    });
  }

  test("nbconvert's HTML of an executed notebook shows the charts as <img> SVG data URLs, and Chromium renders it", async (t) => {
    const jupyter = needTool(t, "jupyter-nbconvert", "apt-get install jupyter-nbconvert");
    if (!jupyter) return;
    const r = executed.get("01-overview.ipynb")!;
    assert.equal(r.status, 0, r.stderr);
    // The default (JupyterLab-like) template, and the classic notebook's look.
    for (const template of ["lab", "classic"]) {
      const conv = spawnSync("jupyter-nbconvert", ["--to", "html", "--template", template, r.path, "--output-dir", out, "--output", `01-overview-${template}`], { encoding: "utf8" });
      assert.equal(conv.status, 0, conv.stderr);
      const page = readFileSync(join(out, `01-overview-${template}.html`), "utf8");
      const imgs = page.match(/<img [^>]*src="data:image\/svg\+xml;base64,/g) ?? [];
      assert.ok(imgs.length >= 3, `${template}: expected the three charts as <img> data URLs, found ${imgs.length}`);
      assert.ok(page.includes("处理开销（%）"), `${template}: tables keep their Chinese headers with units`);
    }
    const html = join(out, "01-overview-lab.html");
    const chromium = needTool(t, "chromium", "apt-get install chromium");
    if (!chromium) return;
    const png = join(out, "01-overview.png");
    const shot = spawnSync(
      "chromium",
      ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--hide-scrollbars", "--window-size=1000,2600", `--screenshot=${png}`, `file://${html}`],
      { encoding: "utf8", timeout: 60000 },
    );
    assert.ok(existsSync(png), `no screenshot: ${shot.stderr}`);
    assert.ok(statSync(png).size > 50_000, "the screenshot is not blank");
  });
});

describe("notebooks/ executed by Jupyter (nbconvert --execute, kernelspec from jupyter/)", { concurrency: 2 }, () => {
  for (const name of NOTEBOOKS) {
    test(`${name} executes on the tslab kernel and keeps its labelled outputs`, async (t) => {
      if (!needTool(t, "jupyter-nbconvert", "apt-get install jupyter-nbconvert python3-nbclient jupyter-client")) return;
      const out = mkdtempSync(join(tmpdir(), "vmexit-nbconvert-"));
      const env = { ...process.env, JUPYTER_PATH: join(ROOT, "jupyter"), PATH: `${join(ROOT, "node_modules", ".bin")}:${process.env.PATH}` };
      // Generous timeouts: a loaded 2-core CI machine can take over a minute to start the kernel.
      const r = await runAsync(
        "jupyter-nbconvert",
        ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.startup_timeout=300", join(NOTEBOOKS_DIR, name), "--output-dir", out],
        env,
      );
      const errorLines = r.stderr.split("\n").filter((l) => /^\w*(Error|Exception)\b|Error:/.test(l.trim()));
      assert.equal(r.status, 0, `${errorLines.join("\n")}\n---\n${r.stderr.slice(-1500)}`);
      const nb = readJson(join(out, name));
      const labelled = extractLabelledOutputs(nb, name);
      for (const label of EXPECTED_LABELS[name] ?? []) assert.ok(labelled.byLabel[label], `${name}: label '${label}' is present when run by Jupyter`);
      assert.ok(!codeCells(nb).some((c) => c.outputs.some((o) => o.output_type === "error")));
    });
  }
});

test("vmexit notebook run --param-path overrides the experiment folder", () => {
  const r = vmexit(["notebook", "run", "notebooks/01-overview.ipynb", "--param-path", "experimentDir=test/fixtures/notebook/no-such-experiment"]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /01-overview\.ipynb: cell \d+, line \d+: Error: 无法读取实验目录 .*no-such-experiment/);
});
