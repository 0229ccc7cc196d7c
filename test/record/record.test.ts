import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { recordRun, RecordError, type RecordDeps } from "../../src/record/record";
import { realRunner } from "../../src/record/exec";
import { parseDurationMs } from "../../src/record/duration";
import { parsePerfVersion, reportNeedsStdio } from "../../src/record/perf-version";
import { vmNameFromArgv, isQemuArgv } from "../../src/record/processes";
import { addRun, emptyManifest, factorProblems, manifestText } from "../../src/record/manifest-update";
import { writePerfData, VMX_EXIT_CODES } from "../../src/perf-data/writer";
import { installStandins } from "./standins";
import { needTool } from "../helpers/tools";

let dir: string;
let bin: string;
let dataFile: string;
const vms: ChildProcess[] = [];

function startVm(name: string): ChildProcess {
  const p = spawn(join(bin, "qemu-system-x86_64"), ["-name", `guest=${name},debug-threads=on`, "-enable-kvm", "-m", "1024"], { stdio: "ignore" });
  vms.push(p);
  return p;
}

async function waitForCmdline(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("-name")) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
}

function env(extra: Record<string, string> = {}) {
  return { ...process.env, PATH: `${bin}:${process.env.PATH}`, STANDIN_DATA: dataFile, STANDIN_LOG: join(dir, "perf-calls.log"), ...extra };
}

/** A small VMX recording made by our writer: 3 HLT, 2 MSR_WRITE, 1 IO_INSTRUCTION on 1 vCPU. */
function writerFile(): Uint8Array {
  const exits = [
    { reason: VMX_EXIT_CODES.HLT, d: 50_000 },
    { reason: VMX_EXIT_CODES.MSR_WRITE, d: 1_000 },
    { reason: VMX_EXIT_CODES.HLT, d: 70_000 },
    { reason: VMX_EXIT_CODES.IO_INSTRUCTION, d: 9_000 },
    { reason: VMX_EXIT_CODES.MSR_WRITE, d: 2_000 },
    { reason: VMX_EXIT_CODES.HLT, d: 30_000 },
  ].map((e, i) => ({ vcpu: 0, exitCode: e.reason, startNs: 100_000 + i * 200_000, durationNs: e.d, ...(e.reason === VMX_EXIT_CODES.IO_INSTRUCTION ? { pio: { port: 0x70, size: 1, write: true, offsetNs: 1000 } } : {}) }));
  return writePerfData(exits, { isa: "vmx", vcpuCount: 1, qemuPid: 4242 });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), "vmexit-record-"));
  bin = installStandins(dir);
  dataFile = join(dir, "writer.perf.data");
  writeFileSync(dataFile, writerFile());
});

