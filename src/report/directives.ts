/**
 * The directive table: every `{{ name ... }}` a template may use, what it
 * takes and what it produces. Adding a block means adding an entry here.
 *
 * Block directives stand alone on a line and produce `ReportBlock`s; inline
 * directives produce text (Markdown-escaped) inside a line. Resolution is
 * pure: it reads `ReportData` and never throws on bad templates, it returns
 * `TemplateError`s naming the line.
 */
import { reportMessages, type ReportMessages } from "../messages/report";
import type { OutputFigureData as FigureData, OutputFinding as FindingData, OutputTableData as TableData, OutputText as TextData } from "../notebook/labels";
import { formatCell as formatTableCell } from "../notebook/tables";
import { escapeMarkdown, formatCell, formatInt, formatLatencyUs, formatPct, formatRate, formatUs } from "./escape";
import { findInlineDirectives, parseDirectiveBody, type DirectiveCall, type ParsedTemplate } from "./template";
import type { ReportBlock, ReportData, ReportMeta, ReportOutput, TableBlock, TemplateError } from "./types";

export interface DirectiveContext {
  data: ReportData;
  meta: ReportMeta;
  msg: ReportMessages;
  file: string;
  error(call: DirectiveCall, code: string, message: string): void;
}

interface ArgSpec {
  /** Names of positional arguments, e.g. ["label"]; a trailing "?" marks optional. */
  positional: string[];
  named: string[];
}

export interface BlockDirective {
  placement: "block";
  summary: string;
  args: ArgSpec;
  resolve(call: DirectiveCall, ctx: DirectiveContext): ReportBlock[];
}

export interface InlineDirective {
  placement: "inline";
  summary: string;
  value(ctx: DirectiveContext): string;
}

export type Directive = BlockDirective | InlineDirective;

// ---------------------------------------------------------------------------
// Built-in blocks

function describeExperiment(_call: DirectiveCall, { data, msg }: DirectiveContext): ReportBlock[] {
  const ex = data.experiment;
  const out: ReportBlock[] = [];
  if (ex.descriptionZh) out.push({ type: "paragraph", text: ex.descriptionZh });
  if (ex.factors.length > 0) {
    out.push({ type: "paragraph", text: msg.factorsIntro });
    out.push({
      type: "table",
      title: null,
      columns: [{ text: msg.factorHeader }, { text: msg.levelsHeader }],
      rows: ex.factors.map((f) => [f.labelZh, f.levels.map((l, i) => l.labelZh + (i === 0 ? msg.referenceLevel : "")).join("、")]),
    });
  }
  const withDuration = ex.runs.some((r) => r.durationS !== null);
  out.push({ type: "paragraph", text: msg.runsIntro(ex.runs.length) });
  out.push({
    type: "table",
    title: null,
    columns: [{ text: msg.runIdHeader }, { text: msg.runLabelHeader }, ...(withDuration ? [{ text: msg.durationHeader, align: "right" as const }] : [])],
    rows: ex.runs.map((r) => [r.id, r.labelZh, ...(withDuration ? [r.durationS !== null ? msg.durationS(r.durationS) : msg.unknown] : [])]),
  });
  return out;
}

/** Which procedure step a command belongs to, by its manifest key (first match wins). */
const COMMAND_STEPS: { test: RegExp; step: "pid" | "record" | "report" | "guest" }[] = [
  { test: /pgrep|pid/i, step: "pid" },
  { test: /record/i, step: "record" },
  { test: /report/i, step: "report" },
  { test: /cyclictest|guest/i, step: "guest" },
];

function stepOf(key: string): "pid" | "record" | "report" | "guest" | "other" {
  return COMMAND_STEPS.find((s) => s.test.test(key))?.step ?? "other";
}

