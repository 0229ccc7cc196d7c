/**
 * Messages between the headless runner (parent) and its worker process
 * (./worker). One worker runs one notebook: tslab's display hook is
 * module-global and its executor keeps the process alive.
 */
import type { CellOutput } from "./ipynb";

export interface WorkerJob {
  type: "job";
  /** The notebook's folder: the worker's cwd and tslab's root dir, as in a kernel. */
  notebookDir: string;
  cells: Array<{ key: number; source: string }>;
}

/** Where a cell failed and why, in the cell's own line numbers (1-based). */
export interface CellError {
  kind: "compile" | "runtime";
  ename: string;
  evalue: string;
  line?: number;
  column?: number;
}

export interface WorkerCellResult {
  type: "cell";
  key: number;
  ok: boolean;
  outputs: CellOutput[];
  error?: CellError;
}

export interface WorkerDone {
  type: "done";
}

export type WorkerMessage = WorkerCellResult | WorkerDone;
