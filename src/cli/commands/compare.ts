// PLACEHOLDER until `vmexit compare` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const compareCommand: CommandSpec = {
  name: "compare",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit compare is not implemented yet");
    });
  },
};