/** Commands with process ids and file paths of one run normalised, to tell whether runs used the same commands. */
function commandShape(cmds: Record<string, string>): string {
  return JSON.stringify(Object.entries(cmds).map(([k, v]) => [k, v.replace(/\b\d{2,}\b/g, "N").replace(/\S*\/\S*/g, "P")]));
}

function procedure(_call: DirectiveCall, { data, msg }: DirectiveContext): ReportBlock[] {
  const runs = data.experiment.runs.filter((r) => Object.keys(r.commands).length > 0);
  if (runs.length === 0) return [{ type: "paragraph", text: msg.procedureNone }];
  const stepsFor = (cmds: Record<string, string>): ReportBlock => {
    const byStep: Record<string, string[]> = {};
    const order: string[] = [];
    for (const [key, cmd] of Object.entries(cmds)) {
      const s = stepOf(key);
      if (!byStep[s]) {
        byStep[s] = [];
        order.push(s);
      }
      byStep[s].push(cmd);
    }
    const steps: { text: string; code: string | null; note?: string | null }[] = [];
    const intro: Record<string, string> = { pid: msg.procedureFindPid, record: msg.procedureRecord, report: msg.procedureReport, guest: msg.procedureGuest };
    const rank = ["pid", "record", "guest", "report", "other"];
    for (const s of order.sort((a, b) => rank.indexOf(a) - rank.indexOf(b))) {
      if (s === "other") {
        for (const [key, cmd] of Object.entries(cmds)) if (stepOf(key) === "other") steps.push({ text: msg.procedureOther(key), code: cmd });
        continue;
      }
      if (s === "guest" && byStep.record) {
        // The guest command runs while perf records: say so in the record step.
        continue;
      }
      steps.push({
        text: intro[s],
        code: byStep[s].join("\n"),
        note: s === "record" ? msg.procedureRecordNote : null,
      });
      if (s === "record" && byStep.guest) steps.push({ text: msg.procedureGuest, code: byStep.guest.join("\n") });
    }
    return { type: "steps", steps };
  };
  const shapes = new Set(runs.map((r) => commandShape(r.commands)));
  if (shapes.size === 1) {
    const out: ReportBlock[] = [stepsFor(runs[0].commands)];
    if (runs.length > 1) out.push({ type: "paragraph", text: msg.procedureSameForAll, className: "note" });
    return out;
  }
  const out: ReportBlock[] = [];
  for (const r of runs) {
    out.push({ type: "paragraph", text: msg.procedurePerRun(r.labelZh) });
    out.push(stepsFor(r.commands));
  }
  return out;
}

function glossary(_call: DirectiveCall, { data, msg }: DirectiveContext): ReportBlock[] {
  if (data.glossary.length === 0) return [{ type: "paragraph", text: msg.glossaryEmpty }];
  return [
    {
      type: "table",
      title: null,
      className: "glossary",
      columns: [{ text: msg.glossaryName }, { text: msg.glossaryMeaning, markdown: true }, { text: msg.glossaryHandling, markdown: true }, { text: msg.glossaryCategory }],
      rows: data.glossary.map((g) => [g.name, g.meaningZh ?? msg.glossaryNoEntry, g.handlingZh ?? "", g.categoryZh ?? ""]),
    },
  ];
}

function positiveInt(call: DirectiveCall, ctx: DirectiveContext, key: string): number | null {
  const v = call.args.named[key];
  if (v === undefined) return null;
  if (!/^[1-9]\d*$/.test(v)) {
    ctx.error(call, "report-template/bad-arguments", `${key}= expects a positive integer, got '${v}'`);
    return null;
  }
  return Number(v);
}

function selectRuns<T extends { runId: string }>(call: DirectiveCall, ctx: DirectiveContext, items: T[]): T[] {
  const want = call.args.named.runs;
  if (want === undefined) return items;
  const ids = want.split(",").map((s) => s.trim()).filter(Boolean);
  const known = new Set(items.map((i) => i.runId));
  for (const id of ids) if (!known.has(id)) ctx.error(call, "report-template/unknown-run", `no run '${id}' in the experiment (runs: ${[...known].join(", ") || "none"})`);
  return ids.map((id) => items.find((i) => i.runId === id)).filter((x): x is T => x !== undefined);
}

