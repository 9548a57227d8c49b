/**
 * `hogvec convert`: between the word2vec text and binary formats, from a
 * hogvec checkpoint to word vectors, and to the Embedding Projector's TSVs.
 */
import { saveProjectorFiles, type VectorsFormat } from '../index';
import { parseArgs, UsageError, type FlagSpecs } from './args';
import { say, type Command } from './command';
import { formatForName, openVectors, requireWritable } from './files';
import { count } from './format';

const FLAGS: FlagSpecs = {
  format: { kind: 'string', choices: ['binary', 'text', 'projector'] },
};

const USAGE = `Usage: hogvec convert <in> <out> [--format binary|text|projector]

Reads word vectors (word2vec text or binary, or a hogvec checkpoint) and
writes them in a word2vec format, or for the TensorFlow Embedding Projector.
Files are written under a temporary name and renamed, so a failure never
leaves half a file.

Options:
  --format binary|text|projector
                            the output format (default: text for .txt and .vec
                            names, else binary); projector writes two files,
                            <out>_tensor.tsv (the vectors) and
                            <out>_metadata.tsv (the words), for the
                            Projector's "Load" button

Examples:
  hogvec convert vectors.bin vectors.txt
  hogvec convert vectors.bin brown --format projector`;

/** The convert subcommand. */
export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert between word2vec text and binary (or from a checkpoint)',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [input, output, ...extra] = args.positionals;
    if (output === undefined) throw new UsageError('convert needs an input and an output file');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (args.string('format') === 'projector') return projector(input, output);
    await requireWritable(output, 'vectors');
    const format = (args.string('format') as VectorsFormat | undefined) ?? formatForName(output);
    const { wv, kind } = await openVectors(input);
    await wv.save(output, { format });
    say(`Wrote ${count(wv.size)} vectors of dim ${wv.dim} from ${input} (${kind}) to ${output} (${format})`);
    return 0;
  },
};

async function projector(input: string, prefix: string): Promise<number> {
  await requireWritable(`${prefix}_tensor.tsv`, 'projector vectors');
  await requireWritable(`${prefix}_metadata.tsv`, 'projector metadata');
  const { wv, kind } = await openVectors(input);
  const { tensor, metadata } = await saveProjectorFiles(wv, prefix);
  say(
    `Wrote ${count(wv.size)} vectors of dim ${wv.dim} from ${input} (${kind}) ` +
      `to ${tensor} and their words to ${metadata}`,
  );
  return 0;
}
