import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateReport, type ReportDeps, type ReportOptions } from "../../src/report/generate";
import { BrowserUnavailableError, BROWSER_HELP } from "../../src/report/browser";
import { writeFileAtomic } from "../../src/report/atomic";
import { codeIdOf, nodeFontIO } from "../../src/report/deps";
import type { ReportData } from "../../src/report/types";
import type { Notebook } from "../../src/notebook";

const FIXTURE = join(__dirname, "../fixtures/report");
const SVG = readFileSync(join(FIXTURE, "chart.svg"), "utf8");

function setup(template: string) {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-report-"));
  const data: Omit<ReportData, "outputs"> = JSON.parse(readFileSync(join(FIXTURE, "data.json"), "utf8"));
  const expDir = join(dir, "exp");
  writeFileAtomic(join(expDir, "run-a", "vmexit.txt"), "fake perf output\n");
  writeFileSync(join(dir, "a.ipynb"), JSON.stringify({ cells: [], nbformat: 4 }));
  writeFileSync(join(dir, "tpl.md"), template);
  const runs: string[] = [];
  const loads: string[] = [];
  const deps: ReportDeps = {
    loadData: async () => {
      loads.push(expDir);
      return { data, errors: [] };
    },
    runNotebook: async (p) => {
      runs.push(p);
      return { ok: true, notebook: { cells: [] } as unknown as Notebook, diagnostics: [] };
    },
    extractOutputs: () => ({ outputs: [{ label: "exit-share", kind: "figure", title: "占比", data: { spec: {}, svg: SVG } }], diagnostics: [] }),
    experimentParam: () => "experimentDir",
    browser: {
      get: async () => {
        throw new BrowserUnavailableError(`no Chromium or Chrome found.\n${BROWSER_HELP}`);
      },
      close: async () => undefined,
    },
    fonts: nodeFontIO,
    writeFileAtomic,
    readText: (p) => readFileSync(p, "utf8"),
    log: () => undefined,
    now: () => 0,
    version: "0.0.0-test",
  };
  const opts: ReportOptions = {
    experimentDir: expDir,
    templatePath: join(dir, "tpl.md"),
    outBase: join(dir, "out", "rep"),
    formats: ["html", "md"],
    fresh: false,
    cacheDir: join(dir, "cache"),
  };
  return { dir, expDir, deps, opts, runs, loads };
}

const TEMPLATE = "---\ntitle: 测试报告\nnotebooks: [a.ipynb]\n---\n{{ toc }}\n\n## 结果\n\n{{ figure exit-share }}\n\n{{ findings }}\n";