function runTables(call: DirectiveCall, ctx: DirectiveContext): ReportBlock[] {
  const { msg } = ctx;
  const top = positiveInt(call, ctx, "top");
  const out: ReportBlock[] = [];
  for (const t of selectRuns(call, ctx, ctx.data.runTables)) {
    if (t.rows.length === 0) {
      out.push({ type: "paragraph", text: msg.noRunData(t.labelZh) });
      continue;
    }
    const withRate = t.rows.some((r) => r.ratePerS !== null);
    let rows = t.rows;
    let folded: string[] | null = null;
    if (top !== null && rows.length > top + 1) {
      const rest = rows.slice(top);
      rows = rows.slice(0, top);
      const sum = (f: (r: (typeof rest)[number]) => number | null) => rest.reduce((a, r) => a + (f(r) ?? 0), 0);
      folded = [
        msg.otherReasons(rest.length),
        formatInt(sum((r) => r.samples)),
        formatPct(sum((r) => r.samplesPct)),
        formatPct(sum((r) => r.timePct)),
        "",
        ...(withRate ? [formatRate(sum((r) => r.ratePerS))] : []),
      ];
    }
    const block: TableBlock = {
      type: "table",
      title: msg.runTableTitle(t.labelZh),
      className: "run-table",
      columns: [
        { text: msg.colReason },
        { text: msg.colSamples, align: "right" },
        { text: msg.colSamplesPct, align: "right" },
        { text: msg.colTimePct, align: "right" },
        { text: msg.colAvgUs, align: "right" },
        ...(withRate ? [{ text: msg.colRatePerS, align: "right" as const }] : []),
      ],
      rows: rows.map((r) => [
        r.name,
        formatInt(r.samples),
        formatPct(r.samplesPct),
        formatPct(r.timePct),
        r.avgUs === null ? "–" : formatUs(r.avgUs) + (r.stddevPct !== null ? ` ±${r.stddevPct.toFixed(2)}%` : ""),
        ...(withRate ? [formatRate(r.ratePerS)] : []),
      ]),
      note: msg.runTableMeta(formatInt(t.totalSamples), formatUs(t.totalTimeUs), t.durationS !== null ? msg.durationS(t.durationS) : null),
    };
    if (folded) block.rows.push(folded);
    out.push(block);
  }
  return out;
}

function cyclictest(call: DirectiveCall, ctx: DirectiveContext): ReportBlock[] {
  const { msg } = ctx;
  const rows = selectRuns(call, ctx, ctx.data.cyclictest);
  if (rows.length === 0) return [{ type: "paragraph", text: msg.cyclictestEmpty }];
  // Which run is best is said under the table, as its note, so that it stays on the table's page.
  const best = rows.filter((r) => r.maxUs !== null).sort((a, b) => (a.maxUs as number) - (b.maxUs as number))[0];
  return [
    {
      type: "table",
      title: null,
      columns: [
        { text: msg.cyclictestRun },
        { text: msg.cyclictestMin, align: "right" },
        { text: msg.cyclictestAvg, align: "right" },
        { text: msg.cyclictestMax, align: "right" },
        { text: msg.cyclictestCycles, align: "right" },
      ],
      rows: rows.map((r) => [r.labelZh, formatLatencyUs(r.minUs), formatLatencyUs(r.avgUs), formatLatencyUs(r.maxUs), formatInt(r.cycles)]),
      ...(best && rows.length > 1 ? { note: msg.cyclictestBest(best.labelZh) } : {}),
    },
  ];
}

function findingTexts(items: { textZh: string; strengthZh?: string | null }[]): string[] {
  return items.map((f) => (f.strengthZh ? `${f.textZh}（${f.strengthZh}）` : f.textZh));
}

