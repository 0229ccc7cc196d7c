// PLACEHOLDER until `vmexit report` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const reportCommand: CommandSpec = {
  name: "report",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit report is not implemented yet");
    });
  },
};
