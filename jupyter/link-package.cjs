#!/usr/bin/env node
"use strict";
// Makes `import ... from "vmexit-lab"` work in notebooks/: ensures
// notebooks/node_modules/vmexit-lab points at the repository root, the way
// `npm install file:..` would link it. The link is committed; this script
// repairs it where a checkout could not create symlinks (Windows: a junction).
// Usage: node jupyter/link-package.cjs   (run by `npm run notebooks`)
const fs = require("node:fs");
const path = require("node:path");

function linkPackage(root = path.resolve(__dirname, "..")) {
  const dir = path.join(root, "notebooks", "node_modules");
  const link = path.join(dir, "vmexit-lab");
  try {
    if (fs.realpathSync(link) === fs.realpathSync(root)) return "ok";
  } catch {
    // missing or broken: (re)create below
  }
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.rmSync(link, { recursive: false, force: true });
  } catch {
    // a plain file that rmSync refused; symlinkSync reports it below
  }
  if (process.platform === "win32") fs.symlinkSync(root, link, "junction");
  else fs.symlinkSync(path.join("..", ".."), link, "dir");
  return "created";
}

module.exports = { linkPackage };

if (require.main === module) {
  const state = linkPackage();
  if (state === "created") process.stdout.write("notebooks/node_modules/vmexit-lab -> .. (created)\n");
}
