import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { loadExperiment, loadErrors, commandFor } from "../../src/experiment/load";
import { FIXTURES, nodeIO } from "./io";

const SEED = join(FIXTURES, "seed-gp-rt");
const RAW_REPORT = join(SEED, "gp-rt-raw", "perf-kvm-stat-report.txt");

test("loadExperiment(folder without manifest): each sub-folder is a run, factors from the names", async () => {
  const exp = await loadExperiment(SEED, nodeIO);
  assert.deepEqual(loadErrors(exp), []);
  assert.equal(exp.inferred, true);
  assert.deepEqual(exp.manifest.runs.map((r) => r.id), ["gp-rt-raw", "gp-rt-bind"], "reference level first");
  assert.deepEqual(exp.manifest.factors.map((f) => [f.id, f.levels.map((l) => l.id)]), [
    ["hostKernel", ["gp"]],
    ["guestKernel", ["rt"]],
    ["pinning", ["raw", "bind"]],
  ]);
  assert.deepEqual(exp.manifest.runs[1].factors, { hostKernel: "gp", guestKernel: "rt", pinning: "bind" });
  const run = exp.runs[0];
  assert.deepEqual(Object.keys(run.kvmStat), ["gp-rt-raw/perf-kvm-stat-report.txt"]);
  assert.deepEqual(run.spec.files, [{ path: "gp-rt-raw/perf-kvm-stat-report.txt", kind: "perf-kvm-stat-text", event: "vmexit" }]);
});

test("loadExperiment reads files by content, not by name, and skips what it does not know with a warning", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  for (const r of ["base", "pin"]) mkdirSync(join(dir, r));
  copyFileSync(RAW_REPORT, join(dir, "base", "notes.md"));
  copyFileSync(RAW_REPORT, join(dir, "pin", "x"));
  writeFileSync(join(dir, "pin", "README.txt"), "just some words\n");
  const exp = await loadExperiment(dir, nodeIO);
  assert.deepEqual(loadErrors(exp), []);
  assert.deepEqual(exp.manifest.factors[0].levels.map((l) => l.id), ["base", "pin"]);
  assert.equal(Object.keys(exp.runs[0].kvmStat)[0], "base/notes.md");
  const w = exp.diagnostics.filter((d) => d.code === "experiment/unrecognised-file");
  assert.equal(w.length, 1);
  assert.equal(w[0].file, join(dir, "pin", "README.txt"));
});

test("loadExperiment --baseline RUN decides the reference when names carry no reference word", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  for (const r of ["kernel-a", "kernel-b"]) {
    mkdirSync(join(dir, r));
    copyFileSync(RAW_REPORT, join(dir, r, "report.txt"));
  }
  const noBase = await loadExperiment(dir, nodeIO);
  assert.ok(noBase.diagnostics.some((d) => d.code === "experiment/no-reference-level"));
  const exp = await loadExperiment(dir, nodeIO, { baseline: "kernel-b" });
  assert.deepEqual(exp.manifest.factors.find((f) => f.levels.length === 2)!.levels.map((l) => l.id), ["b", "a"]);
  assert.deepEqual(exp.manifest.runs.map((r) => r.id), ["kernel-b", "kernel-a"]);
  assert.equal(exp.diagnostics.some((d) => d.code === "experiment/no-reference-level"), false);
  const bad = await loadExperiment(dir, nodeIO, { baseline: "nope" });
  assert.deepEqual(loadErrors(bad).map((d) => d.code), ["experiment/unknown-baseline"]);
});

test("loadExperiment on a manifest with mistakes reports each mistake once, with its file", async () => {
  const dir = join(FIXTURES, "manifest-mistakes");
  const exp = await loadExperiment(dir, nodeIO);
  const errs = loadErrors(exp);
  assert.deepEqual(errs.map((d) => d.code).sort(), ["experiment/duplicate-run-id", "experiment/missing-file", "experiment/unknown-level", "experiment/wrong-kind"]);
  const by = (c: string) => errs.find((d) => d.code === c)!;
  assert.equal(by("experiment/duplicate-run-id").file, join(dir, "experiment.yaml"));
  assert.equal(by("experiment/duplicate-run-id").line, 24);
  assert.match(by("experiment/duplicate-run-id").message, /run id 'gp-rt-raw' is used twice/);
  assert.equal(by("experiment/unknown-level").line, 21);
  assert.match(by("experiment/unknown-level").message, /'bound', which is not one of its levels \(raw, bind\)/);
  assert.equal(by("experiment/missing-file").file, join(dir, "gp-rt-raw", "cyclictest.txt"));
  assert.equal(by("experiment/wrong-kind").file, join(dir, "gp-rt-bind", "perf-kvm-stat-report.txt"));
  assert.match(by("experiment/wrong-kind").message, /listed as cyclictest but its content is perf-kvm-stat-text/);
});

