// PLACEHOLDER until `vmexit record` lands.
import type { CommandSpec } from "../command";
import { CliError } from "../exit-codes";

export const recordCommand: CommandSpec = {
  name: "record",
  summary: "(not implemented yet)",
  define(cmd) {
    cmd.allowUnknownOption().argument("[args...]").action(() => {
      throw new CliError("vmexit record is not implemented yet");
    });
  },
};
