/**
 * Entry point of the reader thread (see thread.ts): reads and decodes the
 * records of `workerData.path` and posts the events in batches, then the
 * reader's result and its diagnostics.
 */
import { parentPort, workerData } from "node:worker_threads";
import { open } from "node:fs/promises";
import { createDiagnosticSink } from "../model/diagnostic";
import { readPerfDataRecords } from "./reader";
import { BatchForwarder, type WorkerInput, type WorkerMessage } from "./thread";

async function main(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const fwd = new BatchForwarder(post, new Int32Array(input.credits), input.batchEvents);
  const diags = createDiagnosticSink(input.path);
  const fh = await open(input.path, "r");
  try {
    const res = await readPerfDataRecords(fh, input.fileSize, diags, () => undefined, {
      chunkBytes: input.chunkBytes,
      skipKinds: input.skipKinds,
      queue: fwd,
      onStart: (r) => (fwd.res = r),
      progress: {
        start: (bytes) => post({ type: "progress", op: "start", bytes }),
        update: (bytes) => post({ type: "progress", op: "update", bytes }),
        stop: () => post({ type: "progress", op: "stop", bytes: 0 }),
      },
    });
    post({ type: "done", res, diagnostics: diags.list });
  } finally {
    await fh.close();
  }
}

if (parentPort) {
  const port = parentPort;
  // Started with its input, or prestarted: then the input comes as the first message.
  if (workerData) void main(port, workerData as WorkerInput);
  else port.once("message", (m: { type: "input"; input: WorkerInput }) => void main(port, m.input));
}