test("loadExperiment checks the manifest against docs/manifest.schema.json and names the line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  writeFileSync(join(dir, "experiment.yaml"), ["schemaVersion: 1", "id: x", "factors: []", "runs:", "  - id: a", "    factors: {}", "    files:", "      - { path: a.txt, kind: perf-text }", "    colour: red", ""].join("\n"));
  const exp = await loadExperiment(dir, nodeIO);
  const errs = loadErrors(exp);
  assert.equal(errs.length, 2);
  assert.ok(errs.every((d) => d.code === "experiment/schema" && d.file === join(dir, "experiment.yaml")));
  assert.ok(errs.some((d) => /unknown key 'colour'/.test(d.message) && d.line === 5));
  assert.ok(errs.some((d) => /runs\.0\.files\.0\.kind: must be equal to one of the allowed values/.test(d.message) && d.line === 8));
});

test("loadExperiment reports YAML syntax errors with their line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  writeFileSync(join(dir, "experiment.yaml"), "schemaVersion: 1\nid: [unclosed\n");
  const errs = loadErrors(await loadExperiment(dir, nodeIO));
  assert.ok(errs.length >= 1);
  assert.equal(errs[0].code, "experiment/yaml-syntax");
});

test("loadExperiment of a manifest fills labels from ids and keeps the duration", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  mkdirSync(join(dir, "r"));
  copyFileSync(RAW_REPORT, join(dir, "r", "report.txt"));
  writeFileSync(join(dir, "experiment.yaml"), "schemaVersion: 1\nid: x\nfactors:\n  - id: f\n    levels: [{ id: l }]\nruns:\n  - id: r1\n    factors: { f: l }\n    durationS: 12.5\n    files: [{ path: r/report.txt, kind: perf-kvm-stat-text }]\n");
  const exp = await loadExperiment(dir, nodeIO);
  assert.deepEqual(loadErrors(exp), []);
  assert.equal(exp.inferred, false);
  assert.equal(exp.manifest.runs[0].labelZh, "r1");
  assert.equal(exp.manifest.runs[0].durationS, 12.5);
  assert.equal(exp.runs[0].kvmStat["r/report.txt"].tables[0].rows.length, 11);
});

test("loadExperiment on a missing folder or a folder without runs is a diagnostic, not an exception", async () => {
  assert.deepEqual(loadErrors(await loadExperiment("/nonexistent/exp", nodeIO)).map((d) => d.code), ["experiment/not-a-folder"]);
  const empty = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  assert.deepEqual(loadErrors(await loadExperiment(empty, nodeIO)).map((d) => d.code), ["experiment/no-runs"]);
});

test("loadExperiment warns about a run folder with nothing recognisable, and keeps the others", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  for (const r of ["x-raw", "x-bind"]) mkdirSync(join(dir, r));
  copyFileSync(RAW_REPORT, join(dir, "x-raw", "report.txt"));
  writeFileSync(join(dir, "x-bind", "notes.txt"), "forgot to save the report\n");
  const exp = await loadExperiment(dir, nodeIO);
  assert.deepEqual(loadErrors(exp), []);
  const w = exp.diagnostics.find((d) => d.code === "experiment/empty-run")!;
  assert.equal(w.file, join(dir, "x-bind"));
  assert.equal(Object.keys(exp.runs[0].kvmStat).length, 1);
});

test("loadExperiment passes each file's command to its reader, so cyclictest -h files get their unit from the manifest", async () => {
  const ex = await loadExperiment(join(__dirname, "..", "..", "data", "examples", "rt-vmexit"), nodeIO);
  assert.deepEqual(ex.diagnostics.filter((d) => d.code === "cyclictest/unit-unknown"), []);
  for (const run of ex.runs) {
    const hist = Object.entries(run.cyclictest).find(([p]) => p.endsWith("cyclictest-hist.txt"));
    assert.ok(hist, run.spec.id);
    assert.equal(hist[1].unit, "us");
  }
});

