/**
 * `vmexit chart KIND EXPERIMENT_DIR --out FILE.svg|FILE.vl.json`: load the
 * experiment (with or without a manifest), build one chart kind from it and
 * write the SVG or the Vega-Lite spec.
 */
import { resolve } from "node:path";
import { Option } from "commander";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import { loadExperiment, loadErrors } from "../../experiment";
import { formatDiagnostic } from "../../model/diagnostic";
import { buildChart, CHART_KIND_TABLE, CHART_KINDS, isChartKind, renderSvg, SHARE_MODES, type ChartOptions } from "../../charts";
import { chartDataFromExperiment } from "../../charts/from-experiment";

/** Output formats by file-name ending. */
const OUTPUTS = [
  { suffix: ".vl.json", write: async (spec: unknown) => JSON.stringify(spec, null, 2) + "\n" },
  { suffix: ".svg", write: async (spec: Parameters<typeof renderSvg>[0]) => renderSvg(spec) },
] as const;

/** What each data field needs, for the message when a kind has nothing to draw. */
const NEEDS_TEXT: Record<string, string> = {
  exits: "a perf kvm stat report (text) or perf.data for the event",
  vcpu: "perf.data (per-vCPU counts)",
  latency: "perf.data (per-exit durations)",
  rate: "perf.data, or at least two perf kvm stat live screens",
  cyclictest: "cyclictest output (with -h for the histogram)",
};

function intArg(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new CliError(`${name} expects a positive integer, got '${v}'`, EXIT.usage);
    return Number(v);
  };
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

interface ChartCliOptions {
  out: string;
  lang: "zh" | "en";
  runs?: string;
  reason?: string[];
  top?: number;
  mode?: (typeof SHARE_MODES)[number];
  log?: boolean;
  hlt: boolean;
  from?: string;
  to?: string;
  metric?: string;
  run?: string;
  event?: string;
  title?: string;
}

export const chartCommand: CommandSpec = {
  name: "chart",
  summary: "draw one chart of an experiment as SVG or as a Vega-Lite spec (vmexit chart --help lists the kinds)",
  define(cmd, io, setExit) {
    cmd
      .argument("<kind>", `chart kind: ${CHART_KINDS.join(", ")}`)
      .argument("<experiment-dir>", "experiment folder, with experiment.yaml or one sub-folder per run")
      .requiredOption("-o, --out <file>", "output file: FILE.svg (rendered) or FILE.vl.json (Vega-Lite spec)")
      .addOption(new Option("--lang <lang>", "language of titles and axes").choices(["zh", "en"]).default("zh"))
      .option("--runs <ids>", "only these runs, comma-separated, in this order")
      .option("--reason <name>", "latency-hist/latency-cdf: draw this reason (repeatable)", collect)
      .option("--top <n>", "number of reasons kept (the rest folded into 'other' where it applies)", intArg("--top"))
      .addOption(new Option("--mode <mode>", "exit-share/time-share: grouped or stacked bars").choices([...SHARE_MODES]))
      .option("--log", "log scale (avg-time, rate, cyclictest-summary)")
      .option("--no-hlt", "exit-share, time-share, avg-time, change: leave HLT (idle) out; shares are recomputed over the other reasons")
      .option("--from <run>", "change: the run compared from (default the first)")
      .option("--to <run>", "change: the run compared to (default the last)")
      .option("--metric <metric>", "change/heatmap: samplesPct, timePct or avgUs; vcpu-matrix: samples or totalUs")
      .option("--run <run>", "vcpu-matrix: which run (default the first with perf.data)")
      .option("--event <event>", "perf kvm stat event (default vmexit)")
      .option("--title <text>", "replace the chart title")
      .addHelpText(
        "after",
        `\nKinds:\n${CHART_KINDS.map((k) => `  ${k.padEnd(20)} ${CHART_KIND_TABLE[k].description}`).join("\n")}\n\nExit codes: 0 written, 1 the experiment cannot be read or has no data for this kind, 2 usage error.\n`,
      )
      .action(async (kind: string, dir: string, opts: ChartCliOptions) => {
        if (!isChartKind(kind)) throw new CliError(`unknown chart kind: ${kind} (expected one of ${CHART_KINDS.join(", ")})`, EXIT.usage);
        const output = OUTPUTS.find((o) => opts.out.endsWith(o.suffix));
        if (!output) throw new CliError(`--out must end in .svg or .vl.json, got '${opts.out}'`, EXIT.usage);
        // 1. Load the experiment.
        const exp = await loadExperiment(resolve(io.cwd, dir), { fs: io.fs });
        for (const d of exp.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
        if (loadErrors(exp).length > 0) throw new CliError(`cannot read the experiment in ${dir}`, EXIT.badInput);
        // 2. Chart data and options.
        const runIds = opts.runs
          ?.split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        const known = exp.runs.map((r) => r.spec.id);
        for (const id of [...(runIds ?? []), ...[opts.from, opts.to, opts.run].filter((x): x is string => x !== undefined)]) {
          if (!known.includes(id)) throw new CliError(`unknown run id: ${id} (runs: ${known.join(", ")})`, EXIT.usage);
        }
        const data = chartDataFromExperiment(exp, { event: opts.event, runIds });
        const needs = CHART_KIND_TABLE[kind].needs;
        if ((data[needs] ?? []).length === 0) throw new CliError(`no run has data for a ${kind} chart: it needs ${NEEDS_TEXT[needs]}`, EXIT.badInput);
        const chartOpts: ChartOptions = {
          lang: opts.lang,
          title: opts.title,
          topN: opts.top,
          mode: opts.mode,
          logScale: opts.log,
          excludeHlt: opts.hlt === false,
          fromRunId: opts.from,
          toRunId: opts.to,
          metric: opts.metric,
          reasons: opts.reason,
          runId: opts.run,
        };
        // 3. Build, render, write.
        let spec;
        try {
          spec = buildChart(kind, data, chartOpts);
        } catch (e) {
          throw new CliError(e instanceof Error ? e.message : String(e), EXIT.usage);
        }
        const text = await output.write(spec);
        const handle = await io.fs.open(resolve(io.cwd, opts.out), "w");
        try {
          await handle.writeFile(text, "utf8");
        } finally {
          await handle.close();
        }
        setExit(EXIT.ok);
      });
  },
};
