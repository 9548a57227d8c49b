/**
 * `hogvec train`: trains word vectors on files or standard input and saves
 * them in a word2vec format. Every train() option is a flag, and the C
 * tool's spellings (-size, -iter, -cbow 1, -hs 1, -binary 1, ...) work too,
 * so that old scripts keep working. Ctrl-C stops the run and writes nothing.
 */
import * as path from 'node:path';

import { train, type TrainOptions, type VectorsFormat, type Word2Vec } from '../index';
import { DEFAULTS, TRAIN_OPTION_NAMES, TRAIN_SCHEMA, type OptionRow } from '../options';
import { parseArgs, UsageError, type FlagSpec, type FlagSpecs, type ParsedArgs } from './args';
import { say, warn, type Command } from './command';
import { formatForName, requireFile, requireWritable } from './files';
import { count, seconds } from './format';
import { createReporter, type ProgressMode, type ProgressReporter } from './progress';
import { readSentences } from './sentences';

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** A train() option's flag, from its schema row (lib/options.ts). */
interface OptionFlag {
  option: keyof TrainOptions;
  /** The long flag without its dashes: the option's name in kebab case. */
  flag: string;
  spec: FlagSpec;
  /** The flag and its value in --help: '--dim N', '--no-cbow-mean'. */
  usage: string;
  /** Its line in --help. */
  help: string;
}

/** The flag of every train() option that has one, in schema order. */
export const OPTION_FLAGS: readonly OptionFlag[] = TRAIN_OPTION_NAMES.flatMap((option) => {
  const row: OptionRow<unknown> = TRAIN_SCHEMA[option];
  if (row.flag === null) return [];
  const { rule } = row;
  if (rule.kind === 'other') throw new Error(`hogvec: option ${option} has a flag but no flag type`);
  const flag = option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const spec: FlagSpec = { kind: rule.kind, aliases: row.flag.aliases, choices: rule.choices };
  const negated = rule.kind === 'boolean' && row.default === true;
  const usage = `--${negated ? '[no-]' : ''}${flag}${row.flag.value ? ` ${row.flag.value}` : ''}`;
  const choices = rule.choices ? `: ${rule.choices.join(', ')}` : '';
  const fallback =
    row.flag.defaultText ?? (rule.kind === 'boolean' || row.default === undefined ? undefined : String(row.default));
  const help = `${row.doc}${choices}${fallback === undefined ? '' : ` (default ${fallback})`}`;
  return [{ option, flag, spec, usage, help }];
});

const FLAGS: FlagSpecs = {
  output: { kind: 'string', aliases: ['-o', '-output'] },
  format: { kind: 'string', choices: ['binary', 'text'] },
  ...Object.fromEntries(OPTION_FLAGS.map((f) => [f.flag, f.spec])),
  json: { kind: 'boolean' },
  quiet: { kind: 'boolean', aliases: ['-q'] },
  // The C tool's switches, which take 0 or 1, and its corpus flag.
  cbow: { kind: 'integer', aliases: ['-cbow'], choices: [0, 1] },
  hs: { kind: 'integer', aliases: ['-hs'], choices: [0, 1] },
  binary: { kind: 'integer', aliases: ['-binary'], choices: [0, 1] },
  train: { kind: 'list', aliases: ['-train'] },
};

/** `text` in lines of at most 78 characters, each after `indent` (the first after `first`). */
function wrap(text: string, indent = '', first = indent): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > 78 && line.trim() !== '') {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' && line === first && first === '' ? word : ` ${word}`;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

/** Lines of `usage  text` with the text in a column at 28. */
function helpLines(entries: readonly (readonly [string, string])[]): string {
  const column = ''.padEnd(27);
  return entries
    .flatMap(([usage, text]) => {
      const head = `  ${usage}`;
      return head.length < column.length
        ? wrap(text, column, head.padEnd(column.length))
        : [head, ...wrap(text, column)];
    })
    .join('\n');
}

// Keeps a flag and its value on one line of wrapped text.
const NO_BREAK = '\u00a0';
function unbreakable(text: string): string {
  return text.replaceAll(' ', NO_BREAK);
}

// The C tool's spellings among the aliases, with their values as the C tool's help shows them.
const C_TOOL_FLAGS = [
  '-train FILE',
  '-output FILE',
  ...OPTION_FLAGS.flatMap((f) => {
    const value = f.usage.includes(' ') ? f.usage.slice(f.usage.indexOf(' ')) : '';
    return (f.spec.aliases ?? []).map((alias) => `${alias}${value}`);
  }),
  '-hs 0|1',
  '-cbow 0|1',
  '-binary 0|1',
];

const USAGE = `Usage: hogvec train <corpus...> -o <vectors> [options]

Trains word vectors on the corpus files (one sentence a line, tokens
separated by whitespace), or on standard input when the corpus is '-', and
saves them in the word2vec format (binary, or text for .txt and .vec names).

Options:
${helpLines([
  ['-o, --output FILE', 'where to save the vectors (required)'],
  ['--format binary|text', 'the file format (default: from the name)'],
  ...OPTION_FLAGS.map((f) => [f.usage, f.help] as const),
  ['--json', 'progress as one JSON object a line on stdout'],
  ['-q, --quiet', 'no progress'],
])}

${wrap(
  `The word2vec C tool's spellings work too: ${C_TOOL_FLAGS.map(unbreakable).join(' ')}. ` +
    "hogvec trains one loss: -hs 1 goes with -negative 0 or none. Defaults are hogvec's (skip-gram), not the C tool's.",
)
  .join('\n')
  .replaceAll(NO_BREAK, ' ')}

