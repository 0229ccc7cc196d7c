/**
 * The real outside world for the report generator: Node's fs, fontconfig,
 * the headless notebook runner and a shared Chromium. Tests build their own
 * `ReportDeps` with fakes instead.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
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
  };
}
