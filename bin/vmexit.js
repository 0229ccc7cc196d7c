#!/usr/bin/env node
"use strict";
// The `vmexit` command. The TypeScript sources are compiled to dist/ by
// `npm run build` (run automatically by `npm install`/`npm ci` through `prepare`).
let cli;
try {
  // `parse` of a big perf.data file: boot the reader thread while the command loads.
  if (process.argv[2] === "parse") require("../dist/perf-data/prestart").prestartForArgs(process.argv.slice(3));
  cli = require("../dist/cli/main");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND") {
    process.stderr.write("vmexit: dist/ is missing; run `npm run build` (or `npm ci`) in the vmexit-lab folder first.\n");
    process.exit(2);
  }
  throw err;
}
cli.runFromProcess();
