/**
 * The table of `vmexit` sub-commands, in the order `vmexit --help` lists them.
 * Each entry loads its module on demand, so `vmexit parse` does not pay for
 * loading the report, chart or notebook code.
 */
import type { CommandSpec } from "../command";

export interface CommandEntry {
  name: string;
  load(): CommandSpec;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: "parse", load: () => (require("./parse") as typeof import("./parse")).parseCommand },
  { name: "summary", load: () => (require("./summary") as typeof import("./summary")).summaryCommand },
  { name: "compare", load: () => (require("./compare") as typeof import("./compare")).compareCommand },
  { name: "chart", load: () => (require("./chart") as typeof import("./chart")).chartCommand },
  { name: "notebook", load: () => (require("./notebook") as typeof import("./notebook")).notebookCommand },
  { name: "report", load: () => (require("./report") as typeof import("./report")).reportCommand },
  { name: "record", load: () => (require("./record") as typeof import("./record")).recordCommand },
];

/** The entries needed to run `argv`: only the named sub-command, or all of them (help, usage errors). */
export function commandsFor(argv: readonly string[]): readonly CommandEntry[] {
  const first = argv.find((a) => !a.startsWith("-"));
  const named = COMMANDS.find((c) => c.name === first);
  return named && argv[0] === first ? [named] : COMMANDS;
}
