/**
 * The headless runner, end to end through the CLI (dist must be built:
 * `npm test` builds first). Notebooks live in a temporary folder that reaches
 * the library through node_modules/vmexit-lab, as a user's folder would.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { makeNotebook, nbformatErrors, readJson, userFolder, vmexit, ROOT } from "./helpers";
import { extractLabelledOutputs } from "../../src/notebook/labels";
import { formatFailure, runNotebook } from "../../src/notebook/run";
import type { CodeCell, Notebook } from "../../src/notebook/ipynb";

/** An environment whose PATH has node and nothing else: no python, no jupyter. */
function nodeOnlyEnv(): NodeJS.ProcessEnv {
  const bin = mkdtempSync(join(tmpdir(), "vmexit-nodeonly-"));
  symlinkSync(process.execPath, join(bin, "node"));
  const env: NodeJS.ProcessEnv = { HOME: process.env.HOME, PATH: bin, LANG: "C.UTF-8" };
  const probe = spawnSync("/bin/sh", ["-c", "command -v python3 || command -v python || command -v jupyter || command -v jupyter-nbconvert"], { env, encoding: "utf8" });
  assert.notEqual(probe.status, 0, `python or jupyter still reachable: ${probe.stdout}`);
  return env;
}

const GOOD = makeNotebook([
  { md: "# 参数化的例子" },
  { code: 'const who = "默认";\nconst topN = 2;', tags: ["parameters"] },
  { code: 'import { report } from "vmexit-lab";\nconsole.log("who=" + who + " topN=" + topN);' },
  { code: "" },
  {
    code:
      'report.table("param-table", { columns: [{ key: "k", labelZh: "参数" }, { key: "v", labelZh: "取值", unit: "个" }], rows: [{ k: "topN", v: topN }] }, { title: "参数表" });\ntopN * 10',
  },
]);

const BROKEN = makeNotebook([
  { md: "# 坏的笔记本" },
  { code: "const a = 1;" },
  { code: 'function f(x: number) {\n  if (x > 0) throw new RangeError("too big: " + x);\n}\nconst b = a + 1;\nf(b);' },
  { code: 'console.log("never runs")' },
]);

const TYPE_ERROR = makeNotebook([{ code: "const a: number = 1;\nconst s: string = a;" }]);

const MISUSE = makeNotebook([{ code: 'import { report } from "vmexit-lab";\n\nreport.table("Not A Label", { columns: [], rows: [] });' }]);

