/**
 * `vmexit record --experiment DIR --run ID [--pid PID | --vm NAME] [--duration 30s]
 *   [--guest-cmd "..."] [--label-zh ..] [--label-en ..] [--factor key=value]... [-z] [--force]`
 * and `vmexit record --check`.
 */
import { readFileSync } from "node:fs";
import { Option } from "commander";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import type { CliIO } from "../io";
import { formatCheck, preflight, type PreflightDeps } from "../../record/preflight";
import { recordRun, RecordError, type RecordDeps } from "../../record/record";
import { realRunner } from "../../record/exec";
import { parseDurationMs } from "../../record/duration";
import { parseFactorArgs } from "../../record/manifest-update";

function readText(p: string): string | null {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
}

function cpuModel(): string | null {
  const info = readText("/proc/cpuinfo");
  const m = info && /^model name\s*:\s*(.+)$/m.exec(info);
  return m ? m[1].trim() : null;
}

function hostDeps(io: CliIO, perf: string): PreflightDeps {
  return {
    runner: realRunner,
    perf,
    procRoot: io.env.VMEXIT_PROC_ROOT ?? "/proc",
    getuid: () => (typeof process.getuid === "function" ? process.getuid() : 0),
    readText,
    env: io.env as NodeJS.ProcessEnv,
  };
}

const collect = (v: string, prev: string[]) => [...prev, v];

export const recordCommand: CommandSpec = {
  name: "record",
  summary: "record VM exits of a running VM with perf kvm stat, save its reports and add the run to an experiment",
  define(cmd, io, setExit) {
    cmd
      .option("--experiment <dir>", "experiment folder (created if missing; its experiment.yaml gets the run)")
      .option("--run <id>", "run id: the sub-folder and the manifest entry, e.g. gp-rt-bind")
      .addOption(new Option("--pid <pid>", "qemu process to record").conflicts("vm"))
      .option("--vm <name>", "find the QEMU process by its -name")
      .option("--duration <time>", "how long to record: 30s, 2m, ... (default: until the guest command ends, or Ctrl-C)")
      .option("--guest-cmd <command>", 'run this beside the recording and save its output, e.g. "ssh guest cyclictest -q -t1 -p 99 -i 10000 -l 1000"')
      .option("--label-zh <text>", "Chinese label of the run")
      .option("--label-en <text>", "English label of the run")
      .option("--factor <key=value>", "factor level of this run (repeatable), e.g. --factor pinning=bind", collect, [])
      .option("-z, --compress", "compress the recording (perf record -z)")
      .option("--force", "replace an existing run of the same id")
      .option("--check", "only check the host: perf, permissions, kvm tracepoints, QEMU processes")
      .option("--perf <path>", "the perf program", "perf")
      .addHelpText(
        "after",
        "\nThe recording is `perf kvm stat record -p PID` (stopped with SIGINT at the end), then\n`perf kvm -i perf.data.guest stat report --event=vmexit|ioport|mmio` (--stdio from perf 6.4),\nsaved with stderr as vmexit.txt, ioport.txt, mmio.txt. Nothing is written until the run is complete.\n",
      )
      .action(async (o: Record<string, any>) => {
        const base = hostDeps(io, o.perf);
        if (o.check) {
          const r = await preflight(base);
          io.stdout(r.checks.map(formatCheck).join("\n") + "\n");
          setExit(r.checks.every((c) => c.ok) ? EXIT.ok : EXIT.badInput);
          return;
        }
        if (!o.experiment || !o.run) throw new CliError("record needs --experiment DIR and --run ID (or --check)", EXIT.usage);
        let pid: number | undefined;
        if (o.pid !== undefined) {
          if (!/^\d+$/.test(o.pid)) throw new CliError(`--pid expects a process id, got '${o.pid}'`, EXIT.usage);
          pid = Number(o.pid);
        }
        let durationMs: number | null = null;
        if (o.duration !== undefined) {
          durationMs = parseDurationMs(o.duration);
          if (durationMs === null) throw new CliError(`--duration expects e.g. 30s, 2m or 500ms, got '${o.duration}'`, EXIT.usage);
        }
        const { factors, bad } = parseFactorArgs(o.factor);
        if (bad.length) throw new CliError(`--factor expects key=value, got ${bad.map((b) => `'${b}'`).join(", ")}`, EXIT.usage);
        const deps: RecordDeps = {
          ...base,
          now: () => io.now(),
          log: (l) => io.stderr(`vmexit record: ${l}\n`),
          progress: io.stderrIsTTY ? (l) => io.stderr(`\r\x1b[K${l}`) : null,
          onInterrupt: (h) => {
            process.on("SIGINT", h);
            return () => process.off("SIGINT", h);
          },
          cpuModel,
        };
        try {
          const r = await recordRun(
            { experimentDir: o.experiment, runId: o.run, pid, vm: o.vm, durationMs, guestCmd: o.guestCmd, labelZh: o.labelZh, labelEn: o.labelEn, factors, compress: Boolean(o.compress), force: Boolean(o.force) },
            deps,
          );
          io.stdout(`recorded run ${r.run.id} (${r.run.durationS} s${r.interrupted ? ", stopped by Ctrl-C" : ""}) into ${r.runDir}\nfiles: ${r.run.files.map((f) => f.path).join(", ")}\nmanifest: ${r.manifestPath}\n`);
        } catch (err) {
          if (err instanceof RecordError) throw new CliError(err.message, EXIT.badInput);
          throw err;
        }
      });
  },
};
