#!/usr/bin/env node
"use strict";
// `npm run notebooks`: opens notebooks/ in JupyterLab (or the classic
// notebook) with the repository's tslab kernelspec, without installing
// anything globally. npm puts node_modules/.bin (where `tslab` lives) on PATH;
// JUPYTER_PATH makes Jupyter find jupyter/kernels/tslab/kernel.json.
// Extra arguments go to Jupyter: `npm run notebooks -- --port 9999`.
const { spawn, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { linkPackage } = require("./link-package.cjs");

const root = path.resolve(__dirname, "..");
const env = { ...process.env };
env.JUPYTER_PATH = [path.join(root, "jupyter"), env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
env.PATH = [path.join(root, "node_modules", ".bin"), env.PATH].filter(Boolean).join(path.delimiter);

linkPackage(root);
if (!fs.existsSync(path.join(root, "dist", "index.js"))) {
  process.stderr.write("dist/ is missing: run `npm run build` first (notebooks import the built package).\n");
  process.exit(2);
}

function has(cmd) {
  const r = spawnSync(process.platform === "win32" ? "where" : "sh", process.platform === "win32" ? [cmd] : ["-c", `command -v ${cmd}`], { stdio: "ignore" });
  return r.status === 0;
}

const candidates = [
  ["jupyter-lab", []],
  ["jupyter-notebook", []],
  ["jupyter-nbclassic", []],
];
const found = candidates.find(([cmd]) => has(cmd));
if (!found) {
  process.stderr.write(
    [
      "Jupyter is not installed (no jupyter-lab or jupyter-notebook on PATH). Any of these works:",
      "  pipx install jupyterlab          (or: pip install --user jupyterlab)",
      "  sudo apt install jupyter-notebook   (Debian/Ubuntu: the classic notebook)",
      "then run `npm run notebooks` again. Or open notebooks/*.ipynb in VS Code (Jupyter extension),",
      `after setting JUPYTER_PATH=${path.join(root, "jupyter")} and adding ${path.join(root, "node_modules", ".bin")} to PATH,`,
      "and pick the kernel \"TypeScript (vmexit-lab)\".",
      "Without Jupyter, notebooks still run headless: npx vmexit notebook run notebooks/01-overview.ipynb --out /tmp/01.ipynb",
      "",
    ].join("\n"),
  );
  process.exit(1);
}
const [cmd, args] = found;
process.stderr.write(`${cmd} --notebook-dir=${path.join(root, "notebooks")} (kernel: TypeScript (vmexit-lab), JUPYTER_PATH=${env.JUPYTER_PATH})\n`);
const child = spawn(cmd, [...args, `--notebook-dir=${path.join(root, "notebooks")}`, ...process.argv.slice(2)], { env, stdio: "inherit" });
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
