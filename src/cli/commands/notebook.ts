/**
 * `vmexit notebook run NOTEBOOK [--param key=value]... [--out executed.ipynb]`:
 * executes a TypeScript (tslab) notebook headless, without Python or Jupyter.
 */
import { resolve } from "node:path";
import type { CommandSpec } from "../command";
import { CliError, EXIT } from "../exit-codes";
import { formatDiagnostic } from "../../model/diagnostic";
import { parseParamArg, type ParamValue } from "../../notebook/params";
import { formatFailure, runNotebook } from "../../notebook/run";

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

export const notebookCommand: CommandSpec = {
  name: "notebook",
  summary: "run a TypeScript (tslab) notebook headless and write the executed .ipynb",
  define(cmd, io, setExit) {
    cmd
      .command("run")
      .description("execute every cell of NOTEBOOK with tslab (no Python or Jupyter needed)")
      .argument("<notebook>", "the .ipynb file")
      .option("-p, --param <key=value>", "set a parameter (repeatable); numbers, true/false/null and JSON arrays/objects are parsed, anything else is a string", collect, [])
      .option("--param-path <key=path>", "set a parameter to a path, made absolute from the current directory (repeatable)", collect, [])
      .option("-o, --out <file>", "write the executed notebook here (also when a cell fails)")
      .option("--timeout <seconds>", "stop the notebook after this many seconds", "600")
      .addHelpText(
        "after",
        "\nParameters go into a new cell tagged 'injected-parameters' after the cell tagged 'parameters'.\nRelative paths given with --param are relative to the notebook's folder (the kernel's cwd); use --param-path for paths relative to here.\n\nExit codes: 0 every cell ran, 1 a cell failed or the notebook is unreadable, 2 usage error.\n",
      )
      .action(async (notebook: string, opts: { param: string[]; paramPath: string[]; out?: string; timeout: string }) => {
        const params: Record<string, ParamValue> = {};
        try {
          for (const a of opts.param) {
            const [k, v] = parseParamArg(a);
            params[k] = v;
          }
          for (const a of opts.paramPath) {
            const [k, v] = parseParamArg(a);
            params[k] = resolve(io.cwd, String(v));
          }
        } catch (e) {
          throw new CliError((e as Error).message, EXIT.usage);
        }
        const timeoutS = Number(opts.timeout);
        if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new CliError(`--timeout expects a positive number of seconds, got '${opts.timeout}'`, EXIT.usage);
        const started = io.now().getTime();
        const result = await runNotebook(resolve(io.cwd, notebook), { params, out: opts.out ? resolve(io.cwd, opts.out) : undefined, timeoutMs: timeoutS * 1000 });
        for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
        if (!result.notebook) {
          setExit(EXIT.badInput);
          return;
        }
        if (result.failure) {
          io.stderr(`${formatFailure(notebook, result.failure)}\n`);
          if (result.outPath) io.stderr(`vmexit: the partial executed notebook is in ${opts.out}\n`);
          setExit(EXIT.badInput);
          return;
        }
        const cells = result.notebook.cells.filter((c) => c.cell_type === "code" && c.execution_count !== null).length;
        const seconds = ((io.now().getTime() - started) / 1000).toFixed(1);
        io.stderr(`${notebook}: ${cells} cells ran in ${seconds} s${opts.out ? `; wrote ${opts.out}` : ""}\n`);
      });
  },
};
