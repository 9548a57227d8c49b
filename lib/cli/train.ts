/**
 * `hogvec train`: trains word vectors on files or standard input and saves
 * them in a word2vec format. Every train() option is a flag, and the C
 * tool's spellings (-size, -iter, -cbow 1, -hs 1, -binary 1, ...) work too,
 * so that old scripts keep working. Ctrl-C stops the run and writes nothing.
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';

import { train, type TrainOptions, type VectorsFormat, type Word2Vec } from '../index';
import { parseArgs, UsageError, type FlagSpecs, type ParsedArgs } from './args';
import { say, warn, type Command } from './command';
import { formatForName, requireFile, requireWritable } from './files';
import { count, seconds } from './format';
import { createReporter, type ProgressMode, type ProgressReporter } from './progress';
import { readSentences } from './sentences';

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

const FLAGS: FlagSpecs = {
  output: { kind: 'string', aliases: ['-o', '-output'] },
  format: { kind: 'string', choices: ['binary', 'text'] },
  architecture: { kind: 'string', choices: ['skip-gram', 'cbow'] },
  loss: { kind: 'string', choices: ['negative-sampling', 'hierarchical-softmax', 'softmax'] },
  dim: { kind: 'integer', aliases: ['-size'] },
  window: { kind: 'integer', aliases: ['-window'] },
  negative: { kind: 'integer', aliases: ['-negative'] },
  epochs: { kind: 'integer', aliases: ['-iter'] },
  'min-count': { kind: 'integer', aliases: ['-min-count'] },
  'max-vocab-size': { kind: 'integer' },
  sample: { kind: 'number', aliases: ['-sample'] },
  alpha: { kind: 'number', aliases: ['-alpha'] },
  'min-alpha': { kind: 'number' },
  threads: { kind: 'integer', aliases: ['-threads'] },
  seed: { kind: 'integer' },
  'ns-exponent': { kind: 'number' },
  'cbow-mean': { kind: 'boolean' },
  checkpoint: { kind: 'string' },
  'progress-interval': { kind: 'integer' },
  json: { kind: 'boolean' },
  quiet: { kind: 'boolean', aliases: ['-q'] },
  // The C tool's switches, which take 0 or 1, and its corpus flag.
  cbow: { kind: 'integer', aliases: ['-cbow'], choices: [0, 1] },
  hs: { kind: 'integer', aliases: ['-hs'], choices: [0, 1] },
  binary: { kind: 'integer', aliases: ['-binary'], choices: [0, 1] },
  train: { kind: 'list', aliases: ['-train'] },
};

// The train() option behind each numeric or string flag, to build the options and to name flags in errors.
const OPTION_FLAGS: readonly [keyof TrainOptions, string][] = [
  ['architecture', 'architecture'], ['loss', 'loss'], ['dim', 'dim'], ['window', 'window'],
  ['negative', 'negative'], ['epochs', 'epochs'], ['minCount', 'min-count'], ['maxVocabSize', 'max-vocab-size'],
  ['sample', 'sample'], ['alpha', 'alpha'], ['minAlpha', 'min-alpha'], ['threads', 'threads'], ['seed', 'seed'],
  ['nsExponent', 'ns-exponent'], ['cbowMean', 'cbow-mean'], ['checkpoint', 'checkpoint'],
  ['progressInterval', 'progress-interval'],
];

const USAGE = `Usage: hogvec train <corpus...> -o <vectors> [options]

Trains word vectors on the corpus files (one sentence a line, tokens
separated by whitespace), or on standard input when the corpus is '-', and
saves them in the word2vec format (binary, or text for .txt and .vec names).

Options:
  -o, --output FILE         where to save the vectors (required)
  --format binary|text      the file format (default: from the name)
  --architecture A          skip-gram or cbow (default skip-gram)
  --loss L                  negative-sampling, hierarchical-softmax or softmax
                            (default negative-sampling)
  --dim N                   vector size (default 100)
  --window N                largest distance to a context word (default 5)
  --negative N              negative samples per positive one (default 5)
  --epochs N                passes over the corpus (default 5)
  --min-count N             drop words seen fewer times (default 5)
  --max-vocab-size N        bound on the counting table (default 10000000)
  --sample T                subsampling threshold, 0 for none (default 1e-3)
  --alpha A                 initial learning rate (default 0.025, cbow 0.05)
  --min-alpha A             final learning rate (default 0.0001)
  --threads N               worker threads (default: the CPUs, here ${availableParallelism()})
  --seed N                  random seed (default 1)
  --ns-exponent X           exponent of the negative-sampling distribution (default 0.75)
  --no-cbow-mean            CBOW sums the context vectors instead of averaging them
  --checkpoint FILE         save the whole model at every epoch's end ({epoch} in
                            the name keeps one file an epoch)
  --progress-interval MS    milliseconds between progress reports (default 250)
  --json                    progress as one JSON object a line on stdout
  -q, --quiet               no progress

The word2vec C tool's spellings work too: -train FILE -output FILE -size N
-window N -negative N -hs 0|1 -cbow 0|1 -sample T -min-count N -threads N
-iter N -alpha A -binary 0|1. hogvec trains one loss: -hs 1 goes with
-negative 0 or none. Defaults are hogvec's (skip-gram), not the C tool's.

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
  if (checkpoint !== undefined && !path.dirname(checkpoint).includes('{epoch}')) await requireWritable(checkpoint, 'checkpoint');
  const format = outputFormat(args, output);

  const controller = new AbortController();
  const options = trainOptions(args, controller.signal);
  const mode: ProgressMode = args.boolean('json') ? 'json' : args.boolean('quiet') ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines';
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
    if (fromStdin && process.stdin.isTTY) warn('hogvec train: reading the corpus from the terminal; end it with Ctrl-D');
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
  let run;
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

function trainOptions(args: ParsedArgs, signal: AbortSignal): Omit<TrainOptions, 'corpus'> {
  // Every CPU by default, within the trainer's bound of 1024 threads.
  const options: Record<string, unknown> = { threads: Math.min(1024, availableParallelism()), signal };
  for (const [option, flag] of OPTION_FLAGS) {
    if (!args.has(flag)) continue;
    options[option] = FLAGS[flag].kind === 'boolean' ? args.boolean(flag) : FLAGS[flag].kind === 'string' ? args.string(flag) : args.number(flag);
  }
  const cbow = args.number('cbow');
  if (cbow !== undefined) {
    const architecture = cbow === 1 ? 'cbow' : 'skip-gram';
    if (args.has('architecture') && options.architecture !== architecture) {
      throw new UsageError(`${args.spelling('cbow')} ${cbow} contradicts --architecture ${String(options.architecture)}`);
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
      throw new UsageError(`hogvec trains one loss: ${args.spelling('hs')} 1 needs ${args.spelling('negative')} 0 (or none), not ${negative}`);
    }
    options.loss = 'hierarchical-softmax';
    if (negative === 0) delete options.negative;
  } else if (negative === 0) {
    throw new UsageError(`${args.spelling('negative')} 0 turns negative sampling off: add -hs 1 for hierarchical softmax`);
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
  for (const [option, flag] of OPTION_FLAGS) {
    const named = message.replace(new RegExp(`\\bfor ${option}\\b`), `for ${args.spelling(flag)}`);
    if (named !== message) return named;
  }
  return message;
}

function describe(corpus: readonly string[], output: string, options: Omit<TrainOptions, 'corpus'>): string {
  const source = corpus[0] === '-' ? 'standard input' : corpus.join(', ');
  return `hogvec train: ${source} -> ${output} (${options.threads} threads)`;
}

function reportDone(mode: ProgressMode, model: Word2Vec, output: string, format: VectorsFormat, elapsedMs: number): void {
  const o = model.options;
  const losses = model.epochLosses;
  const loss = losses.length > 0 ? losses[losses.length - 1] : Number.NaN;
  if (mode === 'json') {
    say(JSON.stringify({
      type: 'done', output, format, words: model.vocabulary.size, dim: model.dim, epochs: o.epochs,
      loss: Number.isFinite(loss) ? loss : null, elapsedMs,
    }));
    return;
  }
  say(
    `Saved ${count(model.vocabulary.size)} vectors of dim ${model.dim} to ${output} (${format}); ` +
      `${o.architecture}, ${o.loss}, window ${o.window}, ${o.epochs} epoch${o.epochs === 1 ? '' : 's'} in ${seconds(elapsedMs)}` +
      (Number.isFinite(loss) ? `, final loss ${loss.toFixed(4)}` : ''),
  );
}
