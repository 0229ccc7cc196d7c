/**
 * Notebook parameters, the papermill way: the cell tagged `parameters` holds
 * the defaults; given values go into a new cell tagged `injected-parameters`
 * right after it, which redeclares the names (tslab allows redeclaring
 * top-level `const` in a later cell).
 */
import type { Cell, CodeCell, Notebook } from "./ipynb";
import { cellSource, cellTags, toLines } from "./ipynb";
import type { Diagnostic } from "../model/diagnostic";
import { notebookMessages } from "../messages/notebook";

export const PARAMETERS_TAG = "parameters";
export const INJECTED_PARAMETERS_TAG = "injected-parameters";

export type ParamValue = string | number | boolean | null | ParamValue[] | { [key: string]: ParamValue };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Parses `key=value` from the command line. The value is read as JSON when it
 * is a number, true/false/null, a quoted string, an array or an object;
 * otherwise it is the string itself. Throws on a malformed pair.
 */
export function parseParamArg(arg: string): [string, ParamValue] {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw new Error(`--param expects key=value, got '${arg}'`);
  const key = arg.slice(0, eq).trim();
  if (!IDENTIFIER.test(key)) throw new Error(`--param name '${key}' is not a valid TypeScript identifier`);
  const raw = arg.slice(eq + 1);
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|".*"|\[.*\]|\{.*\})$/s.test(raw.trim())) {
    try {
      return [key, JSON.parse(raw) as ParamValue];
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return [key, raw];
}

/** Names declared at the top level of the parameters cell (`const|let|var name`). */
export function declaredParameters(source: string): string[] {
  const names: string[] = [];
  const re = /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) names.push(m[1]);
  return names;
}

/** The TypeScript source of the injected cell. */
export function injectedSource(params: Record<string, ParamValue>): string {
  const lines = [notebookMessages.zh.injectedComment];
  for (const [k, v] of Object.entries(params)) {
    if (!IDENTIFIER.test(k)) throw new Error(`parameter name '${k}' is not a valid TypeScript identifier`);
    lines.push(`const ${k} = ${JSON.stringify(v)};`);
  }
  return lines.join("\n");
}

export interface InjectResult {
  notebook: Notebook;
  /** Index of the injected cell, or null when no parameters were given. */
  injectedIndex: number | null;
  diagnostics: Diagnostic[];
}

/**
 * Returns a copy of `nb` with earlier injected cells removed and, when
 * `params` is not empty, a new injected cell after the parameters cell (or
 * first, with a warning, when there is none). Unknown names are warned about.
 */
export function injectParameters(nb: Notebook, params: Record<string, ParamValue>, file: string): InjectResult {
  const diagnostics: Diagnostic[] = [];
  const cells: Cell[] = nb.cells.filter((c) => !cellTags(c).includes(INJECTED_PARAMETERS_TAG));
  const keys = Object.keys(params);
  if (keys.length === 0) return { notebook: { ...nb, cells }, injectedIndex: null, diagnostics };
  const pIndex = cells.findIndex((c) => c.cell_type === "code" && cellTags(c).includes(PARAMETERS_TAG));
  if (pIndex < 0) {
    diagnostics.push({
      code: "notebook/no-parameters-cell",
      severity: "warning",
      message: "no code cell is tagged 'parameters'; the parameters are injected before the first cell",
      file,
    });
  } else {
    const declared = new Set(declaredParameters(cellSource(cells[pIndex])));
    for (const k of keys) {
      if (!declared.has(k)) {
        diagnostics.push({
          code: "notebook/unknown-parameter",
          severity: "warning",
          message: `parameter '${k}' is not declared in the parameters cell (declared: ${[...declared].join(", ") || "none"}); injected anyway`,
          file,
        });
      }
    }
  }
  const injected: CodeCell = {
    cell_type: "code",
    id: "injected-parameters",
    metadata: { tags: [INJECTED_PARAMETERS_TAG] },
    source: toLines(injectedSource(params)),
    execution_count: null,
    outputs: [],
  };
  const at = pIndex + 1;
  cells.splice(at, 0, injected);
  return { notebook: { ...nb, cells }, injectedIndex: at, diagnostics };
}
