/**
 * The hogvec command: dispatches to a subcommand, prints usage and help, and
 * turns every error into one line on stderr (a stack only with
 * HOGVEC_DEBUG=1). Exit codes: 0 success, 1 failure, 2 usage mistake,
 * 130 interrupted by Ctrl-C.
 *
 *   node dist/cli/main.js train corpus.txt -o vectors.bin   (bin/hogvec)
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { analogyCommand } from './analogy';
import { closest, UsageError } from './args';
import type { Command } from './command';
import { convertCommand } from './convert';
import { evalCommand } from './eval';
import { exploreCommand } from './explore';
import { infoCommand } from './info';
import { plotCommand } from './plot';
import { similarCommand } from './similar';
import { trainCommand } from './train';

/** The exit code of a usage mistake, as most Unix tools use it. */
export const EXIT_USAGE = 2;

const COMMANDS: readonly Command[] = [
  trainCommand,
  similarCommand,
  analogyCommand,
  evalCommand,
  plotCommand,
  exploreCommand,
  convertCommand,
  infoCommand,
];

function generalUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: hogvec <command> [arguments]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'hogvec <command> --help' for a command's options.",
    'Options: --help, --version',
  ].join('\n');
}

/** The package's version, from package.json (two folders up from lib/cli and from dist/cli). */
export function version(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Runs the command line `argv` (the arguments after 'hogvec') and resolves
 * with the exit code; never rejects.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(`${generalUsage()}\n`);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    process.stdout.write(`${command ? command.usage : generalUsage()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    const guess = closest(
      name,
      COMMANDS.map((c) => c.name),
    );
    const what = name.startsWith('-') ? 'option' : 'command';
    process.stderr.write(
      `hogvec: unknown ${what} '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}\n\n${generalUsage()}\n`,
    );
    return EXIT_USAGE;
  }
  const flags = rest.indexOf('--') < 0 ? rest : rest.slice(0, rest.indexOf('--'));
  if (flags.includes('--help') || flags.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    return report(command, err);
  }
}

function report(command: Command, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`hogvec ${command.name}: ${message}\n`);
  if (process.env.HOGVEC_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  if (err instanceof UsageError) {
    process.stderr.write(`\n${command.usage}\n`);
    return EXIT_USAGE;
  }
  return 1;
}

/**
 * Runs the process's command line and sets its exit code (bin/hogvec calls
 * this). The process ends when its work does, so that output to a pipe is
 * never cut short by process.exit().
 */
export function cli(): void {
  // A closed pipe (hogvec similar ... | head) is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  let settled = false;
  // Node exits with 0 when nothing is left to wait for, even if the command never finished: say so instead.
  process.on('beforeExit', () => {
    if (settled) return;
    settled = true;
    process.stderr.write('hogvec: internal error: the command stopped before it finished\n');
    process.exitCode = 1;
  });
  void main(process.argv.slice(2)).then((code) => {
    settled = true;
    process.exitCode = code;
  });
}

if (require.main === module) cli();
