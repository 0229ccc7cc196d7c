/** The small pieces: command lines, field-width units, JSON repair. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { findCommand, parseCommandLine } from "../../src/cyclictest/command-line";
import { decideUnit, toUs, unitFromFieldWidth, unitFromStatusFields } from "../../src/cyclictest/unit";
import { closeTruncated } from "../../src/cyclictest/json";

test("parseCommandLine reads -N, -t, -h and clusters as getopt does", () => {
  const c = parseCommandLine("cyclictest", "-qN -t1 -p 99 -i 10000 -l 100 -h 400");
  assert.deepEqual([c.nsecs, c.quiet, c.threads, c.intervalUs, c.loops, c.histogramBuckets], [true, true, 1, 10000, 100, 400]);
  assert.equal(parseCommandLine("cyclictest", "--nsecs --threads=4").threads, 4);
  assert.equal(parseCommandLine("cyclictest", "-t 2 -H 100").histofall, true);
  assert.equal(parseCommandLine("cyclictest", "-t").threads, "auto");
  assert.equal(parseCommandLine("cyclictest", "--smp -m").threads, "auto");
});

test("parseCommandLine: '-smp' is -s -m -p and -p swallows the next word (as getopt does), so -N after it is lost", () => {
  const c = parseCommandLine("cyclictest", "-smp -N -i 10000");
  assert.equal(c.nsecs, false);
  assert.equal(c.intervalUs, 10000);
  assert.equal(parseCommandLine("cyclictest", "-p 80 -N").nsecs, true);
});

test("findCommand finds rt-tests invocations behind prompts and paths, not prose", () => {
  assert.equal(findCommand("root@am57xx-evm:~# cyclictest --mlockall --smp")?.text, "cyclictest --mlockall --smp");
  assert.equal(findCommand("sudo ./cyclictest -l100000 -m")?.args, "-l100000 -m");
  assert.equal(findCommand("$ sudo rt-tests.cyclictest --mlockall")?.program, "cyclictest");
  assert.equal(findCommand("# cyclicdeadline -t 4")?.program, "cyclicdeadline");
  assert.equal(findCommand("Without patch, cyclictest output:"), null);
  assert.equal(findCommand("$ sudo cyclictest")?.text, "cyclictest");
  assert.equal(findCommand("I like cyclictest"), null);
});

test("unitFromFieldWidth: %5ld is µs, %8ld is ns, a filled field says nothing unless 6-7 digits, other widths are hand-typed", () => {
  assert.equal(unitFromFieldWidth("  187"), "us");
  assert.equal(unitFromFieldWidth("   72713"), "ns");
  assert.equal(unitFromFieldWidth("100000"), "us");
  assert.equal(unitFromFieldWidth("12345678"), null);
  assert.equal(unitFromFieldWidth("   4"), "nonconforming");
  assert.equal(unitFromStatusFields("    5", "   4"), "nonconforming");
  assert.equal(unitFromStatusFields("    0", "    0"), "us");
  assert.equal(unitFromStatusFields("  187", "   72713"), "nonconforming");
});

test("decideUnit takes JSON, then the command line, then the widths, and lists disagreeing sources", () => {
  assert.deepEqual(decideUnit({ json: null, commandLine: "ns", fieldWidths: "us" }, null), { unit: "ns", source: "command-line", conflicts: [{ source: "field-widths", unit: "us" }] });
  assert.deepEqual(decideUnit({ json: "us", commandLine: null, fieldWidths: null }, null).source, "json");
  assert.deepEqual(decideUnit({ json: null, commandLine: null, fieldWidths: null }, null), { unit: null, source: null, conflicts: [] });
  assert.equal(decideUnit({ json: "us", commandLine: null, fieldWidths: null }, "ns").source, "option");
});

test("toUs divides ns by 1000 without float noise and leaves µs and unknown as they are", () => {
  assert.equal(toUs(138715, "ns"), 138.715);
  assert.equal(toUs(97692.75, "ns"), 97.69275);
  assert.equal(toUs(1, "ns"), 0.001);
  assert.equal(toUs(187, "us"), 187);
  assert.equal(toUs(187, null), 187);
});

test("closeTruncated cuts back to the last complete member and closes the brackets", () => {
  assert.deepEqual(JSON.parse(closeTruncated('{"a": 1, "b": {"c": 2, "d')), { a: 1, b: { c: 2 } });
  assert.deepEqual(JSON.parse(closeTruncated('{"a": [1, 2')), { a: [1] });
  assert.equal(closeTruncated('{"a": 1}'), '{"a": 1}');
});

test("parseCyclictestCommandLine takes a whole command or just its options, and refuses other programs", () => {
  const { parseCyclictestCommandLine } = require("../../src/index") as typeof import("../../src/index");
  assert.equal(parseCyclictestCommandLine("sudo cyclictest -N -t1")?.nsecs, true);
  assert.equal(parseCyclictestCommandLine("-q -t 2")?.threads, 2);
  assert.equal(parseCyclictestCommandLine("cyclicdeadline -t 2"), null);
  assert.throws(() => parseCyclictestCommandLine(3 as unknown as string), /text must be a string/);
});
