/** `vmexit parse` on cyclictest files, run in-process with captured IO. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import { FIXTURES, validate } from "./helpers";

const fx = (name: string) => join(FIXTURES, name);

test("vmexit parse <cyclictest file> --json prints format cyclictest with threads, histogram and unit, exit 0", async () => {
  const io = captureIO();
  const code = await runCli(["parse", fx("12-own-threads-t2-live.txt"), "--json"], io);
  assert.equal(code, 0);
  const out = JSON.parse(io.out.join(""));
  validate(out);
  assert.equal(out.format, "cyclictest");
  assert.equal(out.unit, "us");
  assert.equal(out.histogram, null);
  assert.deepEqual(
    out.threads.map((t: Record<string, unknown>) => [t.thread, t.tid, t.priority, t.intervalUs, t.cycles, t.minUs, t.actUs, t.avgUs, t.maxUs]),
    [
      [0, 9824, 99, 10000, 200, 60, 82, 130, 744],
      [1, 9825, 99, 10500, 191, 50, 160, 99, 534],
    ],
  );
  assert.equal(io.err.join(""), "");
});

test("vmexit parse on a cyclicdeadline look-alike exits 1 and says what it is on stderr", async () => {
  const io = captureIO();
  const code = await runCli(["parse", fx("67-pub-NOT-CYCLICTEST-cyclicdeadline-similar-lines.txt")], io);
  assert.equal(code, 1);
  const err = io.err.join("");
  assert.match(err, /67-pub-NOT-CYCLICTEST-cyclicdeadline-similar-lines\.txt:3: error: this is not cyclictest output but cyclicdeadline output/);
  assert.match(err, /\[cyclictest\/not-this-format\]/);
  assert.doesNotMatch(err, /\n\s+at /);
});

test("vmexit parse on a file with warnings exits 0 and prints them on stderr as file:line", async () => {
  const io = captureIO();
  const code = await runCli(["parse", fx("52-pub-snap-rpi5-WARN-ERROR-lines-before-header.txt")], io);
  assert.equal(code, 0);
  assert.match(io.err.join(""), /52-pub-snap-rpi5-WARN-ERROR-lines-before-header\.txt:2: warning: cyclictest printed 'WARN: open \/dev\/cpu_dma_latency: Operation not permitted' \[cyclictest\/tool-warning\]/);
  assert.match(io.out.join(""), /max µs/);
});

test("vmexit parse --csv on a histogram prints one row per bucket with the file column", async () => {
  const io = captureIO();
  const code = await runCli(["parse", fx("27-own-unbuffered-u-quiet-hist-oflow.txt"), "--csv"], io);
  assert.equal(code, 0);
  const lines = io.out.join("").trim().split("\n");
  assert.equal(lines[0], "file,kind,thread,tid,priority,intervalUs,cycles,minUs,actUs,avgUs,maxUs,overflows,latencyUs,count,unit");
  assert.equal(lines.filter((l) => l.includes(",bucket,")).length, 20);
  assert.ok(lines.some((l) => /,histogram,0,,,,,16,,93,746,199,,,unknown$/.test(l)), lines.slice(0, 3).join("\n"));
});

test("vmexit parse --json on two cyclictest files prints an array, both with format cyclictest", async () => {
  const io = captureIO();
  const code = await runCli(["parse", fx("16-own-json-nsecs-N.json"), fx("06-own-hist-h100-quiet.txt"), "--json"], io);
  assert.equal(code, 0);
  const out = JSON.parse(io.out.join(""));
  validate(out);
  assert.deepEqual(out.map((r: { format: string; unit: string | null }) => [r.format, r.unit]), [
    ["cyclictest", "ns"],
    ["cyclictest", null],
  ]);
});
