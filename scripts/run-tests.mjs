#!/usr/bin/env node
// Runs the test suite with node's test runner. Test files are listed
// explicitly (a glob that matches nothing would run zero tests and pass).
// Usage: node scripts/run-tests.mjs [test/file.test.ts ...]
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "fixtures" || name === "node_modules") continue;
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : findTests("test");
if (files.length === 0) {
  console.error("run-tests: no test files found under test/");
  process.exit(1);
}
const args = ["--import", "tsx", "--test", "--test-reporter=spec", ...files];
const r = spawnSync(process.execPath, args, { stdio: "inherit", env: process.env });
process.exit(r.status ?? 1);