function findings(call: DirectiveCall, ctx: DirectiveContext): ReportBlock[] {
  if (call.args.positional.length > 0) return labelled("findings")(call, ctx);
  if (ctx.data.findings.length === 0) return [{ type: "paragraph", text: ctx.msg.findingsEmpty }];
  const top = positiveInt(call, ctx, "top");
  const items = top === null ? ctx.data.findings : ctx.data.findings.slice(0, top);
  const out: ReportBlock[] = [{ type: "list", ordered: true, items: findingTexts(items), className: "findings" }];
  if (items.length < ctx.data.findings.length && call.args.named.more !== "false") out.push({ type: "paragraph", text: ctx.msg.findingsTruncated(items.length, ctx.data.findings.length), className: "note" });
  return out;
}

/** Up to this many reasons the follow-up table is the seed's one row of arrows; more are listed one per row. */
export const FOLLOW_UP_ROW_MAX = 4;

function followUp(_call: DirectiveCall, { data, msg }: DirectiveContext): ReportBlock[] {
  if (data.followUp.length === 0) return [{ type: "paragraph", text: msg.followUpEmpty }];
  const arrow = (d: "up" | "down") => (d === "up" ? msg.up : msg.down);
  const table: TableBlock =
    data.followUp.length <= FOLLOW_UP_ROW_MAX
      ? {
          type: "table",
          title: null,
          className: "follow-up",
          columns: data.followUp.map((f) => ({ text: f.reason, align: "center" as const })),
          rows: [data.followUp.map((f) => arrow(f.direction))],
        }
      : {
          type: "table",
          title: null,
          className: "follow-up follow-up-list",
          columns: [{ text: msg.colReason }, { text: msg.followUpDirection, align: "center" as const }],
          rows: data.followUp.map((f) => [f.reason, `${arrow(f.direction)} ${f.direction === "up" ? msg.followUpMore : msg.followUpLess}`]),
        };
  return [{ type: "paragraph", text: msg.followUpIntro }, table];
}

function diagnostics(_call: DirectiveCall, { data, msg }: DirectiveContext): ReportBlock[] {
  if (data.diagnostics.length === 0) return [];
  return [
    { type: "paragraph", text: msg.diagnosticsIntro(data.diagnostics.length) },
    { type: "list", ordered: false, items: data.diagnostics.map((d) => `${d.file}${d.line ? `:${d.line}` : ""}: ${d.message}`), className: "diagnostics" },
  ];
}

// ---------------------------------------------------------------------------
// Labelled notebook outputs

function outputToBlocks(o: ReportOutput, titleOverride: string | null): ReportBlock[] {
  const title = titleOverride ?? o.title ?? null;
  const toBlocks: Record<ReportOutput["kind"], () => ReportBlock[]> = {
    figure: () => [{ type: "figure", label: o.label, title, svg: (o.data as FigureData).svg }],
    table: () => {
      const d = o.data as TableData;
      return [
        {
          type: "table",
          title,
          // Numbers are right-aligned unless the column says otherwise (src/notebook/labels.ts).
          columns: d.columns.map((c) => ({
            text: c.labelZh + (c.unit ? ` (${c.unit})` : ""),
            align: c.align ?? (d.rows.length > 0 && d.rows.every((r) => typeof r[c.key] === "number" || r[c.key] === null) ? "right" : "left"),
          })),
          rows: d.rows.map((r) =>
            d.columns.map((c) => {
              const v = r[c.key];
              // With digits, exactly as the notebook shows the cell (rounded, thousands grouped, signed if asked).
              return typeof v === "number" && c.digits !== undefined ? formatTableCell(v, c) : formatCell(v);
            }),
          ),
          note: d.noteZh ?? null,
        },
      ];
    },
    finding: () => [{ type: "paragraph", text: (o.data as FindingData).textZh, className: "finding" }],
    findings: () => {
      const items = (o.data as { items: FindingData[] }).items;
      return [{ type: "list", ordered: true, items: items.map((f) => f.textZh), className: "findings" }];
    },
    text: () => [{ type: "markdown", text: (o.data as TextData).markdownZh, line: 0 }],
  };
  return toBlocks[o.kind]();
}

