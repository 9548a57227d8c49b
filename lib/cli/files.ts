/**
 * The files the hogvec command reads and writes: checks that report a
 * missing input as a usage mistake before any work, telling a checkpoint
 * from word2vec text or binary vectors, and atomic writes.
 */
import { open, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { loadVectors, Word2Vec, type VectorsFormat, type WordVectors } from '../index';
import { UsageError } from './args';

/** The kinds of file the command reads. */
export type FileKind = 'checkpoint' | VectorsFormat;

// The first bytes of a checkpoint (binding/core/checkpoint.h): 'HOGVEC', 0x00, 0x01.
const CHECKPOINT_MAGIC = Buffer.from([0x48, 0x4f, 0x47, 0x56, 0x45, 0x43, 0x00, 0x01]);

/** Throws a UsageError unless `file` is an existing regular file (`what` names it: 'vectors file'). */
export async function requireFile(file: string, what: string): Promise<void> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => err);
  if (info instanceof Error) {
    throw new UsageError(
      info.code === 'ENOENT' ? `${what} '${file}' does not exist` : `cannot read ${what} '${file}': ${info.message}`,
    );
  }
  if (!info.isFile())
    throw new UsageError(`${what} '${file}' is ${info.isDirectory() ? 'a directory' : 'not a regular file'}`);
}

/** Throws a UsageError unless `file` can be created: its folder exists and it is not a directory. */
export async function requireWritable(file: string, what: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const dir = await stat(folder).catch(() => undefined);
  if (!dir?.isDirectory())
    throw new UsageError(`cannot write ${what} '${file}': the folder '${folder}' does not exist`);
  const target = await stat(file).catch(() => undefined);
  if (target?.isDirectory()) throw new UsageError(`cannot write ${what} '${file}': it is a directory`);
}

/**
 * What a file holds, from its first bytes: a hogvec checkpoint (by its
 * magic), else word2vec text (the first entry after the header is a word and
 * `dim` numbers on one line) or binary. Reads at most 64 KiB.
 */
export async function sniffKind(file: string): Promise<FileKind> {
  const head = await readHead(file, 64 * 1024);
  if (head.length >= CHECKPOINT_MAGIC.length && head.subarray(0, CHECKPOINT_MAGIC.length).equals(CHECKPOINT_MAGIC)) {
    return 'checkpoint';
  }
  const headerEnd = head.indexOf(0x0a);
  const dim = Number(head.subarray(0, Math.max(0, headerEnd)).toString('latin1').trim().split(/\s+/)[1]);
  const lineEnd = head.indexOf(0x0a, headerEnd + 1);
  if (headerEnd < 0 || !Number.isInteger(dim) || lineEnd < 0) return 'binary';
  const fields = head
    .subarray(headerEnd + 1, lineEnd)
    .toString('latin1')
    .trim()
    .split(/[ \t]+/);
  const numeric = fields
    .slice(1)
    .every((f) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(f) || /^[-+]?(nan|inf)/i.test(f));
  return fields.length === dim + 1 && numeric ? 'text' : 'binary';
}

/** The header of a word2vec file: its first line, "count dim". */
export async function vectorsHeader(file: string): Promise<{ words: number; dim: number }> {
  const head = await readHead(file, 256);
  const [words, dim] = head.toString('latin1').split('\n')[0].trim().split(/\s+/).map(Number);
  return { words, dim };
}

async function readHead(file: string, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Word vectors from a word2vec file or a checkpoint, with what the file was. */
export interface OpenedVectors {
  wv: WordVectors;
  kind: FileKind;
  /** The whole model, when the file is a checkpoint. */
  model?: Word2Vec;
}

/** Reads word vectors from any file the command accepts (a missing file is a UsageError). */
export async function openVectors(file: string): Promise<OpenedVectors> {
  await requireFile(file, 'vectors file');
  const kind = await sniffKind(file);
  if (kind === 'checkpoint') {
    const model = await Word2Vec.load(file);
    return { wv: model.wordVectors, kind, model };
  }
  return { wv: await loadVectors(file, { format: kind }), kind };
}

/** The word2vec format a file name suggests: text for .txt, .vec and .text, else binary. */
export function formatForName(file: string): VectorsFormat {
  return /\.(txt|vec|text)$/i.test(file) ? 'text' : 'binary';
}

/** Writes `text` to a temporary file beside `file` and renames it over `file`. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
