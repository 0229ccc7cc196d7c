/**
 * The headless runner's worker: executes a notebook's code cells in this
 * process with tslab's converter and executor, as the tslab kernel would,
 * and sends each cell's outputs to the parent over IPC.
 *
 * Not part of the public API and never imported by notebooks (it loads
 * tslab's Jupyter module, which loads zeromq). Started by ./run.
 */
import { format, inspect } from "node:util";
import type { CellOutput, DisplayDataOutput, MimeBundle, StreamOutput } from "./ipynb";
import type { CellError, WorkerJob, WorkerMessage } from "./protocol";
import { firstEvalFrame, mapJsLineToSource } from "./error-line";

interface ConvertResultLike {
  output?: string;
}

/** tslab prints compile diagnostics with this format string (executor.js, printDiagnostics). */
const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function runJob(job: WorkerJob): Promise<void> {
  // 1. Act like the kernel: cwd is the notebook's folder (tslab's converter reads it).
  process.chdir(job.notebookDir);
  /* eslint-disable @typescript-eslint/no-var-requires */
  const { createConverter } = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
  const { createExecutor } = require("tslab/dist/executor") as typeof import("tslab/dist/executor");
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };

  // 2. The current cell's outputs; late async output goes to the last cell, as in Jupyter.
  let outputs: CellOutput[] = [];
  let errors: CellError[] = [];
  let lastJs = "";
  let currentSource = "";

  const pushStream = (name: StreamOutput["name"], text: string) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === name) last.text = String(last.text) + text;
    else outputs.push({ output_type: "stream", name, text });
  };
  const capture = (name: StreamOutput["name"]) =>
    ((chunk: unknown, encodingOrCb?: unknown, cb?: unknown) => {
      pushStream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
      if (typeof done === "function") (done as () => void)();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");

  jupyter.lastWriteDisplayData = (d: { data: MimeBundle; metadata?: Record<string, unknown>; transient?: { display_id?: string } }, update: boolean) => {
    const displayId = d.transient?.display_id;
    const out: DisplayDataOutput = { output_type: "display_data", data: d.data, metadata: d.metadata ?? {} };
    if (update && displayId) {
      const i = outputs.findIndex((o) => o.output_type === "display_data" && o.transient?.display_id === displayId);
      if (i >= 0) {
        outputs[i] = { ...out, transient: { display_id: displayId } };
        return;
      }
    }
    outputs.push(displayId ? { ...out, transient: { display_id: displayId } } : out);
  };

  process.on("uncaughtException", (err) => pushStream("stderr", `UncaughtException: ${err && err.stack ? err.stack : String(err)}\n`));
  process.on("unhandledRejection", (reason) => pushStream("stderr", `UnhandledPromiseRejection: ${inspect(reason)}\n`));

  // 3. tslab's converter (wrapped to keep the last converted JS, for error lines) and executor.
  const node = createConverter({ isJS: false, isBrowser: false });
  const wrapped = Object.create(node) as typeof node;
  wrapped.convert = (prevDecl: string, src: string) => {
    const r = node.convert(prevDecl, src);
    lastJs = (r as ConvertResultLike).output ?? "";
    return r;
  };
  const convs = { node: wrapped, browser: wrapped, close: () => node.close() };
  const executor = createExecutor(job.notebookDir, convs, {
    log(value?: unknown) {
      // The value of the cell's last expression.
      outputs.push({ output_type: "execute_result", execution_count: null, data: { "text/plain": typeof value === "string" ? value : inspect(value) }, metadata: {} });
    },
    error(first?: unknown, ...rest: unknown[]) {
      if (first === DIAGNOSTIC_FORMAT) {
        const [file, line, column, message] = rest as [string, number, number, string];
        errors.push({ kind: "compile", ename: "TypeScriptError", evalue: (file ? `${file} ` : "") + message, line: file ? undefined : line, column: file ? undefined : column });
        return;
      }
      if (first instanceof Error || (first && typeof first === "object" && "message" in (first as object))) {
        const e = first as Error;
        const frame = firstEvalFrame(e.stack);
        const line = frame ? mapJsLineToSource(lastJs, frame.line, currentSource) : null;
        errors.push({ kind: "runtime", ename: e.name || "Error", evalue: String(e.message), ...(line ? { line } : {}) });
        return;
      }
      errors.push({ kind: "runtime", ename: "Error", evalue: format(first, ...rest) });
    },
  });

  // 4. Run the cells in order; stop at the first failure.
  for (const cell of job.cells) {
    outputs = [];
    errors = [];
    lastJs = "";
    currentSource = cell.source;
    let ok = false;
    try {
      ok = await executor.execute(cell.source);
    } catch (e) {
      errors.push({ kind: "runtime", ename: (e as Error).name || "Error", evalue: String((e as Error).message ?? e) });
    }
    // Let pending microtasks/IO of the cell (e.g. stream writes) land in this cell.
    await new Promise((r) => setImmediate(r));
    if (!ok && errors.length === 0) errors.push({ kind: "runtime", ename: "Error", evalue: "the cell failed without an error message" });
    const error = errors[0] && { ...errors[0], evalue: errors.map((e) => e.evalue).join("\n") };
    await send({ type: "cell", key: cell.key, ok, outputs, ...(ok ? {} : { error }) });
    if (!ok) break;
  }
  await send({ type: "done" });
  executor.close();
}

process.once("message", (msg: WorkerJob) => {
  runJob(msg).then(
    () => process.exit(0),
    (err) => {
      // An internal failure of the runner itself (tslab missing, ...).
      process.exitCode = 70;
      try {
        require("node:fs").writeSync(2, `vmexit notebook worker: ${err && err.stack ? err.stack : String(err)}\n`);
      } finally {
        process.exit(70);
      }
    },
  );
});
