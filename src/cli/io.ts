/**
 * Everything the CLI touches in the outside world, injected so that tests can
 * run commands in-process with fakes and capture what they print.
 */
import * as fsPromises from "node:fs/promises";
import { createReadStream } from "node:fs";
import type { ReaderFs } from "../formats/types";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars only then). */
  stderrIsTTY: boolean;
  /** The terminal stream progress bars draw on; absent in tests. */
  stderrStream?: NodeJS.WritableStream;
  cwd: string;
  env: Record<string, string | undefined>;
  fs: ReaderFs;
  now(): Date;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stderrStream: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    fs: { open: fsPromises.open, readFile: fsPromises.readFile, stat: fsPromises.stat, createReadStream },
    now: () => new Date(),
  };
}

/** An IO that records output, for tests. */
export function captureIO(overrides: Partial<CliIO> = {}): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    ...processIO(),
    stderrIsTTY: false,
    stderrStream: undefined,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    ...overrides,
    out,
    err,
  };
}
