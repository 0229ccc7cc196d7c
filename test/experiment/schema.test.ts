import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { manifestSchema, readManifest } from "../../src/experiment/manifest";

const ROOT = join(__dirname, "..", "..");

test("docs/manifest.schema.json is a valid JSON Schema (draft-07)", () => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  assert.doesNotThrow(() => ajv.compile(manifestSchema()));
});

test("the manifest example in docs/analysis.md passes readManifest", () => {
  const md = readFileSync(join(ROOT, "docs", "analysis.md"), "utf8");
  const yaml = /```yaml\n([\s\S]*?)```/.exec(md)![1];
  const r = readManifest(yaml, "docs/analysis.md");
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.manifest!.factors[1].levels[1].labelEn, "bind", "labels default to the id");
});

test("the example experiment's manifest (data/examples/rt-vmexit) passes readManifest", (t) => {
  const p = join(ROOT, "data", "examples", "rt-vmexit", "experiment.yaml");
  if (!existsSync(p)) return t.skip("no example experiment in this tree");
  const r = readManifest(readFileSync(p, "utf8"), p);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(r.manifest!.runs.length, 4);
});

test("readManifest: a run setting an undeclared factor, and a factor left unset, are both reported", () => {
  const r = readManifest("schemaVersion: 1\nid: x\nfactors:\n  - id: f\n    levels: [{ id: a }]\nruns:\n  - id: r\n    factors: { g: a }\n    files: [{ path: x, kind: perf-data }]\n", "m.yaml");
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.line]), [
    ["experiment/unknown-factor", 8],
    ["experiment/missing-level", 8],
  ]);
});
