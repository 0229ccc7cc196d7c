import type { Command } from "commander";
import type { CliIO } from "./io";
import type { ExitCode } from "./exit-codes";

/**
 * One `vmexit` sub-command. `define` adds its arguments and options to a
 * commander Command and returns the action, which resolves to the exit code.
 */
export interface CommandSpec {
  name: string;
  summary: string;
  define(cmd: Command, io: CliIO, setExit: (code: ExitCode) => void): void;
}
