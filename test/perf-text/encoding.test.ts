/**
 * Text encodings of perf kvm stat copies: UTF-8, and UTF-16 in either byte
 * order when a BOM says so, read alike even when the stream splits a
 * character across chunks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fsp from "node:fs/promises";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readInput } from "../../src/formats/read-input";
import { parsePerfKvmStatText } from "../../src/perf-text/read";
import { sniffPerfKvmStatText, textEncoding } from "../../src/perf-text/sniff";
import type { PerfKvmStatTextResult } from "../../src/model/kvm-stat";

const SRC = join(__dirname, "..", "fixtures", "perf-kvm-stat", "acceptance", "a03-svm-spaces-truncated-unknown.txt");
const dir = mkdtempSync(join(tmpdir(), "vmexit-enc-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function utf16(text: string, order: "le" | "be"): Buffer {
  const le = Buffer.from("\ufeff" + text.replace(/\n/g, "\r\n"), "utf16le");
  return order === "le" ? le : Buffer.from(le).swap16();
}

test("UTF-16BE and UTF-16LE copies (BOM, CRLF) are detected and read like the UTF-8 original, also in 3-byte stream chunks", async () => {
  const text = readFileSync(SRC, "utf8");
  const want = parsePerfKvmStatText(text, SRC).tables;
  assert.ok(want.length > 0);
  for (const order of ["be", "le"] as const) {
    const bytes = utf16(text, order);
    assert.equal(textEncoding(bytes), order === "be" ? "utf16be" : "utf16le");
    assert.ok(sniffPerfKvmStatText(bytes.subarray(0, 4096)) > 0, `${order}: sniffed`);
    const p = join(dir, `a03.utf16${order}.txt`);
    writeFileSync(p, bytes);
    for (const highWaterMark of [undefined, 3]) {
      const fs = { ...fsp, createReadStream: ((f: string, o?: object) => createReadStream(f, { ...o, ...(highWaterMark ? { highWaterMark } : {}) })) as typeof createReadStream };
      const out = await readInput(p, { fs, options: {} });
      assert.ok(out.ok, out.ok ? "" : out.message);
      if (!out.ok) continue;
      const r = out.result as PerfKvmStatTextResult;
      assert.equal(r.format, "perf-kvm-stat-text");
      assert.deepEqual(r.tables, want, `${order}, chunks ${highWaterMark ?? "default"}`);
    }
  }
});
