/**
 * The shape of a hogvec subcommand: its name, a one-line summary for the
 * general usage, its own usage text, and how it runs.
 */

/** A subcommand of the hogvec command. */
export interface Command {
  /** What the user types: 'train'. */
  readonly name: string;
  /** One line for `hogvec --help`. */
  readonly summary: string;
  /** The usage text printed by `hogvec NAME --help` and after a usage mistake. */
  readonly usage: string;
  /**
   * Runs with the arguments after the name and resolves with the exit code.
   * Throws a UsageError for a mistake in the arguments and any other Error
   * for a failure; main turns both into one line on stderr.
   */
  run(argv: readonly string[]): Promise<number>;
}

/** Writes a line to standard output. */
export function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a line to standard error. */
export function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}
