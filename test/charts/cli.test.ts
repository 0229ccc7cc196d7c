import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { CHART_KINDS } from "../../src/charts";
import { FIXTURE_DIR } from "./cases";
import { vegaLiteValidator } from "./vl-schema";

const NO_MANIFEST = join(FIXTURE_DIR, "experiment-no-manifest");
const EXAMPLE = join(__dirname, "..", "..", "data", "examples", "rt-vmexit");
const out = (name: string) => join(mkdtempSync(join(tmpdir(), "vmexit-chart-")), name);

test("vmexit chart --help lists every chart kind", async () => {
  const io = captureIO();
  assert.equal(await runCli(["chart", "--help"], io), 0);
  const text = io.out.join("");
  for (const k of CHART_KINDS) assert.match(text, new RegExp(`^  ${k} `, "m"), k);
});

test("vmexit chart exit-share DIR --out x.svg works without a manifest (runs from sub-folders)", async () => {
  const file = out("share.svg");
  const io = captureIO();
  assert.equal(await runCli(["chart", "exit-share", NO_MANIFEST, "--out", file], io), 0, io.err.join(""));
  const svg = readFileSync(file, "utf8");
  assert.match(svg, /^<svg /);
  assert.match(svg, /GP-RT-RAW/);
  assert.match(svg, /各退出原因的次数占比/);
});

test("vmexit chart change DIR --out x.vl.json --lang en --from --to writes a valid English spec", async () => {
  const file = out("change.vl.json");
  const io = captureIO();
  assert.equal(await runCli(["chart", "change", NO_MANIFEST, "--out", file, "--lang", "en", "--from", "gp-rt-raw", "--to", "gp-rt-bind"], io), 0, io.err.join(""));
  const spec = JSON.parse(readFileSync(file, "utf8")) as { title: { text: string } };
  const valid: boolean = vegaLiteValidator()(spec);
  assert.ok(valid);
  assert.match(spec.title.text, /^Share of exits: GP-RT-RAW → GP-RT-BIND$/);
});

test("vmexit chart cyclictest-summary reads the runs' cyclictest output", async () => {
  const file = out("cyc.vl.json");
  assert.equal(await runCli(["chart", "cyclictest-summary", NO_MANIFEST, "--out", file], captureIO()), 0);
  const values = JSON.parse(readFileSync(file, "utf8")).data.values;
  assert.deepEqual(values.map((v: { maxUs: number }) => v.maxUs), [1418, 541]);
});

test("vmexit chart vcpu-matrix on text-only runs exits 1 saying perf.data is needed", async () => {
  const io = captureIO();
  assert.equal(await runCli(["chart", "vcpu-matrix", NO_MANIFEST, "--out", out("m.svg")], io), 1);
  assert.match(io.err.join(""), /needs perf\.data/);
});

test("vmexit chart with an unknown kind, a bad --out or an unknown run is a usage error (exit 2)", async () => {
  const io1 = captureIO();
  assert.equal(await runCli(["chart", "pie", NO_MANIFEST, "--out", out("x.svg")], io1), 2);
  assert.match(io1.err.join(""), /unknown chart kind: pie/);
  const io2 = captureIO();
  assert.equal(await runCli(["chart", "exit-share", NO_MANIFEST, "--out", out("x.png")], io2), 2);
  assert.match(io2.err.join(""), /--out must end in \.svg or \.vl\.json/);
  const io3 = captureIO();
  assert.equal(await runCli(["chart", "exit-share", NO_MANIFEST, "--out", out("x.svg"), "--runs", "gp-rt-raw,nope"], io3), 2);
  assert.match(io3.err.join(""), /unknown run id: nope/);
});

test("vmexit chart on a missing folder exits 1 without a stack trace", async () => {
  const io = captureIO();
  assert.equal(await runCli(["chart", "exit-share", "/nonexistent/exp", "--out", out("x.svg")], io), 1);
  assert.doesNotMatch(io.err.join(""), /\n\s+at /);
});

test("vmexit chart latency-cdf on the example experiment (manifest + perf.data) draws the chosen reasons", async () => {
  const file = out("cdf.vl.json");
  const io = captureIO();
  assert.equal(await runCli(["chart", "latency-cdf", EXAMPLE, "--out", file, "--reason", "MSR_WRITE", "--reason", "HLT", "--runs", "gp-rt-raw,gp-rt-bind"], io), 0, io.err.join(""));
  const spec = JSON.parse(readFileSync(file, "utf8"));
  assert.deepEqual([...new Set(spec.data.values.map((v: { reason: string }) => v.reason))].sort(), ["HLT", "MSR_WRITE"]);
  // Two runs, as asked (their labels come from the example's manifest).
  assert.equal(new Set(spec.data.values.map((v: { run: string }) => v.run)).size, 2);
});
