/** Running other programs (perf, the guest command), injected so tests can substitute stand-ins. */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";

export interface ExecResult {
  /** Exit code, or null when killed by a signal; -1 when the program could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the program could not be started (e.g. ENOENT). */
  error?: NodeJS.ErrnoException;
}

export interface ProcessRunner {
  /** Run to completion, capturing output. */
  exec(cmd: string, args: readonly string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<ExecResult>;
  /** Start a long-running program. */
  start(cmd: string, args: readonly string[], opts: SpawnOptions): ChildProcess;
}

export const realRunner: ProcessRunner = {
  exec(cmd, args, opts = {}) {
    return new Promise((resolve) => {
      let stdout = "";
      let stderr = "";
      let child: ChildProcess;
      try {
        child = spawn(cmd, [...args], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
      } catch (err) {
        resolve({ code: -1, stdout, stderr, error: err as NodeJS.ErrnoException });
        return;
      }
      child.stdout!.on("data", (d) => (stdout += d));
      child.stderr!.on("data", (d) => (stderr += d));
      child.on("error", (err) => resolve({ code: -1, stdout, stderr, error: err as NodeJS.ErrnoException }));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
  },
  start(cmd, args, opts) {
    return spawn(cmd, [...args], opts);
  },
};

/** Quote an argv for a shell line, for the manifest's record of commands actually run. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(" ");
}
