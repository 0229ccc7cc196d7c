/**
 * loadExperiment(dir, io): an experiment folder → `Experiment`.
 *
 *   1. experiment.yaml present → read and check it (manifest.ts);
 *      absent → every sub-folder is a run, factors from folder names (infer.ts),
 *      files recognised by content.
 *   2. `--baseline RUN` → that run's level of each factor becomes the reference.
 *   3. Read every file through readInput (content detection) and check that it
 *      is of the kind the manifest says.
 *   4. Return everything with all diagnostics; `experiment/*` errors mean the
 *      experiment cannot be analysed (the CLI prints them and exits 1).
 *
 * Data problems are diagnostics, never exceptions.
 */
import { readdir as nodeReaddir } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostic";
import { readInput } from "../formats/read-input";
import type { ParseContext } from "../formats/types";
import type { CyclictestResult } from "../cyclictest/types";
import { inferFactors } from "./infer";
import { MANIFEST_NAMES, readManifest } from "./manifest";
import type { Experiment, ExperimentIO, LoadedRun, LoadOptions, Manifest, RunFile, RunSpec } from "./types";

/** True when a diagnostic stops the experiment from being analysed. */
export function isBlocking(d: Diagnostic): boolean {
  return d.severity === "error" && d.code.startsWith("experiment/");
}

/** The blocking problems of a loaded experiment (see isBlocking). */
export function loadErrors(exp: Experiment): Diagnostic[] {
  return exp.diagnostics.filter(isBlocking);
}

/** What is at a path: a regular file, a folder, something else (a pipe, socket or device), or nothing. */
export async function exists(io: ExperimentIO, p: string): Promise<"file" | "dir" | "other" | null> {
  try {
    const st = await io.fs.stat(p);
    return st.isDirectory() ? "dir" : st.isFile() ? "file" : "other";
  } catch {
    return null;
  }
}

/** The names in a folder; a folder that cannot be read is an error in `diagnostics` (when given) and lists nothing. */
export async function listDir(io: ExperimentIO, p: string, diagnostics?: Diagnostic[]): Promise<string[]> {
  try {
    return await (io.fs.readdir ?? ((x: string) => nodeReaddir(x)))(p);
  } catch (err) {
    diagnostics?.push({ code: "experiment/unreadable-folder", severity: "error", file: p, message: `cannot list the folder: ${(err as Error).message}` });
    return [];
  }
}

/**
 * The files of a run folder (sub-folders and hidden names left out), sorted,
 * each as `join(prefix, name)`, with a kind that loadRun replaces by what the
 * content turns out to be.
 */
export async function listRunFiles(io: ExperimentIO, folder: string, prefix: string, diagnostics: Diagnostic[]): Promise<RunFile[]> {
  const out: RunFile[] = [];
  for (const n of (await listDir(io, folder, diagnostics)).filter((x) => !x.startsWith(".")).sort()) {
    const kind = await exists(io, join(folder, n));
    if (kind === "file" || kind === "other") out.push({ path: join(prefix, n), kind: "perf-kvm-stat-text" });
  }
  return out;
}

function emptyExperiment(dir: string, diagnostics: Diagnostic[]): Experiment {
  return {
    dir: resolve(dir),
    manifest: { schemaVersion: 1, id: "", titleZh: "", titleEn: "", factors: [], runs: [] },
    inferred: true,
    runs: [],
    diagnostics,
  };
}

/** Move each factor's level used by the baseline run to the front. */
function applyBaseline(m: Manifest, baseline: string, file: string, diagnostics: Diagnostic[]): void {
  const run = m.runs.find((r) => r.id === baseline);
  if (!run) {
    diagnostics.push({ code: "experiment/unknown-baseline", severity: "error", file, message: `--baseline ${baseline}: no run has this id (runs: ${m.runs.map((r) => r.id).join(", ")})` });
    return;
  }
  for (const f of m.factors) {
    const i = f.levels.findIndex((l) => l.id === run.factors[f.id]);
    if (i > 0) f.levels.unshift(...f.levels.splice(i, 1));
  }
}

