/** perfDataHandler through the format table and the CLI (`vmexit parse`). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { detectFormat } from "../../src/formats";
import { perfDataHandler } from "../../src/perf-data/handler";
import { cleanPerfOutput, fixture } from "./helpers";

test("perfDataHandler.sniff recognises file mode, pipe mode and big-endian magic, and nothing else", () => {
  const head = readFileSync(fixture("vmx-small.data")).subarray(0, 64);
  assert.equal(perfDataHandler.sniff(head), 1);
  assert.equal(perfDataHandler.sniff(readFileSync(fixture("vmx-small.pipe.data")).subarray(0, 64)), 1);
  const be = Buffer.alloc(16);
  be.write("2ELIFREP", 0, "latin1");
  be.writeBigUInt64BE(104n, 8);
  assert.equal(perfDataHandler.sniff(be), 1);
  assert.equal(perfDataHandler.sniff(Buffer.from("Analyze events for all VMs, all VCPUs:\n")), 0);
  assert.equal(detectFormat(head)?.id, "perf-data");
});

test("vmexit parse FILE.data prints perf's table, then the percentiles", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", fixture("vmx-small.data")], io), 0);
  const out = io.out.join("");
  const perf = cleanPerfOutput(readFileSync(fixture("perf-output/vmx-small.kvm-stat-vmexit.txt"), "utf8")).trim();
  assert.ok(out.includes(perf), "perf's table is printed as perf prints it");
  assert.match(out, /p99\.9/);
  assert.match(out, /HLT\s+62\s+478\.16\s+819\.33\s+879\.38/);
});

test("vmexit parse --json --vcpu 0 -k time FILE.data honours the options", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--json", "--vcpu", "0", "-k", "time", fixture("vmx-small.data")], io), 0);
  const res = JSON.parse(io.out.join(""));
  assert.equal(res.format, "perf-data");
  assert.equal(res.tables[0].scope.vcpu, 0);
  assert.equal(res.tables[0].sortKey, "time");
  assert.equal(res.tables[0].rows[0].name, "HLT");
  assert.equal(res.tables[0].rows[0].minUs, 0);
});

test("vmexit parse --csv --event ioport FILE.data gives one row per port", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--csv", "--event", "ioport", fixture("vmx-io.data")], io), 0);
  const lines = io.out.join("").trim().split("\n");
  assert.match(lines[0], /^file,event,vcpu,name,exitCode,kernelName,samples/);
  assert.equal(lines.length, 1 + 6);
  assert.match(lines[1], /,ioport,,0xcf8:POUT,,,24,21\.43,/);
});

test("vmexit parse --event bogus is a diagnostic, not a stack trace", async () => {
  const io = captureIO();
  await runCli(["parse", "--json", "--event", "bogus", fixture("vmx-small.data")], io);
  assert.match(io.err.join(""), /perf-data\/bad-option/);
  assert.doesNotMatch(io.err.join(""), /at .*\.ts:\d+/);
});

test("readPerfData reports progress: start(total bytes), updates, stop", async () => {
  const { read } = await import("./helpers");
  const calls: string[] = [];
  const progress = { start: (n: number) => void calls.push(`start ${n}`), update: (n: number) => void calls.push(`update ${n}`), stop: () => void calls.push("stop") };
  await read(fixture("vmx-small.data"), { progress });
  assert.equal(calls[0], "start 58320");
  assert.equal(calls[calls.length - 2], "update 58320");
  assert.equal(calls[calls.length - 1], "stop");
});
