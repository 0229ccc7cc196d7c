/**
 * Tests that need a real tool (perf, chromium, jupyter, pdftotext) call
 * `needTool`. In CI (`CI=true`) a missing tool is a failure; elsewhere the
 * test is skipped with the reason printed.
 */
import { spawnSync } from "node:child_process";
import type { TestContext } from "node:test";

const cache = new Map<string, string | null>();

/** Absolute path of `name` on PATH, or null. */
export function which(name: string): string | null {
  if (!cache.has(name)) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    cache.set(name, r.status === 0 ? r.stdout.trim() : null);
  }
  return cache.get(name) ?? null;
}

export const inCI = process.env.CI === "true";

/**
 * Returns the tool's path, or skips the test (outside CI) / throws (in CI).
 * `install` says how to get it, for the message.
 */
export function needTool(t: TestContext, name: string, install: string): string | null {
  const p = which(name);
  if (p) return p;
  const reason = `${name} not found on PATH (${install})`;
  if (inCI) throw new Error(`CI=true and a required tool is missing: ${reason}`);
  t.skip(reason);
  console.log(`# skipped: ${reason}`);
  return null;
}
