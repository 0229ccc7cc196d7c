/**
 * --event, --vcpu and -k on perf kvm stat text (src/perf-text/select.ts),
 * checked against what real perf 6.1 printed for the same recordings
 * (test/fixtures/perf-data/perf-output).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { perfKvmStatTextHandler } from "../../src/perf-text/handler";
import { runCli } from "../../src/cli/main";
import { captureIO } from "../../src/cli/io";
import type { ParseOptions } from "../../src/formats/types";
import type { KvmStatTable, PerfKvmStatTextResult } from "../../src/model/kvm-stat";
import { PERF_TEXT_CODES } from "../../src/perf-text/codes";

const OUT = join(__dirname, "..", "fixtures", "perf-data", "perf-output");
const out = (name: string) => join(OUT, name);
const dir = mkdtempSync(join(tmpdir(), "vmexit-select-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const fs = { open: fsp.open, readFile: fsp.readFile, stat: fsp.stat, createReadStream };

function joined(name: string, parts: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, parts.map((f) => readFileSync(out(f), "utf8")).join("\n"));
  return p;
}

async function parse(path: string, options: ParseOptions): Promise<PerfKvmStatTextResult> {
  const r = await perfKvmStatTextHandler.parse(path, { fs, options });
  for (const d of r.diagnostics) assert.ok(d.code in PERF_TEXT_CODES, `undocumented code ${d.code}`);
  return r;
}

async function streamed(path: string, options: ParseOptions): Promise<{ tables: KvmStatTable[]; result: PerfKvmStatTextResult }> {
  const tables: KvmStatTable[] = [];
  const result = await perfKvmStatTextHandler.parseStreaming(path, { fs, options }, (t) => void tables.push(t));
  return { tables, result };
}

const RECORDINGS = ["svm-small", "vmx-edge", "vmx-io", "vmx-multivcpu", "vmx-oldfmt"];

test("-k time on perf's default report gives the rows in the order perf 6.1 printed for -k time (by mean)", async () => {
  for (const rec of RECORDINGS) {
    const byTime = (await parse(out(`${rec}.kvm-stat-vmexit-key-time.txt`), {})).tables[0];
    const resorted = (await parse(out(`${rec}.kvm-stat-vmexit.txt`), { sortKey: "time" })).tables[0];
    assert.ok(resorted.rows.length > 1, rec);
    const avgs = resorted.rows.map((r) => r.avgUs);
    const ties = new Set(avgs).size < avgs.length;
    if (!ties) assert.deepEqual(resorted.rows.map((r) => r.name), byTime.rows.map((r) => r.name), rec);
    else assert.deepEqual([...resorted.rows.map((r) => r.name)].sort(), [...byTime.rows.map((r) => r.name)].sort(), rec);
    for (let i = 1; i < avgs.length; i++) assert.ok((avgs[i - 1] ?? 0) >= (avgs[i] ?? 0), `${rec}: descending means`);
    // -k sample on perf's -k time report gives perf's default order back (by samples).
    const back = (await parse(out(`${rec}.kvm-stat-vmexit-key-time.txt`), { sortKey: "sample" })).tables[0];
    const def = (await parse(out(`${rec}.kvm-stat-vmexit.txt`), {})).tables[0];
    assert.deepEqual(back.rows.map((r) => r.samples), def.rows.map((r) => r.samples), rec);
  }
});

test("--event picks the tables of that event from a file holding several", async () => {
  const f = joined("vmexit-ioport-mmio.txt", ["vmx-io.kvm-stat-vmexit.txt", "vmx-io.kvm-stat-ioport.txt", "vmx-io.kvm-stat-mmio.txt"]);
  const all = await parse(f, {});
  assert.deepEqual(all.tables.map((t) => t.event), ["vmexit", "ioport", "mmio"]);
  for (const ev of ["vmexit", "ioport", "mmio"]) {
    const r = await parse(f, { event: ev });
    assert.deepEqual(r.tables, all.tables.filter((t) => t.event === ev), ev);
    assert.deepEqual(r.diagnostics, all.diagnostics, `${ev}: nothing to say`);
    const s = await streamed(f, { event: ev });
    assert.deepEqual(s.tables, r.tables, `${ev}: streamed`);
  }
});

test("--vcpu N keeps the tables perf printed for vCPU N; a report of all vCPUs cannot be split and says so", async () => {
  const f = joined("all-and-vcpu0.txt", ["vmx-multivcpu.kvm-stat-vmexit.txt", "vmx-multivcpu.kvm-stat-vmexit-vcpu0.txt"]);
  const r = await parse(f, { vcpu: 0 });
  assert.equal(r.tables.length, 1);
  assert.equal(r.tables[0].scope.vcpu, 0);
  assert.ok(!r.diagnostics.some((d) => d.code === "kvm-stat/no-table-selected"));
  const none = await parse(out("vmx-multivcpu.kvm-stat-vmexit.txt"), { vcpu: 1 });
  assert.deepEqual(none.tables, []);
  const d = none.diagnostics.find((x) => x.code === "kvm-stat/no-table-selected");
  assert.ok(d, "a warning, not a silently different table");
  assert.equal(d.severity, "warning");
  assert.match(d.message, /--vcpu 1/);
  assert.match(d.message, /vmexit \(all vCPUs\)/);
  assert.match(d.message, /perf kvm stat report --vcpu 1/);
  const s = await streamed(out("vmx-multivcpu.kvm-stat-vmexit.txt"), { vcpu: 1 });
  assert.deepEqual(s.tables, []);
  assert.ok(s.result.diagnostics.some((x) => x.code === "kvm-stat/no-table-selected"), "streamed too");
});

test("vmexit parse: --vcpu on a text report of all vCPUs prints the warning; -k with an unknown key is a usage error (exit 2)", async () => {
  const io = captureIO();
  assert.equal(await runCli(["parse", "--vcpu", "1", out("vmx-multivcpu.kvm-stat-vmexit.txt")], io), 0);
  assert.match(io.err.join(""), /no-table-selected/);
  const io2 = captureIO();
  assert.equal(await runCli(["parse", "-k", "max_t", out("vmx-multivcpu.kvm-stat-vmexit.txt")], io2), 2);
  assert.match(io2.err.join(""), /sample, time/);
  const io3 = captureIO();
  assert.equal(await runCli(["parse", "--json", "-k", "time", out("vmx-io.kvm-stat-vmexit.txt")], io3), 0);
  const rows = (JSON.parse(io3.out.join("")) as { tables: KvmStatTable[] }).tables[0].rows;
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1].avgUs ?? 0) >= (rows[i].avgUs ?? 0));
});

test("a library caller's unknown -k on text is an error diagnostic and no table", async () => {
  const r = await parse(out("vmx-io.kvm-stat-vmexit.txt"), { sortKey: "max_t" });
  assert.deepEqual(r.tables, []);
  assert.ok(r.diagnostics.some((d) => d.code === "kvm-stat/bad-option" && d.severity === "error"));
});
