/**
 * `vmexit report [EXPERIMENT] [--template T] [--out reports/NAME] [--no-pdf]
 * [--format html,pdf,md] [--fresh]`: the Chinese summary report of an
 * experiment as one self-contained HTML file, a PDF and (on request) Markdown.
 * See src/report/generate.ts for the pipeline and docs/report.md for templates.
 */
import { existsSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import type { CliIO } from "../io";
import { DEFAULT_TEMPLATE, generateReport, isReportFormat, packageRoot, REPORT_FORMATS, type ReportDeps, type ReportFormat } from "../../report/generate";
import { defaultReportDeps } from "../../report/deps";
import { loadReportData } from "../../report/data";
import { parseTemplate } from "../../report/template";

interface ReportFlags {
  template?: string;
  out?: string;
  pdf: boolean;
  format?: string;
  fresh?: boolean;
  cacheDir?: string;
  quiet?: boolean;
}

function parseFormats(spec: string | undefined, pdf: boolean): ReportFormat[] {
  const list = (spec ?? "html,pdf").split(",").map((s) => s.trim()).filter(Boolean);
  for (const f of list) if (!isReportFormat(f)) throw new CliError(`--format: unknown format '${f}' (expected a comma-separated list of ${REPORT_FORMATS.join(", ")})`, EXIT.usage);
  const formats = [...new Set(list)] as ReportFormat[];
  return pdf ? formats : formats.filter((f) => f !== "pdf");
}

/** The experiment from the template's front matter: relative to the template's folder, else to the package root. */
function defaultExperiment(templatePath: string, io: CliIO, readText: (p: string) => string): string | null {
  let text: string;
  try {
    text = readText(templatePath);
  } catch {
    return null;
  }
  const exp = parseTemplate(text, templatePath).meta.experiment;
  if (!exp) return null;
  if (isAbsolute(exp)) return exp;
  const fromTemplate = resolve(dirname(templatePath), exp);
  if (existsSync(fromTemplate)) return fromTemplate;
  const fromRoot = resolve(packageRoot(), exp);
  if (existsSync(fromRoot)) return fromRoot;
  return resolve(io.cwd, exp);
}

export function createReportCommand(makeDeps: (io: CliIO) => ReportDeps): CommandSpec {
  return {
    name: "report",
    summary: "write the Chinese summary report of an experiment: one self-contained HTML file, a PDF, and Markdown on request",
    define(cmd, io, setExit) {
      cmd
        .argument("[experiment]", "experiment folder (default: the template's 'experiment', the bundled example)")
        .option("-t, --template <file>", `report template (default: ${DEFAULT_TEMPLATE} of the package)`)
        .option("-o, --out <path>", "output path without extension (default: reports/<experiment folder name>)")
        .option("--format <list>", `comma-separated formats: ${REPORT_FORMATS.join(", ")}`, "html,pdf")
        .option("--no-pdf", "do not make the PDF (no browser needed)")
        .option("--fresh", "run every notebook again, ignoring the cache")
        .option("--cache-dir <dir>", "where executed notebook outputs are cached", ".cache/vmexit-report")
        .option("-q, --quiet", "print only errors")
        .addHelpText(
          "after",
          "\nThe HTML file embeds its CSS, charts (SVG) and Chinese font, and opens offline.\n" +
            "The PDF is printed by headless Chromium (system chromium, else puppeteer's own) with the network blocked.\n" +
            "Exit codes: 0 written, 1 bad template/experiment or the PDF could not be made (the HTML is still written), 2 usage error.\n",
        )
        .action(async (experimentArg: string | undefined, flags: ReportFlags) => {
          const deps = makeDeps(io);
          const root = packageRoot();
          const templatePath = flags.template ? resolve(io.cwd, flags.template) : join(root, DEFAULT_TEMPLATE);
          const experimentDir = experimentArg ? resolve(io.cwd, experimentArg) : defaultExperiment(templatePath, io, deps.readText);
          if (!experimentDir) throw new CliError(`no experiment given and the template ${templatePath} names none (add 'experiment: DIR' to its front matter or pass EXPERIMENT)`, EXIT.usage);
          const formats = parseFormats(flags.format, flags.pdf);
          if (formats.length === 0) throw new CliError("nothing to write: --format is empty (or only pdf with --no-pdf)", EXIT.usage);
          const outBase = resolve(io.cwd, flags.out ?? join("reports", basename(experimentDir))).replace(/\.(html|pdf|md)$/, "");
          try {
            const r = await generateReport(
              { experimentDir, templatePath, outBase, formats, fresh: Boolean(flags.fresh), cacheDir: resolve(io.cwd, flags.cacheDir ?? ".cache/vmexit-report") },
              deps,
            );
            for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
            for (const e of r.errors) io.stderr(`vmexit report: ${e}\n`);
            if (!flags.quiet) {
              for (const p of r.written) io.stdout(`${p}\n`);
              const nb = r.notebooks;
              const t = r.timingsMs;
              if (r.ok) io.stderr(`report: ${nb.executed.length} notebook(s) run, ${nb.cached.length} from cache; ${t.total ?? 0} ms (pdf ${t.pdf ?? 0} ms)\n`);
            }
            if (!r.ok) setExit(EXIT.badInput);
          } finally {
            await deps.browser.close();
          }
        });
    },
  };
}

export const reportCommand: CommandSpec = createReportCommand((io) =>
  defaultReportDeps(
    (dir) => loadReportData(dir, { fs: io.fs }),
    (line) => io.stderr(`report: ${line}\n`),
    io.env,
  ),
);
