/**
 * `vmexit parse FILE... [--json | --csv]`: read perf kvm stat text, perf.data
 * or cyclictest output (detected by content) and print it.
 */
import { Option } from "commander";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import { createProgress } from "../progress";
import { readInput } from "../../formats/read-input";
import { FORMAT_HANDLERS, type CsvTable, type ParseOptions, type ParsedFileBase } from "../../formats";
import { formatDiagnostic } from "../../model/diagnostic";
import { toCsv } from "../csv";

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
      .option("--vcpu <n>", "perf.data: only this vCPU (as perf's --vcpu)", intArg("--vcpu"))
      .option("--event <event>", "perf.data: vmexit, ioport, mmio or msr (as perf's --event)")
      .option("-k, --key <key>", "perf.data: sort key, as perf's -k (sample, time, max_t, min_t, mean_t)")
      .addOption(new Option("--format <id>", "skip detection and read as this format").choices(FORMAT_HANDLERS.map((h) => h.id)))
      .addHelpText(
        "after",
        `\nFormats:\n${FORMAT_HANDLERS.map((h) => `  ${h.id.padEnd(20)} ${h.description}`).join("\n")}\n\nExit codes: 0 parsed (even with warnings), 1 a file is unreadable or not a known format, 2 usage error.\n`,
      )
      .action(async (files: string[], opts: { json?: boolean; csv?: boolean; vcpu?: number; event?: string; key?: string; format?: string }) => {
        const results: ParsedFileBase[] = [];
        const csvParts: CsvTable[] = [];
        const textParts: string[] = [];
        for (const file of files) {
          const options: ParseOptions = { vcpu: opts.vcpu, event: opts.event, sortKey: opts.key, progress: createProgress(io, file) };
          const outcome = await readInput(file, { fs: io.fs, options }, opts.format);
          if (!outcome.ok) {
            io.stderr(`vmexit: ${outcome.message}\n`);
            setExit(EXIT.badInput);
            continue;
          }
          const { handler, result } = outcome;
          for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
          if (result.diagnostics.some((d) => d.code.endsWith("/unreadable") || d.code.endsWith("/not-this-format"))) setExit(EXIT.badInput);
          results.push(result);
          if (opts.csv) {
            const t = handler.toCsv(result);
            csvParts.push({ header: ["file", ...t.header], rows: t.rows.map((r) => [file, ...r]) });
          } else if (!opts.json) {
            textParts.push((files.length > 1 ? `==> ${file} <==\n` : "") + handler.renderText(result));
          }
        }
        if (opts.json) {
          if (results.length > 0) io.stdout(JSON.stringify(files.length === 1 ? results[0] : results, null, 2) + "\n");
        } else if (opts.csv) {
          io.stdout(toCsv(csvParts));
        } else {
          io.stdout(textParts.join("\n"));
        }
      });
  },
};
