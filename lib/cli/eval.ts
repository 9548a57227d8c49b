/**
 * `hogvec eval`: analogy accuracy and word-pair correlations of word
 * vectors on the standard test files, a small table per file
 * (WordVectors.evaluateAnalogies and evaluateWordPairs, computed as gensim).
 */
import * as path from 'node:path';

import type { AnalogyEvaluation, WordPairsEvaluation } from '../index';
import { parseArgs, positive, UsageError, type FlagSpecs } from './args';
import { say, type Command } from './command';
import { openVectors, requireFile } from './files';
import { count, percent, table } from './format';

const FLAGS: FlagSpecs = {
  analogies: { kind: 'list' },
  pairs: { kind: 'list', variadic: true },
  'restrict-vocab': { kind: 'integer' },
  method: { kind: 'string', choices: ['3CosAdd', '3CosMul'] },
  epsilon: { kind: 'number' },
  json: { kind: 'boolean' },
};

const USAGE = `Usage: hogvec eval <vectors> [--analogies FILE] [--pairs FILE...] [options]

Evaluates word vectors as gensim does: accuracy on an analogy file in the
questions-words.txt format (per section and in total), and the Spearman and
Pearson correlations of cosine similarity with human scores on word-pair
files (WordSim353, SimLex-999: 'word1<TAB>word2<TAB>score', '#' comments).

Options:
  --analogies FILE          an analogy file (repeatable)
  --pairs FILE...           word-pair files (they run up to the next flag)
  --restrict-vocab N        use the N most frequent words (default 30000 for
                            analogies, 300000 for pairs)
  --method 3CosAdd|3CosMul  how analogies are answered (default 3CosAdd)
  --epsilon E               3CosMul's epsilon (default 1e-6, as gensim)
  --json                    the results as one JSON object

Example:
  hogvec eval vectors.bin --analogies questions-words.txt --pairs wordsim353.tsv simlex999.txt`;

/** The eval subcommand. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'analogy accuracy and word-pair correlations',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('no vectors file given');
    if (extra.length > 0)
      throw new UsageError(`unexpected argument '${extra[0]}' (test files go after --analogies or --pairs)`);
    const analogyFiles = args.list('analogies');
    const pairFiles = args.list('pairs');
    if (analogyFiles.length + pairFiles.length === 0)
      throw new UsageError('nothing to evaluate: give --analogies FILE or --pairs FILE');
    for (const f of analogyFiles) await requireFile(f, 'analogy file');
    for (const f of pairFiles) await requireFile(f, 'word-pair file');
    const restrictVocab = positive(args.number('restrict-vocab'), args.spelling('restrict-vocab'));
    const method = args.string('method') as '3CosAdd' | '3CosMul' | undefined;
    const epsilon = args.number('epsilon');
    if (epsilon !== undefined && method !== '3CosMul') {
      throw new UsageError(`${args.spelling('epsilon')} is 3CosMul's: add --method 3CosMul`);
    }
    if (epsilon !== undefined && epsilon < 0) {
      throw new UsageError(`${args.spelling('epsilon')} must be at least 0 (received ${epsilon})`);
    }
    const { wv } = await openVectors(file);

    const analogies: { file: string; result: AnalogyEvaluation }[] = [];
    for (const f of analogyFiles)
      analogies.push({ file: f, result: await wv.evaluateAnalogies(f, { restrictVocab, method, epsilon }) });
    const pairs: { file: string; result: WordPairsEvaluation }[] = [];
    for (const f of pairFiles) pairs.push({ file: f, result: await wv.evaluateWordPairs(f, { restrictVocab }) });

    if (args.boolean('json')) {
      say(JSON.stringify({ analogies, pairs }));
      return 0;
    }
    const blocks = [
      ...analogies.map(({ file: f, result }) => analogyTable(f, result)),
      ...pairs.map(({ file: f, result }) => pairsTable(f, result)),
    ];
    say(blocks.map((lines) => lines.join('\n')).join('\n\n'));
    return 0;
  },
};

function analogyTable(file: string, r: AnalogyEvaluation): string[] {
  const rows = [['section', 'correct', 'evaluated', 'skipped', 'accuracy']];
  for (const s of r.sections)
    rows.push([s.name, count(s.correct), count(s.evaluated), count(s.skipped), percent(s.accuracy)]);
  rows.push(['total', count(r.correct), count(r.evaluated), count(r.skipped), percent(r.accuracy)]);
  return [`${path.basename(file)} (analogies)`, ...table(rows)];
}

function pairsTable(file: string, r: WordPairsEvaluation): string[] {
  const stat = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '-');
  const p = (x: number) => (!Number.isFinite(x) ? '-' : x < 1e-3 ? x.toExponential(2) : x.toPrecision(3));
  const rows = [
    ['', 'statistic', 'p-value'],
    ['spearman', stat(r.spearman.statistic), p(r.spearman.pValue)],
    ['pearson', stat(r.pearson.statistic), p(r.pearson.pValue)],
  ];
  return [
    `${path.basename(file)} (word pairs: ${count(r.pairs)} used, ` +
      `${count(r.oov)} out of vocabulary, ${r.oovRatio.toFixed(1)}%)`,
    ...table(rows),
  ];
}
