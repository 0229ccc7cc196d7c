/**
 * `vmexit record`: the seed's measurement steps as one command.
 *
 *   1. check the host (perf, permissions, kvm tracepoints)        preflight.ts
 *   2. find the VM (--pid, or a QEMU process by -name)            processes.ts
 *   3. refuse to overwrite an existing run unless --force
 *   4. run `perf kvm stat record -p PID` in a scratch folder, and the guest
 *      command beside it, until the duration ends, the guest command ends
 *      (without a duration), or Ctrl-C (the first stops cleanly, a second aborts)
 *   5. save the text reports (vmexit, ioport, mmio) as `2>&1` would, with
 *      --stdio only for perf >= 6.4
 *   6. move the scratch folder into place and add the run to the manifest,
 *      written atomically
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, release } from "node:os";
import { basename, join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { ChildProcess } from "node:child_process";
import type { Manifest, RunFile, RunSpec } from "../experiment/types";
import { shellLine, type ProcessRunner } from "./exec";
import { addRun, emptyManifest, factorProblems, manifestText } from "./manifest-update";
import { readManifest as checkManifestText } from "../experiment/manifest";
import { formatDiagnostic } from "../model/diagnostic";
import { reportNeedsStdio } from "./perf-version";
import { formatCheck, preflight, type PreflightDeps } from "./preflight";
import { describeQemu, type QemuProcess } from "./processes";

export const REPORT_EVENTS = ["vmexit", "ioport", "mmio"] as const;
export const MANIFEST_FILE = "experiment.yaml";
export const PERF_DATA_FILE = "perf.data.guest";

export interface RecordOptions {
  experimentDir: string;
  runId: string;
  pid?: number;
  vm?: string;
  /** null: until the guest command ends, or Ctrl-C. */
  durationMs: number | null;
  guestCmd?: string;
  labelZh?: string;
  labelEn?: string;
  factors: Record<string, string>;
  compress: boolean;
  force: boolean;
}

export interface RecordDeps extends PreflightDeps {
  runner: ProcessRunner;
  now: () => Date;
  log: (line: string) => void;
  /** Rewrites one progress line on a terminal; null when stderr is not a terminal. */
  progress: ((line: string) => void) | null;
  /** Subscribe to Ctrl-C; returns the unsubscribe function. */
  onInterrupt: (handler: () => void) => () => void;
  cpuModel: () => string | null;
}

/** A problem that stops the command, with the message to print. */
export class RecordError extends Error {}

export interface RecordOutcome {
  runDir: string;
  manifestPath: string;
  run: RunSpec;
  interrupted: boolean;
}