/**
 * Parse the files of a run into a LoadedRun. `declared`: the kinds come from a
 * manifest and are checked; otherwise files are recognised by content and
 * unknown ones skipped with a warning. Internal to src/experiment.
 */
export async function loadRun(spec: RunSpec, dir: string, ctx: ParseContext, declared: boolean, diagnostics: Diagnostic[]): Promise<LoadedRun> {
  const run: LoadedRun = { spec, kvmStat: {}, cyclictest: {} };
  const keep: RunFile[] = [];
  for (const f of spec.files) {
    const path = join(dir, f.path);
    if ((await exists({ fs: ctx.fs }, path)) === "other") {
      // A pipe nobody writes to would block the read forever.
      diagnostics.push({ code: "experiment/not-a-regular-file", severity: declared ? "error" : "warning", file: path, message: `run '${spec.id}': not a regular file (a pipe, socket or device)${declared ? "" : "; skipped"}` });
      continue;
    }
    const commandLine = commandFor(f, spec);
    const outcome = await readInput(path, commandLine ? { ...ctx, options: { ...ctx.options, commandLine } } : ctx);
    if (!outcome.ok) {
      if (outcome.reason === "unreadable") {
        diagnostics.push({ code: "experiment/missing-file", severity: "error", file: path, message: `run '${spec.id}': ${outcome.message.replace(`${path}: `, "")}` });
      } else if (declared) {
        diagnostics.push({ code: "experiment/unknown-format", severity: "error", file: path, message: `run '${spec.id}': listed as ${f.kind} but its content is not a known format` });
      } else {
        diagnostics.push({ code: "experiment/unrecognised-file", severity: "warning", file: path, message: `run '${spec.id}': not perf kvm stat text, perf.data or cyclictest output; skipped` });
      }
      continue;
    }
    const format = outcome.result.format;
    if (declared && format !== f.kind) {
      diagnostics.push({ code: "experiment/wrong-kind", severity: "error", file: path, message: `run '${spec.id}': listed as ${f.kind} but its content is ${format}` });
      continue;
    }
    diagnostics.push(...outcome.result.diagnostics);
    const file: RunFile = declared ? f : { path: f.path, kind: format };
    if (format === "cyclictest") {
      run.cyclictest[f.path] = outcome.result as unknown as CyclictestResult;
      if (!declared) file.role = "run";
    } else {
      const parsed = outcome.result as unknown as LoadedRun["kvmStat"][string];
      run.kvmStat[f.path] = parsed;
      if (!declared && parsed.tables.length > 0) file.event = String(parsed.tables[0].event);
      if (f.event && !parsed.tables.some((t) => t.event === f.event)) {
        diagnostics.push({ code: "experiment/event-not-found", severity: "warning", file: path, message: `run '${spec.id}': listed with event ${f.event} but the file has no table of that event` });
      }
    }
    keep.push(file);
  }
  if (!declared) spec.files = keep;
  if (keep.length > 0 && Object.keys(run.kvmStat).length === 0) {
    diagnostics.push({ code: "experiment/no-kvm-stat", severity: "warning", file: dir || spec.id, message: `run '${spec.id}' has no perf kvm stat report or perf.data: it appears only in the latency ranking` });
  }
  return run;
}

/**
 * Load an experiment folder (see the module comment). Never throws for data
 * problems: they are in `diagnostics`, blocking ones with `experiment/` codes.
 */
