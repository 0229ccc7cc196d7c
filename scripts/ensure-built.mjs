#!/usr/bin/env node
// Builds dist/ only when it is missing or older than a source file, so that
// `npm run report` does not pay for a full TypeScript build (tens of seconds
// on 2 cores) when nothing changed. `npm ci` already builds through `prepare`.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function newestMtimeMs(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtimeMs(p) : st.mtimeMs);
  }
  return newest;
}

const stamp = "dist/index.js";
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const sources = Math.max(newestMtimeMs("src"), statSync("tsconfig.json").mtimeMs, statSync("tsconfig.build.json").mtimeMs);
if (built >= sources) process.exit(0);
console.error(built ? "ensure-built: src/ changed since the last build; building dist/ ..." : "ensure-built: no dist/ yet; building ...");
const r = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], { stdio: "inherit" });
process.exit(r.status ?? 1);