after(() => {
  for (const p of vms) p.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

test("parseDurationMs reads 30s, 2m, 500ms and bare seconds, and rejects junk", () => {
  assert.equal(parseDurationMs("30s"), 30_000);
  assert.equal(parseDurationMs("2m"), 120_000);
  assert.equal(parseDurationMs("500ms"), 500);
  assert.equal(parseDurationMs("1.5"), 1500);
  assert.equal(parseDurationMs("soon"), null);
  assert.equal(parseDurationMs("0s"), null);
  assert.equal(parseDurationMs("0.2ms"), null, "rounds to 0 ms, which would record until Ctrl-C");
});

test("reportNeedsStdio is true from perf 6.4 on", () => {
  assert.equal(reportNeedsStdio(parsePerfVersion("perf version 6.1.192")!), false);
  assert.equal(reportNeedsStdio(parsePerfVersion("perf version 6.4.0")!), true);
  assert.equal(reportNeedsStdio(parsePerfVersion("perf version 7.0.rc1.g1234")!), true);
  assert.equal(parsePerfVersion("no version here"), null);
});

test("vmNameFromArgv reads -name NAME and -name guest=NAME,...", () => {
  assert.equal(vmNameFromArgv(["qemu-system-x86_64", "-name", "vm1"]), "vm1");
  assert.equal(vmNameFromArgv(["qemu-kvm", "-name", "guest=rt-guest,debug-threads=on"]), "rt-guest");
  assert.equal(vmNameFromArgv(["qemu-kvm", "-m", "1G"]), null);
  assert.ok(isQemuArgv(["/bin/bash", "/tmp/x/qemu-system-x86_64", "-name", "a"]));
  assert.ok(!isQemuArgv(["/usr/bin/sleep", "600"]));
});

test("addRun refuses an existing run id without force and adds unknown factor levels", () => {
  const m = emptyManifest("exp");
  const run = { id: "gp-rt-bind", labelZh: "绑定", labelEn: "bind", factors: { pinning: "bind" }, files: [] };
  const once = addRun(m, run, { force: false }).manifest;
  assert.deepEqual(once.factors.map((f) => [f.id, f.levels.map((l) => l.id)]), [["pinning", ["bind"]]]);
  assert.throws(() => addRun(once, run, { force: false }), /already exists/);
  assert.equal(addRun(once, run, { force: true }).replaced, true);
});

test("vmexit record --check reports perf, permissions, tracepoints and the QEMU processes", async () => {
  const vm = startVm("check-vm");
  await waitForCmdline(vm.pid!);
  const io = captureIO({ env: env() });
  const code = await runCli(["record", "--check"], io);
  const out = io.out.join("");
  assert.equal(code, 0, out + io.err.join(""));
  assert.match(out, /ok\s+perf\s+perf 6\.1\.0/);
  assert.match(out, /ok\s+tracepoints/);
  assert.match(out, new RegExp(`ok\\s+qemu .*${vm.pid} \\(check-vm\\)`));
  vm.kill("SIGTERM");
});

test("vmexit record --check without kvm tracepoints fails and says how to fix it", async () => {
  const io = captureIO({ env: env({ STANDIN_NO_TRACEPOINTS: "1" }) });
  assert.equal(await runCli(["record", "--check"], io), 1);
  assert.match(io.out.join(""), /FAIL tracepoints.*\n\s+fix: load KVM \(sudo modprobe kvm_intel/);
});

test("vmexit record with perf missing fails before recording, names the fix, writes nothing", async () => {
  const exp = join(dir, "exp-noperf");
  const io = captureIO({ env: env() });
  const code = await runCli(["record", "--experiment", exp, "--run", "r1", "--pid", String(process.pid), "--perf", "/nonexistent/perf", "--duration", "1s"], io);
  assert.equal(code, 1);
  assert.match(io.err.join(""), /perf not found[\s\S]*fix: install perf: Debian `apt-get install linux-perf`/);
  assert.equal(existsSync(exp), false);
});

test("recordRun without root and with perf_event_paranoid 2 fails with the sysctl fix", async () => {
  const deps: RecordDeps = {
    runner: realRunner,
    perf: "perf",
    procRoot: "/proc",
    getuid: () => 1000,
    readText: (p) => (p.endsWith("perf_event_paranoid") ? "2\n" : null),
    env: env(),
    now: () => new Date(),
    log: () => {},
    progress: null,
    onInterrupt: () => () => {},
    cpuModel: () => null,
  };
  await assert.rejects(
    recordRun({ experimentDir: join(dir, "exp-perm"), runId: "r", pid: process.pid, durationMs: 100, factors: {}, compress: false, force: false }, deps),
    (err: Error) => err instanceof RecordError && /perf_event_paranoid is 2/.test(err.message) && /sysctl kernel\.perf_event_paranoid=-1/.test(err.message),
  );
  assert.equal(existsSync(join(dir, "exp-perm")), false);
});

test("vmexit record --vm finds the one QEMU process with that -name, or lists the candidates", async () => {
  const a = startVm("dup");
  const b = startVm("dup");
  await waitForCmdline(a.pid!);
  await waitForCmdline(b.pid!);
  const exp = join(dir, "exp-vm");
  let io = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "r1", "--vm", "dup", "--duration", "1s"], io), 1);
  const err = io.err.join("");
  assert.match(err, /--vm dup matches 2 QEMU processes; choose one with --pid/);
  assert.match(err, new RegExp(`pid ${a.pid}`));
  assert.match(err, new RegExp(`pid ${b.pid}`));

  io = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "r1", "--vm", "nosuchvm", "--duration", "1s"], io), 1);
  assert.match(io.err.join(""), /no QEMU process has -name nosuchvm\. QEMU processes found:[\s\S]*-name dup/);
  assert.equal(existsSync(join(exp, "experiment.yaml")), false);
  a.kill("SIGTERM");
  b.kill("SIGTERM");
});