test("generateReport writes one HTML file and Markdown with the chart beside it, nothing half-written", async () => {
  const { dir, deps, opts } = setup(TEMPLATE);
  const r = await generateReport(opts, deps);
  assert.deepEqual(r.errors, []);
  assert.ok(r.ok);
  const html = readFileSync(join(dir, "out", "rep.html"), "utf8");
  assert.match(html, /<svg/);
  assert.match(html, /@font-face\{font-family:"Noto Sans SC"/);
  assert.ok(existsSync(join(dir, "out", "rep.files", "fig-exit-share.svg")));
  assert.match(readFileSync(join(dir, "out", "rep.md"), "utf8"), /rep\.files\/fig-exit-share\.svg/);
  assert.deepEqual(readdirSync(join(dir, "out")).filter((f) => f.includes(".tmp")), []);
});

test("notebooks are cached by content: unchanged → not re-run; changed input or --fresh → re-run", async () => {
  const { dir, deps, opts, runs, expDir } = setup(TEMPLATE);
  await generateReport(opts, deps);
  assert.equal(runs.length, 1);
  const warm = await generateReport(opts, deps);
  assert.equal(runs.length, 1, "warm run uses the cache");
  assert.deepEqual(warm.notebooks.cached.length, 1);
  writeFileSync(join(expDir, "run-a", "vmexit.txt"), "changed\n");
  await generateReport(opts, deps);
  assert.equal(runs.length, 2, "a changed input file re-runs the notebook");
  await generateReport({ ...opts, fresh: true }, deps);
  assert.equal(runs.length, 3, "--fresh re-runs");
  writeFileSync(join(dir, "a.ipynb"), JSON.stringify({ cells: [], nbformat: 4, metadata: {} }));
  await generateReport(opts, deps);
  assert.equal(runs.length, 4, "a changed notebook re-runs");
});

test("the experiment is read once: a warm run takes the report data from the cache", async () => {
  const { deps, opts, loads, expDir } = setup(TEMPLATE);
  await generateReport(opts, deps);
  await generateReport(opts, deps);
  assert.equal(loads.length, 1);
  writeFileSync(join(expDir, "run-a", "vmexit.txt"), "changed\n");
  await generateReport(opts, deps);
  assert.equal(loads.length, 2, "a changed file reloads the experiment");
});

test("changed code (another codeId) re-runs the notebooks and reloads the data; the same code uses the cache", async () => {
  const { deps, opts, runs, loads } = setup(TEMPLATE);
  await generateReport({ ...opts }, { ...deps, codeId: "aaaa" });
  await generateReport({ ...opts }, { ...deps, codeId: "aaaa" });
  assert.equal(runs.length, 1);
  assert.equal(loads.length, 1);
  await generateReport({ ...opts }, { ...deps, codeId: "bbbb" });
  assert.equal(runs.length, 2, "new code: notebook re-run");
  assert.equal(loads.length, 2, "new code: findings recomputed");
});

test("codeIdOf hashes the code files of a folder: same files → same id, one changed byte → another", () => {
  const d = mkdtempSync(join(tmpdir(), "vmexit-codeid-"));
  try {
    mkdirSync(join(d, "sub"));
    writeFileSync(join(d, "a.js"), "exports.a = 1;\n");
    writeFileSync(join(d, "sub", "b.js"), "exports.b = 2;\n");
    writeFileSync(join(d, "notes.txt"), "not code");
    const first = codeIdOf(d);
    assert.match(first, /^[0-9a-f]{16}$/);
    writeFileSync(join(d, "notes.txt"), "still not code");
    assert.equal(codeIdOf(d), first);
    writeFileSync(join(d, "sub", "b.js"), "exports.b = 3;\n");
    assert.notEqual(codeIdOf(d), first);
    assert.equal(codeIdOf(join(d, "missing")), "");
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test("a missing label fails the report, naming the template file and line, and writes nothing", async () => {
  const { dir, deps, opts } = setup(TEMPLATE + "\n{{ figure no-such-label }}\n");
  const r = await generateReport(opts, deps);
  assert.equal(r.ok, false);
  assert.equal(r.errors.length, 1);
  assert.match(r.errors[0], new RegExp(`tpl\\.md:13: error: no notebook output labelled 'no-such-label'`));
  assert.equal(existsSync(join(dir, "out")), false);
});

test("a failing notebook whose label the template uses fails the report with the runner's message", async () => {
  const { deps, opts } = setup(TEMPLATE);
  deps.runNotebook = async () => ({ ok: false, notebook: null, error: "a.ipynb: cell 3, line 2: TypeError: x is undefined", diagnostics: [] });
  const r = await generateReport(opts, deps);
  assert.equal(r.ok, false);
  assert.match(r.errors.join("\n"), /tpl\.md:9: error: no notebook output labelled 'exit-share'.*cell 3, line 2: TypeError/);
});

test("a failing notebook whose labels are not used is only a warning", async () => {
  const { deps, opts } = setup("---\ntitle: 报告\nnotebooks: [a.ipynb]\n---\n## 一\n\n{{ findings }}\n");
  deps.runNotebook = async () => ({ ok: false, notebook: null, error: "a.ipynb: cell 3: boom", diagnostics: [] });
  const r = await generateReport(opts, deps);
  assert.ok(r.ok, r.errors.join("\n"));
  assert.match(r.warnings.join("\n"), /cell 3: boom/);
});

test("without a browser the HTML is still written and the error says how to get one", async () => {
  const { dir, deps, opts } = setup(TEMPLATE);
  const r = await generateReport({ ...opts, formats: ["pdf"] }, deps);
  assert.equal(r.ok, false);
  assert.ok(existsSync(join(dir, "out", "rep.html")));
  assert.equal(existsSync(join(dir, "out", "rep.pdf")), false);
  assert.match(r.errors[0], /apt-get install chromium/);
  assert.match(r.errors[0], /npx puppeteer browsers install chrome/);
  assert.match(r.errors[0], /HTML report was written to .*rep\.html/);
});

test("without any CJK font the report fails before rendering, with the fix", async () => {
  const { dir, deps, opts, runs } = setup(TEMPLATE);
  deps.fonts = {
    ...nodeFontIO,
    resolve: () => {
      throw new Error("missing");
    },
    systemCjkFamilies: () => [],
  };
  const r = await generateReport(opts, deps);
  assert.equal(r.ok, false);
  assert.match(r.errors[0], /no Chinese \(CJK\) font/);
  assert.equal(runs.length, 0, "nothing was run");
  assert.equal(existsSync(join(dir, "out")), false);
});

test("the experiment folder reaches the notebook under the parameter name it declares", async () => {
  const { deps, opts } = setup(TEMPLATE);
  const seen: Record<string, string>[] = [];
  deps.runNotebook = async (_p, params) => {
    seen.push(params);
    return { ok: true, notebook: { cells: [] } as unknown as Notebook, diagnostics: [] };
  };
  await generateReport({ ...opts, fresh: true }, deps);
  assert.deepEqual(seen, [{ experimentDir: opts.experimentDir }]);
});