test("commandFor takes the file's own command, else the one run command that names the file", () => {
  const spec = { id: "r", labelZh: "r", labelEn: "r", factors: {}, files: [], commands: { a: "cyclictest -N -t1 > r/ct.txt", b: "cyclictest -q -h 400 > ct-hist.txt" } };
  assert.equal(commandFor({ path: "r/ct.txt", kind: "cyclictest" }, spec), "cyclictest -N -t1 > r/ct.txt");
  assert.equal(commandFor({ path: "r/ct-hist.txt", kind: "cyclictest" }, spec), "cyclictest -q -h 400 > ct-hist.txt");
  assert.equal(commandFor({ path: "r/other.txt", kind: "cyclictest" }, spec), undefined);
  assert.equal(commandFor({ path: "r/ct.txt", kind: "cyclictest", command: "cyclictest -t2" }, spec), "cyclictest -t2");
});

test("loadExperiment skips a pipe in a run folder with a warning instead of blocking on it", { timeout: 10_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  for (const r of ["x-raw", "x-bind"]) {
    mkdirSync(join(dir, r));
    copyFileSync(RAW_REPORT, join(dir, r, "report.txt"));
  }
  if (spawnSync("mkfifo", [join(dir, "x-raw", "pipe")]).status !== 0) return t.skip("mkfifo is not available");
  const exp = await loadExperiment(dir, nodeIO);
  assert.deepEqual(loadErrors(exp), []);
  const w = exp.diagnostics.filter((d) => d.code === "experiment/not-a-regular-file");
  assert.deepEqual(w.map((d) => [d.file, d.severity]), [[join(dir, "x-raw", "pipe"), "warning"]]);
  assert.deepEqual(Object.keys(exp.runs.find((r) => r.spec.id === "x-raw")!.kvmStat), ["x-raw/report.txt"]);
});

test("loadExperiment: a manifest that lists a pipe gets an error for it, not a hang", { timeout: 10_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  mkdirSync(join(dir, "r"));
  if (spawnSync("mkfifo", [join(dir, "r", "report.txt")]).status !== 0) return t.skip("mkfifo is not available");
  writeFileSync(join(dir, "experiment.yaml"), "schemaVersion: 1\nid: e\nfactors: []\nruns:\n  - id: r\n    factors: {}\n    files:\n      - path: r/report.txt\n        kind: perf-kvm-stat-text\n");
  const exp = await loadExperiment(dir, nodeIO);
  assert.deepEqual(loadErrors(exp).map((d) => [d.code, d.file]), [["experiment/not-a-regular-file", join(dir, "r", "report.txt")]]);
});

test("loadExperiment: an unreadable folder or manifest is an error diagnostic with its path, not an exception", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-exp-"));
  for (const r of ["x-raw", "x-bind"]) {
    mkdirSync(join(dir, r));
    copyFileSync(RAW_REPORT, join(dir, r, "report.txt"));
  }
  const denied = (p: string) => Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: "EACCES" });
  const io = (deny: string): typeof nodeIO => ({
    fs: {
      ...nodeIO.fs,
      readdir: async (p: string) => {
        if (p === deny) throw denied(p);
        return nodeIO.fs.readdir!(p);
      },
      readFile: (async (p: string, enc: BufferEncoding) => {
        if (p === deny) throw denied(p);
        return nodeIO.fs.readFile(p, enc);
      }) as typeof nodeIO.fs.readFile,
    },
  });
  const run = await loadExperiment(dir, io(join(dir, "x-bind")));
  assert.deepEqual(loadErrors(run).map((d) => [d.code, d.file]), [["experiment/unreadable-folder", join(dir, "x-bind")]]);
  const top = await loadExperiment(dir, io(dir));
  assert.deepEqual(loadErrors(top).map((d) => [d.code, d.file]), [["experiment/unreadable-folder", dir]]);
  writeFileSync(join(dir, "experiment.yaml"), "schemaVersion: 1\n");
  const man = await loadExperiment(dir, io(join(dir, "experiment.yaml")));
  assert.deepEqual(loadErrors(man).map((d) => [d.code, d.file]), [["experiment/unreadable-manifest", join(dir, "experiment.yaml")]]);
});