describe("vmexit notebook run", { concurrency: 2 }, () => {
  test("runs every cell without python or jupyter and writes a valid nbformat 4.5 notebook", () => {
    const dir = userFolder({ "good.ipynb": GOOD });
    const out = join(dir, "good.out.ipynb");
    const r = vmexit(["notebook", "run", join(dir, "good.ipynb"), "--param", "topN=7", "-p", "who=我", "--out", out], nodeOnlyEnv());
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /4 cells ran in [\d.]+ s; wrote /);
    const nb = readJson(out);
    assert.equal(nbformatErrors(nb), null);
    assert.deepEqual([nb.nbformat, nb.nbformat_minor], [4, 5]);
    assert.deepEqual(nb.cells.map((c) => c.id), ["c1", "c2", "injected-parameters", "c3", "c4", "c5"]);
    const code = nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
    assert.deepEqual(code.map((c) => c.execution_count), [1, 2, 3, null, 4], "empty cells are not executed");
    assert.deepEqual(nb.cells[2].metadata.tags, ["injected-parameters"]);
    assert.deepEqual(code[2].outputs, [{ output_type: "stream", name: "stdout", text: "who=我 topN=7\n" }]);
    const last = code[4].outputs;
    assert.equal(last.length, 2);
    assert.deepEqual(last[1], { output_type: "execute_result", execution_count: 4, data: { "text/plain": "70" }, metadata: {} });
    const labelled = extractLabelledOutputs(nb);
    assert.deepEqual(labelled.diagnostics, []);
    const t = labelled.byLabel["param-table"];
    assert.ok(t && t.kind === "table");
    assert.deepEqual(t.kind === "table" && t.data.rows, [{ k: "topN", v: 7 }]);
    assert.deepEqual((nb.metadata["vmexit-lab"] as { parameters: unknown }).parameters, { topN: 7, who: "我" });
  });

  test("a failing cell exits 1 naming the cell, the line and the error, without a stack trace, and writes the partial notebook", () => {
    const dir = userFolder({ "broken.ipynb": BROKEN });
    const out = join(dir, "broken.out.ipynb");
    const r = vmexit(["notebook", "run", join(dir, "broken.ipynb"), "--out", out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /broken\.ipynb: cell 3, line 2: RangeError: too big: 2\n {4}2 \| {3}if \(x > 0\) throw new RangeError\("too big: " \+ x\);/);
    assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack frames");
    assert.doesNotMatch(r.stderr, /internal error/);
    const nb = readJson(out);
    assert.equal(nbformatErrors(nb), null);
    const c3 = nb.cells[2] as CodeCell;
    assert.equal(c3.outputs[c3.outputs.length - 1].output_type, "error");
    assert.deepEqual([(nb.cells[3] as CodeCell).execution_count, (nb.cells[3] as CodeCell).outputs], [null, []], "later cells do not run");
    assert.equal((nb.metadata["vmexit-lab"] as { ok: boolean }).ok, false);
  });

  test("a type error names the cell, line and column", () => {
    const dir = userFolder({ "types.ipynb": TYPE_ERROR });
    const r = vmexit(["notebook", "run", join(dir, "types.ipynb")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /types\.ipynb: cell 1, line 2, column 7: TypeScript error: Type 'number' is not assignable to type 'string'\.\n {4}2 \| const s: string = a;/);
  });

  test("an error thrown inside vmexit-lab points at the calling line of the cell", () => {
    const dir = userFolder({ "misuse.ipynb": MISUSE });
    const r = vmexit(["notebook", "run", join(dir, "misuse.ipynb")]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /misuse\.ipynb: cell 1, line 3: Error: invalid output label: "Not A Label"/);
    assert.match(r.stderr, / {4}3 \| report\.table\("Not A Label"/);
  });
});

test("vmexit notebook run reports unreadable files and bad usage without running anything", () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-nb-bad-"));
  writeFileSync(join(dir, "x.ipynb"), "{ not json");
  writeFileSync(join(dir, "y.ipynb"), '{"cells": []}');
  const a = vmexit(["notebook", "run", join(dir, "x.ipynb")]);
  assert.equal(a.status, 1);
  assert.match(a.stderr, /x\.ipynb: error: the file is not JSON .*\[notebook\/not-json\]/);
  const b = vmexit(["notebook", "run", join(dir, "y.ipynb")]);
  assert.match(b.stderr, /\[notebook\/not-a-notebook\]/);
  const c = vmexit(["notebook", "run", join(dir, "missing.ipynb")]);
  assert.match(c.stderr, /cannot read the notebook \(ENOENT\) \[notebook\/unreadable\]/);
  const d = vmexit(["notebook", "run", join(dir, "x.ipynb"), "--param", "no-equals"]);
  assert.equal(d.status, 2);
  assert.match(d.stderr, /--param expects key=value/);
  assert.ok(!existsSync(join(dir, "x.out.ipynb")));
});

test("runNotebook(path) loads the whole vmexit-lab package under tslab's TypeScript 5.0", async () => {
  const nb: Notebook = makeNotebook([{ code: 'import * as lab from "vmexit-lab";\nimport * as tslab from "tslab";\n[tslab.versions.typescript, Object.keys(lab).length > 20]' }]);
  const dir = userFolder({ "all.ipynb": nb });
  const r = await runNotebook(join(dir, "all.ipynb"));
  assert.equal(r.ok, true, r.failure ? `${r.failure.error.ename}: ${r.failure.error.evalue}` : "");
  const out = (r.notebook?.cells[0] as CodeCell).outputs;
  assert.deepEqual(out.map((o) => o.output_type), ["execute_result"]);
  const text = out[0].output_type === "execute_result" ? String(out[0].data["text/plain"]) : "";
  assert.match(text, /\[ '5\.0\.\d+', true \]/);
  assert.equal(ROOT.length > 0, true);
});

test("runNotebook(path, { timeoutMs }) stops a hanging notebook and a notebook that exits its process", async () => {
  const dir = userFolder({
    "exit.ipynb": makeNotebook([{ code: "const a = 1;" }, { code: "process.exit(3);" }, { code: "a" }]),
    "hang.ipynb": makeNotebook([{ code: "await new Promise(() => setInterval(() => undefined, 1000));" }]),
  });
  const [exited, hung] = await Promise.all([runNotebook(join(dir, "exit.ipynb")), runNotebook(join(dir, "hang.ipynb"), { timeoutMs: 15000 })]);
  assert.equal(exited.ok, false);
  assert.equal(exited.failure?.cellNumber, 2);
  assert.match(exited.failure?.error.evalue ?? "", /the notebook worker stopped \(exit code 3\)/);
  assert.equal(hung.ok, false);
  assert.equal(hung.failure?.cellNumber, 1);
  assert.match(hung.failure?.error.evalue ?? "", /did not finish within 15 s/);
});

test("formatFailure(file, failure) hints at the build when vmexit-lab cannot be found", () => {
  const msg = formatFailure("x.ipynb", {
    cellNumber: 2,
    cellIndex: 1,
    executionCount: 1,
    error: { kind: "compile", ename: "TypeScriptError", evalue: "Cannot find module 'vmexit-lab' or its corresponding type declarations.", line: 1, column: 20 },
    sourceLine: 'import { report } from "vmexit-lab";',
  });
  assert.equal(
    msg.split("\n").slice(0, 2).join("\n"),
    'x.ipynb: cell 2, line 1, column 20: TypeScript error: Cannot find module \'vmexit-lab\' or its corresponding type declarations.\n    1 | import { report } from "vmexit-lab";',
  );
  assert.match(msg, /hint: .*npm run build/);
});