export async function loadExperiment(dir: string, io: ExperimentIO, opts: LoadOptions = {}): Promise<Experiment> {
  const diagnostics: Diagnostic[] = [];
  const ctx: ParseContext = { fs: io.fs, options: opts.parse ?? {} };
  if ((await exists(io, dir)) !== "dir") {
    diagnostics.push({ code: "experiment/not-a-folder", severity: "error", file: dir, message: `not a folder (an experiment is a folder with experiment.yaml or one sub-folder per run)` });
    return emptyExperiment(dir, diagnostics);
  }

  // 1. Manifest, or runs inferred from sub-folders.
  let manifest: Manifest | null = null;
  let inferred = false;
  let manifestFile = "";
  for (const name of MANIFEST_NAMES) {
    if ((await exists(io, join(dir, name))) === "file") {
      manifestFile = join(dir, name);
      break;
    }
  }
  if (manifestFile) {
    let text: string;
    try {
      text = (await io.fs.readFile(manifestFile, "utf8")) as unknown as string;
    } catch (err) {
      diagnostics.push({ code: "experiment/unreadable-manifest", severity: "error", file: manifestFile, message: `cannot read the manifest: ${(err as Error).message}` });
      return emptyExperiment(dir, diagnostics);
    }
    const read = readManifest(text, manifestFile);
    diagnostics.push(...read.diagnostics);
    manifest = read.manifest;
    if (!manifest) return emptyExperiment(dir, diagnostics);
  } else {
    inferred = true;
    manifestFile = dir;
    const names = (await listDir(io, dir, diagnostics)).filter((n) => !n.startsWith(".")).sort();
    const runDirs: string[] = [];
    for (const n of names) if ((await exists(io, join(dir, n))) === "dir") runDirs.push(n);
    if (runDirs.length === 0) {
      if (!diagnostics.some((d) => d.code === "experiment/unreadable-folder")) diagnostics.push({ code: "experiment/no-runs", severity: "error", file: dir, message: `no experiment.yaml and no sub-folders: expected one sub-folder per run (e.g. gp-rt-raw/, gp-rt-bind/)` });
      return emptyExperiment(dir, diagnostics);
    }
    const inf = inferFactors(runDirs, dir, opts.baseline);
    diagnostics.push(...inf.diagnostics);
    const runs: RunSpec[] = [];
    for (const r of runDirs) {
      const runFiles = await listRunFiles(io, join(dir, r), r, diagnostics);
      runs.push({ id: r, labelZh: r.toUpperCase(), labelEn: r.toUpperCase(), factors: inf.levels[r], files: runFiles, durationS: null });
    }
    const rank = (r: RunSpec) => inf.factors.map((f) => f.levels.findIndex((l) => l.id === r.factors[f.id]));
    runs.sort((x, y) => {
      const a = rank(x);
      const b = rank(y);
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
      return x.id.localeCompare(y.id);
    });
    const base = dir.replace(/[\\/]+$/, "").split(/[\\/]/).pop() || "experiment";
    manifest = { schemaVersion: 1, id: base, titleZh: base, titleEn: base, factors: inf.factors, runs };
  }

  // 2. Baseline.
  if (opts.baseline !== undefined && !inferred) applyBaseline(manifest, opts.baseline, manifestFile, diagnostics);
  if (opts.baseline !== undefined && inferred && !manifest.runs.some((r) => r.id === opts.baseline)) applyBaseline(manifest, opts.baseline, manifestFile, diagnostics);

  // 3. Files.
  const runs: LoadedRun[] = [];
  for (const spec of manifest.runs) runs.push(await loadRun(spec, dir, ctx, !inferred, diagnostics));
  const empty = inferred ? manifest.runs.filter((r) => r.files.length === 0) : [];
  if (empty.length > 0 && empty.length === manifest.runs.length) {
    diagnostics.push({ code: "experiment/no-data", severity: "error", file: dir, message: `no run folder holds a recognisable file (perf kvm stat text, perf.data or cyclictest output)` });
  } else {
    for (const r of empty) diagnostics.push({ code: "experiment/empty-run", severity: "warning", file: join(dir, r.id), message: `run '${r.id}' holds no recognisable file (perf kvm stat text, perf.data or cyclictest output); it is left out of the comparisons` });
  }
  return { dir: resolve(dir), manifest, inferred, runs, diagnostics };
}

/**
 * The command that produced a file: its own `command`, else the one command of
 * the run that names the file (as in `cyclictest ... > cyclictest-hist.txt`).
 */
export function commandFor(f: RunFile, spec: RunSpec): string | undefined {
  if (f.command) return f.command;
  const base = f.path.split("/").pop() ?? f.path;
  const naming = Object.values(spec.commands ?? {}).filter((c) => new RegExp(`(^|[\\s/>])${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\s|$)`).test(c));
  return naming.length === 1 ? naming[0] : undefined;
}
