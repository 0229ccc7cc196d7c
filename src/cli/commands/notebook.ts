// PLACEHOLDER until `vmexit notebook` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const notebookCommand: CommandSpec = {
  name: "notebook",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit notebook is not implemented yet");
    });
  },
};
