/**
 * `hogvec similar`: the nearest words to each given word, by cosine
 * similarity (WordVectors.mostSimilar).
 */
import { parseArgs, positive, UsageError, type FlagSpecs } from './args';
import { say, warn, type Command } from './command';
import { openVectors } from './files';
import { count, table } from './format';

const FLAGS: FlagSpecs = {
  top: { kind: 'integer', aliases: ['-n'] },
  'restrict-vocab': { kind: 'integer' },
  json: { kind: 'boolean' },
};

const USAGE = `Usage: hogvec similar <vectors> <word...> [--top N] [--restrict-vocab N] [--json]

The nearest words to each word by cosine similarity. <vectors> is a word2vec
file (text or binary) or a hogvec checkpoint.

Options:
  -n, --top N               how many words (default 10)
  --restrict-vocab N        search only the N most frequent words
  --json                    one JSON array: [{ word, similar: [{ word, similarity }] }]

Example:
  hogvec similar vectors.bin king queen --top 5`;

/** The similar subcommand. */
export const similarCommand: Command = {
  name: 'similar',
  summary: 'nearest words by cosine similarity',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, ...words] = args.positionals;
    if (file === undefined) throw new UsageError('no vectors file given');
    if (words.length === 0) throw new UsageError('no words given');
    const topK = positive(args.number('top'), args.spelling('top')) ?? 10;
    const restrictVocab = positive(args.number('restrict-vocab'), args.spelling('restrict-vocab'));
    const { wv } = await openVectors(file);

    const results: { word: string; similar: { word: string; similarity: number }[] }[] = [];
    const unknown = words.filter((w) => !wv.has(w));
    for (const word of words) {
      if (wv.has(word)) results.push({ word, similar: wv.mostSimilar(word, { topK, restrictVocab }) });
    }
    if (args.boolean('json')) {
      say(JSON.stringify(results));
    } else {
      results.forEach(({ word, similar }, i) => {
        if (i > 0) say('');
        say(word);
        for (const line of table(
          similar.map((s, rank) => [String(rank + 1), s.word, s.similarity.toFixed(4)]),
          { align: 'rlr' },
        ))
          say(line);
      });
    }
    for (const word of unknown)
      warn(`hogvec similar: '${word}' is not in the vocabulary of ${file} (${count(wv.size)} words)`);
    return unknown.length > 0 ? 1 : 0;
  },
};
