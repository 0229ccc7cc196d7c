/**
 * Fuzz: seeded mutations of real fixture bytes (flipped bytes, overwritten
 * record sizes, truncations, spliced ranges). Every file must come back as a
 * result with well-formed diagnostics, within a time limit: never an
 * exception, never a hang.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, read } from "./helpers";
import { rng } from "./mutate";

const SOURCES = ["vmx-small.data", "vmx-small.pipe.data", "real/vmx-multivcpu.zstd.data", "vmx-oldfmt.data"];
/** Mutated files per run (FUZZ_RUNS=2000 for a long local run). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A hang shows as a file taking far longer than this. */
const PER_FILE_LIMIT_MS = 10000;

function mutate(src: Buffer, r: () => number): Buffer {
  const b = Buffer.from(src);
  const kind = Math.floor(r() * 5);
  const at = () => Math.floor(r() * b.length);
  if (kind === 0) for (let i = 0, n = 1 + Math.floor(r() * 16); i < n; i++) b[at()] = Math.floor(r() * 256);
  else if (kind === 1) {
    // Overwrite a u16 "size" in the header area of a likely record (8-aligned positions + 6).
    for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) {
      const p = (at() & ~7) + 6;
      if (p + 2 <= b.length) b.writeUInt16LE(Math.floor(r() * 65536), p);
    }
  } else if (kind === 2) return b.subarray(0, at());
  else if (kind === 3) {
    // Overwrite a u64 in the file header or a section pointer with junk.
    const p = 8 * Math.floor(r() * 13);
    if (p + 8 <= b.length) b.writeBigUInt64LE(BigInt(Math.floor(r() * 2 ** 32)) * BigInt(1 + Math.floor(r() * 2 ** 20)), p);
  } else {
    const a = at();
    const c = at();
    const len = Math.floor(r() * 4096);
    b.copy(b, a, c, Math.min(b.length, c + len));
  }
  return b;
}

test("readPerfData survives seeded mutations of fixture files (no throw, no hang, valid diagnostics; the same in the reader thread)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "perf-fuzz-"));
  const r = rng(Number(process.env.FUZZ_SEED ?? 20261125));
  const srcs = SOURCES.map((s) => readFileSync(fixture(s)));
  let runs = 0;
  let withDiagnostics = 0;
  while (runs < RUNS) {
    const src = srcs[runs % srcs.length];
    const m = mutate(src, r);
    const p = join(dir, `m${runs % 8}.data`);
    writeFileSync(p, m);
    const t0 = Date.now();
    const chunkBytes = 4096 + Math.floor(r() * 8192);
    const res = await read(p, { chunkBytes, thread: "never" });
    const ms = Date.now() - t0;
    // Every fifth damaged file also through the reader thread: the same result, diagnostics included.
    if (runs % 5 === 0) assert.deepEqual(await read(p, { chunkBytes, thread: "always", threadBatchEvents: 64 }), res, `run ${runs} in the reader thread`);
    assert.ok(ms < PER_FILE_LIMIT_MS, `run ${runs} took ${ms} ms`);
    assert.equal(res.format, "perf-data");
    for (const d of res.diagnostics) {
      assert.match(d.code, /^perf-data\/[a-z0-9-]+$/);
      assert.ok(d.message.length > 0);
      if (d.offset !== undefined) assert.ok(Number.isInteger(d.offset) && d.offset >= 0, `offset ${d.offset}`);
    }
    JSON.stringify(res);
    if (res.diagnostics.length) withDiagnostics++;
    runs++;
  }
  assert.ok(withDiagnostics > runs / 4, `${withDiagnostics} of ${runs} mutated files were reported`);
  rmSync(dir, { recursive: true, force: true });
});

test("small read chunks give the same result as the default (records spanning reads)", async () => {
  for (const f of ["vmx-small.data", "vmx-small.pipe.data", "real/vmx-multivcpu.zstd.data"]) {
    const a = await read(fixture(f));
    const b = await read(fixture(f), { chunkBytes: 333 });
    assert.deepEqual(b.tables, a.tables, f);
  }
});

test("a pipe-mode file read in tiny chunks (tracing blob far larger than a chunk) reads like its file-mode twin", async () => {
  const a = await read(fixture("vmx-small.data"));
  for (const chunkBytes of [64, 1000, 70000]) {
    const b = await read(fixture("vmx-small.pipe.data"), { chunkBytes });
    assert.deepEqual(b.tables, a.tables, `chunk ${chunkBytes}`);
  }
});
