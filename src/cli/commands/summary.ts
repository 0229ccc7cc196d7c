// PLACEHOLDER until `vmexit summary` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const summaryCommand: CommandSpec = {
  name: "summary",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit summary is not implemented yet");
    });
  },
};
