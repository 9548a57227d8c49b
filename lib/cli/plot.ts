/**
 * `hogvec plot`: the chosen words' 2-D PCA projection as an SVG picture
 * (projectWords and plotSvg), as the CS224n assignment plots its vectors.
 */
import * as path from 'node:path';

import { plotSvg, projectWords } from '../index';
import { parseArgs, UsageError, type FlagSpecs } from './args';
import { say, type Command } from './command';
import { openVectors, requireWritable, writeFileAtomic } from './files';

const FLAGS: FlagSpecs = {
  words: { kind: 'list', aliases: ['-w'] },
  output: { kind: 'string', aliases: ['-o'] },
  title: { kind: 'string' },
  width: { kind: 'integer' },
  height: { kind: 'integer' },
};

const USAGE = `Usage: hogvec plot <vectors> --words w1,w2,... [-o plot.svg] [options]

Projects the words' vectors to 2-D (PCA: the centred vectors onto their
first two principal axes, as the CS224n assignment's run.py) and draws them
as labelled points in an SVG picture, written to -o or to standard output.

Options:
  -w, --words LIST          words, separated by commas (repeatable)
  -o, --output FILE         the SVG file (default: standard output)
  --title TEXT              a title above the plot
  --width N, --height N     the picture's size in pixels (default 720 x 540)

Example:
  hogvec plot vectors.bin --words king,queen,man,woman,paris,france -o plot.svg`;

/** The plot subcommand. */
export const plotCommand: Command = {
  name: 'plot',
  summary: '2-D PCA plot of chosen words as SVG',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('no vectors file given');
    if (extra.length > 0)
      throw new UsageError(`unexpected argument '${extra[0]}' (words go after --words, separated by commas)`);
    const words = [
      ...new Set(
        args
          .list('words')
          .flatMap((list) => list.split(','))
          .map((w) => w.trim())
          .filter((w) => w !== ''),
      ),
    ];
    if (words.length < 2) throw new UsageError('a plot needs at least two words: --words w1,w2,...');
    const output = args.string('output');
    if (output !== undefined) await requireWritable(output, 'plot');
    const width = args.number('width');
    const height = args.number('height');
    for (const [name, value] of [
      ['width', width],
      ['height', height],
    ] as const) {
      if (value !== undefined && (value < 200 || value > 20000)) {
        throw new UsageError(`${args.spelling(name)} must be between 200 and 20000 (received ${value})`);
      }
    }
    const { wv } = await openVectors(file);
    const unknown = words.filter((w) => !wv.has(w));
    if (unknown.length > 0)
      throw new Error(`not in the vocabulary of ${file}: ${unknown.map((w) => `'${w}'`).join(', ')}`);
    const svg = plotSvg(projectWords(wv, words), { title: args.string('title'), width, height });
    if (output === undefined) {
      process.stdout.write(svg);
      return 0;
    }
    await writeFileAtomic(output, svg);
    say(`Wrote a plot of ${words.length} words to ${path.relative(process.cwd(), path.resolve(output)) || output}`);
    return 0;
  },
};
