/**
 * Executing the template's notebooks and collecting their labelled outputs,
 * with a cache.
 *
 *   for each notebook (two at a time):
 *     key = sha256(notebook bytes, experiment files, package version, params)
 *     .cache/report/<key>.json exists and !fresh → its outputs
 *     else run headless (src/notebook runNotebook) → extractLabelledOutputs → cache
 *
 * The runner is injected, so tests can count executions without tslab.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { Diagnostic } from "../model/diagnostic";
import type { LabelledOutput, Notebook } from "../notebook";
import { writeFileAtomic } from "./atomic";
import type { ReportOutput } from "./types";

export interface NotebookRun {
  ok: boolean;
  notebook: Notebook | null;
  /** A readable message when not ok (cell, line, error). */
  error?: string;
  diagnostics: Diagnostic[];
}

export type NotebookRunner = (path: string, params: Record<string, string>) => Promise<NotebookRun>;
export type OutputExtractor = (nb: Notebook, file: string) => { outputs: LabelledOutput[]; diagnostics: Diagnostic[] };

export interface ExecuteOptions {
  notebooks: string[];
  /** Parameters for every notebook. */
  params: Record<string, string>;
  /** Extra parameters per notebook (e.g. the experiment folder under the name the notebook declares). */
  paramsFor?: (notebookPath: string) => Record<string, string>;
  /** Hash of the files the outputs depend on (the experiment's files, see hashInputs). */
  inputsHash: string;
  /** Applied to a notebook's outputs before they are cached (e.g. redrawing figures). */
  postProcess?: (outputs: LabelledOutput[]) => Promise<LabelledOutput[]>;
  version: string;
  cacheDir: string;
  fresh: boolean;
  run: NotebookRunner;
  extract: OutputExtractor;
  concurrency?: number;
  log?: (line: string) => void;
}

export interface ExecuteResult {
  outputs: Record<string, ReportOutput>;
  executed: string[];
  cached: string[];
  errors: string[];
  diagnostics: Diagnostic[];
}

interface CacheEntry {
  notebook: string;
  outputs: LabelledOutput[];
  diagnostics: Diagnostic[];
}

/** Every regular file under `dir` (sorted), for hashing an experiment folder. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith(".")) continue;
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Hash of the inputs' contents (paths relative to `base`, so moving the checkout keeps the cache). */
export function hashInputs(files: string[], base: string): string {
  const h = createHash("sha256");
  for (const f of [...files].sort()) {
    h.update(relative(base, f));
    h.update("\0");
    h.update(readFileSync(f));
    h.update("\0");
  }
  return h.digest("hex");
}

export function cacheKey(notebookBytes: Uint8Array, inputsHash: string, version: string, params: Record<string, string>): string {
  const h = createHash("sha256");
  h.update(notebookBytes);
  h.update("\0" + inputsHash + "\0" + version + "\0" + JSON.stringify(Object.entries(params).sort()));
  return h.digest("hex").slice(0, 32);
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}

/** Runs (or reads from the cache) every notebook; labels from later notebooks win over earlier ones. */
export async function executeNotebooks(o: ExecuteOptions): Promise<ExecuteResult> {
  const result: ExecuteResult = { outputs: {}, executed: [], cached: [], errors: [], diagnostics: [] };
  const inputsHash = o.inputsHash;
  const entries: (CacheEntry | null)[] = new Array(o.notebooks.length).fill(null);
  await pool(
    o.notebooks.map((p, i) => ({ p, i })),
    o.concurrency ?? 2,
    async ({ p, i }) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(p);
      } catch {
        result.errors.push(`${p}: cannot read the notebook (no such file?)`);
        return;
      }
      const params = { ...o.params, ...(o.paramsFor ? o.paramsFor(p) : {}) };
      const key = cacheKey(bytes, inputsHash, o.version, params);
      const cacheFile = join(o.cacheDir, `${key}.json`);
      if (!o.fresh && existsSync(cacheFile)) {
        try {
          entries[i] = JSON.parse(readFileSync(cacheFile, "utf8")) as CacheEntry;
          result.cached.push(p);
          return;
        } catch {
          // a corrupt cache entry is re-made
        }
      }
      o.log?.(`running ${p}`);
      const run = await o.run(p, params);
      result.diagnostics.push(...run.diagnostics);
      if (!run.ok || !run.notebook) {
        result.errors.push(run.error ?? `${p}: the notebook failed`);
        return;
      }
      const ex = o.extract(run.notebook, p);
      const outputs = o.postProcess ? await o.postProcess(ex.outputs) : ex.outputs;
      const entry: CacheEntry = { notebook: p, outputs, diagnostics: ex.diagnostics };
      writeFileAtomic(cacheFile, JSON.stringify(entry));
      entries[i] = entry;
      result.executed.push(p);
    },
  );
  for (const e of entries) {
    if (!e) continue;
    result.diagnostics.push(...e.diagnostics);
    for (const out of e.outputs) result.outputs[out.label] = { ...out, source: e.notebook };
  }
  return result;
}
