/**
 * Helpers for the notebook tests: build small notebooks, put them in a
 * folder that reaches the library as an installed package (as a user's
 * notebook folder would), run the CLI, validate against nbformat 4.5.
 */
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import Ajv, { type ValidateFunction } from "ajv";
import type { Notebook } from "../../src/notebook/ipynb";

export const ROOT = resolve(__dirname, "..", "..");
export const NOTEBOOKS_DIR = join(ROOT, "notebooks");

export type CellSpec = { md: string } | { code: string; tags?: string[] };

/** A notebook with ids and tslab kernelspec, like the ones we commit. */
export function makeNotebook(cells: CellSpec[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (vmexit-lab)", language: "typescript" } },
    cells: cells.map((c, i) =>
      "md" in c
        ? { cell_type: "markdown", id: `c${i + 1}`, metadata: {}, source: c.md }
        : { cell_type: "code", id: `c${i + 1}`, metadata: c.tags ? { tags: c.tags } : {}, source: c.code, execution_count: null, outputs: [] },
    ),
  };
}

/** A fresh folder whose node_modules/vmexit-lab links to this repository; writes the given notebooks there. */
export function userFolder(notebooks: Record<string, Notebook>): string {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-nb-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(ROOT, join(dir, "node_modules", "vmexit-lab"), "dir");
  for (const [name, nb] of Object.entries(notebooks)) writeFileSync(join(dir, name), JSON.stringify(nb, null, 1));
  return dir;
}

/** Runs `node bin/vmexit.js ...args` (dist must be built). */
export function vmexit(args: string[], env: NodeJS.ProcessEnv = process.env, cwd = ROOT): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(ROOT, "bin", "vmexit.js"), ...args], { cwd, env, encoding: "utf8", timeout: 120000 });
}

let validator: ValidateFunction | null = null;
/** Validates against the nbformat 4.5 JSON Schema (draft-04; read by Ajv without the $schema line). */
export function nbformatErrors(nb: unknown): string | null {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(ROOT, "test", "fixtures", "notebook", "nbformat.v4.5.schema.json"), "utf8"));
    delete schema.$schema;
    validator = new Ajv({ strict: false, allErrors: true }).compile(schema);
  }
  return validator(nb) ? null : JSON.stringify(validator.errors).slice(0, 2000);
}

export function readJson<T = Notebook>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}