function labelled(kind: ReportOutput["kind"]) {
  return (call: DirectiveCall, ctx: DirectiveContext): ReportBlock[] => {
    const label = call.args.positional[0];
    if (label === undefined) {
      ctx.error(call, "report-template/missing-argument", `{{ ${call.name} }} needs a label, e.g. {{ ${call.name} exit-share }}`);
      return [];
    }
    const o = ctx.data.outputs[label];
    if (!o) {
      const labels = Object.keys(ctx.data.outputs).sort();
      const where = ctx.meta.notebooks.length ? `the notebooks run (${ctx.meta.notebooks.join(", ")})` : "the template lists no notebooks in its front matter";
      const failed = ctx.data.notebookErrors?.length ? `; a notebook failed: ${ctx.data.notebookErrors.join("; ")}` : "";
      ctx.error(
        call,
        "report-template/missing-label",
        `no notebook output labelled '${label}': ${where}; labels available: ${labels.length ? labels.join(", ") : "none"}${failed}`,
      );
      return [];
    }
    if (o.kind !== kind) {
      ctx.error(call, "report-template/wrong-kind", `output '${label}' is a ${o.kind}, not a ${kind}; use {{ ${o.kind} ${label} }}`);
      return [];
    }
    return outputToBlocks(o, call.args.named.title ?? null);
  };
}

// ---------------------------------------------------------------------------
// Built-in charts (src/charts), drawn before resolution by prepareCharts

/** Options of `{{ chart KIND ... }}` → the chart builders' option names. */
export const CHART_OPTIONS: Readonly<Record<string, { key: string; type: "string" | "int" | "bool" | "list" }>> = {
  mode: { key: "mode", type: "string" },
  top: { key: "topN", type: "int" },
  log: { key: "logScale", type: "bool" },
  "exclude-hlt": { key: "excludeHlt", type: "bool" },
  from: { key: "fromRunId", type: "string" },
  to: { key: "toRunId", type: "string" },
  metric: { key: "metric", type: "string" },
  reasons: { key: "reasons", type: "list" },
  run: { key: "runId", type: "string" },
  width: { key: "widthPx", type: "int" },
};

/** The key under which a chart directive's rendered SVG is stored. */
export function chartKey(call: Pick<DirectiveCall, "name" | "args">): string {
  const named = Object.keys(call.args.named)
    .filter((k) => k !== "title")
    .sort()
    .map((k) => [k, call.args.named[k]]);
  return JSON.stringify([call.args.positional, named]);
}

/** The chart builder options of a chart directive, or an error message. */
export function chartOptions(call: DirectiveCall): { options: Record<string, unknown> } | { error: string } {
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call.args.named)) {
    if (k === "title") continue;
    const spec = CHART_OPTIONS[k];
    if (!spec) return { error: `{{ chart }} has no option '${k}=' (options: ${Object.keys(CHART_OPTIONS).join(", ")}, title)` };
    const parse: Record<typeof spec.type, () => unknown> = {
      string: () => v,
      int: () => (/^[1-9]\d*$/.test(v) ? Number(v) : null),
      bool: () => (v === "true" || v === "yes" ? true : v === "false" || v === "no" ? false : null),
      list: () => v.split(",").map((x) => x.trim()).filter(Boolean),
    };
    const value = parse[spec.type]();
    if (value === null) return { error: `${k}= expects ${spec.type === "int" ? "a positive integer" : "true or false"}, got '${v}'` };
    options[spec.key] = value;
  }
  return { options };
}

