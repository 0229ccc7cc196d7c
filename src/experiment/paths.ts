/**
 * loadRunsFromPaths(paths, io): an experiment made of runs named on the
 * command line (`vmexit compare A B`, `vmexit summary RUN-FOLDER`). Each path
 * is a file or a run folder whose files are recognised by content; the run id
 * is the folder name or the file name without its extension. Factors are read
 * from the ids as for a folder without manifest (infer.ts), the first path
 * being the reference.
 */
import { basename, dirname, extname } from "node:path";
import type { Diagnostic } from "../model/diagnostic";
import type { ParseContext } from "../formats/types";
import { INFERRED_FACTOR_IDS, inferFactors } from "./infer";
import { exists, listRunFiles, loadRun } from "./load";
import type { Experiment, ExperimentIO, LoadOptions, LoadedRun, RunFile, RunSpec } from "./types";

function runIds(paths: string[], kinds: ("file" | "dir")[]): string[] {
  const clean = (p: string) => p.replace(/[\\/]+$/, "");
  let ids = paths.map((p, i) => (kinds[i] === "file" ? basename(clean(p), extname(clean(p))) : basename(clean(p))) || `run${i + 1}`);
  const parents = paths.map((p) => basename(dirname(clean(p))));
  if (new Set(ids).size < ids.length) ids = new Set(parents).size === parents.length && parents.every((x) => x && x !== ".") ? parents : paths.map((_, i) => `${parents[i]}-${ids[i]}`);
  if (new Set(ids).size < ids.length) ids = paths.map((_, i) => `run${i + 1}`);
  return ids.map((id) => id.replace(/[^A-Za-z0-9._-]+/g, "_"));
}

/**
 * `compare A B` compares A with B whatever their names: unless the names
 * differ in exactly one recognised factor (gp-rt-raw / gp-rt-bind: pinning),
 * the two runs are the levels of one factor `run` ("相比A，B中..."), not of
 * generic or several factors, which would leave no pair to compare.
 */
function directComparison(ids: string[]): boolean {
  if (ids.length !== 2) return false;
  const inf = inferFactors(ids, "", ids[0]);
  const differing = inf.factors.filter((f) => inf.levels[ids[0]][f.id] !== inf.levels[ids[1]][f.id]);
  return !(differing.length === 1 && (INFERRED_FACTOR_IDS as readonly string[]).includes(differing[0].id));
}

export async function loadRunsFromPaths(paths: string[], io: ExperimentIO, opts: Pick<LoadOptions, "parse"> = {}): Promise<Experiment> {
  if (paths.length === 0) throw new Error("loadRunsFromPaths: no paths");
  const diagnostics: Diagnostic[] = [];
  const kinds: Awaited<ReturnType<typeof exists>>[] = [];
  for (const p of paths) kinds.push(await exists(io, p));
  paths.forEach((p, i) => {
    if (kinds[i] === null) diagnostics.push({ code: "experiment/missing-file", severity: "error", file: p, message: "cannot read: no such file or folder" });
  });
  const ids = runIds(paths, kinds.map((k) => (k === "dir" ? "dir" : "file")));
  const inf = directComparison(ids) ? inferFactors(ids, paths.join(" "), ids[0], { byRun: true }) : inferFactors(ids, paths.join(" "), ids[0]);
  const ctx: ParseContext = { fs: io.fs, options: opts.parse ?? {} };
  const specs: RunSpec[] = [];
  const runs: LoadedRun[] = [];
  for (let i = 0; i < paths.length; i++) {
    const files: RunFile[] = kinds[i] === "dir" ? await listRunFiles(io, paths[i], paths[i], diagnostics) : kinds[i] !== null ? [{ path: paths[i], kind: "perf-kvm-stat-text" }] : [];
    const spec: RunSpec = { id: ids[i], labelZh: ids[i].toUpperCase(), labelEn: ids[i].toUpperCase(), factors: inf.levels[ids[i]], files, durationS: null };
    specs.push(spec);
    if (kinds[i] !== null) {
      const r = await loadRun(spec, "", ctx, false, diagnostics);
      if (Object.keys(r.kvmStat).length === 0 && Object.keys(r.cyclictest).length === 0) {
        diagnostics.push({ code: "experiment/no-data", severity: "error", file: paths[i], message: "holds no perf kvm stat text, perf.data or cyclictest output" });
      }
      runs.push(r);
    }
  }
  return {
    dir: process.cwd(),
    manifest: { schemaVersion: 1, id: ids.join("-vs-"), titleZh: ids.join(" / "), titleEn: ids.join(" / "), factors: inf.factors, runs: specs },
    inferred: true,
    runs,
    diagnostics,
  };
}
