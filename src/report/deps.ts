/**
 * The real outside world for the report generator: Node's fs, fontconfig,
 * the headless notebook runner and a shared Chromium. Tests build their own
 * `ReportDeps` with fakes instead.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic";
import { createBrowserProvider } from "./browser";
import type { FontIO } from "./fonts";
import type { ReportDeps } from "./generate";
import type { NotebookRun, NotebookRunner, OutputExtractor } from "./notebooks";

export function systemCjkFamilies(): string[] {
  const r = spawnSync("fc-list", [":lang=zh", "family"], { encoding: "utf8" });
  if (r.status !== 0 || !r.stdout) return [];
  return [...new Set(r.stdout.split("\n").map((l) => l.split(",")[0].trim()).filter(Boolean))].sort();
}

export const nodeFontIO: FontIO = {
  resolve: (id) => require.resolve(id),
  readFile: (p) => readFileSync(p),
  readText: (p) => readFileSync(p, "utf8"),
  systemCjkFamilies,
};

/** The headless runner of src/notebook, adapted to the report's NotebookRunner. Loaded lazily. */
export const headlessRunner: NotebookRunner = async (path, params): Promise<NotebookRun> => {
  const nb = require("../notebook/run") as typeof import("../notebook/run");
  const r = await nb.runNotebook(path, { params });
  return {
    ok: r.ok,
    notebook: r.notebook,
    error: r.ok ? undefined : r.failure ? nb.formatFailure(path, r.failure) : r.diagnostics.map((d) => `${d.file}: ${d.message} [${d.code}]`).join("\n") || `${path}: the notebook failed`,
    diagnostics: r.diagnostics,
  };
};

export const labelledOutputs: OutputExtractor = (notebook, file) => {
  const labels = require("../notebook/labels") as typeof import("../notebook/labels");
  const ex = labels.extractLabelledOutputs(notebook, file);
  return { outputs: ex.outputs.map(({ cellIndex: _i, cellId: _c, ...o }) => o), diagnostics: ex.diagnostics };
};

/** The notebook parameter that takes the experiment folder: the first declared parameter whose name mentions the experiment. */
export function experimentParamOf(notebookPath: string): string | null {
  try {
    const nb = JSON.parse(readFileSync(notebookPath, "utf8")) as { cells?: { cell_type: string; metadata?: { tags?: string[] }; source: string | string[] }[] };
    const params = require("../notebook/params") as typeof import("../notebook/params");
    const cell = (nb.cells ?? []).find((c) => c.cell_type === "code" && (c.metadata?.tags ?? []).includes(params.PARAMETERS_TAG));
    if (!cell) return null;
    const names = params.declaredParameters(Array.isArray(cell.source) ? cell.source.join("") : cell.source);
    return names.find((n) => /experiment|dir/i.test(n)) ?? null;
  } catch {
    return null;
  }
}

/**
 * sha256 of the code files (.js, .ts) under `dir`, paths and contents, in
 * sorted order: the package's dist/ (or src/ when run through tsx). About
 * 10 ms for the whole package; "" when the folder cannot be read.
 */
export function codeIdOf(dir: string): string {
  const hash = createHash("sha256");
  const walk = (rel: string): void => {
    const entries = readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (e.isFile() && /\.(js|ts)$/.test(e.name) && !e.name.endsWith(".d.ts")) hash.update(`${r}\0`).update(readFileSync(join(dir, r))).update("\0");
    }
  };
  try {
    walk("");
  } catch {
    return "";
  }
  return hash.digest("hex").slice(0, 16);
}

export function defaultReportDeps(loadData: ReportDeps["loadData"], log: (line: string) => void, env: Record<string, string | undefined> = process.env): ReportDeps {
  const version: string = require("../../package.json").version;
  return {
    loadData,
    runNotebook: headlessRunner,
    extractOutputs: labelledOutputs,
    experimentParam: experimentParamOf,
    browser: createBrowserProvider(env),
    fonts: nodeFontIO,
    writeFileAtomic,
    readText: (p) => readFileSync(p, "utf8"),
    renderSpec: async (spec) => {
      const charts = require("../charts") as typeof import("../charts");
      return charts.renderSvg(spec as never);
    },
    log,
    now: () => performance.now(),
    version,
    codeId: codeIdOf(join(__dirname, "..")),
  };
}