function chart(call: DirectiveCall, ctx: DirectiveContext): ReportBlock[] {
  if (call.args.positional.length !== 1) {
    ctx.error(call, "report-template/missing-argument", "{{ chart }} needs a chart kind, e.g. {{ chart exit-share }}");
    return [];
  }
  const rendered = ctx.data.charts?.[chartKey(call)];
  if (!rendered) {
    // prepareCharts has already reported why (unknown kind, bad option, no data).
    return [];
  }
  return [{ type: "figure", label: call.args.positional[0], title: call.args.named.title ?? rendered.title, svg: rendered.svg }];
}

// ---------------------------------------------------------------------------
// The table

const NONE: ArgSpec = { positional: [], named: [] };
const LABEL: ArgSpec = { positional: ["label"], named: ["title"] };

export const DIRECTIVES: Readonly<Record<string, Directive>> = {
  toc: { placement: "block", summary: "table of contents (linked)", args: NONE, resolve: () => [{ type: "toc" }] },
  description: { placement: "block", summary: "the experiment: description, factors, runs", args: NONE, resolve: describeExperiment },
  procedure: { placement: "block", summary: "test steps with the perf and cyclictest commands from the manifest", args: NONE, resolve: procedure },
  glossary: { placement: "block", summary: "the exit reasons present, with their meaning and KVM handling", args: NONE, resolve: glossary },
  "run-tables": { placement: "block", summary: "one exit table per run; top=N folds the rest, runs=a,b selects", args: { positional: [], named: ["top", "runs"] }, resolve: runTables },
  cyclictest: { placement: "block", summary: "cyclictest latency per run", args: { positional: [], named: ["runs"] }, resolve: cyclictest },
  findings: { placement: "block", summary: "ranked findings of the analysis, top=N the first N, more=false without the N-in-all note (or a notebook output: findings LABEL)", args: { positional: ["label?"], named: ["title", "top", "more"] }, resolve: findings },
  "follow-up": { placement: "block", summary: "follow-up table: which exits to push ↑ or ↓", args: NONE, resolve: followUp },
  diagnostics: { placement: "block", summary: "problems found while reading the data (nothing when none)", args: NONE, resolve: diagnostics },
  chart: { placement: "block", summary: "a built-in chart of the experiment: chart KIND [mode= top= log= exclude-hlt= from= to= metric= reasons= run= width= title=]", args: { positional: ["kind"], named: [...Object.keys(CHART_OPTIONS), "title"] }, resolve: chart },
  figure: { placement: "block", summary: "a figure from a notebook: figure LABEL [title=...]", args: LABEL, resolve: labelled("figure") },
  table: { placement: "block", summary: "a table from a notebook: table LABEL [title=...]", args: LABEL, resolve: labelled("table") },
  finding: { placement: "block", summary: "one finding from a notebook: finding LABEL", args: LABEL, resolve: labelled("finding") },
  text: { placement: "block", summary: "Markdown text from a notebook: text LABEL", args: LABEL, resolve: labelled("text") },
  title: { placement: "inline", summary: "the report title", value: (c) => c.meta.title },
  subtitle: { placement: "inline", summary: "the subtitle", value: (c) => c.meta.subtitle ?? "" },
  author: { placement: "inline", summary: "the author", value: (c) => c.meta.author ?? "" },
  date: { placement: "inline", summary: "the date", value: (c) => c.meta.date ?? "" },
  experiment: { placement: "inline", summary: "the experiment id", value: (c) => c.data.experiment.id },
  "experiment-title": { placement: "inline", summary: "the experiment title", value: (c) => c.data.experiment.titleZh },
  "run-count": { placement: "inline", summary: "the number of runs", value: (c) => String(c.data.experiment.runs.length) },
};