test("vmexit record --duration records, saves the three reports and the guest output, and writes the manifest entry", async () => {
  const vm = startVm("rt-guest");
  await waitForCmdline(vm.pid!);
  const exp = join(dir, "exp-full");
  const io = captureIO({ env: env() });
  const args = ["record", "--experiment", exp, "--run", "gp-rt-bind", "--vm", "rt-guest", "--duration", "1s", "--guest-cmd", "echo 'T: 0 ( 1234) P:99 I:10000 C:    100 Min:      3 Act:    5 Avg:    4 Max:      21'", "--label-zh", "GP-RT 绑定", "--label-en", "GP-RT pinned", "--factor", "guestKernel=rt", "--factor", "pinning=bind"];
  const code = await runCli(args, io);
  assert.equal(code, 0, io.err.join(""));
  const runDir = join(exp, "gp-rt-bind");
  assert.deepEqual(readdirSync(runDir).sort(), ["cyclictest.txt", "ioport.txt", "mmio.txt", "perf-record.log", "perf.data.guest", "vmexit.txt"]);
  assert.match(readFileSync(join(runDir, "cyclictest.txt"), "utf8"), /Max:\s+21/);
  assert.match(readFileSync(join(runDir, "vmexit.txt"), "utf8"), /Analyze events for all VMs, all VCPUs/);
  const m = parseYaml(readFileSync(join(exp, "experiment.yaml"), "utf8"));
  assert.equal(m.runs.length, 1);
  const run = m.runs[0];
  assert.equal(run.id, "gp-rt-bind");
  assert.equal(run.labelZh, "GP-RT 绑定");
  assert.deepEqual(run.factors, { guestKernel: "rt", pinning: "bind" });
  assert.ok(run.durationS >= 0.9 && run.durationS < 5, `durationS ${run.durationS}`);
  assert.equal(run.commands.record, `perf kvm stat record -p ${vm.pid}`);
  assert.equal(run.commands["report-vmexit"], "perf kvm -i perf.data.guest stat report --event=vmexit > vmexit.txt 2>&1");
  assert.equal(run.host.perfVersion, "6.1.0");
  assert.equal(run.host.vmName, "rt-guest");
  assert.ok(run.host.kernel && run.host.cpuModel);
  assert.deepEqual(run.files.map((f: any) => [f.path, f.kind, f.event ?? f.role ?? null]), [
    ["gp-rt-bind/perf.data.guest", "perf-data", null],
    ["gp-rt-bind/vmexit.txt", "perf-kvm-stat-text", "vmexit"],
    ["gp-rt-bind/ioport.txt", "perf-kvm-stat-text", "ioport"],
    ["gp-rt-bind/mmio.txt", "perf-kvm-stat-text", "mmio"],
    ["gp-rt-bind/cyclictest.txt", "cyclictest", "run"],
  ]);
  assert.equal(readdirSync(exp).filter((n) => n.startsWith(".")).length, 0, "no scratch folder left behind");

  // Refuses to overwrite, and leaves everything as it was.
  const before = readFileSync(join(exp, "experiment.yaml"), "utf8");
  const again = captureIO({ env: env() });
  assert.equal(await runCli(args, again), 1);
  assert.match(again.err.join(""), /run 'gp-rt-bind' already exists .*Use --force/);
  assert.equal(readFileSync(join(exp, "experiment.yaml"), "utf8"), before);

  // --force replaces it.
  const forced = captureIO({ env: env() });
  assert.equal(await runCli([...args, "--force"], forced), 0, forced.err.join(""));
  assert.equal(parseYaml(readFileSync(join(exp, "experiment.yaml"), "utf8")).runs.length, 1);
  vm.kill("SIGTERM");
});

