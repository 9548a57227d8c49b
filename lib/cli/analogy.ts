/**
 * `hogvec analogy`: "a is to b as c is to ?" (WordVectors.analogy).
 */
import { parseArgs, positive, UsageError, type FlagSpecs } from './args';
import { say, type Command } from './command';
import { openVectors } from './files';
import { table } from './format';

const FLAGS: FlagSpecs = {
  top: { kind: 'integer', aliases: ['-n'] },
  method: { kind: 'string', choices: ['3CosAdd', '3CosMul'] },
  'restrict-vocab': { kind: 'integer' },
  json: { kind: 'boolean' },
};

const USAGE = `Usage: hogvec analogy <vectors> <a> <b> <c> [--top N] [--method 3CosAdd|3CosMul] [--json]

Solves "a is to b as c is to ?": the words x nearest to b - a + c
(3CosAdd, as gensim's most_similar) or best by 3CosMul; a, b and c are
never answers.

Options:
  -n, --top N               how many answers (default 5)
  --method 3CosAdd|3CosMul  (default 3CosAdd)
  --restrict-vocab N        search only the N most frequent words
  --json                    the answers as a JSON array of { word, similarity }

Example:
  hogvec analogy vectors.bin man king woman`;

/** The analogy subcommand. */
export const analogyCommand: Command = {
  name: 'analogy',
  summary: 'a is to b as c is to ?',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, a, b, c, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('no vectors file given');
    if (c === undefined) throw new UsageError('an analogy needs three words: a b c');
    if (extra.length > 0) throw new UsageError(`an analogy takes three words, not ${3 + extra.length}`);
    const topK = positive(args.number('top'), args.spelling('top')) ?? 5;
    const restrictVocab = positive(args.number('restrict-vocab'), args.spelling('restrict-vocab'));
    const method = args.string('method') as '3CosAdd' | '3CosMul' | undefined;
    const { wv } = await openVectors(file);
    const unknown = [a, b, c].filter((w) => !wv.has(w));
    if (unknown.length > 0)
      throw new Error(`not in the vocabulary of ${file}: ${unknown.map((w) => `'${w}'`).join(', ')}`);
    const answers = wv.analogy(a, b, c, { topK, method, restrictVocab });
    if (args.boolean('json')) {
      say(JSON.stringify(answers));
      return 0;
    }
    say(`${a} : ${b} :: ${c} : ?`);
    for (const line of table(
      answers.map((s, rank) => [String(rank + 1), s.word, s.similarity.toFixed(4)]),
      { align: 'rlr' },
    ))
      say(line);
    return 0;
  },
};
