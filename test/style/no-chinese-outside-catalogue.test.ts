import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");
const ALLOWED = [/^src\/messages\//, /^src\/catalogue\/glossary-[a-z0-9]+\.ts$/];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

test("all Chinese wording in src/ lives in the message catalogue (src/messages) or the glossary data", () => {
  const offenders: string[] = [];
  for (const f of walk(join(ROOT, "src"))) {
    const rel = relative(ROOT, f);
    if (ALLOWED.some((re) => re.test(rel))) continue;
    readFileSync(f, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const code = line
          .replace(/\/\*.*?\*\//g, "")
          .replace(/\/\/.*$/, "")
          .replace(/^\s*(\/\*\*?|\*).*$/, "");
        if (/[\u4e00-\u9fff]/.test(code)) offenders.push(`${rel}:${i + 1}: ${line.trim().slice(0, 80)}`);
      });
  }
  assert.deepEqual(offenders, [], `Chinese text outside the catalogue:\n${offenders.join("\n")}`);
});
