/** The table of `vmexit` sub-commands, in the order `vmexit --help` lists them. */
import type { CommandSpec } from "../command";
import { parseCommand } from "./parse";
import { summaryCommand } from "./summary";
import { compareCommand } from "./compare";
import { chartCommand } from "./chart";
import { notebookCommand } from "./notebook";
import { reportCommand } from "./report";
import { recordCommand } from "./record";

export const COMMANDS: readonly CommandSpec[] = [
  parseCommand,
  summaryCommand,
  compareCommand,
  chartCommand,
  notebookCommand,
  reportCommand,
  recordCommand,
];
