/** Exit codes shared by every command. */
export const EXIT = {
  /** Done, possibly with warnings. */
  ok: 0,
  /** A file is unreadable, not a known format, or invalid (the worst case of several files wins). */
  badInput: 1,
  /** The command line is wrong. */
  usage: 2,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by a command to stop with a message and an exit code (no stack trace is printed). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.badInput,
  ) {
    super(message);
  }
}
