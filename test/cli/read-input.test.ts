import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync } from "node:fs";
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readInput } from "../../src/formats/read-input";

test("readInput on a pipe nobody writes to says it is not a regular file instead of blocking", { timeout: 10_000 }, async (t) => {
  const fifo = join(mkdtempSync(join(tmpdir(), "vmexit-fifo-")), "pipe");
  if (spawnSync("mkfifo", [fifo]).status !== 0) return t.skip("mkfifo is not available");
  const out = await readInput(fifo, { fs: { ...fsp, createReadStream }, options: {} });
  assert.equal(out.ok, false);
  assert.ok(!out.ok && out.reason === "unreadable" && /not a regular file/.test(out.message), JSON.stringify(out));
});
