/**
 * The headless runner: `runNotebook(path, { params, out })`.
 *
 *   .ipynb ─► parse + check ─► inject parameters ─► worker process (tslab
 *   converter + executor, one notebook per process) ─► outputs per cell ─►
 *   executed notebook (nbformat 4.5, ids, execution counts) ─► atomic write
 *
 * No Python, no Jupyter. On a failing cell the run stops; the result names
 * the cell, the line and the error, and the partial executed notebook is
 * still written (with the error output in the failing cell), as papermill
 * does, so the failure can be looked at in Jupyter.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../model/diagnostic";
import type { Cell, CodeCell, ErrorOutput, Notebook } from "./ipynb";
import { cellSource } from "./ipynb";
import { INJECTED_PARAMETERS_TAG, injectParameters, type ParamValue } from "./params";
import type { CellError, WorkerCellResult, WorkerJob, WorkerMessage } from "./protocol";

export interface RunNotebookOptions {
  /** Values for the parameters cell (papermill style). */
  params?: Record<string, ParamValue>;
  /** Where to write the executed notebook (atomically); nothing is written when absent. */
  out?: string;
  /** Kill the worker after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Environment of the worker (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** Where and why a cell failed. */
export interface CellFailure {
  /** 1-based position of the cell in the notebook as given (null for the injected-parameters cell). */
  cellNumber: number | null;
  /** 0-based index in the executed notebook. */
  cellIndex: number;
  cellId?: string;
  executionCount: number;
  error: CellError;
  /** The cell's source line the error points at, when known. */
  sourceLine?: string;
}

export interface RunNotebookResult {
  ok: boolean;
  /** The executed notebook (partial when a cell failed; null when the file could not be read). */
  notebook: Notebook | null;
  failure?: CellFailure;
  /** Problems with the file or the parameters (unreadable, not a notebook, unknown parameter...). */
  diagnostics: Diagnostic[];
  /** Path written, when `out` was given and the notebook could be run. */
  outPath?: string;
}

export const TSLAB_KERNELSPEC = { name: "tslab", display_name: "TypeScript (vmexit-lab)", language: "typescript" } as const;
export const TSLAB_LANGUAGE_INFO = {
  name: "typescript",
  file_extension: ".ts",
  mimetype: "text/typescript",
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
} as const;

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Parses and checks a notebook file's text; returns diagnostics instead of throwing. */
export function parseNotebook(text: string, file: string): { notebook: Notebook | null; diagnostics: Diagnostic[] } {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    return { notebook: null, diagnostics: [{ code: "notebook/not-json", severity: "error", message: `the file is not JSON (${(e as Error).message}); expected a Jupyter notebook`, file }] };
  }
  const o = nb as Partial<Notebook>;
  if (!o || typeof o !== "object" || !Array.isArray(o.cells) || typeof o.nbformat !== "number") {
    return { notebook: null, diagnostics: [{ code: "notebook/not-a-notebook", severity: "error", message: "the JSON has no 'nbformat' number and 'cells' list; expected a Jupyter notebook", file }] };
  }
  if (o.nbformat !== 4) {
    return { notebook: null, diagnostics: [{ code: "notebook/unsupported-nbformat", severity: "error", message: `nbformat ${o.nbformat} found; expected 4`, file }] };
  }
  return { notebook: o as Notebook, diagnostics: [] };
}

/** Makes every cell id valid and unique (nbformat 4.5), keeping good ones. */
function withIds(cells: Cell[]): Cell[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    let id = typeof c.id === "string" && CELL_ID.test(c.id) && !seen.has(c.id) ? c.id : `cell-${i + 1}`;
    while (seen.has(id)) id = `${id}-x`;
    seen.add(id);
    return { ...c, id };
  });
}

/** The worker script next to this module: compiled .js, or .ts when running from sources under tsx. */
function workerPath(): { script: string; execArgv: string[] } {
  const js = join(__dirname, "worker.js");
  if (existsSync(js)) return { script: js, execArgv: [] };
  return { script: join(__dirname, "worker.ts"), execArgv: ["--import", "tsx"] };
}

function runWorker(job: WorkerJob, opts: RunNotebookOptions): Promise<{ results: WorkerCellResult[]; crash?: string }> {
  const { script, execArgv } = workerPath();
  return new Promise((resolvePromise) => {
    const results: WorkerCellResult[] = [];
    let stderr = "";
    let done = false;
    const child = fork(script, [], { env: opts.env ?? process.env, execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"] });
    child.stdout?.on("data", () => undefined);
    child.stderr?.on("data", (d: Buffer) => {
      if (stderr.length < 20000) stderr += d.toString("utf8");
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(`the notebook did not finish within ${Math.round((opts.timeoutMs ?? 600000) / 1000)} s; stopped`);
    }, opts.timeoutMs ?? 600000);
    function finish(crash?: string) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolvePromise({ results, ...(crash ? { crash } : {}) });
    }
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "cell") results.push(m);
    });
    child.on("error", (e) => finish(`could not start the notebook worker: ${e.message}`));
    child.on("exit", (code, signal) => {
      const last = results[results.length - 1];
      const complete = results.length === job.cells.length || (last !== undefined && !last.ok);
      finish(complete && code === 0 ? undefined : `the notebook worker stopped (${signal ?? `exit code ${code}`})${stderr ? `: ${stderr.trim()}` : ""}`);
    });
    child.send(job);
  });
}

function errorOutput(e: CellError, where: string, sourceLine: string | undefined): ErrorOutput {
  return {
    output_type: "error",
    ename: e.ename,
    evalue: e.evalue,
    traceback: [`${where}${sourceLine !== undefined ? `\n  ${e.line} | ${sourceLine}` : ""}`, `${e.ename}: ${e.evalue}`],
  };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  await fsp.writeFile(tmp, text, "utf8");
  await fsp.rename(tmp, path);
}

