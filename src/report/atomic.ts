/**
 * Atomic file writes: data goes to a temporary file in the same folder, which
 * is then renamed over the target. A reader (or a crash) never sees a
 * half-written report.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface AtomicFs {
  writeFileAtomic(path: string, data: string | Uint8Array): void;
}

let counter = 0;

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}-${counter++}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export const nodeAtomicFs: AtomicFs = { writeFileAtomic };
