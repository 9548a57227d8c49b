/**
 * The CS224n word2vec assignment's run.py with hogvec: trains 10-dimensional
 * skip-gram vectors with negative sampling (K = 10 negatives, window 5) on
 * the Stanford Sentiment Treebank sentences and plots the assignment's words
 * in 2-D (the centred vectors projected on their first two principal axes)
 * as an SVG file.
 *
 *   node --import tsx examples/cs224n-sst/run.ts [datasetSentences] [-o word_vectors.svg]
 *
 * The sentences file is ../shared/data/corpora/sst-datasetSentences.csv by
 * default ("sentence_index|sentence" header, then one tokenised sentence a
 * line); the original datasetSentences.txt (tab-separated) works too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { plotSvg, projectWords, train, type Word2Vec } from '../../lib/index';

const ROOT = path.resolve(__dirname, '..', '..');

/** Where the sentences are looked for when no path is given. */
export const DEFAULT_SENTENCES = path.resolve(ROOT, '..', 'shared', 'data', 'corpora', 'sst-datasetSentences.csv');

/** The words run.py plots. */
export const VISUALIZE_WORDS = [
  'great',
  'cool',
  'brilliant',
  'wonderful',
  'well',
  'amazing',
  'worth',
  'sweet',
  'enjoyable',
  'boring',
  'bad',
  'dumb',
  'annoying',
  'female',
  'male',
  'queen',
  'king',
  'man',
  'woman',
  'rain',
  'snow',
  'hail',
  'coffee',
  'tea',
];

/**
 * The sentences as utils/treebank.py reads them: the header line skipped,
 * the index before the first '|' or tab dropped, tokens split at whitespace
 * and lowercased.
 */
export function* sstSentences(file: string): Generator<string[]> {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    const text = line
      .replace(/^\d+[|\t]/, '')
      .trim()
      .toLowerCase();
    if (text !== '') yield text.split(/\s+/);
  }
}

/**
 * Trains with the assignment's settings: dimVectors 10, C = 5, K = 10,
 * every word kept (run.py has no minimum count), and about as many windows
 * as its 40,000 SGD steps of 50 (10 passes over 227k tokens). Frequent
 * words are subsampled as the C tool does (t = 1e-3): treebank.py's
 * t = 1e-5 leaves too little of so small a corpus. One thread, so the
 * picture is the same on every run.
 */
export async function trainSst(file: string, onProgress?: (fraction: number) => void): Promise<Word2Vec> {
  const run = train({
    corpus: sstSentences(file),
    architecture: 'skip-gram',
    loss: 'negative-sampling',
    dim: 10,
    window: 5,
    negative: 10,
    minCount: 1,
    sample: 1e-3,
    epochs: 10,
    threads: 1,
    seed: 31415,
  });
  if (onProgress) run.on('progress', (p) => onProgress(p.fraction));
  return run;
}

/** The assignment's plot of the words that the model knows, as SVG. */
export function wordPlot(model: Word2Vec): string {
  const words = VISUALIZE_WORDS.filter((w) => model.wordVectors.has(w));
  return plotSvg(projectWords(model.wordVectors, words), {
    title: 'SST word vectors (skip-gram, dim 10, K = 10), as CS224n plots them',
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const o = args.indexOf('-o');
  const out = o >= 0 ? args[o + 1] : 'word_vectors.svg';
  const file = args.filter((_, i) => i !== o && i !== o + 1)[0] ?? DEFAULT_SENTENCES;
  if (out === undefined || !fs.existsSync(file)) {
    process.stderr.write(
      `Usage: node --import tsx examples/cs224n-sst/run.ts [datasetSentences] [-o word_vectors.svg]\n` +
        (fs.existsSync(file) ? '' : `No sentences file at ${file}\n`),
    );
    process.exitCode = 2;
    return;
  }
  const model = await trainSst(file, (f) => process.stderr.write(`\rtraining ${(f * 100).toFixed(0)}%`));
  process.stderr.write('\n');
  fs.writeFileSync(out, wordPlot(model));
  process.stdout.write(
    `${model.vocabulary.size} words, final loss ${model.epochLosses.at(-1)?.toFixed(3)}; wrote ${out}\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
