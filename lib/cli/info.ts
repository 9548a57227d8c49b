/**
 * `hogvec info`: what a vectors file or a checkpoint holds: its kind, size
 * and dimension, the most frequent words, and for a checkpoint the options
 * it was trained with and how far its training went.
 */
import { stat } from 'node:fs/promises';

import { loadVectors, Word2Vec, type VectorsFormat } from '../index';
import { parseArgs, UsageError, type FlagSpecs } from './args';
import { say, type Command } from './command';
import { requireFile, sniffKind, vectorsHeader } from './files';
import { bytes, count, table } from './format';

const FLAGS: FlagSpecs = {
  json: { kind: 'boolean' },
};

/** Words shown from the top of the vocabulary. */
const SHOWN_WORDS = 10;

const USAGE = `Usage: hogvec info <vectors|checkpoint> [--json]

Describes a word2vec file (text or binary) or a hogvec checkpoint: size,
dimension, the first words, and for a checkpoint the training options and
state. Reads only the header and the first words of a vectors file; reads
and verifies the whole of a checkpoint.

Options:
  --json                    the description as one JSON object

Example:
  hogvec info vectors.bin`;

/** The info subcommand. */
export const infoCommand: Command = {
  name: 'info',
  summary: 'describe a vectors file or a checkpoint',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('no file given');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    await requireFile(file, 'file');
    const kind = await sniffKind(file);
    const size = (await stat(file)).size;
    const described =
      kind === 'checkpoint' ? await describeCheckpoint(file, size) : await describeVectors(file, size, kind);
    if (args.boolean('json')) {
      say(JSON.stringify(described.json));
    } else {
      for (const line of table(described.rows, { indent: '', align: 'll' })) say(line);
    }
    return 0;
  },
};

interface Description {
  rows: string[][];
  json: Record<string, unknown>;
}

async function describeVectors(file: string, size: number, format: VectorsFormat): Promise<Description> {
  // The header says how many; loading the first few words checks that the file reads.
  const first = await loadVectors(file, { format, limit: SHOWN_WORDS });
  const header = await vectorsHeader(file);
  return {
    rows: [
      ['file', `${file} (${bytes(size)})`],
      ['kind', `word vectors, word2vec ${format} format`],
      ['words', count(header.words)],
      ['dim', String(first.dim)],
      ['first words', first.words.join(' ')],
    ],
    json: { file, bytes: size, kind: 'vectors', format, words: header.words, dim: first.dim, firstWords: first.words },
  };
}

async function describeCheckpoint(file: string, size: number): Promise<Description> {
  const model = await Word2Vec.load(file);
  const o = model.options;
  const s = model.state;
  const top = model.vocabulary.words.slice(0, SHOWN_WORDS);
  const counts = top.map((w, i) => `${w} (${count(model.vocabulary.counts[i])})`);
  const unfinished = s.epochsDone < s.epochsPlanned;
  return {
    rows: [
      ['file', `${file} (${bytes(size)})`],
      ['kind', 'hogvec checkpoint (a whole model: vocabulary, both matrices, options)'],
      ['words', count(model.vocabulary.size)],
      ['dim', String(model.dim)],
      ['architecture', o.architecture + (o.architecture === 'cbow' ? ` (${o.cbowMean ? 'mean' : 'sum'})` : '')],
      ['loss', o.loss + (o.loss === 'negative-sampling' ? ` (${o.negative} negatives, exponent ${o.nsExponent})` : '')],
      ['window', String(o.window)],
      ['min count', String(o.minCount)],
      ['sample', String(o.sample)],
      ['alpha', `${o.alpha} -> ${o.minAlpha}`],
      ['seed', String(o.seed)],
      [
        'epochs',
        `${s.epochsDone} done of ${s.epochsPlanned}` +
          (unfinished ? ' (unfinished: training again continues the schedule)' : ''),
      ],
      ['most frequent', counts.join('  ')],
    ],
    json: {
      file,
      bytes: size,
      kind: 'checkpoint',
      words: model.vocabulary.size,
      dim: model.dim,
      options: o,
      state: s,
      mostFrequent: top,
    },
  };
}
