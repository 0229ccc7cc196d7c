/**
 * Starting the reader thread early. A worker takes about 30 ms to boot; the
 * `vmexit` command starts one while it is still loading its own modules
 * when an argument is a perf.data file big enough for the reader thread
 * (prestartForArgs, called from bin/vmexit.js for `parse`). The worker then
 * waits for its input as a message, and readPerfData takes it
 * (takePrestartedThread) instead of starting one. Unused, it does not keep the
 * process alive. Only node's fs and worker_threads are loaded here.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { Worker } from "node:worker_threads";

/** Below this size a reader thread costs more (its start-up) than it saves. */
export const THREAD_MIN_BYTES = 32 * 1024 * 1024;

let waiting: Worker | null = null;

/** The worker script: read-worker.js next to this module in dist/; from source (tsx) the .ts file, with tsx registered in the worker. */
export function newReaderWorker(workerData?: unknown): Worker {
  const file = join(__dirname, `read-worker${extname(__filename)}`);
  if (file.endsWith(".ts")) {
    const tsx = require.resolve("tsx/cjs", { paths: [__dirname] });
    return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(file)});`, { eval: true, workerData });
  }
  return new Worker(file, { workerData });
}

/** Whether a prestarted reader thread is waiting. */
export function prestartedThreadWaiting(): boolean {
  return waiting !== null;
}

/** A prestarted reader thread, if there is one (then it is no longer waiting). */
export function takePrestartedThread(): Worker | null {
  const w = waiting;
  waiting = null;
  return w;
}

/** True when `path` is a regular file of THREAD_MIN_BYTES or more that starts with a perf.data magic. */
function isBigPerfData(path: string): boolean {
  try {
    const st = statSync(path);
    if (st.size < THREAD_MIN_BYTES || !st.isFile()) return false;
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(8);
      readSync(fd, b, 0, 8, 0);
      const m = b.toString("latin1");
      return m === "PERFILE2" || m === "2ELIFREP";
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Starts a waiting reader thread when one of the (non-option) arguments is a big perf.data file. */
export function prestartForArgs(args: readonly string[]): void {
  if (waiting) return;
  if (!args.some((a) => !a.startsWith("-") && isBigPerfData(a))) return;
  try {
    const w = newReaderWorker();
    w.unref();
    // A worker that failed before it was taken is not handed out (readPerfData starts its own).
    w.on("error", () => undefined);
    w.on("exit", () => {
      if (waiting === w) waiting = null;
    });
    waiting = w;
  } catch {
    waiting = null;
  }
}