export async function recordRun(opts: RecordOptions, deps: RecordDeps): Promise<RecordOutcome> {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(opts.runId)) throw new RecordError(`--run '${opts.runId}': a run id is letters, digits, '-', '_' and '.', starting with a letter or digit`);
  const expDir = resolve(opts.experimentDir);
  const manifestPath = join(expDir, MANIFEST_FILE);

  // 1. host checks
  const pre = await preflight(deps);
  const failed = pre.checks.filter((c) => !c.ok && c.id !== "qemu");
  if (failed.length > 0 || !pre.perfVersion) {
    throw new RecordError(`the host is not ready to record:\n${failed.map(formatCheck).join("\n")}`);
  }

  // 2. the VM
  const target = findVm(opts, pre.qemu, deps.procRoot);
  if (!pre.qemu.some((q) => q.pid === target.pid)) deps.log(`warning: pid ${target.pid} is not a QEMU process; perf will record it, but it has no VM exits unless it runs a VM`);

  // 3. existing run / manifest
  const { manifest, text: manifestBefore } = readManifest(manifestPath, expDir);
  const runDir = join(expDir, opts.runId);
  const inManifest = manifest.runs.some((r) => r.id === opts.runId);
  const dirUsed = existsSync(runDir) && readdirSync(runDir).length > 0;
  if ((inManifest || dirUsed) && !opts.force) {
    throw new RecordError(`run '${opts.runId}' already exists (${inManifest ? `in ${MANIFEST_FILE}` : ""}${inManifest && dirUsed ? " and " : ""}${dirUsed ? `folder ${relative(process.cwd(), runDir) || runDir} is not empty` : ""}); nothing was changed. Use --force to replace it.`);
  }
  const misfit = factorProblems(manifest, opts.runId, opts.factors);
  if (misfit.length > 0) throw new RecordError(`the run would not fit ${MANIFEST_FILE}; nothing was recorded:\n${misfit.map((m) => `  ${m}`).join("\n")}`);

  // 4. record into a scratch folder
  mkdirSync(expDir, { recursive: true });
  const scratch = join(expDir, `.${opts.runId}.recording-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch);
  let aborted = false;
  let unsubscribeAbort = () => {};
  try {
    const recordArgs = ["kvm", "stat", "record", "-p", String(target.pid), ...(opts.compress ? ["-z"] : [])];
    const startedAt = deps.now();
    const recordLog = openSync(join(scratch, "perf-record.log"), "w");
    const perf = deps.runner.start(deps.perf, recordArgs, { cwd: scratch, stdio: ["ignore", recordLog, recordLog], detached: true, env: deps.env });
    closeSync(recordLog);
    const perfExit = exitPromise(perf);

    let guest: ChildProcess | null = null;
    let guestExit: Promise<number | null> | null = null;
    const guestFile = "cyclictest.txt";
    if (opts.guestCmd) {
      const out = openSync(join(scratch, guestFile), "w");
      guest = deps.runner.start("sh", ["-c", opts.guestCmd], { cwd: scratch, stdio: ["ignore", out, out], detached: true, env: deps.env });
      closeSync(out);
      guestExit = exitPromise(guest);
    }

    deps.log(`recording VM exits of pid ${target.pid}${target.vmName ? ` (${target.vmName})` : ""} ${opts.durationMs ? `for ${(opts.durationMs / 1000).toFixed(0)} s` : opts.guestCmd ? "until the guest command ends" : "until Ctrl-C"}; Ctrl-C stops cleanly`);
    let interrupted = false;
    const stopReason = await new Promise<"duration" | "guest" | "interrupt" | "perf">((resolveStop) => {
      const timers: NodeJS.Timeout[] = [];
      const done = (why: "duration" | "guest" | "interrupt" | "perf") => {
        timers.forEach(clearTimeout);
        clearInterval(ticker);
        unsubscribe();
        resolveStop(why);
      };
      let interrupts = 0;
      const unsubscribe = deps.onInterrupt(() => {
        interrupts++;
        if (interrupts === 1) {
          interrupted = true;
          done("interrupt");
        }
      });
      if (opts.durationMs) timers.push(setTimeout(() => done("duration"), opts.durationMs));
      if (guestExit && !opts.durationMs) guestExit.then(() => done("guest"));
      perfExit.then(() => done("perf"));
      const ticker = setInterval(() => {
        if (!deps.progress) return;
        const s = (deps.now().getTime() - startedAt.getTime()) / 1000;
        const size = fileSize(join(scratch, PERF_DATA_FILE));
        deps.progress(`recording pid ${target.pid}: ${s.toFixed(0)} s${opts.durationMs ? ` / ${(opts.durationMs / 1000).toFixed(0)} s` : ""}  ${PERF_DATA_FILE} ${(size / 1048576).toFixed(1)} MB`);
      }, 1000);
    });
    // A second Ctrl-C from now on aborts.
    unsubscribeAbort = deps.onInterrupt(() => {
      aborted = true;
      perf.kill("SIGKILL");
      guest?.kill("SIGKILL");
    });

    if (stopReason !== "perf") signalGroup(perf, "SIGINT");
    const perfCode = await withTimeout(perfExit, 15_000, () => signalGroup(perf, "SIGKILL"));
    if (guest && guestExit) {
      const guestDone = await Promise.race([guestExit.then(() => true), delay(stopReason === "guest" ? 0 : 5_000).then(() => false)]);
      if (!guestDone) {
        signalGroup(guest, "SIGINT");
        await withTimeout(guestExit, 5_000, () => signalGroup(guest!, "SIGKILL"));
      }
    }
    const endedAt = deps.now();
    deps.progress?.("");
    if (aborted) throw new RecordError("aborted by a second Ctrl-C; nothing was written");

    const dataPath = join(scratch, PERF_DATA_FILE);
    if (fileSize(dataPath) === 0) {
      const log = safeRead(join(scratch, "perf-record.log")).trim().split("\n").slice(-5).join("\n");
      throw new RecordError(`perf wrote no ${PERF_DATA_FILE} (exit code ${perfCode}); its last messages:\n${log}`);
    }

    // 5. text reports, saved as `perf kvm -i perf.data.guest stat report --event=E > E.txt 2>&1` would save them
    const stdio = reportNeedsStdio(pre.perfVersion);
    const commands: Record<string, string> = { record: shellLine(["perf", ...recordArgs]) };
    const files: RunFile[] = [{ path: `${opts.runId}/${PERF_DATA_FILE}`, kind: "perf-data" }];
    for (const event of REPORT_EVENTS) {
      const args = ["kvm", "-i", PERF_DATA_FILE, "stat", "report", `--event=${event}`, ...(stdio ? ["--stdio"] : [])];
      const file = `${event}.txt`;
      const fd = openSync(join(scratch, file), "w");
      const child = deps.runner.start(deps.perf, args, { cwd: scratch, stdio: ["ignore", fd, fd], env: deps.env });
      closeSync(fd);
      const code = await exitPromise(child);
      commands[`report-${event}`] = `${shellLine(["perf", ...args])} > ${file} 2>&1`;
      if (code !== 0) deps.log(`warning: '${commands[`report-${event}`]}' exited with ${code}; ${file} keeps what it printed`);
      files.push({ path: `${opts.runId}/${file}`, kind: "perf-kvm-stat-text", event });
    }
    if (opts.guestCmd) {
      commands.guest = opts.guestCmd;
      files.push({ path: `${opts.runId}/${guestFile}`, kind: "cyclictest", role: "run", command: opts.guestCmd });
    }

    // 6. into place, then the manifest
    const run: RunSpec = {
      id: opts.runId,
      labelZh: opts.labelZh ?? opts.runId,
      labelEn: opts.labelEn ?? opts.runId,
      factors: opts.factors,
      files,
      durationS: Math.round((endedAt.getTime() - startedAt.getTime()) / 10) / 100,
      commands,
      startedAt: startedAt.toISOString(),
      host: {
        hostname: hostname(),
        kernel: release(),
        perfVersion: pre.perfVersion.text,
        cpuModel: deps.cpuModel() ?? "unknown",
        qemuPid: String(target.pid),
        ...(target.vmName ? { vmName: target.vmName } : {}),
      },
    };
    const updated = addRun(manifest, run, { force: opts.force }).manifest;
    if (existsSync(runDir)) rmSync(runDir, { recursive: true, force: true });
    renameSync(scratch, runDir);
    writeAtomic(manifestPath, manifestText(manifestBefore, manifest, updated));
    return { runDir, manifestPath, run, interrupted };
  } finally {
    unsubscribeAbort();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function findVm(opts: RecordOptions, qemu: QemuProcess[], procRoot: string): { pid: number; vmName: string | null } {
  const list = qemu.length ? `QEMU processes found:\n${qemu.map(describeQemu).join("\n")}` : "no QEMU process is running.";
  if (opts.pid !== undefined) {
    if (!existsSync(join(procRoot, String(opts.pid)))) throw new RecordError(`--pid ${opts.pid}: no such process. ${list}`);
    const q = qemu.find((p) => p.pid === opts.pid);
    return { pid: opts.pid, vmName: q?.vmName ?? null };
  }
  if (opts.vm !== undefined) {
    const matches = qemu.filter((p) => p.vmName === opts.vm);
    if (matches.length === 1) return { pid: matches[0].pid, vmName: opts.vm };
    if (matches.length > 1) throw new RecordError(`--vm ${opts.vm} matches ${matches.length} QEMU processes; choose one with --pid:\n${matches.map(describeQemu).join("\n")}`);
    throw new RecordError(`no QEMU process has -name ${opts.vm}. ${list}`);
  }
  if (qemu.length === 1) return { pid: qemu[0].pid, vmName: qemu[0].vmName };
  throw new RecordError(`say which VM to record with --pid PID or --vm NAME. ${list}`);
}

/** The manifest and its text (null when there is no manifest yet). */
function readManifest(path: string, expDir: string): { manifest: Manifest; text: string | null } {
  if (!existsSync(path)) return { manifest: emptyManifest(basename(expDir)), text: null };
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new RecordError(`${path}: cannot read the manifest: ${(err as Error).message}; nothing was changed`);
  }
  // The same checks as loadExperiment: a run is only added to a manifest that is valid.
  const problems = checkManifestText(text, path).diagnostics.filter((d) => d.severity === "error");
  if (problems.length > 0) throw new RecordError(`${path} has problems; fix them first (nothing was changed):\n${problems.map(formatDiagnostic).join("\n")}`);
  return { manifest: parseYaml(text) as Manifest, text };
}

export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function exitPromise(child: ChildProcess): Promise<number | null> {
  return new Promise((res) => {
    if (child.exitCode !== null) return res(child.exitCode);
    child.once("error", () => res(-1));
    child.once("exit", (code) => res(code));
  });
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    child.kill(sig);
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const timer = new Promise<void>((r) => (t = setTimeout(r, ms)));
  const first = await Promise.race([p.then((v) => ({ v })), timer.then(() => null)]);
  clearTimeout(t);
  if (first) return first.v;
  onTimeout();
  return p;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

function safeRead(p: string): string {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return "";
  }
}