test("vmexit record passes --stdio to perf 6.4 and later only", async () => {
  const vm = startVm("stdio-vm");
  await waitForCmdline(vm.pid!);
  const log = join(dir, "stdio.log");
  const exp = join(dir, "exp-stdio");
  const io = captureIO({ env: env({ STANDIN_PERF_VERSION: "6.8.0", STANDIN_LOG: log }) });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "new-perf", "--pid", String(vm.pid), "--duration", "300ms", "-z"], io), 0, io.err.join(""));
  const calls = readFileSync(log, "utf8");
  assert.match(calls, new RegExp(`kvm stat record -p ${vm.pid} -z`));
  assert.match(calls, /kvm -i perf\.data\.guest stat report --event=vmexit --stdio/);
  assert.match(readFileSync(join(exp, "new-perf", "vmexit.txt"), "utf8"), /Analyze events/);
  vm.kill("SIGTERM");
});

test("vmexit record stops cleanly on Ctrl-C and keeps the run", async () => {
  const vm = startVm("ctrlc-vm");
  await waitForCmdline(vm.pid!);
  const exp = join(dir, "exp-ctrlc");
  const io = captureIO({ env: env() });
  const started = Date.now();
  const done = runCli(["record", "--experiment", exp, "--run", "r1", "--pid", String(vm.pid)], io);
  setTimeout(() => process.emit("SIGINT" as any), 700);
  assert.equal(await done, 0, io.err.join(""));
  assert.ok(Date.now() - started < 10_000);
  assert.match(io.out.join(""), /stopped by Ctrl-C/);
  assert.ok(readFileSync(join(exp, "r1", "perf.data.guest")).length > 0);
  vm.kill("SIGTERM");
});

test("vmexit record reports perf's own error when recording fails, and writes nothing", async () => {
  const exp = join(dir, "exp-fail");
  const io = captureIO({ env: env({ STANDIN_RECORD_FAILS: "1" }) });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "r1", "--pid", String(process.pid), "--duration", "1s"], io), 1);
  assert.match(io.err.join(""), /perf wrote no perf\.data\.guest[\s\S]*Operation not permitted/);
  assert.deepEqual(readdirSync(exp), []);
});

test("the report step runs the real perf on a perf.data made by our writer", async (t) => {
  const perf = needTool(t, "perf", "apt-get install linux-perf");
  if (!perf) return;
  const exp = join(dir, "exp-realperf");
  const io = captureIO({ env: env({ STANDIN_REAL_PERF: perf }) });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "real", "--pid", String(process.pid), "--duration", "300ms"], io), 0, io.err.join(""));
  const text = readFileSync(join(exp, "real", "vmexit.txt"), "utf8");
  assert.match(text, /^\s+HLT\s+3\s+50\.00%/m);
  assert.match(text, /^\s+MSR_WRITE\s+2\s+33\.33%/m);
  assert.match(text, /^\s+IO_INSTRUCTION\s+1\s+16\.67%/m);
  assert.match(text, /Total Samples:6, Total events handled time:162\.00us\./);
  assert.match(readFileSync(join(exp, "real", "ioport.txt"), "utf8"), /0x70:POUT\s+1/);
});

