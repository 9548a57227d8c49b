/**
 * The word2vec file formats (the C tool's text and binary formats, which
 * gensim and fastText read and write): saving WordVectors, atomically.
 */
import { open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';

import { invalidOptionError } from './errors';
import type { WordVectors } from './vectors';

/** The word2vec file formats. */
export type VectorsFormat = 'binary' | 'text';

/** Options of WordVectors.save. */
export interface SaveVectorsOptions {
  /** 'binary' (default) or 'text'. */
  format?: VectorsFormat;
}

/**
 * Writes vectors in a word2vec format to a temporary file in the target's
 * folder, then renames it over the target.
 */
export async function saveVectors(wv: WordVectors, file: string, options: SaveVectorsOptions = {}): Promise<void> {
  const format = options.format ?? 'binary';
  if (format !== 'binary' && format !== 'text') {
    throw invalidOptionError('format', "'binary' or 'text'", format);
  }
  const target = path.resolve(file);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await writeVectors(handle, wv, format);
    await handle.close();
    await rename(temporary, target);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw err;
  }
}

type FileHandle = Awaited<ReturnType<typeof open>>;

// Writes in chunks of about 1 MiB so that large matrices never build one huge string.
async function writeVectors(handle: FileHandle, wv: WordVectors, format: VectorsFormat): Promise<void> {
  const chunks: Buffer[] = [];
  let pending = 0;
  const push = async (b: Buffer) => {
    chunks.push(b);
    pending += b.length;
    if (pending >= 1 << 20) {
      await handle.write(Buffer.concat(chunks));
      chunks.length = 0;
      pending = 0;
    }
  };
  await push(Buffer.from(`${wv.size} ${wv.dim}\n`));
  for (let i = 0; i < wv.size; i++) {
    const row = wv.vectors.subarray(i * wv.dim, (i + 1) * wv.dim);
    if (format === 'binary') {
      const values = Buffer.alloc(wv.dim * 4);
      for (let k = 0; k < wv.dim; k++) values.writeFloatLE(row[k], k * 4);
      await push(Buffer.concat([Buffer.from(`${wv.words[i]} `), values, Buffer.from('\n')]));
    } else {
      // Shortest round-trip decimal of each float32, as gensim writes repr().
      await push(Buffer.from(`${wv.words[i]} ${Array.from(row, (v) => String(v)).join(' ')}\n`));
    }
  }
  if (chunks.length > 0) await handle.write(Buffer.concat(chunks));
}