On a terminal a progress bar is redrawn in place; otherwise a line is written
to stderr every few seconds. Ctrl-C stops the run without writing anything
and exits with ${EXIT_INTERRUPTED}.

Example:
  hogvec train corpus.txt -o vectors.bin --dim 200 --epochs 10`;

/** The train subcommand. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train word vectors on a corpus (files or - for stdin)',
  usage: USAGE,
  run: runTrain,
};

async function runTrain(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const corpus = [...args.list('train'), ...args.positionals];
  const output = args.string('output');
  if (corpus.length === 0) throw new UsageError("no corpus: give one or more files, or '-' for standard input");
  if (output === undefined) throw new UsageError('no output file: give -o FILE');
  const fromStdin = corpus.includes('-');
  if (fromStdin && corpus.length > 1) throw new UsageError("'-' (standard input) cannot be mixed with corpus files");
  if (!fromStdin) for (const file of corpus) await requireFile(file, 'corpus file');
  await requireWritable(output, 'vectors');
  const checkpoint = args.string('checkpoint');
  // A folder named with {epoch} only exists once that epoch ends.
  if (checkpoint !== undefined && !path.dirname(checkpoint).includes('{epoch}'))
    await requireWritable(checkpoint, 'checkpoint');
  const format = outputFormat(args, output);

  const controller = new AbortController();
  const options = trainOptions(args, controller.signal);
  const mode: ProgressMode = args.boolean('json')
    ? 'json'
    : args.boolean('quiet')
      ? 'quiet'
      : process.stderr.isTTY
        ? 'bar'
        : 'lines';
  // JSON is for programs, which read stdout; people read progress on stderr, apart from the results.
  const reporter = createReporter(mode, mode === 'json' ? process.stdout : process.stderr);

  let interrupted = false;
  const onSigint = () => {
    // A second Ctrl-C leaves at once (the vectors file is renamed into place whole, never half-written).
    if (interrupted) process.exit(EXIT_INTERRUPTED);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    if (fromStdin && process.stdin.isTTY)
      warn('hogvec train: reading the corpus from the terminal; end it with Ctrl-D');
    const source = fromStdin ? readSentences(process.stdin, controller.signal) : corpus;
    const started = performance.now();
    const model = await trainModel({ ...options, corpus: source }, args, reporter, describe(corpus, output, options));
    if (model === undefined) return EXIT_INTERRUPTED;
    await model.wordVectors.save(output, { format });
    const elapsedMs = performance.now() - started;
    reportDone(mode, model, output, format, elapsedMs);
    if (interrupted) {
      warn(`hogvec train: interrupted while saving; the vectors were saved to ${output}`);
      return EXIT_INTERRUPTED;
    }
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Runs training with the reporter attached; undefined when the run was aborted. */
async function trainModel(
  options: TrainOptions,
  args: ParsedArgs,
  reporter: ProgressReporter,
  description: string,
): Promise<Word2Vec | undefined> {
  let run: ReturnType<typeof train>;
  try {
    run = train(options);
  } catch (err) {
    // train() validates synchronously: a bad value of a flag is a usage mistake.
    if (err instanceof TypeError || err instanceof RangeError) throw new UsageError(withFlagNames(err.message, args));
    throw err;
  }
  // The run's length is known from its first progress report (or the flag).
  let epochs = options.epochs;
  reporter.start(description);
  run.on('progress', (p) => {
    epochs = p.epochs;
    reporter.progress(p);
  });
  run.on('epoch', (e) => reporter.epoch(e, epochs));
  try {
    const model = await run;
    reporter.done();
    return model;
  } catch (err) {
    if ((err as Error)?.name === 'AbortError' && options.signal?.aborted) {
      reporter.aborted();
      return undefined;
    }
    reporter.done();
    throw err;
  }
}

/** The train() options a `hogvec train` command line gives (without the corpus). Throws a UsageError. */
export function trainOptionsOf(argv: readonly string[], signal?: AbortSignal): Omit<TrainOptions, 'corpus'> {
  return trainOptions(parseArgs(argv, FLAGS), signal);
}

function trainOptions(args: ParsedArgs, signal: AbortSignal | undefined): Omit<TrainOptions, 'corpus'> {
  const options: Record<string, unknown> = signal ? { signal } : {};
  for (const { option, flag, spec } of OPTION_FLAGS) {
    if (!args.has(flag)) continue;
    options[option] =
      spec.kind === 'boolean' ? args.boolean(flag) : spec.kind === 'string' ? args.string(flag) : args.number(flag);
  }
  const cbow = args.number('cbow');
  if (cbow !== undefined) {
    const architecture = cbow === 1 ? 'cbow' : 'skip-gram';
    if (args.has('architecture') && options.architecture !== architecture) {
      throw new UsageError(
        `${args.spelling('cbow')} ${cbow} contradicts --architecture ${String(options.architecture)}`,
      );
    }
    options.architecture = architecture;
  }
  // The C tool trains hierarchical softmax and negative sampling side by side; hogvec trains one.
  const hs = args.number('hs');
  const negative = args.number('negative');
  if (hs === 1) {
    if (args.has('loss') && options.loss !== 'hierarchical-softmax') {
      throw new UsageError(`${args.spelling('hs')} 1 contradicts --loss ${String(options.loss)}`);
    }
    if (negative !== undefined && negative > 0) {
      throw new UsageError(
        `hogvec trains one loss: ${args.spelling('hs')} 1 needs ${args.spelling('negative')} 0 (or none), ` +
          `not ${negative}`,
      );
    }
    options.loss = 'hierarchical-softmax';
    if (negative === 0) delete options.negative;
  } else if (negative === 0) {
    throw new UsageError(
      `${args.spelling('negative')} 0 turns negative sampling off: add -hs 1 for hierarchical softmax`,
    );
  }
  return options as Omit<TrainOptions, 'corpus'>;
}

function outputFormat(args: ParsedArgs, output: string): VectorsFormat {
  const named = args.string('format') as VectorsFormat | undefined;
  const binary = args.number('binary');
  const cTool: VectorsFormat | undefined = binary === undefined ? undefined : binary === 1 ? 'binary' : 'text';
  if (named !== undefined && cTool !== undefined && named !== cTool) {
    throw new UsageError(`--format ${named} contradicts ${args.spelling('binary')} ${binary}`);
  }
  return named ?? cTool ?? formatForName(output);
}

// "... for dim but ..." becomes "... for -size but ..." when the user typed -size.
function withFlagNames(message: string, args: ParsedArgs): string {
  for (const { option, flag } of OPTION_FLAGS) {
    const named = message.replace(new RegExp(`\\bfor ${option}\\b`), `for ${args.spelling(flag)}`);
    if (named !== message) return named;
  }
  return message;
}

function describe(corpus: readonly string[], output: string, options: Omit<TrainOptions, 'corpus'>): string {
  const source = corpus[0] === '-' ? 'standard input' : corpus.join(', ');
  return `hogvec train: ${source} -> ${output} (${options.threads ?? DEFAULTS.threads} threads)`;
}

function reportDone(
  mode: ProgressMode,
  model: Word2Vec,
  output: string,
  format: VectorsFormat,
  elapsedMs: number,
): void {
  const o = model.options;
  const losses = model.epochLosses;
  const loss = losses.length > 0 ? losses[losses.length - 1] : Number.NaN;
  if (mode === 'json') {
    say(
      JSON.stringify({
        type: 'done',
        output,
        format,
        words: model.vocabulary.size,
        dim: model.dim,
        epochs: o.epochs,
        loss: Number.isFinite(loss) ? loss : null,
        elapsedMs,
      }),
    );
    return;
  }
  say(
    `Saved ${count(model.vocabulary.size)} vectors of dim ${model.dim} to ${output} (${format}); ` +
      `${o.architecture}, ${o.loss}, window ${o.window}, ` +
      `${o.epochs} epoch${o.epochs === 1 ? '' : 's'} in ${seconds(elapsedMs)}` +
      (Number.isFinite(loss) ? `, final loss ${loss.toFixed(4)}` : ''),
  );
}
