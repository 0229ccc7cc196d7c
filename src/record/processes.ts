/**
 * Finding QEMU processes through /proc (the root is injected for tests).
 * A QEMU process is one whose program (argv[0], or the script an interpreter
 * runs) is named qemu-kvm, qemu-system-<arch> or kvm.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

export interface QemuProcess {
  pid: number;
  /** The VM name from `-name NAME` or `-name guest=NAME,...`, or null. */
  vmName: string | null;
  argv: string[];
}

const QEMU_PROGRAM = /^(qemu-kvm|qemu-system-[\w-]+|kvm)$/;

export function isQemuArgv(argv: readonly string[]): boolean {
  return argv.slice(0, 2).some((a) => QEMU_PROGRAM.test(basename(a)));
}

export function vmNameFromArgv(argv: readonly string[]): string | null {
  const i = argv.indexOf("-name");
  if (i < 0 || i + 1 >= argv.length) return null;
  const value = argv[i + 1];
  const guest = /(?:^|,)guest=([^,]+)/.exec(value);
  if (guest) return guest[1];
  return value.split(",")[0] || null;
}

export function readArgv(procRoot: string, pid: number): string[] | null {
  try {
    const raw = readFileSync(join(procRoot, String(pid), "cmdline"), "utf8");
    return raw.split("\0").filter((a, i, all) => a !== "" || i < all.length - 1);
  } catch {
    return null;
  }
}

export function listQemuProcesses(procRoot = "/proc"): QemuProcess[] {
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return [];
  }
  const out: QemuProcess[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    const argv = readArgv(procRoot, pid);
    if (argv && argv.length > 0 && isQemuArgv(argv)) out.push({ pid, vmName: vmNameFromArgv(argv), argv });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

export function describeQemu(p: QemuProcess): string {
  return `  pid ${p.pid}  ${p.vmName ? `-name ${p.vmName}` : "(no -name)"}  ${p.argv.join(" ").slice(0, 100)}`;
}