test("factorProblems: a run must set every factor of the experiment, and may not bring a factor the other runs lack", () => {
  const m = addRun(emptyManifest("exp"), { id: "a", labelZh: "a", labelEn: "a", factors: { pinning: "raw" }, files: [] }, { force: false }).manifest;
  assert.deepEqual(factorProblems(m, "b", { pinning: "bind" }), []);
  assert.match(factorProblems(m, "b", {}).join("\n"), /factor 'pinning' \(levels: raw\): give --factor pinning=LEVEL/);
  assert.match(factorProblems(m, "b", { pinning: "bind", kernel: "rt" }).join("\n"), /--factor kernel: the experiment's runs \(a\) do not set 'kernel'/);
  assert.deepEqual(factorProblems(m, "a", { pinning: "raw", kernel: "rt" }), [], "replacing the only run may add a factor");
});

test("vmexit record refuses, before recording, a run that would make the manifest invalid, and a manifest that is already invalid", async () => {
  const vm = startVm("fit-vm");
  await waitForCmdline(vm.pid!);
  const exp = mkdtempSync(join(dir, "exp-fit-"));
  const yaml = "schemaVersion: 1\nid: e\nfactors:\n  - id: pinning\n    levels: [{ id: raw }, { id: bind }]\nruns:\n  - id: a\n    factors: { pinning: raw }\n    files: [{ path: a/vmexit.txt, kind: perf-kvm-stat-text }]\n";
  writeFileSync(join(exp, "experiment.yaml"), yaml);
  const io = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "b", "--vm", "fit-vm", "--duration", "1s"], io), 1);
  assert.match(io.err.join(""), /would not fit experiment\.yaml; nothing was recorded:\n.*give --factor pinning=LEVEL/);
  assert.equal(readFileSync(join(exp, "experiment.yaml"), "utf8"), yaml);
  assert.deepEqual(readdirSync(exp), ["experiment.yaml"]);
  const broken = yaml.replace("{ pinning: raw }", "{ pinning: rw }");
  writeFileSync(join(exp, "experiment.yaml"), broken);
  const io2 = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", exp, "--run", "b", "--vm", "fit-vm", "--duration", "1s", "--factor", "pinning=bind"], io2), 1);
  assert.match(io2.err.join(""), /has problems; fix them first.*\n.*'rw', which is not one of its levels/);
  assert.equal(readFileSync(join(exp, "experiment.yaml"), "utf8"), broken);
  vm.kill("SIGTERM");
});

test("vmexit record --pid of a process that is not QEMU warns before recording; a QEMU pid does not", async () => {
  const other = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", join(dir, "exp-notqemu"), "--run", "r1", "--pid", String(process.pid), "--duration", "200ms"], other), 0, other.err.join(""));
  assert.match(other.err.join(""), new RegExp(`warning: pid ${process.pid} is not a QEMU process`));
  const vm = startVm("pid-vm");
  await waitForCmdline(vm.pid!);
  const io = captureIO({ env: env() });
  assert.equal(await runCli(["record", "--experiment", join(dir, "exp-qemu-pid"), "--run", "r1", "--pid", String(vm.pid), "--duration", "200ms"], io), 0, io.err.join(""));
  assert.doesNotMatch(io.err.join(""), /not a QEMU process/);
  vm.kill("SIGTERM");
});

test("manifestText adds the run to the user's experiment.yaml and keeps its comments and the other runs as written", () => {
  const text = [
    "# GP/RT pinning experiment -- hand-written notes",
    "schemaVersion: 1",
    "id: e",
    "factors:",
    "  - id: pinning",
    "    levels: [{ id: raw }, { id: bind }]",
    "runs:",
    "  - id: a # the first run, recorded on Monday",
    "    factors: { pinning: raw }",
    "    files: [{ path: a/vmexit.txt, kind: perf-kvm-stat-text }]",
    "",
  ].join("\n");
  const before = parseYaml(text);
  const run = { id: "b", labelZh: "b", labelEn: "b", factors: { pinning: "bind" }, files: [{ path: "b/vmexit.txt", kind: "perf-kvm-stat-text" as const }] };
  const after = addRun(before, run, { force: false }).manifest;
  const out = manifestText(text, before, after);
  assert.ok(out.startsWith("# GP/RT pinning experiment -- hand-written notes\n"), out);
  assert.match(out, /- id: a # the first run, recorded on Monday\n    factors: \{ pinning: raw \}/);
  assert.deepEqual(parseYaml(out), after);
  // A new factor level rewrites the factors, nothing else.
  const run2 = { ...run, id: "c", factors: { pinning: "pin" } };
  const after2 = addRun(after, run2, { force: false }).manifest;
  const out2 = manifestText(out, after, after2);
  assert.deepEqual(parseYaml(out2), after2);
  assert.match(out2, /# the first run, recorded on Monday/);
  assert.equal(manifestText(null, emptyManifest("x"), after), stringifyYaml(after));
});