/** Serialises a notebook the way Jupyter does (1-space indent, trailing newline). */
export function stringifyNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/**
 * Runs every code cell of the notebook at `path` headless with tslab and
 * returns the executed notebook; writes it to `opts.out` when given.
 * Data problems (unreadable file, not a notebook) come back as diagnostics.
 */
export async function runNotebook(path: string, opts: RunNotebookOptions = {}): Promise<RunNotebookResult> {
  const file = resolve(path);
  // 1. Read and check.
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (e) {
    return { ok: false, notebook: null, diagnostics: [{ code: "notebook/unreadable", severity: "error", message: `cannot read the notebook (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file: path }] };
  }
  const parsed = parseNotebook(text, path);
  if (!parsed.notebook) return { ok: false, notebook: null, diagnostics: parsed.diagnostics };
  const original = parsed.notebook;

  // 2. Parameters, ids, cleared outputs.
  const injected = injectParameters(original, opts.params ?? {}, path);
  const diagnostics = [...parsed.diagnostics, ...injected.diagnostics];
  const origNumber = new Map<Cell, number>();
  original.cells.forEach((c, i) => origNumber.set(c, i + 1));
  const numbers = injected.notebook.cells.map((c) => origNumber.get(c) ?? null);
  const cells: Cell[] = withIds(injected.notebook.cells).map((c) =>
    c.cell_type === "code" ? { ...c, metadata: { ...c.metadata }, execution_count: null, outputs: [] } : c,
  );

  // 3. Execute the non-empty code cells in a worker.
  const job: WorkerJob = { type: "job", notebookDir: dirname(file), cells: [] };
  cells.forEach((c, i) => {
    if (c.cell_type === "code" && cellSource(c).trim() !== "") job.cells.push({ key: i, source: cellSource(c) });
  });
  const { results, crash } = await runWorker(job, opts);

  // 4. Assemble outputs and execution counts.
  let count = 0;
  let failure: CellFailure | undefined;
  for (const r of results) {
    const cell = cells[r.key] as CodeCell;
    cell.execution_count = ++count;
    cell.outputs = r.outputs.map((o) => (o.output_type === "execute_result" ? { ...o, execution_count: count } : o));
    if (!r.ok && r.error) {
      const srcLines = cellSource(cell).split("\n");
      const sourceLine = r.error.line !== undefined ? srcLines[r.error.line - 1] : undefined;
      const n = numbers[r.key];
      failure = {
        cellNumber: n,
        cellIndex: r.key,
        cellId: cell.id,
        executionCount: count,
        error: r.error,
        ...(sourceLine !== undefined ? { sourceLine } : {}),
      };
      cell.outputs.push(errorOutput(r.error, describeCell(failure), sourceLine));
    }
  }
  if (!failure && crash) {
    const next = job.cells[results.length];
    const key = next ? next.key : cells.length - 1;
    failure = { cellNumber: numbers[key] ?? null, cellIndex: key, cellId: cells[key]?.id, executionCount: count + 1, error: { kind: "runtime", ename: "WorkerError", evalue: crash } };
  }

  const executed: Notebook = {
    ...injected.notebook,
    nbformat: 4,
    nbformat_minor: Math.max(5, injected.notebook.nbformat_minor ?? 0),
    metadata: {
      ...injected.notebook.metadata,
      kernelspec: { ...TSLAB_KERNELSPEC },
      language_info: { ...TSLAB_LANGUAGE_INFO },
      "vmexit-lab": { parameters: opts.params ?? {}, ok: !failure, ...(failure ? { failedCellId: failure.cellId } : {}) },
    },
    cells,
  };

  // 5. Write (even a partial notebook), atomically.
  let outPath: string | undefined;
  if (opts.out) {
    outPath = resolve(opts.out);
    await writeAtomic(outPath, stringifyNotebook(executed));
  }
  return { ok: !failure, notebook: executed, diagnostics, ...(failure ? { failure } : {}), ...(outPath ? { outPath } : {}) };
}

/** "cell 5, line 2, column 7" / "the injected-parameters cell". */
export function describeCell(f: CellFailure): string {
  const cell = f.cellNumber !== null ? `cell ${f.cellNumber}` : `the ${INJECTED_PARAMETERS_TAG} cell`;
  const where = f.error.line !== undefined ? `, line ${f.error.line}${f.error.column !== undefined ? `, column ${f.error.column}` : ""}` : "";
  return `${cell}${where}`;
}

/**
 * The readable failure message the CLI prints, without a stack trace:
 *
 *   notebooks/x.ipynb: cell 4, line 2: RangeError: too big: 2
 *       2 |   if (x > 0) throw new RangeError("too big: " + x);
 */
export function formatFailure(file: string, f: CellFailure): string {
  const kind = f.error.kind === "compile" ? "TypeScript error" : f.error.ename;
  const [first, ...more] = f.error.evalue.split("\n");
  const lines = [`${file}: ${describeCell(f)}: ${kind}: ${first}`];
  if (f.sourceLine !== undefined && f.error.line !== undefined) lines.push(`    ${f.error.line} | ${f.sourceLine}`);
  for (const l of more) lines.push(`  ${l}`);
  if (/Cannot find module 'vmexit-lab'/.test(f.error.evalue)) {
    lines.push("  hint: notebooks import the built package: run `npm run build` in the vmexit-lab folder, and link it next to the notebook (node_modules/vmexit-lab; see docs/notebooks.md)");
  }
  return lines.join("\n");
}
