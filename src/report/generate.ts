/**
 * The report generator: experiment + template → HTML, PDF and Markdown.
 *
 *   1. template   read and parse (front matter, directives)           → TemplateErrors
 *   2. font       find the CJK font (npm package, else system)       → fail before rendering
 *   3. data       load the experiment, analyse, glossary, findings   (injected `loadData`; cached)
 *   4. notebooks  run headless with a cache keyed by content hashes  (injected runner), while 3 runs
 *   5. resolve    built-in charts drawn; directives → blocks; unknown directive / missing label → error with line
 *   6. render     blocks → HTML body (+ TOC) → one self-contained document (CSS, SVG, fonts inline)
 *   7. write      HTML, Markdown + SVG files, atomically
 *   8. PDF        the same HTML printed by the shared headless browser (network blocked)
 *
 * Every outside thing (file reads, data loading, notebook runner, browser,
 * font lookup, clock, log) comes in through `ReportDeps`.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { resolveTemplate } from "./directives";
import { fontCss, NoCjkFontError, resolveReportFont, type FontIO } from "./fonts";
import { executeNotebooks, hashInputs, listFiles, type NotebookRunner, type OutputExtractor } from "./notebooks";
import { BrowserUnavailableError, type BrowserProvider } from "./browser";
import { htmlToPdf } from "./pdf";
import { renderBody, renderCover, renderDocument } from "./render-html";
import { renderMarkdownReport } from "./render-md";
import { parseTemplate } from "./template";
import { formatTemplateError, type RenderedChart, type ReportData } from "./types";
import type { LabelledOutput } from "../notebook/labels";
import { createHash } from "node:crypto";
import { reportMessages } from "../messages/report";
import { prepareCharts, type ChartRenderer } from "./charts";

export const REPORT_FORMATS = ["html", "pdf", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(x: unknown): x is ReportFormat {
  return typeof x === "string" && (REPORT_FORMATS as readonly string[]).includes(x);
}

/** The package's root folder (where package.json, templates/ and notebooks/ are). */
export function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const pj = join(dir, "package.json");
    if (existsSync(pj)) {
      try {
        if (JSON.parse(readFileSync(pj, "utf8")).name === "vmexit-lab") return dir;
      } catch {
        // keep looking
      }
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the vmexit-lab package root above ${__dirname}`);
}

export const DEFAULT_TEMPLATE = "templates/report.zh.md";
export const STYLESHEET = "templates/report.css";

export interface LoadedReportData {
  data: Omit<ReportData, "outputs">;
  /** Problems that stop the report (e.g. a broken manifest), one line each. */
  errors: string[];
  /** Draws `{{ chart ... }}` directives from this experiment; absent when charts are not available. */
  renderChart?: ChartRenderer;
}

export interface ReportDeps {
  loadData(experimentDir: string): Promise<LoadedReportData>;
  runNotebook: NotebookRunner;
  extractOutputs: OutputExtractor;
  /** Which notebook parameter receives the experiment folder: given the notebook path, its parameter name or null. */
  experimentParam(notebookPath: string): string | null;
  browser: BrowserProvider;
  fonts: FontIO;
  writeFileAtomic(path: string, data: string | Uint8Array): void;
  readText(path: string): string;
  /** Renders a Vega-Lite spec to SVG; used to redraw notebook figures without their title (the caption carries it). */
  renderSpec?: (spec: Record<string, unknown>) => Promise<string>;
  log(line: string): void;
  now(): number;
  version: string;
  /**
   * Identifies the code that computes the outputs (a hash of the package's
   * compiled files): part of the cache keys, so that a changed analysis,
   * finding wording or chart is not served from the cache of the old code.
   */
  codeId?: string;
}

export interface ReportOptions {
  experimentDir: string;
  templatePath: string;
  /** Output path without extension, e.g. reports/rt-vmexit. */
  outBase: string;
  formats: ReportFormat[];
  fresh: boolean;
  cacheDir: string;
}

export interface ReportOutcome {
  ok: boolean;
  written: string[];
  errors: string[];
  warnings: string[];
  timingsMs: Record<string, number>;
  notebooks: { executed: string[]; cached: string[] };
}

/** Notebook paths from the front matter: relative to the template's folder, else to the package root. */
export function resolveNotebookPaths(list: string[], templatePath: string, root: string): string[] {
  return list.map((p) => {
    if (isAbsolute(p)) return p;
    const fromTemplate = resolve(dirname(templatePath), p);
    if (existsSync(fromTemplate)) return fromTemplate;
    const fromRoot = resolve(root, p);
    return existsSync(fromRoot) ? fromRoot : fromTemplate;
  });
}

/** The title text of a Vega-Lite spec, or null. */
export function specTitle(spec: Record<string, unknown>): string | null {
  const t = spec.title;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return null;
}

/**
 * Notebook figures carry their title inside the SVG; the report captions
 * figures itself ("图 N　title"), so each titled figure is redrawn without it.
 * A figure that cannot be redrawn keeps its SVG.
 */
async function untitleFigures(outputs: LabelledOutput[], render: (spec: Record<string, unknown>) => Promise<string>): Promise<LabelledOutput[]> {
  const out: LabelledOutput[] = [];
  for (const o of outputs) {
    if (o.kind !== "figure" || !o.data.spec || specTitle(o.data.spec) === null) {
      out.push(o);
      continue;
    }
    const { title: _t, ...rest } = o.data.spec;
    try {
      const svg = await render(rest);
      out.push({ ...o, title: o.title ?? specTitle(o.data.spec) ?? undefined, data: { ...o.data, svg } });
    } catch {
      out.push(o); // keep the notebook's own SVG
    }
  }
  return out;
}

/** What the data cache holds: the report data and the built-in charts drawn for it. */
interface DataCache {
  data: Omit<ReportData, "outputs">;
  charts: Record<string, RenderedChart>;
}

function readDataCache(file: string, readText: (p: string) => string): DataCache | null {
  try {
    const c = JSON.parse(readText(file)) as DataCache;
    return c && typeof c === "object" && c.data && c.charts ? c : null;
  } catch {
    return null;
  }
}

export async function generateReport(o: ReportOptions, deps: ReportDeps): Promise<ReportOutcome> {
  const outcome: ReportOutcome = { ok: false, written: [], errors: [], warnings: [], timingsMs: {}, notebooks: { executed: [], cached: [] } };
  const t0 = deps.now();
  const lap = (name: string, since: number) => (outcome.timingsMs[name] = Math.round(deps.now() - since));
  const root = packageRoot();

  // 1. template
  let source: string;
  try {
    source = deps.readText(o.templatePath);
  } catch {
    outcome.errors.push(`${o.templatePath}: cannot read the template (no such file?)`);
    return outcome;
  }
  const tpl = parseTemplate(source, o.templatePath);

  // 2. font (before any rendering)
  const visual = o.formats.includes("html") || o.formats.includes("pdf");
  let font: ReturnType<typeof resolveReportFont> | null = null;
  if (visual) {
    try {
      font = resolveReportFont(deps.fonts);
    } catch (err) {
      if (err instanceof NoCjkFontError) {
        outcome.errors.push(err.message);
        return outcome;
      }
      throw err;
    }
  }

  // The browser starts while the data loads (launching takes a second or two).
  const wantPdf = o.formats.includes("pdf") && font !== null;
  const browserReady = wantPdf ? deps.browser.get() : null;
  browserReady?.catch(() => undefined);

  // 3. data: cached by the content of the experiment's files
  let t = deps.now();
  const inputsHash = hashInputs(listFiles(o.experimentDir), o.experimentDir);
  // 4. notebooks: started now, they run while the data loads (they read the files themselves)
  const tNotebooks = deps.now();
  const cacheVersion = deps.codeId ? `${deps.version}+${deps.codeId}` : deps.version;
  const nbPaths = resolveNotebookPaths(tpl.meta.notebooks, o.templatePath, root);
  const notebooksDone = executeNotebooks({
    notebooks: nbPaths,
    params: {},
    paramsFor: (p) => {
      const name = deps.experimentParam(p);
      return name ? { [name]: resolve(o.experimentDir) } : {};
    },
    inputsHash,
    version: cacheVersion,
    cacheDir: o.cacheDir,
    fresh: o.fresh,
    run: deps.runNotebook,
    extract: deps.extractOutputs,
    postProcess: deps.renderSpec ? (outputs) => untitleFigures(outputs, deps.renderSpec!) : undefined,
    log: deps.log,
  });
  notebooksDone.catch(() => undefined);
  const dataCacheFile = join(o.cacheDir, `data-${createHash("sha256").update(`${inputsHash}\0${cacheVersion}\0${tpl.meta.lang}`).digest("hex").slice(0, 32)}.json`);
  let cache: DataCache | null = o.fresh ? null : readDataCache(dataCacheFile, deps.readText);
  let loaded: LoadedReportData | null = null;
  let freshData = false;
  const load = async (): Promise<LoadedReportData> => {
    if (!loaded) {
      loaded = await deps.loadData(o.experimentDir);
      freshData = true;
    }
    return loaded;
  };
  if (!cache) {
    const l = await load();
    if (l.errors.length > 0) {
      outcome.errors.push(...l.errors);
      await notebooksDone.catch(() => undefined);
      return outcome;
    }
    cache = { data: l.data, charts: {} };
  }
  lap("load", t);

  t = deps.now();
  const ex = await notebooksDone;
  lap("notebooks", tNotebooks);
  outcome.timingsMs.notebooksWait = Math.round(deps.now() - t);
  outcome.notebooks = { executed: ex.executed, cached: ex.cached };
  // A failing notebook matters only if the template uses one of its labels:
  // then the missing-label error carries the notebook's own error.
  for (const e of ex.errors) outcome.warnings.push(e);
  for (const d of ex.diagnostics) outcome.warnings.push(`${d.file}${d.line ? `:${d.line}` : ""}: ${d.message} [${d.code}]`);

  // 5. built-in charts (cached with the data), then resolve
  t = deps.now();
  const renderChart = async (kind: string, options: Record<string, unknown>) => {
    const l = await load();
    if (!l.renderChart) throw new Error("built-in charts are not available for this experiment");
    return l.renderChart(kind, options);
  };
  const charts = await prepareCharts(tpl, renderChart, cache.charts);
  if (charts.drawn > 0 || freshData) {
    cache = { data: cache.data, charts: { ...cache.charts, ...charts.charts } };
    deps.writeFileAtomic(dataCacheFile, JSON.stringify(cache));
  }
  lap("charts", t);
  const data: ReportData = { ...cache.data, outputs: ex.outputs, charts: charts.charts, notebookErrors: ex.errors };
  const resolved = resolveTemplate(tpl, data);
  const templateErrors = [...resolved.errors, ...charts.errors].sort((a, b) => a.line - b.line);
  if (templateErrors.length > 0) {
    outcome.errors.push(...templateErrors.map(formatTemplateError));
    return outcome;
  }

  // 6. render
  t = deps.now();
  const written = (p: string, d: string | Uint8Array) => {
    deps.writeFileAtomic(p, d);
    outcome.written.push(p);
  };
  let html: string | null = null;
  if (visual && font) {
    const body = renderBody(resolved.blocks, tpl.meta.lang);
    const msg = reportMessages[tpl.meta.lang];
    const cover = renderCover(tpl.meta, data, msg, deps.version);
    const stylesheet = deps.readText(join(root, STYLESHEET));
    const fonts = fontCss(font, cover + body.html + tpl.meta.title, deps.fonts);
    html = renderDocument({ meta: tpl.meta, data, body, css: `${fonts.css}\n${stylesheet}`, version: deps.version });
  }
  lap("render", t);

  // 7. write HTML and Markdown
  if (html !== null && o.formats.includes("html")) written(`${o.outBase}.html`, html);
  if (o.formats.includes("md")) {
    const name = o.outBase.split(/[\\/]/).pop() as string;
    const md = renderMarkdownReport(resolved.blocks, tpl.meta, data, `${name}.files`);
    for (const [rel, svg] of Object.entries(md.files)) written(join(dirname(o.outBase), rel), svg);
    written(`${o.outBase}.md`, md.markdown);
  }

  // 8. PDF
  if (html !== null && o.formats.includes("pdf")) {
    t = deps.now();
    try {
      const browser = await (browserReady ?? deps.browser.get());
      const pdf = await htmlToPdf(browser, html, { footerLeft: data.experiment.id });
      written(`${o.outBase}.pdf`, pdf);
    } catch (err) {
      if (!o.formats.includes("html")) written(`${o.outBase}.html`, html);
      const why = err instanceof BrowserUnavailableError ? err.message : `the PDF could not be made: ${(err as Error).message}`;
      outcome.errors.push(`${why}\nThe HTML report was written to ${o.outBase}.html.`);
    }
    lap("pdf", t);
  }
  lap("total", t0);
  outcome.ok = outcome.errors.length === 0;
  return outcome;
}
