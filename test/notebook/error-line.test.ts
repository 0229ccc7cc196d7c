import { test } from "node:test";
import assert from "node:assert/strict";
import { firstEvalFrame, mapJsLineToSource } from "../../src/notebook/error-line";

test("firstEvalFrame(stack) returns the first evalmachine frame", () => {
  const stack = "TypeError: bad\n    at g (evalmachine.<anonymous>:5:22)\n    at evalmachine.<anonymous>:7:22\n    at async Object.execute (/x/executor.js:173:17)";
  assert.deepEqual(firstEvalFrame(stack), { line: 5, column: 22 });
  assert.equal(firstEvalFrame("Error: x\n    at f (/lib/a.js:1:2)"), null);
  assert.equal(firstEvalFrame(undefined), null);
});

test("mapJsLineToSource(js, line, ts) finds the TypeScript line of a converted statement", () => {
  const ts = 'interface A { b: number }\nfunction f(a: A): number {\n  return a.b;\n}\nconst z: number = f({ b: 2 });\nthrow new Error("boom " + z);';
  const js = 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.z = exports.f = void 0;\nfunction f(a) {\n    return a.b;\n}\nexports.f = f;\nconst z = f({ b: 2 });\nexports.z = z;\nthrow new Error("boom " + z);\n';
  assert.equal(mapJsLineToSource(js, 9, ts), 6);
  assert.equal(mapJsLineToSource(js, 7, ts), 5);
  assert.equal(mapJsLineToSource(js, 4, ts), 3);
});

test("mapJsLineToSource returns null when nothing resembles the line", () => {
  assert.equal(mapJsLineToSource("foo(bar);\n", 1, "const x = 1;\n"), null);
  assert.equal(mapJsLineToSource("a;\n", 5, "a;\n"), null);
});

test("mapJsLineToSource also tries the line before (async cells report one line late)", () => {
  const ts = 'const x = await f();\nif (x > 0) throw new Error(`bad ${x}`);';
  const js = 'const x = await f();\nexports.x = x;\nif (x > 0)\n    throw new Error(`bad ${x}`);\n';
  assert.equal(mapJsLineToSource(js, 5, ts), 2);
  assert.equal(mapJsLineToSource(js, 4, ts), 2);
});
