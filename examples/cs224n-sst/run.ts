/**
 * The CS224n word2vec assignment's run.py with hogvec: trains 10-dimensional
 * skip-gram vectors with negative sampling (K = 10 negatives, window 5) on
 * the Stanford Sentiment Treebank sentences and plots the assignment's words
 * in 2-D (the centred vectors projected on their first two principal axes)
 * as an SVG file.
 *
 *   node --import tsx examples/cs224n-sst/run.ts <datasetSentences> [-o word_vectors.svg]
 *
 * The sentences file is the SST's datasetSentences.txt (a header, then one
 * tokenised sentence a line after its index and a tab; a '|' in place of the
 * tab works too), given as the argument or in the SST_SENTENCES environment
 * variable. It is not in this repository; the error when it is missing says
 * where to download it.
 */
import * as fs from 'node:fs';

import { plotSvg, projectWords, train, type Word2Vec } from '../../lib/index';

/** The environment variable that names the sentences file when no argument does. */
export const SENTENCES_ENV = 'SST_SENTENCES';

/** Where the sentences come from, for the error when they are missing. */
export const SST_DOWNLOAD =
  "The Stanford Sentiment Treebank is at https://nlp.stanford.edu/sentiment/ ; the CS224n assignment's\n" +
  'get_datasets.sh unpacks http://nlp.stanford.edu/~socherr/stanfordSentimentTreebank.zip into\n' +
  'utils/datasets/stanfordSentimentTreebank. Pass its datasetSentences.txt, e.g.\n' +
  '  node --import tsx examples/cs224n-sst/run.ts utils/datasets/stanfordSentimentTreebank/datasetSentences.txt\n' +
  `or set ${SENTENCES_ENV} to that path.`;

/**
 * The sentences file: the path given, else the SST_SENTENCES environment
 * variable. Throws, naming the download location, when neither is set or the
 * file does not exist.
 */
export function sentencesFile(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const file = given ?? (env[SENTENCES_ENV] || undefined);
  if (file === undefined) throw new Error(`No SST sentences file given.\n${SST_DOWNLOAD}`);
  if (!fs.existsSync(file)) throw new Error(`No SST sentences file at ${file}.\n${SST_DOWNLOAD}`);
  return file;
}

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
  const rest = args.filter((_, i) => o < 0 || (i !== o && i !== o + 1));
  if (out === undefined || rest.length > 1) {
    process.stderr.write(
      `Usage: node --import tsx examples/cs224n-sst/run.ts <datasetSentences> [-o word_vectors.svg]\n`,
    );
    process.exitCode = 2;
    return;
  }
  let file: string;
  try {
    file = sentencesFile(rest[0]);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
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
