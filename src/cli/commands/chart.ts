// PLACEHOLDER until `vmexit chart` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const chartCommand: CommandSpec = {
  name: "chart",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit chart is not implemented yet");
    });
  },
};
