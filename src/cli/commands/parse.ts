/**
 * `vmexit parse FILE... [--json | --csv]`: read perf kvm stat text, perf.data
 * or cyclictest output (detected by content) and print it.
 */
import { Option } from "commander";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import { createProgress } from "../progress";
import { readHead, readInput } from "../../formats/read-input";
import { detectFormat, FORMAT_HANDLERS, type CsvTable, type FormatHandler, type ParseContext, type ParseOptions, type ParsedFileBase } from "../../formats";
import type { PerfDataParseOptions } from "../../perf-data/handler";
import { parseDurationNs } from "../../model/duration";
import { formatDiagnostic } from "../../model/diagnostic";
import { isItemStreamingHandler, type ItemStreamingHandler } from "../../perf-text/handler";
import type { CliIO } from "../io";
import { toCsv } from "../csv";
import { SORT_KEYS } from "../../perf-data/kvm/build";

type StreamingHandler = ItemStreamingHandler<ParsedFileBase, unknown>;

/** The file's handler if it can stream items; null otherwise, or when the file cannot be read (readInput reports that). */
async function streamingHandlerFor(file: string, ctx: ParseContext, forceFormat?: string): Promise<StreamingHandler | null> {
  try {
    if (!(await ctx.fs.stat(file)).isFile()) return null; // directories, pipes, devices: readInput says what they are
    const h = forceFormat ? FORMAT_HANDLERS.find((x) => x.id === forceFormat) ?? null : detectFormat(await readHead(file, ctx));
    return h && isItemStreamingHandler(h) ? h : null;
  } catch {
    return null;
  }
}

/**
 * When the real stdout is a pipe that is full, writes queue up in memory; wait
 * for it to drain so a 200 MB log piped into `less` stays small. Captured IO
 * (tests) never touches process.stdout, so this is then a no-op.
 */
let drained: Promise<void> | null = null;
function stdoutBacklog(): Promise<void> | undefined {
  const out = process.stdout;
  if (!out.writableNeedDrain) return undefined;
  if (!drained) drained = new Promise<void>((resolve) => out.once("drain", () => resolve())).finally(() => (drained = null));
  return drained;
}

const MARK = "\u0000items\u0000";
/** The JSON text of `obj` (indent 2) split around its `field` array: [before, after]. */
function jsonAround(obj: object, field: string): [string, string] {
  const s = JSON.stringify({ ...obj, [field]: MARK }, null, 2);
  const m = JSON.stringify(MARK);
  const i = s.indexOf(m);
  return [s.slice(0, i), s.slice(i + m.length)];
}
const indent = (s: string, n: number) => (n === 0 ? s : s.replace(/\n/g, "\n" + " ".repeat(n)));

/**
 * Writes the output of `vmexit parse` as files (or their items) arrive, in
 * exactly the form the whole result would print: text parts separated by a
 * blank line, CSV blocks merged while their header stays the same, JSON as
 * one object (one file) or an array (several files).
 */
function createOutputWriter(io: CliIO, mode: "text" | "json" | "csv", nFiles: number) {
  let written = 0;
  let csvHeader: string | null = null;
  const many = nFiles > 1;
  const csv = (file: string, t: CsvTable) => {
    const text = toCsv([{ header: ["file", ...t.header], rows: t.rows.map((r) => [file, ...r]) }]);
    const nl = text.indexOf("\n");
    const header = text.slice(0, nl);
    if (header === csvHeader) io.stdout(text.slice(nl + 1));
    else {
      io.stdout((csvHeader !== null ? "\n" : "") + text);
      csvHeader = header;
    }
  };
  /** JSON of one file starts: array framing and indentation. */
  const jsonStart = () => (many ? (written === 0 ? "[\n  " : ",\n  ") : "");
  const textStart = (file: string) => (written > 0 ? "\n" : "") + (many ? `==> ${file} <==\n` : "");
  return {
    whole(file: string, handler: FormatHandler<any>, result: ParsedFileBase) {
      if (mode === "csv") csv(file, handler.toCsv(result));
      else if (mode === "json") io.stdout(jsonStart() + indent(JSON.stringify(result, null, 2), many ? 2 : 0));
      else io.stdout(textStart(file) + handler.renderText(result));
      written++;
    },
    begin(file: string, handler: StreamingHandler) {
      const nest = many ? 2 : 0;
      const [before] = jsonAround({ schemaVersion: 1, file, format: handler.id }, handler.streamedField);
      let count = 0;
      if (mode === "json") io.stdout(jsonStart() + indent(before + "[", nest));
      else if (mode === "text") io.stdout(textStart(file));
      return {
        item(item: unknown, i: number) {
          if (mode === "csv") csv(file, handler.itemToCsv(item, i));
          else if (mode === "json") io.stdout(indent((count > 0 ? ",\n" : "\n") + "    " + indent(JSON.stringify(item, null, 2), 4), nest));
          else io.stdout(handler.renderItemText(item, i));
          count++;
        },
        end(result: ParsedFileBase) {
          if (mode === "json") {
            const [, after] = jsonAround(result, handler.streamedField);
            io.stdout(indent((count > 0 ? "\n  ]" : "]") + after, nest));
          } else if (mode === "text" && count === 0) io.stdout(handler.renderText(result));
          written++;
        },
      };
    },
    finish() {
      if (mode === "json" && written > 0) io.stdout(many ? "\n]\n" : "\n");
    },
  };
}

