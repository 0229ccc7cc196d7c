/**
 * Host checks before recording (and for `vmexit record --check`): perf
 * present, permission to record kvm tracepoints, the tracepoints themselves,
 * and the QEMU processes. Each failed check says how to fix it.
 */
import type { ProcessRunner } from "./exec";
import { parsePerfVersion, type PerfVersion } from "./perf-version";
import { listQemuProcesses, type QemuProcess } from "./processes";

export interface CheckResult {
  id: "perf" | "permissions" | "tracepoints" | "qemu";
  ok: boolean;
  /** What was found. */
  message: string;
  /** How to fix it, when not ok. */
  fix?: string;
}

export interface PreflightDeps {
  runner: ProcessRunner;
  perf: string;
  procRoot: string;
  getuid: () => number;
  readText: (path: string) => string | null;
  env?: NodeJS.ProcessEnv;
}

export interface PreflightResult {
  checks: CheckResult[];
  perfVersion: PerfVersion | null;
  qemu: QemuProcess[];
}

export async function preflight(deps: PreflightDeps): Promise<PreflightResult> {
  const checks: CheckResult[] = [];
  const v = await deps.runner.exec(deps.perf, ["--version"], { env: deps.env });
  const perfVersion = v.code === 0 ? parsePerfVersion(v.stdout + v.stderr) : null;
  if (v.error || v.code !== 0 || !perfVersion) {
    checks.push({
      id: "perf",
      ok: false,
      message: v.error?.code === "ENOENT" ? `perf not found (looked for '${deps.perf}' on PATH)` : `'${deps.perf} --version' failed: ${(v.stderr || v.stdout).trim().slice(0, 200)}`,
      fix: "install perf: Debian `apt-get install linux-perf`, Ubuntu `apt-get install linux-tools-$(uname -r)`, Fedora/RHEL `dnf install perf`; or pass --perf PATH",
    });
  } else {
    checks.push({ id: "perf", ok: true, message: `perf ${perfVersion.text}` });
  }

  const uid = deps.getuid();
  const paranoidText = deps.readText(`${deps.procRoot}/sys/kernel/perf_event_paranoid`);
  const paranoid = paranoidText === null ? null : Number(paranoidText.trim());
  if (uid === 0) {
    checks.push({ id: "permissions", ok: true, message: "running as root" });
  } else if (paranoid !== null && paranoid <= -1) {
    checks.push({ id: "permissions", ok: true, message: `not root, but kernel.perf_event_paranoid is ${paranoid}` });
  } else {
    checks.push({
      id: "permissions",
      ok: false,
      message: `not root and kernel.perf_event_paranoid is ${paranoid ?? "unknown"}: raw kvm tracepoint samples need root or perf_event_paranoid = -1`,
      fix: "run with sudo (sudo vmexit record ...), or allow it for this boot: sudo sysctl kernel.perf_event_paranoid=-1",
    });
  }

  if (perfVersion) {
    const list = await deps.runner.exec(deps.perf, ["list", "kvm:*"], { env: deps.env });
    const text = list.stdout + list.stderr;
    if (/kvm:kvm_exit\b/.test(text) && /kvm:kvm_entry\b/.test(text)) {
      checks.push({ id: "tracepoints", ok: true, message: "kvm:kvm_entry and kvm:kvm_exit are available" });
    } else {
      checks.push({
        id: "tracepoints",
        ok: false,
        message: "the kvm tracepoints (kvm:kvm_entry, kvm:kvm_exit) are not available to perf",
        fix: "load KVM (sudo modprobe kvm_intel, or kvm_amd), and make sure tracefs is mounted and readable: sudo mount -t tracefs nodev /sys/kernel/tracing",
      });
    }
  } else {
    checks.push({ id: "tracepoints", ok: false, message: "not checked: perf is missing", fix: "install perf first" });
  }

  const qemu = listQemuProcesses(deps.procRoot);
  checks.push(
    qemu.length > 0
      ? { id: "qemu", ok: true, message: `${qemu.length} QEMU process(es): ${qemu.map((q) => `${q.pid}${q.vmName ? ` (${q.vmName})` : ""}`).join(", ")}` }
      : { id: "qemu", ok: false, message: "no QEMU process found", fix: "start the VM first (virsh start NAME, or qemu-system-x86_64 -name NAME ...)" },
  );
  return { checks, perfVersion, qemu };
}

export function formatCheck(c: CheckResult): string {
  return `${c.ok ? "ok  " : "FAIL"} ${c.id.padEnd(12)} ${c.message}${c.ok || !c.fix ? "" : `\n     fix: ${c.fix}`}`;
}
