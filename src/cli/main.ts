/**
 * `vmexit`: the command-line entry. Sub-commands are the table in
 * ./commands/index.ts; each parses its own options with commander.
 * Exit codes: 0 ok (even with warnings), 1 bad input, 2 usage error.
 */
import { Command, CommanderError } from "commander";
import { commandsFor } from "./commands";
import { CliError, EXIT, type ExitCode } from "./exit-codes";
import { processIO, type CliIO } from "./io";

const VERSION: string = require("../../package.json").version;

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: ExitCode) => {
    if (code > exitCode) exitCode = code;
  };
  const program = new Command("vmexit")
    .description("Read perf kvm stat text, perf.data.guest and cyclictest output; analyse VM exits; write Chinese reports.")
    .version(VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  for (const entry of commandsFor(argv)) {
    const spec = entry.load();
    const cmd = program.command(spec.name).description(spec.summary).exitOverride().configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
    });
    cmd.showHelpAfterError("(run with --help for usage)");
    spec.define(cmd, io, setExit);
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.ok;
      if (err.code === "commander.executeSubCommandAsync") return exitCode;
      return EXIT.usage;
    }
    if (err instanceof CliError) {
      io.stderr(`vmexit: ${err.message}\n`);
      return Math.max(exitCode, err.exitCode);
    }
    const e = err as Error;
    io.stderr(`vmexit: internal error: ${e && e.stack ? e.stack : String(err)}\n`);
    return 70;
  }
  return exitCode;
}

export function runFromProcess(): void {
  // `vmexit parse big.data | head`: the reader closed the pipe; stop quietly, as other Unix tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(0);
      throw err;
    });
  }
  const io = processIO();
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      io.stderr(`vmexit: internal error: ${String(err)}\n`);
      process.exitCode = 70;
    },
  );
}
