#!/usr/bin/env node
"use strict";
// The `vmexit` command. The TypeScript sources are compiled to dist/ by
// `npm run build` (run automatically by `npm install`/`npm ci` through `prepare`).
let cli;
try {
  cli = require("../dist/cli/main");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND") {
    process.stderr.write("vmexit: dist/ is missing; run `npm run build` (or `npm ci`) in the vmexit-lab folder first.\n");
    process.exit(2);
  }
  throw err;
}
cli.runFromProcess();