function durationNsArg(name: string) {
  return (v: string) => {
    const ns = parseDurationNs(v);
    if (ns === null) throw new CliError(`${name} expects a duration such as 1s, 100ms or 500us, got '${v}'`, EXIT.usage);
    return ns;
  };
}

function intArg(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new CliError(`${name} expects a non-negative integer, got '${v}'`, EXIT.usage);
    return Number(v);
  };
}

export const parseCommand: CommandSpec = {
  name: "parse",
  summary: "parse perf kvm stat text, perf.data.guest or cyclictest output and print it as a table, JSON or CSV",
  define(cmd, io, setExit) {
    cmd
      .argument("<file...>", "files to read; the format is detected from the content")
      .addOption(new Option("--json", "print the parsed data as JSON (docs/parse-output.schema.json)").conflicts("csv"))
      .addOption(new Option("--csv", "print one CSV row per table row").conflicts("json"))
      .option("--vcpu <n>", "only this vCPU, as perf's --vcpu (perf kvm stat text: the tables perf printed for it)", intArg("--vcpu"))
      .option("--event <event>", "vmexit, ioport, mmio or msr, as perf's --event (perf kvm stat text: the tables of that event)")
      .addOption(new Option("-k, --key <key>", "sort key, as perf 6.1's -k: sample, or time (by the mean)").choices([...SORT_KEYS]))
      .option("--rate-bucket <time>", "perf.data: width of the exit-rate buckets, e.g. 1s, 100ms (default 10ms)", durationNsArg("--rate-bucket"))
      .option("--bins-per-decade <n>", "perf.data: histogram bins per decade of duration (default 10)", intArg("--bins-per-decade"))
      .addOption(new Option("--format <id>", "skip detection and read as this format").choices(FORMAT_HANDLERS.map((h) => h.id)))
      .addHelpText(
        "after",
        `\nFormats:\n${FORMAT_HANDLERS.map((h) => `  ${h.id.padEnd(20)} ${h.description}`).join("\n")}\n\nExit codes: 0 parsed (even with warnings), 1 a file is unreadable or not a known format, 2 usage error.\n`,
      )
      .action(async (files: string[], opts: { json?: boolean; csv?: boolean; vcpu?: number; event?: string; key?: string; format?: string; rateBucket?: number; binsPerDecade?: number }) => {
        // Output is written file by file (and table by table for streaming handlers), never gathered whole.
        const out = createOutputWriter(io, opts.json ? "json" : opts.csv ? "csv" : "text", files.length);
        for (const file of files) {
          const options: PerfDataParseOptions = { vcpu: opts.vcpu, event: opts.event, sortKey: opts.key, rateBucketNs: opts.rateBucket, binsPerDecade: opts.binsPerDecade, progress: createProgress(io, file) };
          const ctx = { fs: io.fs, options };
          const streaming = await streamingHandlerFor(file, ctx, opts.format);
          let result: ParsedFileBase;
          if (streaming) {
            const piece = out.begin(file, streaming);
            result = await streaming.parseStreaming(file, ctx, (item, i) => {
              piece.item(item, i);
              return stdoutBacklog();
            });
            piece.end(result);
          } else {
            const outcome = await readInput(file, ctx, opts.format);
            if (!outcome.ok) {
              io.stderr(`vmexit: ${outcome.message}\n`);
              setExit(EXIT.badInput);
              continue;
            }
            result = outcome.result;
            out.whole(file, outcome.handler, result);
          }
          for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
          if (result.diagnostics.some((d) => d.code.endsWith("/unreadable") || d.code.endsWith("/not-this-format"))) setExit(EXIT.badInput);
        }
        out.finish();
      });
  },
};