function checkArgs(call: DirectiveCall, spec: ArgSpec, ctx: DirectiveContext): boolean {
  const max = spec.positional.length;
  const min = spec.positional.filter((p) => !p.endsWith("?")).length;
  const n = call.args.positional.length;
  let ok = true;
  if (n < min || n > max) {
    const usage = [call.name, ...spec.positional.map((p) => (p.endsWith("?") ? `[${p.slice(0, -1)}]` : p.toUpperCase()))].join(" ");
    ctx.error(call, n < min ? "report-template/missing-argument" : "report-template/bad-arguments", `{{ ${call.name} }} takes ${min === max ? max : `${min} to ${max}`} argument(s), got ${n}: use {{ ${usage} }}`);
    ok = false;
  }
  for (const k of Object.keys(call.args.named)) {
    if (!spec.named.includes(k)) {
      ctx.error(call, "report-template/bad-arguments", `{{ ${call.name} }} has no option '${k}='${spec.named.length ? ` (options: ${spec.named.join(", ")})` : ""}`);
      ok = false;
    }
  }
  return ok;
}

function unknownDirective(call: DirectiveCall, ctx: DirectiveContext): void {
  ctx.error(call, "report-template/unknown-directive", `unknown directive '${call.name}' in '${call.raw}' (known: ${Object.keys(DIRECTIVES).join(", ")})`);
}

export interface ResolvedTemplate {
  blocks: ReportBlock[];
  errors: TemplateError[];
}

/**
 * Resolves every directive of a parsed template against the data. Errors (an
 * unknown directive, a missing label, a wrong argument) are collected, each
 * naming its template line; nothing throws.
 */
export function resolveTemplate(tpl: ParsedTemplate, data: ReportData): ResolvedTemplate {
  const errors: TemplateError[] = [...tpl.errors];
  const ctx: DirectiveContext = {
    data,
    meta: tpl.meta,
    msg: reportMessages[tpl.meta.lang],
    file: tpl.file,
    error: (call, code, message) => errors.push({ code, file: tpl.file, line: call.line, message }),
  };
  const blocks: ReportBlock[] = [];
  for (const seg of tpl.segments) {
    if (seg.type === "directive") {
      const d = DIRECTIVES[seg.call.name];
      if (!d) {
        unknownDirective(seg.call, ctx);
        continue;
      }
      if (d.placement === "inline") {
        // A value directive alone on a line is just a paragraph with that text.
        blocks.push({ type: "markdown", text: escapeMarkdown(d.value(ctx)), line: seg.call.line });
        continue;
      }
      if (!checkArgs(seg.call, d.args, ctx)) continue;
      blocks.push(...d.resolve(seg.call, ctx));
      continue;
    }
    // Markdown: substitute inline directives.
    const found = findInlineDirectives(seg);
    let text = seg.text;
    for (const f of [...found].reverse()) {
      let replacement: string;
      if (f.escaped) {
        replacement = text.slice(f.index + 1, f.index + f.length).replace("{{", "\\{\\{");
      } else {
        const parsed = parseDirectiveBody(f.body);
        const raw = text.slice(f.index, f.index + f.length);
        if ("error" in parsed) {
          errors.push({ code: "report-template/bad-directive", file: tpl.file, line: f.line, message: parsed.error });
          continue;
        }
        const call: DirectiveCall = { name: parsed.name, args: parsed.args, line: f.line, raw };
        const d = DIRECTIVES[parsed.name];
        if (!d) {
          unknownDirective(call, ctx);
          continue;
        }
        if (d.placement === "block") {
          ctx.error(call, "report-template/block-directive-inline", `{{ ${parsed.name} }} is a block: put it alone on its own line`);
          continue;
        }
        replacement = escapeMarkdown(d.value(ctx));
      }
      text = text.slice(0, f.index) + replacement + text.slice(f.index + f.length);
    }
    blocks.push({ type: "markdown", text, line: seg.line });
  }
  errors.sort((a, b) => a.line - b.line);
  return { blocks, errors };
}
