/**
 * sniffCyclictest and the handler: cyclictest files are claimed with high
 * confidence, look-alikes just above the threshold (so parse can name them),
 * perf kvm stat text and perf.data files not at all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as fsPromises from "node:fs/promises";
import { createReadStream } from "node:fs";
import { sniffCyclictest } from "../../src/cyclictest/sniff";
import { cyclictestHandler } from "../../src/cyclictest/handler";
import { detectFormat, SNIFF_THRESHOLD } from "../../src/formats";
import { readHead } from "../../src/formats/read-input";
import { cyclictestFixtureNames } from "../../scripts/update-cyclictest-goldens";
import { FIXTURES, validate } from "./helpers";

const realFs = { open: fsPromises.open, readFile: fsPromises.readFile, stat: fsPromises.stat, createReadStream };
const head = (path: string) => readFileSync(path).subarray(0, 64 * 1024);

/** Fixtures that hold no cyclictest output of their own (stderr only, empty, look-alikes). */
const NOT_CLAIMED = new Set([
  "21-own-default-system-warn.stderr.txt",
  "28-own-smi-nonroot-or-unsupported.stderr.txt",
  "28-own-smi-nonroot-or-unsupported.txt",
]);
const LOOKALIKES = new Set(["67-pub-NOT-CYCLICTEST-cyclicdeadline-similar-lines.txt", "69-pub-ptsematest-json-rt-tests-2.80-PARTIAL.txt"]);

test("sniffCyclictest claims every cyclictest fixture with at least 0.7, and detectFormat picks cyclictest", () => {
  let n = 0;
  for (const name of cyclictestFixtureNames()) {
    if (NOT_CLAIMED.has(name) || LOOKALIKES.has(name)) continue;
    const h = head(join(FIXTURES, name));
    assert.ok(sniffCyclictest(h) >= 0.7, `${name}: ${sniffCyclictest(h)}`);
    assert.equal(detectFormat(h)?.id, "cyclictest", name);
    n++;
  }
  assert.ok(n >= 55);
});

test("sniffCyclictest scores look-alikes (cyclicdeadline, ptsematest JSON) just above the threshold, below real output", () => {
  for (const name of LOOKALIKES) {
    const s = sniffCyclictest(head(join(FIXTURES, name)));
    assert.ok(s > SNIFF_THRESHOLD && s < 0.5, `${name}: ${s}`);
  }
});

test("sniffCyclictest gives 0 to perf kvm stat text, perf script text and perf.data files", () => {
  const dir = join(FIXTURES, "not-cyclictest");
  const files = readdirSync(dir);
  assert.ok(files.some((f) => f.endsWith(".data")));
  for (const f of files) assert.equal(sniffCyclictest(head(join(dir, f))), 0, f);
});

test("sniffCyclictest gives 0 to empty input, NUL bytes and a bare stderr line", () => {
  assert.equal(sniffCyclictest(new Uint8Array(0)), 0);
  assert.equal(sniffCyclictest(Buffer.from("T: 0 ( 1) P:99 I:1 C: 1 Min: 1 Act: 1 Avg: 1 Max: 1\n\0\0")), 0);
  assert.equal(sniffCyclictest(Buffer.from("FATAL: SMI counter is not supported on this processor\n")), 0);
});

test("cyclictestHandler.parse reads through the injected fs and returns a schema-valid result", async () => {
  const path = join(FIXTURES, "04-own-quiet-q.txt");
  const r = await cyclictestHandler.parse(path, { fs: realFs, options: {} });
  validate(r);
  assert.equal(r.file, path);
  assert.equal(r.threads[0].maxUs, 480);
  const h = await readHead(path, { fs: realFs, options: {} });
  assert.equal(detectFormat(h), cyclictestHandler);
});

test("cyclictestHandler.parse turns a read failure into an unreadable diagnostic", async () => {
  const failing = { ...realFs, readFile: (async () => { throw new Error("EIO: i/o error"); }) as unknown as typeof fsPromises.readFile };
  const r = await cyclictestHandler.parse("/x/y.txt", { fs: failing, options: {} });
  assert.deepEqual(r.diagnostics.map((d) => d.code), ["cyclictest/unreadable"]);
  validate(r);
});

test("cyclictestHandler.renderText shows a per-thread table with units and a histogram summary", async () => {
  const r = await cyclictestHandler.parse(join(FIXTURES, "05-own-hist-h100-live.txt"), { fs: realFs, options: {} });
  const text = cyclictestHandler.renderText(r);
  assert.match(text, /thread\s+tid\s+prio\s+interval µs\s+cycles\s+min µs\s+act µs\s+avg µs\s+max µs/);
  assert.match(text, /\n0\s+9166\s+99\s+10000\s+200\s+59\s+118\s+137\s+2409\n/);
  assert.match(text, /histogram \(text, rt-tests <=2\.6 form\): bucket width 1 µs/);
  assert.match(text, /\n0\s+91\s+109\s+/);
});

test("cyclictestHandler.toCsv gives one row per thread, histogram summary and bucket", async () => {
  const r = await cyclictestHandler.parse(join(FIXTURES, "07-own-histofall-H100-t2-quiet.txt"), { fs: realFs, options: {} });
  const csv = cyclictestHandler.toCsv(r);
  assert.equal(csv.header[0], "kind");
  assert.ok(csv.rows.every((row) => row.length === csv.header.length));
  assert.equal(csv.rows.filter((row) => row[0] === "histogram").length, 2);
  assert.equal(csv.rows.filter((row) => row[0] === "bucket").length, 200);
});

test("sniffCyclictest and cyclictestHandler.parse read a UTF-16 copy with a BOM (saved by a Windows tool)", async () => {
  const text = readFileSync(join(FIXTURES, "04-own-quiet-q.txt"), "utf8");
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  assert.ok(sniffCyclictest(bytes) >= 0.9);
  const fakeFs = { ...realFs, readFile: (async () => bytes) as unknown as typeof fsPromises.readFile };
  const r = await cyclictestHandler.parse("utf16.txt", { fs: fakeFs, options: {} });
  assert.equal(r.threads[0].maxUs, 480);
  assert.equal(r.dmaLatencyUs, 0);
});

test("parseCyclictest ignores a UTF-8 BOM before the first line", () => {
  const { parseCyclictest } = require("../../src/cyclictest/parse") as typeof import("../../src/cyclictest/parse");
  const r = parseCyclictest("\ufeff" + readFileSync(join(FIXTURES, "04-own-quiet-q.txt"), "utf8"), "bom.txt");
  assert.equal(r.dmaLatencyUs, 0);
  assert.deepEqual(r.diagnostics, []);
});
