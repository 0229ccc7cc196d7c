#!/usr/bin/env node
// Runs every benchmark under bench/ (files named *.bench.ts), or those named
// on the command line. Each prints its measurements and the ratio against its
// named reference. Usage: npm run bench [-- bench/x.bench.ts ...]
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const files = process.argv.length > 2 ? process.argv.slice(2) : readdirSync("bench").filter((f) => f.endsWith(".bench.ts")).sort().map((f) => join("bench", f));
if (files.length === 0) {
  console.error("run-bench: no bench/*.bench.ts files");
  process.exit(1);
}
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", f], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
