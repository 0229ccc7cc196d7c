import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";

test("vmexit --help lists every sub-command and exits 0", async () => {
  const io = captureIO();
  const code = await runCli(["--help"], io);
  assert.equal(code, 0);
  const out = io.out.join("");
  for (const c of ["parse", "summary", "compare", "chart", "notebook", "report", "record"]) assert.match(out, new RegExp(`\\b${c}\\b`));
});

test("vmexit with an unknown option is a usage error (exit 2)", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--no-such-option", "x"], io), 2);
  assert.match(io.err.join(""), /unknown option/);
});

test("vmexit parse --help exits 0 and names the formats", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--help"], io), 0);
  assert.match(io.out.join(""), /Exit codes/);
});

test("vmexit parse on a missing file exits 1 and names the file", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "/nonexistent/report.txt"], io), 1);
  assert.match(io.err.join(""), /\/nonexistent\/report\.txt: cannot read: no such file/);
});

test("vmexit parse on a file of no known format exits 1 without a stack trace", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vmexit-cli-"));
  const f = join(dir, "notes.txt");
  writeFileSync(f, "hello, this is not perf output\n");
  const io = captureIO();
  assert.equal(await runCli(["parse", f], io), 1);
  const err = io.err.join("");
  assert.match(err, /not a known format/);
  assert.doesNotMatch(err, /\n\s+at /);
});

test("vmexit parse --json --csv together is a usage error", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--json", "--csv", "x"], io), 2);
});

test("vmexit parse piped into a reader that closes early (| head) exits quietly, without a stack trace", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const { join: j } = require("node:path") as typeof import("node:path");
  const root = j(__dirname, "..", "..");
  const r = spawnSync("sh", ["-c", `node bin/vmexit.js parse test/fixtures/perf-kvm-stat/samples/*.txt test/fixtures/perf-kvm-stat/samples/*.txt | head -1`], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
});

test("vmexit loads only the sub-command it runs, and all of them for --help", async () => {
  const { commandsFor, COMMANDS } = await import("../../src/cli/commands");
  assert.deepEqual(commandsFor(["parse", "x.txt"]).map((c) => c.name), ["parse"]);
  assert.deepEqual(commandsFor(["report", "--no-pdf"]).map((c) => c.name), ["report"]);
  assert.equal(commandsFor(["--help"]).length, COMMANDS.length);
  assert.equal(commandsFor([]).length, COMMANDS.length);
  assert.equal(commandsFor(["nosuch"]).length, COMMANDS.length);
});

test("parseDurationNs reads ns, us, µs, ms, s, m and bare seconds; rejects zero and junk", async () => {
  const { parseDurationNs } = await import("../../src/model/duration");
  assert.equal(parseDurationNs("100ms"), 100_000_000);
  assert.equal(parseDurationNs("250us"), 250_000);
  assert.equal(parseDurationNs("250µs"), 250_000);
  assert.equal(parseDurationNs("1000ns"), 1000);
  assert.equal(parseDurationNs("2"), 2e9);
  assert.equal(parseDurationNs("1m"), 60e9);
  assert.equal(parseDurationNs("0s"), null);
  assert.equal(parseDurationNs("fast"), null);
});

test("vmexit parse --rate-bucket sets the perf.data rate series bucket; a bad value is a usage error", async () => {
  const { join: j } = await import("node:path");
  const file = j(__dirname, "..", "fixtures", "perf-data", "vmx-small.data");
  const io = captureIO();
  assert.equal(await runCli(["parse", file, "--json", "--rate-bucket", "5ms", "--bins-per-decade", "5"], io), 0, io.err.join(""));
  const out = JSON.parse(io.out.join(""));
  const text = JSON.stringify(out);
  assert.match(text, /"bucketNs":5000000/);
  const bad = captureIO();
  assert.equal(await runCli(["parse", file, "--rate-bucket", "soon"], bad), 2);
  assert.match(bad.err.join(""), /--rate-bucket expects a duration/);
});

test("vmexit parse on a named pipe says what it is and exits 1 instead of waiting for a writer", async () => {
  const { spawnSync } = await import("node:child_process");
  const dir = mkdtempSync(join(tmpdir(), "vmexit-fifo-"));
  const fifo = join(dir, "report.fifo");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  const io = captureIO();
  const code = await Promise.race([runCli(["parse", fifo], io), new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
  assert.equal(code, 1, "no hang");
  assert.match(io.err.join(""), /report\.fifo/);
});

test("createProgress draws on the injected terminal stream only, and not at all without a terminal", async () => {
  const { createProgress } = await import("../../src/cli/progress");
  const { PassThrough } = await import("node:stream");
  assert.equal(createProgress(captureIO(), "f"), undefined);
  const tty = new PassThrough() as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number; cursorTo: () => boolean; clearLine: () => boolean; moveCursor: () => boolean };
  Object.assign(tty, { isTTY: true, columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  let drawn = "";
  (tty as unknown as InstanceType<typeof PassThrough>).on("data", (d: Buffer) => (drawn += d.toString()));
  const bar = createProgress(captureIO({ stderrIsTTY: true, stderrStream: tty }), "big.data");
  assert.ok(bar);
  bar.start(10 * 1048576);
  bar.update(5 * 1048576);
  bar.stop();
  assert.match(drawn, /big\.data/);
});
