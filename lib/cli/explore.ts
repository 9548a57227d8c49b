/**
 * `hogvec explore`: serves a page to explore word vectors in the browser
 * (lib/explore): completion, nearest neighbours, analogies and a 2-D map.
 * The URL is the first line of output; Ctrl-C stops the server.
 */
import * as path from 'node:path';

import { startExplorer } from '../index';
import { parseArgs, UsageError, type FlagSpecs } from './args';
import { say, warn, type Command } from './command';
import { openVectors } from './files';
import { count } from './format';

const FLAGS: FlagSpecs = {
  port: { kind: 'integer', aliases: ['-p'] },
  host: { kind: 'string' },
};

const USAGE = `Usage: hogvec explore <vectors> [--port N] [--host H]

Serves a page for exploring word vectors in a browser: a search box that
completes words, the nearest neighbours with their similarities, analogies
(3CosAdd and 3CosMul), and a 2-D PCA map of the words (zoom with the wheel
or the buttons, drag to move, click a word to query it). Links reproduce a
view: ?word=king, ?words=king,queen,man, ?analogy=man,king,woman.
<vectors> is a word2vec file (text or binary) or a hogvec checkpoint.
Prints the page's URL as its first line; Ctrl-C stops the server.

Options:
  -p, --port N              the port (default 8000; 0 picks a free one)
  --host H                  the address to listen on (default 127.0.0.1,
                            this machine only; 0.0.0.0 exposes the page to
                            the network)

Example:
  hogvec explore vectors.bin --port 8000`;

/** The explore subcommand. */
export const exploreCommand: Command = {
  name: 'explore',
  summary: 'explore vectors in the browser: neighbours, analogies, a map',
  usage: USAGE,
  async run(argv) {
    const args = parseArgs(argv, FLAGS);
    const [file, ...extra] = args.positionals;
    if (file === undefined) throw new UsageError('no vectors file given');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const port = args.number('port') ?? 8000;
    if (port < 0 || port > 65535)
      throw new UsageError(`${args.spelling('port')} must be between 0 and 65535 (received ${port})`);
    const host = args.string('host') ?? '127.0.0.1';
    if (host.trim() === '') throw new UsageError(`${args.spelling('host')} must not be empty`);

    const { wv, kind } = await openVectors(file);
    const explorer = await startExplorer(wv, { host, port, name: path.basename(file) });
    say(explorer.url);
    say(`Exploring ${count(wv.size)} words of dim ${wv.dim} from ${file} (${kind}); press Ctrl-C to stop.`);
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
      warn(
        `hogvec explore: listening on ${host}: ` +
          `anyone who can reach this machine on port ${explorer.port} can use the page`,
      );
    }
    await stopped();
    await explorer.close();
    return 0;
  },
};

// Resolves on Ctrl-C (SIGINT) or SIGTERM: stopping the server is this command's normal end.
function stopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
