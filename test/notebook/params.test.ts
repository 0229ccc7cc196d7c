import { test } from "node:test";
import assert from "node:assert/strict";
import { parseParamArg, injectParameters, declaredParameters, injectedSource, INJECTED_PARAMETERS_TAG } from "../../src/notebook/params";
import { cellSource, cellTags } from "../../src/notebook/ipynb";
import { makeNotebook } from "./helpers";

test("parseParamArg('key=value') reads numbers, booleans, null and JSON, else keeps the text", () => {
  assert.deepEqual(parseParamArg("n=3"), ["n", 3]);
  assert.deepEqual(parseParamArg("x=-1.5e3"), ["x", -1500]);
  assert.deepEqual(parseParamArg("on=true"), ["on", true]);
  assert.deepEqual(parseParamArg("v=null"), ["v", null]);
  assert.deepEqual(parseParamArg("runs=[\"a\",\"b\"]"), ["runs", ["a", "b"]]);
  assert.deepEqual(parseParamArg("dir=../data/x=y"), ["dir", "../data/x=y"]);
  assert.deepEqual(parseParamArg("s=\"3\""), ["s", "3"]);
  assert.deepEqual(parseParamArg("s=[oops"), ["s", "[oops"]);
  assert.deepEqual(parseParamArg("empty="), ["empty", ""]);
});

test("parseParamArg rejects a missing '=' and names that are not identifiers", () => {
  assert.throws(() => parseParamArg("novalue"), /key=value/);
  assert.throws(() => parseParamArg("1x=2"), /not a valid TypeScript identifier/);
  assert.throws(() => parseParamArg("a-b=2"), /not a valid TypeScript identifier/);
});

test("declaredParameters(source) lists top-level const/let/var names", () => {
  assert.deepEqual(declaredParameters('const experimentDir = "../data";\nlet topN: number = 8;\n// const nope = 1\nvar lang = "zh";'), ["experimentDir", "topN", "lang"]);
});

test("injectedSource(params) writes one const per parameter as JSON literals", () => {
  const src = injectedSource({ experimentDir: "/tmp/a \"b\"", topN: 5 });
  assert.match(src, /^\/\/ /);
  assert.match(src, /const experimentDir = "\/tmp\/a \\"b\\"";/);
  assert.match(src, /const topN = 5;/);
});

test("injectParameters(nb, params) adds a tagged cell right after the parameters cell", () => {
  const nb = makeNotebook([{ md: "# 标题" }, { code: 'const topN = 8;', tags: ["parameters"] }, { code: "topN" }]);
  const r = injectParameters(nb, { topN: 3 }, "x.ipynb");
  assert.equal(r.injectedIndex, 2);
  assert.equal(r.notebook.cells.length, 4);
  assert.deepEqual(cellTags(r.notebook.cells[2]), [INJECTED_PARAMETERS_TAG]);
  assert.match(cellSource(r.notebook.cells[2]), /const topN = 3;/);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(nb.cells.length, 3, "the input is not modified");
});

test("injectParameters replaces an earlier injected cell", () => {
  const nb = makeNotebook([{ code: "const a = 1;", tags: ["parameters"] }, { code: "const a = 2;", tags: [INJECTED_PARAMETERS_TAG] }, { code: "a" }]);
  const r = injectParameters(nb, { a: 9 }, "x.ipynb");
  assert.equal(r.notebook.cells.length, 3);
  assert.match(cellSource(r.notebook.cells[1]), /const a = 9;/);
  assert.equal(injectParameters(nb, {}, "x.ipynb").notebook.cells.length, 2, "no params: the old injected cell is dropped");
});

test("injectParameters warns about an unknown name and about a missing parameters cell", () => {
  const withCell = injectParameters(makeNotebook([{ code: "const a = 1;", tags: ["parameters"] }]), { b: 1 }, "x.ipynb");
  assert.deepEqual(withCell.diagnostics.map((d) => d.code), ["notebook/unknown-parameter"]);
  assert.match(withCell.diagnostics[0].message, /'b' is not declared .*declared: a/);
  const without = injectParameters(makeNotebook([{ code: "1" }]), { b: 1 }, "x.ipynb");
  assert.deepEqual(without.diagnostics.map((d) => d.code), ["notebook/no-parameters-cell"]);
  assert.equal(without.injectedIndex, 0);
});
