/**
 * The TensorFlow Embedding Projector's files (projector.tensorflow.org,
 * "Load"): a vectors TSV, one row of dim tab-separated numbers per word,
 * and a metadata TSV, one word per line in the same order (a single column,
 * so no header row). The names follow gensim's word2vec2tensor script:
 * PREFIX_tensor.tsv and PREFIX_metadata.tsv.
 */
import { open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';

import { describeValue, invalidOptionError } from './errors';
import type { WordVectors } from './vectors';

/** The two files saveProjectorFiles wrote. */
export interface ProjectorFiles {
  /** PREFIX_tensor.tsv: the vectors. */
  tensor: string;
  /** PREFIX_metadata.tsv: the words. */
  metadata: string;
}

/**
 * Writes `wv` as PREFIX_tensor.tsv and PREFIX_metadata.tsv, each under a
 * temporary name first and renamed into place once both are whole, so a
 * failure leaves any earlier files as they were. Each number is the
 * shortest decimal that reads back as the same float32. Rejects a word that
 * is empty or holds a tab or a line break, which the TSV cannot represent.
 */
export async function saveProjectorFiles(wv: WordVectors, prefix: string): Promise<ProjectorFiles> {
  if (typeof prefix !== 'string' || prefix === '')
    throw invalidOptionError('prefix', 'non-empty string (a path)', prefix, 'type');
  const words = wv.words;
  const bad = words.findIndex((w) => w === '' || /[\t\r\n]/.test(w));
  if (bad >= 0) {
    throw new Error(
      `The word ${describeValue(words[bad])} (row ${bad}) cannot be written to a TSV file: ` +
        'it is empty or holds a tab or line break',
    );
  }
  const files = { tensor: `${prefix}_tensor.tsv`, metadata: `${prefix}_metadata.tsv` };
  const temporary = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  const tensorTmp = temporary(files.tensor);
  const metadataTmp = temporary(files.metadata);
  try {
    await writeLines(tensorTmp, wv.size, (row) => vectorLine(wv, row));
    await writeLines(metadataTmp, wv.size, (row) => `${words[row]}\n`);
    await rename(tensorTmp, files.tensor);
    await rename(metadataTmp, files.metadata);
  } catch (err) {
    await Promise.all([rm(tensorTmp, { force: true }), rm(metadataTmp, { force: true })]);
    throw err;
  }
  return files;
}

// Writes `count` lines in chunks of about a megabyte, so a large model never becomes one string.
async function writeLines(file: string, count: number, line: (row: number) => string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    let chunk: string[] = [];
    let length = 0;
    for (let row = 0; row < count; row++) {
      const text = line(row);
      chunk.push(text);
      length += text.length;
      if (length >= 1 << 20) {
        await handle.write(chunk.join(''));
        chunk = [];
        length = 0;
      }
    }
    if (chunk.length > 0) await handle.write(chunk.join(''));
  } finally {
    await handle.close();
  }
}

function vectorLine(wv: WordVectors, row: number): string {
  const cells: string[] = new Array<string>(wv.dim);
  const offset = row * wv.dim;
  for (let k = 0; k < wv.dim; k++) cells[k] = float32Text(wv.vectors[offset + k]);
  return `${cells.join('\t')}\n`;
}

/** The shortest decimal (at most 9 significant digits) that reads back as the same float32. */
export function float32Text(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  // From 6 digits: a float32 within half an ulp of a shorter decimal rounds to it
  // padded with zeros, which Number() drops.
  for (let digits = 6; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}
