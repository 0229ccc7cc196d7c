/**
 * Adding a recorded run to an experiment's manifest (pure: manifest in, manifest out).
 * Factors named with `--factor key=value` that the manifest does not know yet are
 * added, with the value as a new level; the reference level stays first.
 */
import { parseDocument, stringify } from "yaml";
import type { Factor, Manifest, RunSpec } from "../experiment/types";

/**
 * The manifest's new text: `after` written into the user's `previousText`
 * (null: a new file) by changing only what differs from `before`, so that
 * comments, key order and the other runs stay as the user wrote them.
 */
export function manifestText(previousText: string | null, before: Manifest, after: Manifest): string {
  if (previousText === null) return stringify(after);
  const doc = parseDocument(previousText);
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  if (!same(before.factors, after.factors)) doc.set("factors", doc.createNode(after.factors));
  after.runs.forEach((run, i) => {
    if (i >= before.runs.length) doc.addIn(["runs"], doc.createNode(run));
    else if (!same(before.runs[i], run)) doc.setIn(["runs", i], doc.createNode(run));
  });
  return doc.toString();
}

export function emptyManifest(id: string): Manifest {
  return { schemaVersion: 1, id, titleZh: id, titleEn: id, factors: [], runs: [] };
}

export function addRun(manifest: Manifest, run: RunSpec, opts: { force: boolean }): { manifest: Manifest; replaced: boolean } {
  const existing = manifest.runs.findIndex((r) => r.id === run.id);
  if (existing >= 0 && !opts.force) throw new Error(`run '${run.id}' already exists in the manifest (use --force to replace it)`);
  const factors: Factor[] = manifest.factors.map((f) => ({ ...f, levels: [...f.levels] }));
  for (const [key, level] of Object.entries(run.factors)) {
    let f = factors.find((x) => x.id === key);
    if (!f) {
      f = { id: key, labelZh: key, labelEn: key, levels: [] };
      factors.push(f);
    }
    if (!f.levels.some((l) => l.id === level)) f.levels.push({ id: level, labelZh: level, labelEn: level });
  }
  const runs = [...manifest.runs];
  if (existing >= 0) runs[existing] = run;
  else runs.push(run);
  return { manifest: { ...manifest, factors, runs }, replaced: existing >= 0 };
}

/**
 * Why a run with these factor levels cannot join the manifest without making
 * it invalid (every run must set every factor): a factor the manifest has that
 * the run leaves unset, or a new factor that the existing runs do not set.
 * Empty when it fits. `runId` is the run being recorded (replaced with --force).
 */
export function factorProblems(manifest: Manifest, runId: string, factors: Record<string, string>): string[] {
  const others = manifest.runs.filter((r) => r.id !== runId);
  const out: string[] = [];
  for (const f of manifest.factors) {
    if (!(f.id in factors)) out.push(`the experiment has the factor '${f.id}' (levels: ${f.levels.map((l) => l.id).join(", ")}): give --factor ${f.id}=LEVEL`);
  }
  for (const key of Object.keys(factors)) {
    if (others.length > 0 && !manifest.factors.some((f) => f.id === key)) out.push(`--factor ${key}: the experiment's runs (${others.map((r) => r.id).join(", ")}) do not set '${key}'; add it to each of them in the manifest first, or record into a new experiment`);
  }
  return out;
}

/** `key=value` pairs from `--factor`; null entry for a malformed one. */
export function parseFactorArgs(args: readonly string[]): { factors: Record<string, string>; bad: string[] } {
  const factors: Record<string, string> = {};
  const bad: string[] = [];
  for (const a of args) {
    const m = /^([A-Za-z][\w-]*)=([\w.+-]+)$/.exec(a);
    if (m) factors[m[1]] = m[2];
    else bad.push(a);
  }
  return { factors, bad };
}
